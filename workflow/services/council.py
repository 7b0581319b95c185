"""Council sessions: calling the members, putting nominations on the agenda (to_council), attendance,
ballots and the tally that closes the session."""
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (AgendaItem, Authority, Ballot, CouncilSession, ItemResult, Nomination, RoleGrant,
                      SessionMember, SessionStatus, User)
from ..rules.errors import InvalidTransition, NotAllowed, ValidationFailed
from ..rules.i18n import N_
from ..rules.permissions import NominationFacts, Role, can, is_conflicted
from ..rules.states import Action, State
from ..rules.tally import BallotKind, Choice, Count, tally
from . import audit, clock, prerequisites
from .decisions import _allocate
from .lifecycle import apply, check, flush_or_conflict, require_text
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
    return council


def to_council(session: Session, nomination: Nomination, council: CouncilSession, *, by: User,
               expected_version: int, today: date | None = None, now: datetime | None = None) -> AgendaItem:
    """Put a nomination on a session's agenda. Refused while its notice window is open, while an
    objection has no published answer, and for an undisclosed nomination whose award type requires it."""
    target = check(nomination, Action.TO_COUNCIL, by=by, expected_version=expected_version)
    _require_open(council)
    if council.authority_id != nomination.award_type.authority_id:
        raise ValidationFailed("Phiên họp không thuộc cấp có thẩm quyền xét hồ sơ này.")
    _check_disclosure(session, nomination, today or clock.today())
    prerequisites.require_met(session, nomination)
    item = AgendaItem(session=council, nomination=nomination, position=len(council.items) + 1)
    item.freeze(nomination.award_type.council_rule())  # a later edit of the award type applies to later sessions
    session.add(item)
    apply(session, nomination, Action.TO_COUNCIL, target, by=by, now=now,
          changes={"council_session_id": council.id, "rule": rule_record(item)})
    return item


def rule_record(item: AgendaItem) -> dict:
    """The frozen rule as the audit trail records it."""
    return {"ballot": item.ballot, "quorum": f"{item.quorum_num}/{item.quorum_den}",
            "threshold_pct": format(item.rule().threshold_pct.normalize(), "f"), "denominator": item.denominator}


def _check_disclosure(session: Session, nomination: Nomination, today: date) -> None:
    if nomination.state == State.IN_APPRAISAL:
        if nomination.award_type.disclosure_required:
            raise InvalidTransition("Hình thức khen thưởng này phải công khai lấy ý kiến trước khi trình Hội đồng.")
    else:
        notice = latest_notice(session, nomination)
        if notice is None or today <= notice.end_date:
            end = f" (đến hết ngày {notice.end_date:%d/%m/%Y})" if notice else ""
            raise InvalidTransition(f"Chưa hết thời hạn công khai lấy ý kiến{end}.")
    # from appraisal too: a nomination disclosed although its award type did not require it, and sent back
    # by one upheld objection, may still have the notice's other objections unanswered
    pending = unanswered_objections(session, nomination)
    if pending:
        codes = ", ".join(c.receipt_code for c in pending)
        raise InvalidTransition(f"Còn ý kiến phản ánh chưa được trả lời công khai: {codes}.")


def record_attendance(session: Session, council: CouncilSession, *, by: User, present_user_ids: set[int],
                      now: datetime | None = None) -> None:
    _authorize(by, Action.RECORD_ATTENDANCE, council.authority_id)
    _require_open(council)
    if session.scalar(select(Ballot.id).join(AgendaItem).where(AgendaItem.session_id == council.id).limit(1)):
        raise InvalidTransition("Đã bắt đầu bỏ phiếu, không thể sửa điểm danh.")
    unknown = present_user_ids - {m.user_id for m in council.members}
    if unknown:
        raise ValidationFailed("Danh sách có người không phải thành viên của phiên họp.")
    for member in council.members:
        member.present = member.user_id in present_user_ids
    flush_or_conflict(session)
    audit.record(session, by=by, action=Action.RECORD_ATTENDANCE, object_type="council_session",
                 object_id=council.id, changes={"present": sorted(present_user_ids)}, now=now)


def recusal_reason(item: AgendaItem, user: User) -> str | None:
    """Why `user` may not vote on `item`, in Vietnamese, or None when they may."""
    if is_conflicted(user.actor(), item.nomination.facts()):
        return N_("Thành viên thuộc đơn vị đề nghị khen thưởng nên không tham gia biểu quyết hồ sơ này.")
    return None


def cast_vote(session: Session, item: AgendaItem, *, by: User, choice: Choice, now: datetime | None = None) -> None:
    """One ballot per present member per item. A secret ballot moves only the counts."""
    council, nomination = item.session, item.nomination
    _require_open(council)
    member = council.member(by.id) if by else None
    if member is None or not member.present:
        raise NotAllowed("Chỉ thành viên Hội đồng có mặt tại phiên họp được bỏ phiếu.")
    if not can(by.actor(), Action.VOTE, nomination.facts()):
        raise NotAllowed(recusal_reason(item, by) or "Bạn không có quyền bỏ phiếu.")
    if nomination.state != State.IN_COUNCIL or item.result != ItemResult.PENDING:
        raise InvalidTransition("Hồ sơ này không còn trong thời gian biểu quyết.")
    if session.scalar(select(Ballot.id).where(Ballot.item_id == item.id, Ballot.user_id == by.id)):
        raise InvalidTransition("Bạn đã bỏ phiếu cho hồ sơ này.")
    choice = Choice(choice)
    secret = item.ballot == BallotKind.SECRET
    session.add(Ballot(item_id=item.id, user_id=by.id, choice=None if secret else str(choice)))
    column = getattr(AgendaItem, str(choice))
    setattr(item, str(choice), column + 1)  # UPDATE … SET agree = agree + 1: concurrent votes all count
    flush_or_conflict(session)
    audit.record(session, by=by, action=Action.VOTE, object_type="agenda_item", object_id=item.id,
                 changes={"nomination_id": nomination.id} | ({} if secret else {"choice": choice}), now=now)


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
    fields = {} if result.passed else {"outcome_reason": failed_tally_reason(result.reason)}
    apply(session, nomination, Action.TALLY, target, by=by, reason=result.reason, now=now,
          changes={"members": count.members, "present": count.present, "recused": count.recused,
                   "agree": count.agree, "disagree": count.disagree, "abstain": count.abstain,
                   "quorum_met": result.quorum_met, "passed": result.passed}, **fields)


def recused_count(item: AgendaItem) -> int:
    """Present members who may not vote on the item because they belong to the proposing unit."""
    facts = item.nomination.facts()
    return sum(1 for m in item.session.members if m.present and is_conflicted(m.user.actor(), facts))


def entitled_count(item: AgendaItem) -> int:
    """Members who may vote on the item: present and not recused ("x/y đã bỏ phiếu")."""
    return sum(1 for m in item.session.members if m.present) - recused_count(item)


def current_count(item: AgendaItem) -> Count:
    """The item's count as the tally takes it: attendance, recusals and the ballots so far."""
    council = item.session
    return Count(members=len(council.members), present=sum(1 for m in council.members if m.present),
                 recused=recused_count(item), agree=item.agree, disagree=item.disagree, abstain=item.abstain)


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
