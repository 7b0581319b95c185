"""The recognition of a commune meeting the new-rural standard (rules.states.NEW_RURAL, rules.new_rural) on the
backbone: the commune records its self-assessment and its residents' satisfaction survey, posts the result
(services.notices.open_notice), answers the comments (services.notices), sends the dossier
(services.nominations.submit, with the guards below); the appraisal body accepts it, records a field check
(services.field_checks) and concludes; the authority decides (services.decisions). Never commits."""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (AwardType, FieldCheck, Nomination, Nominee, PublicComment, SatisfactionSurvey, SelfAssessment,
                      User)
from ..rules import new_rural
from ..rules.errors import InvalidTransition, ValidationFailed
from ..rules.field_checks import allows_council
from ..rules.states import NEW_RURAL, Action, ProcedureCode, State
from . import audit, clock, notices
from .lifecycle import apply, authorize, check, flush_or_conflict


@dataclass(frozen=True)
class Row:
    """One line of the self-assessment form."""
    criterion_code: str
    met: bool
    figures: str = ""
    evidence_id: int | None = None


@dataclass(frozen=True)
class SurveyData:
    surveyed: int
    satisfied: int
    held_from: date
    held_to: date
    method: str = ""
    unit_of_count: str = "household"
    file_id: int | None = None


def level_of(nomination: Nomination) -> new_rural.Level:
    return new_rural.Level(nomination.award_type.new_rural_level)


def criteria_set_of(session: Session, nomination: Nomination) -> new_rural.CriteriaSet:
    """The set the commune assessed itself against, or the one in force on the day the dossier was opened."""
    code = session.scalar(select(SelfAssessment.criteria_set).where(SelfAssessment.nomination_id == nomination.id)
                          .limit(1))
    if code:
        return next(s for s in new_rural.CRITERIA_SETS if s.code == code)
    try:
        return new_rural.criteria_set_on(clock.local_date(nomination.created_at), level_of(nomination))
    except LookupError as exc:
        raise ValidationFailed(str(exc)) from exc


def assessments_of(session: Session, nomination: Nomination) -> dict[str, SelfAssessment]:
    rows = session.scalars(select(SelfAssessment).where(SelfAssessment.nomination_id == nomination.id))
    return {row.criterion_code: row for row in rows}


def survey_of(session: Session, nomination: Nomination) -> SatisfactionSurvey | None:
    return session.scalar(select(SatisfactionSurvey).where(SatisfactionSurvey.nomination_id == nomination.id))


def record_self_assessment(session: Session, nomination: Nomination, *, by: User, rows: Sequence[Row],
                           now: datetime | None = None) -> list[SelfAssessment]:
    """Ghi kết quả tự đánh giá: each row replaces the criterion's earlier one; one audit event lists them."""
    _require_state_bound(nomination, Action.RECORD_SELF_ASSESSMENT, by,
                         "Chỉ ghi kết quả tự đánh giá khi hồ sơ là bản nháp hoặc đang được trả lại để bổ sung.")
    criteria_set = criteria_set_of(session, nomination)
    known = {item.code for item in new_rural.items_of(criteria_set)}
    files = {a.id for a in nomination.attachments}
    if not rows:
        raise ValidationFailed("Chưa có tiêu chí nào được đánh giá.")
    existing = assessments_of(session, nomination)
    recorded, changes = [], {}
    for row in rows:
        if row.criterion_code not in known:
            raise ValidationFailed(f"Tiêu chí «{row.criterion_code}» không thuộc bộ tiêu chí đang áp dụng.")
        if row.evidence_id is not None and row.evidence_id not in files:
            raise ValidationFailed("Tài liệu minh chứng phải là tệp đính kèm của hồ sơ này.")
        assessment = existing.get(row.criterion_code) or SelfAssessment(
            nomination=nomination, criteria_set=criteria_set.code, criterion_code=row.criterion_code)
        assessment.met, assessment.figures, assessment.evidence_id = row.met, row.figures.strip(), row.evidence_id
        assessment.recorded_by_id, assessment.recorded_at = by.id, now or clock.now()
        session.add(assessment)
        recorded.append(assessment)
        changes[row.criterion_code] = {"met": row.met, "evidence_id": row.evidence_id}
    flush_or_conflict(session)
    audit.record(session, by=by, action=Action.RECORD_SELF_ASSESSMENT, object_type="nomination",
                 object_id=nomination.id, changes={"criteria_set": criteria_set.code, "criteria": changes}, now=now,
                 procedure=nomination.procedure)
    return recorded


def record_survey(session: Session, nomination: Nomination, *, by: User, data: SurveyData,
                  now: datetime | None = None) -> SatisfactionSurvey:
    """Ghi kết quả lấy ý kiến sự hài lòng: the latest counts replace the earlier ones."""
    _require_state_bound(nomination, Action.RECORD_SURVEY, by,
                         "Chỉ ghi kết quả lấy ý kiến khi hồ sơ chưa gửi hoặc đang được trả lại để bổ sung.")
    if data.surveyed <= 0:
        raise ValidationFailed("Số người (hộ) được lấy ý kiến phải lớn hơn 0.", field="surveyed")
    if not 0 <= data.satisfied <= data.surveyed:
        raise ValidationFailed("Số hài lòng phải từ 0 đến số được lấy ý kiến.", field="satisfied")
    if data.held_to < data.held_from:
        raise ValidationFailed("Ngày kết thúc lấy ý kiến phải sau ngày bắt đầu.", field="held_to")
    if data.file_id is not None and data.file_id not in {a.id for a in nomination.attachments}:
        raise ValidationFailed("Tệp kết quả lấy ý kiến phải là tệp đính kèm của hồ sơ này.", field="file_id")
    survey = survey_of(session, nomination) or SatisfactionSurvey(nomination=nomination)
    for name in ("surveyed", "satisfied", "held_from", "held_to", "unit_of_count", "file_id"):
        setattr(survey, name, getattr(data, name))
    survey.method = data.method.strip()
    survey.recorded_by_id, survey.recorded_at = by.id, now or clock.now()
    session.add(survey)
    flush_or_conflict(session)
    rate = survey.survey().rate
    audit.record(session, by=by, action=Action.RECORD_SURVEY, object_type="nomination", object_id=nomination.id,
                 changes={"surveyed": data.surveyed, "satisfied": data.satisfied, "rate": str(rate),
                          "held_from": data.held_from, "held_to": data.held_to}, now=now,
                 procedure=nomination.procedure)
    return survey


def post_self_assessment(session: Session, nomination: Nomination, *, by: User, expected_version: int,
                         title: str = "", today: date | None = None, now: datetime | None = None):
    """Công khai kết quả tự đánh giá: the commune's own notice, for rules.new_rural.POSTING_PERIOD."""
    title = title.strip() or (f"Công khai kết quả tự đánh giá xây dựng {nomination.nominee.full_name} "
                              f"{new_rural.LEVEL_LABELS[level_of(nomination)]}")
    return notices.open_notice(session, [nomination], by=by, title=title,
                               expected_versions={nomination.id: expected_version}, today=today, now=now)


def require_assessed(session: Session, nomination: Nomination) -> None:
    """Before posting: every criterion and condition assessed (met or not: the residents comment on the truth)."""
    criteria_set = criteria_set_of(session, nomination)
    assessed = assessments_of(session, nomination)
    missing = [item.name for item in new_rural.items_of(criteria_set) if item.code not in assessed]
    if missing:
        raise InvalidTransition(f"Chưa công khai được: còn {len(missing)} tiêu chí, điều kiện chưa tự đánh giá "
                                f"({', '.join(missing[:3])}{', …' if len(missing) > 3 else ''}).")


def dossier(session: Session, nomination: Nomination) -> new_rural.Dossier:
    notice = notices.latest_notice(session, nomination)
    survey = survey_of(session, nomination)
    return new_rural.Dossier(
        level=level_of(nomination), criteria_set=criteria_set_of(session, nomination),
        assessments={code: row.assessment() for code, row in assessments_of(session, nomination).items()},
        survey=survey.survey() if survey else None, posting_ends_on=notice.end_date if notice else None,
        unanswered_objections=len(notices.unanswered_objections(session, nomination)),
        recognised_levels=recognised_levels(session, nomination.nominee.unit_id))


def submission_refusals(session: Session, nomination: Nomination, today: date | None = None) -> list[str]:
    return new_rural.submission_refusals(dossier(session, nomination), today or clock.today())


def require_submittable(session: Session, nomination: Nomination, today: date) -> None:
    """services.nominations.submit's guard for a recognition dossier: every sentence at once."""
    sentences = submission_refusals(session, nomination, today)
    if sentences:
        raise InvalidTransition("Chưa gửi được hồ sơ đề nghị công nhận: " + " ".join(sentences))


def recognised_levels(session: Session, commune_id: int | None) -> frozenset[new_rural.Level]:
    """The levels a commune holds by a recognition in force (awarded, not revoked)."""
    if commune_id is None:
        return frozenset()
    levels = session.scalars(
        select(AwardType.new_rural_level).join(Nomination, Nomination.award_type_id == AwardType.id)
        .join(Nominee, Nomination.nominee_id == Nominee.id)
        .where(AwardType.procedure_code == ProcedureCode.NEW_RURAL.value, Nominee.unit_id == commune_id,
               Nomination.state == State.AWARDED))
    return frozenset(new_rural.Level(level) for level in levels if level)


def endorsement_refusals(session: Session, nomination: Nomination) -> list[str]:
    """Why the appraisal may not conclude «đạt»: the newest field check, every criterion, the survey, the level
    the commune must already hold."""
    sentences = []
    checks = session.scalars(select(FieldCheck.conclusion).where(FieldCheck.nomination_id == nomination.id)
                             .order_by(FieldCheck.id)).all()
    if not allows_council(list(checks)):
        sentences.append("Chưa có biên bản thẩm tra thực tế kết luận «đạt» (lần thẩm tra mới nhất là lần được tính).")
    d = dossier(session, nomination)
    return sentences + new_rural.endorsement_refusals(d.criteria_set, d.assessments, d.level, d.survey,
                                                      d.recognised_levels)


def decision_refusals(session: Session, nominations: Sequence[Nomination]) -> list[str]:
    """Why these endorsed recognition dossiers may not be decided now: what can change after the conclusion «đạt»
    is the level the commune must already hold (its recognition revoked meanwhile). One sentence per commune."""
    sentences = []
    for nomination in nominations:
        if nomination.procedure is not NEW_RURAL:
            continue
        refusal = new_rural.prerequisite_refusal(level_of(nomination),
                                                 recognised_levels(session, nomination.nominee.unit_id))
        if refusal:
            sentences.append(f"{nomination.nominee.full_name}: {refusal}")
    return sentences


def conclude_appraisal(session: Session, nomination: Nomination, *, by: User, expected_version: int,
                       outcome: State, reason: str = "", now: datetime | None = None) -> None:
    """Kết luận thẩm định: «đạt» (endorsed, to the authority) or «không đạt» (not recognised, with the reason)."""
    target = check(nomination, Action.CONCLUDE_APPRAISAL, by=by, expected_version=expected_version, chosen=outcome)
    reason = (reason or "").strip()
    if target == State.ENDORSED:
        sentences = endorsement_refusals(session, nomination)
        if sentences:
            raise InvalidTransition("Chưa kết luận thẩm định đạt được: " + " ".join(sentences))
        apply(session, nomination, Action.CONCLUDE_APPRAISAL, target, by=by, reason=reason or None, now=now,
              changes={"conclusion": "đạt"})
        return
    if not reason:
        raise ValidationFailed("Cần nêu lý do kết luận thẩm định không đạt.", field="reason")
    apply(session, nomination, Action.CONCLUDE_APPRAISAL, target, by=by, reason=reason, now=now,
          outcome_reason=reason, changes={"conclusion": "không đạt"})


def _require_state_bound(nomination: Nomination, action: Action, by: User, refusal: str) -> None:
    if nomination.procedure is not NEW_RURAL:
        raise InvalidTransition("Hồ sơ này không phải hồ sơ đề nghị công nhận xã đạt chuẩn nông thôn mới.")
    authorize(by, action, nomination)
    if not nomination.procedure.allows(action, nomination.state):
        raise InvalidTransition(refusal)


@dataclass(frozen=True)
class CriterionLine:
    """One line of the criteria table every screen shows: the criterion and the commune's assessment of it."""
    criterion: new_rural.Criterion
    assessment: SelfAssessment | None


@dataclass(frozen=True)
class Panel:
    """What the dossier, notice and appraisal pages show of a recognition dossier."""
    level_label: str
    criteria_set: new_rural.CriteriaSet
    lines: list[CriterionLine]
    survey: SatisfactionSurvey | None
    threshold: str
    refusals: list[str]

    posting_days: int = new_rural.POSTING_PERIOD.days

    @property
    def rate(self) -> str:
        return new_rural.format_rate(self.survey.survey().rate) if self.survey else ""


def panel(session: Session, nomination: Nomination) -> Panel | None:
    """The criteria table, the survey and the sentences still keeping the dossier back; None for a commendation."""
    if nomination.procedure is not NEW_RURAL:
        return None
    criteria_set = criteria_set_of(session, nomination)
    assessed = assessments_of(session, nomination)
    level = level_of(nomination)
    refusals = (submission_refusals(session, nomination)
                if nomination.state in (State.DRAFT, State.IN_PUBLIC_NOTICE, State.RETURNED) else [])
    return Panel(new_rural.LEVEL_LABELS[level], criteria_set,
                 [CriterionLine(item, assessed.get(item.code)) for item in new_rural.items_of(criteria_set)],
                 survey_of(session, nomination), new_rural.format_rate(new_rural.SATISFACTION_THRESHOLD[level]),
                 refusals)


def comments_of(session: Session, nomination: Nomination) -> list[PublicComment]:
    """The public comments on the dossier, for the commune that answers them."""
    return list(session.scalars(select(PublicComment).where(PublicComment.nomination_id == nomination.id)
                                .order_by(PublicComment.id)))


def panels_of(session: Session, nominations: Sequence[Nomination]) -> dict[int, Panel]:
    """The panels of a notice's recognition dossiers, by nomination id (none for commendations)."""
    return {n.id: found for n in nominations if (found := panel(session, n)) is not None}
