"""Council sessions: calling the members, putting nominations on the agenda (to_council), the meeting date and
the notice windows it must follow, attendance, conflicts of interest (recusal), ballots cast at the meeting and
written ballots of absent members, and the tally that closes the session."""
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from ..models import (AgendaItem, Authority, AwardType, Ballot, BallotScan, ConflictDeclaration, CouncilSession, ItemResult,
                      Nomination, RoleGrant, SessionMember, SessionStatus, User)
from ..rules import in_force
from ..rules.errors import InvalidTransition, NotAllowed, ValidationFailed
from ..rules.files import safe_filename
from ..rules.folding import fold
from ..rules.i18n import vietnamese
from ..rules.nominees import NomineeKind
from ..rules.permissions import (RELATION_LABELS, ConflictFacts, NominationFacts, Relation, Role, can, recusal)
from ..rules.states import Action, State
from ..rules.tally import BallotKind, Choice, Count, Reason, tally
from . import audit, clock, field_checks, notifications, prerequisites, red_flags
from .blobs import FileStore
from .decisions import _allocate
from .lifecycle import apply, check, flush_or_conflict, require_text
from .nominations import checked_upload
from .notices import latest_notice, unanswered_objections


MINUTES_SUFFIX = "BB-HĐTĐKT"  # biên bản of the Hội đồng Thi đua – Khen thưởng


def council_members(session: Session, authority_id: int) -> list[User]:
    """The authority's active council members, in the order a session calls them."""
    return list(session.scalars(select(User).join(RoleGrant).where(
        RoleGrant.role == Role.COUNCIL_MEMBER, RoleGrant.authority_id == authority_id, User.active.is_(True))
        .order_by(User.id)).unique())


def create_session(session: Session, *, by: User, authority: Authority, title: str, meeting_date: date,
                   chair_id: int | None = None, now: datetime | None = None) -> CouncilSession:
    """Call every active council member of the authority; attendance is recorded separately. The chair
    (chủ trì, named under the minutes) is one of them: the first called unless chosen."""
    _authorize(by, Action.CREATE_SESSION, authority.id)
    _require_in_force(authority, now, meeting_date)
    members = council_members(session, authority.id)
    if not members:
        raise ValidationFailed("Cấp có thẩm quyền này chưa có thành viên Hội đồng.")
    if chair_id is not None and chair_id not in {m.id for m in members}:
        raise ValidationFailed("Người chủ trì phải là thành viên Hội đồng được triệu tập dự phiên họp.",
                               field="chair_id")
    council = CouncilSession(authority=authority, title=require_text(title, "Cần nhập tên phiên họp."),
                             meeting_date=meeting_date, created_by_id=by.id, created_at=now or clock.now(),
                             chair_id=chair_id or members[0].id,
                             members=[SessionMember(user_id=m.id, unit_id=m.unit_id) for m in members])
    session.add(council)
    session.flush()
    audit.record(session, by=by, action=Action.CREATE_SESSION, object_type="council_session",
                 object_id=council.id, now=now, changes={"members": [m.id for m in members],
                                                         "meeting_date": meeting_date, "chair": council.chair_id})
    notifications.session_called(session, council, by=by, now=now)
    return council


def to_council(session: Session, nomination: Nomination, council: CouncilSession, *, by: User,
               expected_version: int, today: date | None = None, now: datetime | None = None,
               flag_settings: red_flags.rules.Settings = red_flags.DEFAULTS) -> AgendaItem:
    """Put a nomination on a session's agenda. Refused when the session meets before its notice window is over
    (the window is measured to the meeting date: the item may be put on the agenda earlier), while an objection
    has no published answer, and for an undisclosed nomination whose award type requires it. `today` is kept for
    the callers that pass it; the window no longer depends on it."""
    target = check(nomination, Action.TO_COUNCIL, by=by, expected_version=expected_version)
    _require_open(council)
    if council.authority_id != nomination.award_type.authority_id:
        raise ValidationFailed("Phiên họp không thuộc cấp có thẩm quyền xét hồ sơ này.")
    _require_in_force(council.authority, now, council.meeting_date, nomination.award_type)
    _check_disclosure(session, nomination, council.meeting_date)
    prerequisites.require_met(session, nomination)
    field_checks.require_passed(session, nomination)
    # the red flags as the members will see them, kept for the minutes (read before the item joins the session)
    seen = [flag.frozen() for flag in red_flags.flags_for(session, nomination, flag_settings)]
    item = AgendaItem(session=council, nomination=nomination, position=len(council.items) + 1, flags_seen=seen)
    item.freeze(nomination.award_type.council_rule())  # a later edit of the award type applies to later sessions
    session.add(item)
    apply(session, nomination, Action.TO_COUNCIL, target, by=by, now=now,
          changes={"council_session_id": council.id, "rule": rule_record(item)})
    return item


def _require_in_force(authority: Authority, now: datetime | None, meeting_date: date,
                      award_type: AwardType | None = None) -> None:
    """A council acts for an authority (and considers an award type) in force both on the day of the action and
    on the day it meets: an ended authority neither calls a session nor puts anything before one."""
    checks = [(authority, "cấp có thẩm quyền")] + ([(award_type, "hình thức")] if award_type else [])
    for day in sorted({clock.local_date(now) if now else clock.today(), meeting_date}):
        in_force.require(checks, day)


def rule_record(item: AgendaItem) -> dict:
    """The frozen rule as the audit trail records it."""
    return {"ballot": item.ballot, "quorum": f"{item.quorum_num}/{item.quorum_den}",
            "threshold_pct": format(item.rule().threshold_pct.normalize(), "f"), "denominator": item.denominator,
            **({"written_ballot_allowed": True} if item.written_allowed else {})}


def window_refusal(session: Session, nomination: Nomination, meeting_date: date) -> str | None:
    """Why a council meeting on `meeting_date` may not consider the nomination because of its public notice (the
    meeting must come after the last day of the window), or None. The one answer for to_council and for moving a
    session's date."""
    notice = latest_notice(session, nomination)
    if notice is None:
        return "Chưa hết thời hạn công khai lấy ý kiến." if nomination.state == State.IN_PUBLIC_NOTICE else None
    if meeting_date <= notice.end_date:
        return (f"Chưa hết thời hạn công khai lấy ý kiến (đến hết ngày {notice.end_date:%d/%m/%Y}): thông báo "
                f"«{notice.title}» kết thúc ngày {notice.end_date:%d/%m/%Y}, phiên họp phải họp từ ngày "
                f"{_next_day(notice.end_date):%d/%m/%Y} trở đi "
                f"(ngày họp đang là {meeting_date:%d/%m/%Y}).")
    return None


def _next_day(day: date) -> date:
    return date.fromordinal(day.toordinal() + 1)


def _check_disclosure(session: Session, nomination: Nomination, meeting_date: date) -> None:
    if nomination.state == State.IN_APPRAISAL:
        if nomination.award_type.disclosure_required:
            raise InvalidTransition("Hình thức khen thưởng này phải công khai lấy ý kiến trước khi trình Hội đồng.")
    else:
        refusal = window_refusal(session, nomination, meeting_date)
        if refusal:
            raise InvalidTransition(refusal)
    # from appraisal too: a nomination disclosed although its award type did not require it, and sent back
    # by one upheld objection, may still have the notice's other objections unanswered
    pending = unanswered_objections(session, nomination)
    if pending:
        codes = ", ".join(c.receipt_code for c in pending)
        raise InvalidTransition(f"Còn ý kiến phản ánh chưa được trả lời công khai: {codes}.")


def reschedule(session: Session, council: CouncilSession, *, by: User, meeting_date: date,
               now: datetime | None = None) -> None:
    """Move the session's meeting date. Refused once voting has begun, and to a day on or before the last day of
    a notice window one of its items depends on (the refusal names the notice and its end date)."""
    _authorize(by, Action.RESCHEDULE_SESSION, council.authority_id)
    _require_open(council)
    if _any_ballot(session, council):
        raise InvalidTransition("Đã bắt đầu bỏ phiếu, không thể đổi ngày họp.")
    _require_in_force(council.authority, now, meeting_date)
    for item in council.items:
        refusal = window_refusal(session, item.nomination, meeting_date)
        if refusal:
            raise ValidationFailed(f"Hồ sơ số {item.position} ({item.nomination.nominee.full_name}): {refusal}",
                                   field="meeting_date")
    old, council.meeting_date = council.meeting_date, meeting_date
    flush_or_conflict(session)
    audit.record(session, by=by, action=Action.RESCHEDULE_SESSION, object_type="council_session",
                 object_id=council.id, changes={"meeting_date": [old, meeting_date]}, now=now)


def _any_ballot(session: Session, council: CouncilSession) -> bool:
    return session.scalar(select(Ballot.id).join(AgendaItem).where(AgendaItem.session_id == council.id)
                          .limit(1)) is not None


def record_attendance(session: Session, council: CouncilSession, *, by: User, present_user_ids: set[int],
                      now: datetime | None = None) -> None:
    _authorize(by, Action.RECORD_ATTENDANCE, council.authority_id)
    _require_open(council)
    if _any_ballot(session, council):
        raise InvalidTransition("Đã bắt đầu bỏ phiếu, không thể sửa điểm danh.")
    unknown = present_user_ids - {m.user_id for m in council.members}
    if unknown:
        raise ValidationFailed("Danh sách có người không phải thành viên của phiên họp.")
    for member in council.members:
        member.present = member.user_id in present_user_ids
    flush_or_conflict(session)
    audit.record(session, by=by, action=Action.RECORD_ATTENDANCE, object_type="council_session",
                 object_id=council.id, changes={"present": sorted(present_user_ids)}, now=now)


# --- conflicts of interest ----------------------------------------------------------------------------------

def recusal_of(item: AgendaItem, user: User) -> Reason | None:
    """THE answer to "why may this member not vote on this item" (None: they may), as a sentence to translate.
    The ballot screen, the minutes, cast_vote, written ballots and the tally all ask it. The facts are taken on the
    session's meeting date: the member's unit when called to the session, the units above the proposing unit and
    above the member's unit on that day (rules.permissions.recusal says which facts weigh and in what order)."""
    found = recusal(conflict_facts(item, user))
    return Reason(found[0], tuple(found[1].items())) if found else None


def recusal_reason(item: AgendaItem, user: User) -> str | None:
    """recusal_of as the Vietnamese sentence (the record's language), or None when the member may vote."""
    reason = recusal_of(item, user)
    return reason.text() if reason else None


def conflict_facts(item: AgendaItem, user: User) -> ConflictFacts:
    council, nomination = item.session, item.nomination
    on, own = council.meeting_date, council.authority.unit_id  # the council's own unit is no conflict
    member = council.member(user.id)
    unit = member.unit if member is not None else user.unit
    nominee = nomination.nominee
    is_nominee = ((nominee.kind == NomineeKind.INDIVIDUAL and fold(nominee.full_name) == fold(user.full_name))
                  or (unit is not None and nominee.unit_id == unit.id))
    return ConflictFacts(
        member_unit_id=unit.id if unit else None, member_unit_name=unit.name if unit else "",
        proposing_unit_id=nomination.proposing_unit_id,
        proposer_above=frozenset(u.id for u in nomination.proposing_unit.ancestors_on(on)) - {own},
        member_above=frozenset(u.id for u in unit.ancestors_on(on)) - {own} if unit else frozenset(),
        is_nominee=is_nominee, declared=_declared(item, user))


def _declared(item: AgendaItem, user: User) -> str:
    row = item_session(item).scalar(select(ConflictDeclaration).where(
        ConflictDeclaration.nomination_id == item.nomination_id, ConflictDeclaration.user_id == user.id))
    if row is None:
        return ""
    words = vietnamese(RELATION_LABELS[Relation(row.relation)])
    return f"{words}: {row.note}" if row.note else words


def declare_relation(session: Session, item: AgendaItem, *, by: User, relation: Relation, note: str = "",
                     now: datetime | None = None) -> ConflictDeclaration:
    """A council member declares a relation with the item's nominee (vợ/chồng, cha mẹ, con, anh chị em ruột…):
    from then on they do not vote on that nomination. Before their own ballot only; audited in their name."""
    council = item.session
    _require_open(council)
    if council.member(by.id) is None or not can(by.actor(), Action.DECLARE_RELATION, item.nomination.facts()):
        raise NotAllowed("Chỉ thành viên Hội đồng được triệu tập dự phiên họp được khai báo quan hệ.")
    if _has_ballot(session, item, by):
        raise InvalidTransition("Bạn đã bỏ phiếu cho hồ sơ này: khai báo quan hệ phải trước khi bỏ phiếu.")
    if relation not in set(Relation):
        raise ValidationFailed("Cần chọn quan hệ với người được đề nghị.", field="relation")
    note = " ".join((note or "").split())
    if relation == Relation.OTHER and not note:
        raise ValidationFailed("Cần ghi rõ quan hệ khác là gì.", field="note")
    if session.scalar(select(ConflictDeclaration.id).where(ConflictDeclaration.nomination_id == item.nomination_id,
                                                           ConflictDeclaration.user_id == by.id)):
        raise InvalidTransition("Bạn đã khai báo quan hệ với người được đề nghị trong hồ sơ này.")
    row = ConflictDeclaration(nomination_id=item.nomination_id, user_id=by.id, relation=str(Relation(relation)),
                              note=note[:300], declared_at=now or clock.now())
    session.add(row)
    flush_or_conflict(session)
    audit.record(session, by=by, action=Action.DECLARE_RELATION, object_type="agenda_item", object_id=item.id,
                 changes={"nomination_id": item.nomination_id, "relation": row.relation, "note": row.note}, now=now)
    return row


# --- ballots ----------------------------------------------------------------------------------------------

def cast_vote(session: Session, item: AgendaItem, *, by: User, choice: Choice, now: datetime | None = None) -> None:
    """One ballot per present member per item. A secret ballot moves only the counts."""
    member = item.session.member(by.id) if by else None
    _require_open(item.session)
    if member is None or not member.present:
        raise NotAllowed("Chỉ thành viên Hội đồng có mặt tại phiên họp được bỏ phiếu.")
    _require_entitled(session, item, by)
    if not can(by.actor(), Action.VOTE, item.nomination.facts()):
        raise NotAllowed("Bạn không có quyền bỏ phiếu.")
    secret = _add_ballot(session, item, by, choice, written=False)
    audit.record(session, by=by, action=Action.VOTE, object_type="agenda_item", object_id=item.id,
                 changes={"nomination_id": item.nomination_id} | ({} if secret else {"choice": Choice(choice)}),
                 now=now)


def record_written_ballot(session: Session, item: AgendaItem, *, by: User, member: User, choice: Choice,
                          store: FileStore, filename: str, data: bytes, now: datetime | None = None) -> Ballot:
    """The secretariat records the written ballot (phiếu bầu bằng văn bản) of a member absent from the meeting,
    with its scanned paper, before the session closes; it counts in the tally like a ballot cast in the room.
    Only where the rule frozen on the item allows it. For a secret ballot neither the ballot row nor the audit
    event keeps the choice, and the scan is stored against the item, not the member."""
    council = item.session
    _authorize(by, Action.RECORD_WRITTEN_BALLOT, council.authority_id)
    _require_open(council)
    if not item.written_allowed:
        raise InvalidTransition("Hình thức khen thưởng này không cho phép thành viên vắng mặt gửi phiếu bầu bằng "
                                "văn bản.")
    called = council.member(member.id)
    if called is None:
        raise ValidationFailed("Người gửi phiếu không phải thành viên được triệu tập dự phiên họp.", field="member")
    if called.present:
        raise ValidationFailed("Thành viên có mặt tại phiên họp bỏ phiếu trực tiếp, không dùng phiếu bằng văn bản.",
                               field="member")
    _require_entitled(session, item, member, already="Thành viên này đã có phiếu cho hồ sơ này.")
    content_type = checked_upload(data, field="scan")
    secret = _add_ballot(session, item, member, choice, written=True)
    scan = BallotScan(item_id=item.id, filename=safe_filename(filename, content_type), content_type=content_type,
                      size=len(data), sha256=store.put(data), recorded_by_id=by.id, recorded_at=now or clock.now())
    session.add(scan)
    session.flush()
    audit.record(session, by=by, action=Action.RECORD_WRITTEN_BALLOT, object_type="agenda_item", object_id=item.id,
                 changes={"nomination_id": item.nomination_id, "member": member.id, "scan": scan.sha256}
                 | ({} if secret else {"choice": Choice(choice)}), now=now)
    return session.scalar(select(Ballot).where(Ballot.item_id == item.id, Ballot.user_id == member.id))


def _require_entitled(session: Session, item: AgendaItem, user: User,
                      already: str = "Bạn đã bỏ phiếu cho hồ sơ này.") -> None:
    reason = recusal_reason(item, user)
    if reason:
        raise NotAllowed(reason)
    if item.nomination.state != State.IN_COUNCIL or item.result != ItemResult.PENDING:
        raise InvalidTransition("Hồ sơ này không còn trong thời gian biểu quyết.")
    if _has_ballot(session, item, user):
        raise InvalidTransition(already)


def _has_ballot(session: Session, item: AgendaItem, user: User) -> bool:
    return session.scalar(select(Ballot.id).where(Ballot.item_id == item.id, Ballot.user_id == user.id)) is not None


def _add_ballot(session: Session, item: AgendaItem, user: User, choice: Choice, *, written: bool) -> bool:
    """The ballot row and the count; True when the ballot is secret (no choice kept)."""
    choice = Choice(choice)
    secret = item.ballot == BallotKind.SECRET
    session.add(Ballot(item_id=item.id, user_id=user.id, choice=None if secret else str(choice), written=written))
    column = getattr(AgendaItem, str(choice))
    setattr(item, str(choice), column + 1)  # UPDATE … SET agree = agree + 1: concurrent votes all count
    flush_or_conflict(session)
    return secret


def close_session(session: Session, council: CouncilSession, *, by: User,
                  now: datetime | None = None) -> list[AgendaItem]:
    """End the session and tally every item by the rule frozen on it when it was put on the agenda; one TALLY
    event per nomination. The minutes get their number, and the closing secretariat user signs them as
    secretary."""
    _authorize(by, Action.CLOSE_SESSION, council.authority_id)
    _require_open(council)
    council.status = SessionStatus.CLOSED
    council.closed_at, council.closed_by_id = now or clock.now(), by.id
    year = council.meeting_date.year
    council.minutes_number = f"{_allocate(session, council.authority_id, f'minutes:{year}')}/{MINUTES_SUFFIX}"
    flush_or_conflict(session)
    audit.record(session, by=by, action=Action.CLOSE_SESSION, object_type="council_session",
                 object_id=council.id, now=now, changes={"items": [item.nomination_id for item in council.items],
                                                         "minutes_number": council.minutes_number})
    for item in council.items:
        _tally_item(session, council, item, by=by, now=now)
    return council.items


def _tally_item(session: Session, council: CouncilSession, item: AgendaItem, *, by: User,
                now: datetime | None) -> None:
    session.refresh(item)  # the counts were incremented in SQL
    nomination = item.nomination
    count = current_count(item)
    result = tally(item.rule(), count)
    target = check(nomination, Action.TALLY, by=by, expected_version=nomination.version,
                   chosen=State.ENDORSED if result.passed else State.NOT_AWARDED)
    item.result = ItemResult.PASSED if result.passed else ItemResult.FAILED
    item.result_reason = result.reason
    item.members_count, item.present_count, item.recused_count = count.members, count.present, count.recused
    item.recused_absent_count, item.written_count = count.recused_absent, count.written
    fields = {} if result.passed else {"outcome_reason": failed_tally_reason(result.reason)}
    apply(session, nomination, Action.TALLY, target, by=by, reason=result.reason, now=now,
          changes={"members": count.members, "present": count.present, "recused": count.recused,
                   "recused_absent": count.recused_absent, "written": count.written,
                   "agree": count.agree, "disagree": count.disagree, "abstain": count.abstain,
                   "quorum_met": result.quorum_met, "passed": result.passed}, **fields)


def recusals(item: AgendaItem) -> list[tuple[SessionMember, Reason]]:
    """Every member of the session who may not vote on the item, with why: what the ballot screen and the minutes
    list ("Ông/bà … không tham gia biểu quyết: …") and what the tally leaves out."""
    found = ((member, recusal_of(item, member.user)) for member in item.session.members)
    return [(member, reason) for member, reason in found if reason is not None]


def recusal_lines(item: AgendaItem) -> tuple[str, ...]:
    """The minutes' lines for the item's recusals, in Vietnamese (the record's language)."""
    return tuple(f"Ông/bà {member.user.full_name} không tham gia biểu quyết: {reason.text()}"
                 for member, reason in recusals(item))


def recused_count(item: AgendaItem) -> int:
    """Present members who may not vote on the item (recusal_of)."""
    return sum(1 for member, _ in recusals(item) if member.present)


def written_count(item: AgendaItem) -> int:
    return item_session(item).scalar(select(func.count()).select_from(Ballot).where(
        Ballot.item_id == item.id, Ballot.written.is_(True))) or 0


def entitled_count(item: AgendaItem) -> int:
    """Members who may vote on the item, "x/y đã bỏ phiếu": present and not recused, and the absent members whose
    written ballots are in."""
    return sum(1 for m in item.session.members if m.present) - recused_count(item) + written_count(item)


def current_count(item: AgendaItem) -> Count:
    """The item's count as the tally takes it: attendance, recusals (present and absent), written ballots and the
    ballots so far."""
    council = item.session
    recused = recusals(item)
    return Count(members=len(council.members), present=sum(1 for m in council.members if m.present),
                 recused=sum(1 for m, _ in recused if m.present), agree=item.agree, disagree=item.disagree,
                 abstain=item.abstain, written=written_count(item),
                 recused_absent=sum(1 for m, _ in recused if not m.present))


def item_session(item: AgendaItem) -> Session:
    return object_session(item)


def failed_tally_reason(reason: str) -> str:
    """The nomination's recorded reason when the council's tally failed it (Vietnamese, as the record)."""
    return f"Hội đồng không thông qua: {reason}"


def _authorize(by: User | None, action: Action, authority_id: int) -> None:
    # session-level actions are the secretariat's for the session's authority, whatever the unit
    if by is None or not can(by.actor(), action, NominationFacts(proposing_unit_id=0, authority_id=authority_id)):
        raise NotAllowed("Chỉ bộ phận thường trực của Hội đồng được thực hiện thao tác này.")


def _require_open(council: CouncilSession) -> None:
    if council.status != SessionStatus.OPEN:
        raise InvalidTransition("Phiên họp đã kết thúc.")
