"""Nominations from the proposing unit's side (create, edit, attach, submit, resubmit, withdraw) and the
secretariat's intake (accept, return, appraisal notes)."""
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from ..models import (Attachment, AttachmentKind, AwardType, Campaign, Nomination, NominationRevision, Nominee,
                      Review, Unit, User)
from ..rules import in_force
from ..rules import dossier
from ..rules.classification import noun
from ..rules.errors import Conflict, InvalidTransition, NotAllowed, ValidationFailed
from ..rules.files import MAX_UPLOAD_BYTES, safe_filename, sniff
from ..rules.nominees import NOMINEE_KIND_LABELS, NomineeKind, identity_key
from ..rules import processing
from ..rules.permissions import NominationFacts, can
from ..rules.prerequisites import evidence_from_json
from ..rules.states import CLAIMING_STATES, NEW_RURAL, Action, ProcedureCode, State
from . import audit, campaigns, clock, red_flags, verified_results
from .blobs import FileStore
from .calendar import working_calendar
from .lifecycle import apply, authorize, check, flush_or_conflict, require_text, transition

MAX_SUMMARY_CHARS = 2000
NOMINEE_FIELDS = ("kind", "full_name", "position", "workplace", "unit_id", "gender", "works_in_production",
                  "birth_date", "id_number", "address")
NOMINATION_FIELDS = ("achievement_summary", "period_from", "period_to", "letter_no", "letter_date")
# "evidence" takes a rules.prerequisites.Evidence: the unit's proof of a title's prerequisites
# "verified_result_id": the recognition (a verified result) the achievement rests on (services.verified_results)
EDITABLE_FIELDS = NOMINATION_FIELDS + ("evidence", "verified_result_id") + tuple(f"nominee.{name}" for name in NOMINEE_FIELDS)


@dataclass
class NomineeData:
    kind: NomineeKind
    full_name: str
    position: str = ""
    workplace: str = ""
    unit_id: int | None = None
    gender: str | None = None
    works_in_production: bool = False
    birth_date: date | None = None
    id_number: str | None = None
    address: str = ""


@dataclass
class NominationData:
    award_type: AwardType
    nominee: NomineeData
    achievement_summary: str
    period_from: date
    period_to: date
    letter_no: str = ""
    letter_date: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    verified_result_id: int | None = None   # the recognition cited (issue 17)


@dataclass(frozen=True)
class Upload:
    """A file sent with the new-nomination form; `field` names the form field a refusal is shown beside."""

    filename: str
    data: bytes
    kind: AttachmentKind
    is_public: bool = False
    field: str | None = None
    document: str = ""   # which of the award type's required documents it is (rules.dossier), '' for none


def create(session: Session, *, by: User, campaign: Campaign, proposing_unit: Unit, data: NominationData,
           now: datetime | None = None, uploads: Sequence[Upload] = (), store: FileStore | None = None,
           proposal_id: int | None = None) -> Nomination:
    """A draft nomination; `uploads` (the new-nomination form's files) are checked before anything is written
    and attached in the same transaction, so a refused file leaves nothing behind once the caller rolls back.
    `proposal_id` makes it a line of a proposal (services.proposals)."""
    award_type = data.award_type
    if by is None or not can(by.actor(), Action.CREATE, NominationFacts(proposing_unit.id, award_type.authority_id)):
        raise NotAllowed("Bạn chỉ được lập hồ sơ cho đơn vị của mình.")
    if uploads and store is None:
        raise ValueError("uploads need a blob store")
    for upload in uploads:
        checked_upload(upload.data, field=upload.field)
    _check_award_type(campaign, award_type, NomineeKind(data.nominee.kind), now)
    if award_type.procedure is NEW_RURAL and (data.nominee.kind != NomineeKind.COLLECTIVE
                                              or data.nominee.unit_id != proposing_unit.id):
        raise ValidationFailed("Hồ sơ đề nghị công nhận xã đạt chuẩn nông thôn mới do chính xã lập cho mình: chọn "
                               "xã (đơn vị lập hồ sơ) là tập thể được đề nghị.", field="award_type")
    _check_in_force(proposing_unit, award_type, now)
    campaigns.check_deadline(session, campaign, _day(now))
    _check_citable(session, data.verified_result_id)
    nominee = Nominee(**asdict(data.nominee))
    nomination = Nomination(
        campaign=campaign, award_type=award_type, proposing_unit=proposing_unit, nominee=nominee,
        achievement_summary=_summary(data.achievement_summary), period_from=data.period_from,
        period_to=data.period_to, letter_no=data.letter_no.strip(), letter_date=data.letter_date,
        created_by=by, state=State.DRAFT, created_at=now or clock.now(), proposal_id=proposal_id,
        verified_result_id=data.verified_result_id)
    _check_period(nomination)
    nomination.nominee_key = _key(nominee)
    _refuse_duplicate(session, nomination)
    session.add(nomination)
    session.flush()
    audit.record(session, by=by, action=Action.CREATE, object_type="nomination", object_id=nomination.id,
                 to_state=State.DRAFT, changes={"award_type": award_type.name, "nominee": nominee.full_name},
                 now=now)
    for upload in uploads:
        add_attachment(session, nomination, by=by, store=store, filename=upload.filename, data=upload.data,
                       kind=upload.kind, is_public=upload.is_public, now=now, document=upload.document)
    return nomination


def edit(session: Session, nomination: Nomination, *, by: User, expected_version: int,
         changes: dict[str, Any], now: datetime | None = None) -> dict[str, tuple[Any, Any]]:
    """Change fields of a draft or returned nomination; the audit event lists each field old → new."""
    target = check(nomination, Action.EDIT, by=by, expected_version=expected_version)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    diff = {}
    # the guards below lazy-load; an autoflush would send the half-checked change to the database first
    with session.no_autoflush:
        for name, value in changes.items():
            owner, attr = (nomination.nominee, name[8:]) if name.startswith("nominee.") else (nomination, name)
            if attr == "achievement_summary":
                value = _summary(value)
            if attr == "evidence":
                value = value.to_json()
            if attr == "verified_result_id":
                _check_citable(session, value)
            old = getattr(owner, attr)
            if old != value:
                diff[name] = (old, value)
                setattr(owner, attr, value)
        if not diff:
            return diff
        _check_period(nomination)
        _check_award_type(nomination.campaign, nomination.award_type, NomineeKind(nomination.nominee.kind), now)
        nomination.nominee_key = _key(nomination.nominee)
        _refuse_duplicate(session, nomination)
    apply(session, nomination, Action.EDIT, target, by=by, now=now,
          changes={name: {"old": old, "new": new} for name, (old, new) in diff.items()})
    return diff


def add_attachment(session: Session, nomination: Nomination, *, by: User, store: FileStore, filename: str,
                   data: bytes, kind: AttachmentKind, is_public: bool = False,
                   now: datetime | None = None, document: str = "") -> Attachment:
    """`document` names which of the award type's required documents the file is ('' for none)."""
    authorize(by, Action.ADD_ATTACHMENT, nomination)
    if not nomination.procedure.allows(Action.ADD_ATTACHMENT, nomination.state):
        raise InvalidTransition("Chỉ đính kèm tệp khi hồ sơ là bản nháp hoặc đang được trả lại để bổ sung.")
    document = dossier.chosen_document(nomination.award_type.required_documents or (), document)
    attachment = stored_attachment(store, filename, data, kind, is_public)
    attachment.document = document
    attachment.uploaded_by_id, attachment.uploaded_at = by.id, now or clock.now()
    nomination.attachments.append(attachment)
    session.flush()
    audit.record(session, by=by, action=Action.ADD_ATTACHMENT, object_type="nomination", object_id=nomination.id,
                 changes={"attachment_id": attachment.id, "filename": attachment.filename, "kind": str(kind),
                          "sha256": attachment.sha256, "public": is_public, "document": document}, now=now)
    return attachment


def remove_attachment(session: Session, attachment: Attachment, *, by: User, expected_version: int,
                      now: datetime | None = None) -> None:
    """Take a file off a draft or returned nomination (gỡ tệp). The row goes; the bytes stay in the blob store,
    which is written once and shared by content: another row, an earlier submission's record or the audit
    trail may name the same hash, and a file deleted before the transaction commits could not come back."""
    nomination = attachment.nomination
    if nomination is None:
        raise NotAllowed("Tệp này không thuộc hồ sơ đề nghị nào.")
    if nomination.version != expected_version:
        raise Conflict()
    authorize(by, Action.REMOVE_ATTACHMENT, nomination)
    if nomination.state not in (State.DRAFT, State.RETURNED):
        raise InvalidTransition("Không gỡ được tệp của hồ sơ đã gửi: chỉ gỡ khi hồ sơ là bản nháp hoặc đang được "
                                "trả lại để bổ sung.")
    changes = {"attachment_id": attachment.id, "filename": attachment.filename, "kind": attachment.kind,
               "sha256": attachment.sha256}
    nomination.attachments.remove(attachment)
    session.delete(attachment)
    flag_modified(nomination, "revision")  # bumps the version: a submission racing this removal gets a conflict
    flush_or_conflict(session)
    audit.record(session, by=by, action=Action.REMOVE_ATTACHMENT, object_type="nomination",
                 object_id=nomination.id, changes=changes, now=now)


def stored_attachment(store: FileStore, filename: str, data: bytes, kind: AttachmentKind,
                      is_public: bool) -> Attachment:
    """Check size and real type, store the bytes under their hash; the row is not yet added."""
    content_type = checked_upload(data)
    return Attachment(kind=str(kind), filename=safe_filename(filename, content_type), content_type=content_type,
                      size=len(data), sha256=store.put(data), is_public=is_public)


def checked_upload(data: bytes, field: str | None = None) -> str:
    """The real content type of an upload within the size limit, or a refusal (shown beside `field`)."""
    if not data:
        raise ValidationFailed("Tệp đính kèm rỗng.", field=field)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationFailed(f"Tệp quá lớn: tối đa {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.", field=field)
    content_type = sniff(data)
    if content_type is None:
        raise ValidationFailed("Chỉ nhận tệp PDF, DOCX, PNG hoặc JPEG (kiểm tra theo nội dung tệp).", field=field)
    return content_type


def submit(session: Session, nomination: Nomination, *, by: User, expected_version: int,
           now: datetime | None = None) -> None:
    target = check(nomination, Action.SUBMIT, by=by, expected_version=expected_version)
    _check_in_force(nomination.proposing_unit, nomination.award_type, now)
    _check_dossier(session, nomination, now)
    campaigns.check_deadline(session, nomination.campaign, _day(now))
    running = processing.start(working_calendar(session), _day(now), nomination.award_type.processing_working_days)
    _snapshot(nomination, now)
    apply(session, nomination, Action.SUBMIT, target, by=by, now=now, submitted_at=now or clock.now(),
          changes={"revision": nomination.revision, "processing_due_on": running.due_on.isoformat()},
          **_clock_fields(running))


def resubmit(session: Session, nomination: Nomination, *, by: User, expected_version: int,
             now: datetime | None = None) -> None:
    target = check(nomination, Action.RESUBMIT, by=by, expected_version=expected_version)
    _check_in_force(nomination.proposing_unit, nomination.award_type, now)
    _check_dossier(session, nomination, now)
    campaigns.check_deadline(session, nomination.campaign, _day(now))
    # the calendar's query would autoflush the new revision as a second versioned UPDATE: read it first
    running = processing.resume(working_calendar(session), _clock_of(nomination), _day(now))
    nomination.revision += 1
    _snapshot(nomination, now)
    apply(session, nomination, Action.RESUBMIT, target, by=by, now=now, return_reason=None,
          changes={"revision": nomination.revision, "processing_due_on": _iso(running.due_on)},
          **_clock_fields(running))


def return_(session: Session, nomination: Nomination, *, by: User, expected_version: int, reason: str,
            now: datetime | None = None) -> None:
    """Trả lại để bổ sung: the reason is required and shown to the proposing unit."""
    target = check(nomination, Action.RETURN, by=by, expected_version=expected_version)
    reason = require_text(reason, "Cần nêu lý do trả lại hồ sơ.")
    paused = processing.pause(working_calendar(session), _clock_of(nomination), _day(now))
    apply(session, nomination, Action.RETURN, target, by=by, reason=reason, now=now, return_reason=reason,
          changes={"processing_days_left": paused.days_left}, **_clock_fields(paused))


def accept(session: Session, nomination: Nomination, *, by: User, expected_version: int,
           now: datetime | None = None) -> None:
    transition(session, nomination, Action.ACCEPT, by=by, expected_version=expected_version, now=now)


def withdraw(session: Session, nomination: Nomination, *, by: User, expected_version: int,
             reason: str | None = None, now: datetime | None = None) -> None:
    transition(session, nomination, Action.WITHDRAW, by=by, expected_version=expected_version,
               reason=(reason or "").strip() or None, now=now)


def appraise(session: Session, nomination: Nomination, *, by: User, body: str,
             checklist: dict[str, Any] | None = None, now: datetime | None = None) -> Review:
    """Record an appraisal note (ý kiến thẩm định); the state does not change."""
    authorize(by, Action.APPRAISE, nomination)
    if not nomination.procedure.allows(Action.APPRAISE, nomination.state):
        raise InvalidTransition("Chỉ ghi ý kiến thẩm định cho hồ sơ đang được xử lý.")
    review = Review(nomination=nomination, author=by, body=require_text(body, "Cần nhập nội dung thẩm định."),
                    checklist=checklist or {}, created_at=now or clock.now())
    session.add(review)
    flush_or_conflict(session)
    audit.record(session, by=by, action=Action.APPRAISE, object_type="nomination", object_id=nomination.id,
                 changes={"review_id": review.id, "checklist": checklist or {}}, now=now)
    return review


def snapshot_fields(nomination: Nomination) -> dict[str, Any]:
    """The fields a revision freezes, as JSON-safe strings (for the field-by-field diff)."""
    values = {name: getattr(nomination, name) for name in NOMINATION_FIELDS}
    values |= {f"nominee.{name}": getattr(nomination.nominee, name) for name in NOMINEE_FIELDS}
    evidence = evidence_from_json(nomination.evidence).lines()
    if evidence:  # absent when empty, like in the snapshots taken before evidence existed: no phantom change
        values["evidence"] = evidence
    if nomination.verified_result_id is not None:  # absent when none, like evidence: no phantom change
        values["verified_result_id"] = nomination.verified_result_id
    values["attachments"] = sorted(f"{a.kind}:{a.filename}:{a.sha256[:12]}" for a in nomination.attachments)
    return {k: v if isinstance(v, bool | int | list) or v is None else str(v) for k, v in values.items()}


def _snapshot(nomination: Nomination, now: datetime | None) -> None:
    # through the collection, so the nomination's own list (and last_submitted_at) is current in this session
    nomination.revisions.append(NominationRevision(revision=nomination.revision, snapshot=snapshot_fields(nomination),
                                                   created_at=now or clock.now()))


def _day(now: datetime | None) -> date:
    return clock.local_date(now) if now else clock.today()


def _clock_of(nomination: Nomination) -> processing.Clock:
    return processing.Clock(nomination.processing_due_on, nomination.processing_days_left)


def _clock_fields(running: processing.Clock) -> dict[str, Any]:
    return {"processing_due_on": running.due_on, "processing_days_left": running.days_left}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _check_dossier(session: Session, nomination: Nomination, now: datetime | None) -> None:
    """What must be in the dossier before it is sent: a commendation's report and documents, or a
    recognition's self-assessment, survey and posting (services.recognition)."""
    if nomination.procedure is NEW_RURAL:
        from . import recognition  # it builds on this module
        recognition.require_submittable(session, nomination, _day(now))
        return
    _check_complete(nomination)
    _check_one_award(session, nomination)
    _check_verified_result(session, nomination, now)


def _check_complete(nomination: Nomination) -> None:
    missing = [label for label, ok in (
        ("tóm tắt thành tích", nomination.achievement_summary.strip()),
        ("số Tờ trình", nomination.letter_no.strip()),
        ("ngày Tờ trình", nomination.letter_date),
        ("báo cáo thành tích đính kèm",
         any(a.kind == AttachmentKind.ACHIEVEMENT_REPORT for a in nomination.attachments)),
    ) if not ok]
    if missing:
        raise InvalidTransition(f"Hồ sơ còn thiếu: {', '.join(missing)}.")
    refusal = dossier.missing_sentence(missing_documents(nomination))
    if refusal:
        raise InvalidTransition(refusal)


def _check_one_award(session: Session, nomination: Nomination) -> None:
    """One achievement, one award: refused where the award types say so (issue 17), otherwise only a red flag."""
    refusal = red_flags.exclusive_refusal(session, nomination)
    if refusal:
        raise InvalidTransition(refusal)


def _check_citable(session: Session, nomination_id: int | None) -> None:
    """What a nomination cites must be a recognition (a new-rural nomination); whether it is in force and the
    commune's is checked at submission, with its reason."""
    if nomination_id is None:
        return
    cited = session.get(Nomination, nomination_id)
    if cited is None or cited.award_type.procedure_code != ProcedureCode.NEW_RURAL:
        raise ValidationFailed("Kết quả được dẫn chiếu không phải một quyết định công nhận.", field="verified_result")


def _check_verified_result(session: Session, nomination: Nomination, now: datetime | None) -> None:
    """An award that needs a verified result cites a recognition in force of its commune (issue 17)."""
    refusal = verified_results.refusal(session, nomination, on=_day(now))
    if refusal:
        raise InvalidTransition(refusal)


def missing_documents(nomination: Nomination) -> list[str]:
    """The award type's required documents no attachment of the nomination is (rules.dossier's one check)."""
    return dossier.missing_documents(nomination.award_type.required_documents or (),
                                     (a.document for a in nomination.attachments))


def document_checklist(nomination: Nomination) -> list[tuple[str, bool]]:
    """(document, present) for the nomination page, from the same check the submission makes."""
    return dossier.checklist(nomination.award_type.required_documents or (),
                             [a.document for a in nomination.attachments])


def _check_award_type(campaign: Campaign, award_type: AwardType, kind: NomineeKind, now: datetime | None) -> None:
    if award_type not in campaign.award_types:
        raise ValidationFailed(f"Đợt xét «{campaign.name}» không xét {noun(award_type.category)} «{award_type.name}».",
                               field="award_type")
    if not award_type.allows(kind):
        raise ValidationFailed(f"«{award_type.name}» không áp dụng cho đối tượng {NOMINEE_KIND_LABELS[kind].lower()}.",
                               field="award_type")


def _check_in_force(unit: Unit, award_type: AwardType, now: datetime | None) -> None:
    """On the action's day the proposing unit and the award type must be in force (and the authority that
    would decide): an abolished district cannot propose; the refusal names the successor."""
    in_force.require([(unit, "đơn vị"), (award_type, "hình thức"), (award_type.authority, "cấp có thẩm quyền")],
                     clock.local_date(now) if now else clock.today(), field="award_type")


def _check_period(nomination: Nomination) -> None:
    if nomination.period_to < nomination.period_from:
        raise ValidationFailed("Thời gian đạt thành tích: ngày kết thúc phải sau ngày bắt đầu.", field="period_to")


def _summary(text: str) -> str:
    text = require_text(text, "Cần nhập tóm tắt thành tích.", field="achievement_summary")
    if len(text) > MAX_SUMMARY_CHARS:
        raise ValidationFailed(f"Tóm tắt thành tích dài quá {MAX_SUMMARY_CHARS} ký tự.", field="achievement_summary")
    return text


def _key(nominee: Nominee) -> str:
    return identity_key(NomineeKind(nominee.kind), nominee.full_name, unit_id=nominee.unit_id,
                        id_number=nominee.id_number, birth_date=nominee.birth_date,
                        affiliation=nominee.workplace or nominee.address)


def _refuse_duplicate(session: Session, nomination: Nomination) -> None:
    """One achievement is awarded once: no second live claim for the same nominee, award and period."""
    query = select(func.count()).select_from(Nomination).where(
        Nomination.nominee_key == nomination.nominee_key, Nomination.award_type_id == nomination.award_type.id,
        Nomination.period_from == nomination.period_from, Nomination.period_to == nomination.period_to,
        Nomination.state.in_([str(s) for s in CLAIMING_STATES]))
    if nomination.id is not None:
        query = query.where(Nomination.id != nomination.id)
    if session.scalar(query):
        raise ValidationFailed(f"Thành tích này của đối tượng đã được đề nghị cùng {noun(nomination.award_type.category)} "
                               "(không khen nhiều lần cho một thành tích).", field="nominee.full_name")
