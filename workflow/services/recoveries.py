"""Thu hồi hiện vật, tiền thưởng: what a revocation must recover (opened with the revocation, in its
transaction), the secretariat's list of open recoveries, and recording that they were recovered (audited).
Never imports flask; never commits."""
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from ..models import Decision, DecisionLine, Recovery, User
from ..rules.errors import InvalidTransition, ValidationFailed
from ..rules.states import Action
from . import audit, clock
from .lifecycle import authorize, require_text
from .register import words

MAX_AMOUNT = 10**12


@dataclass(frozen=True)
class ToRecover:
    """What the revocation form asks to recover: the objects (in words) and the prize money, if any."""

    items: str = ""
    money: bool = False
    amount: int | None = None   # None: the line's prize amount


def open_recovery(session: Session, line: DecisionLine, what: ToRecover, *, revoking_decision_no: str,
                  now: datetime | None = None) -> Recovery | None:
    """Called by decisions.revoke, inside its transaction and under its permission check; None when nothing
    is to be recovered."""
    items = " ".join((what.items or "").split())
    amount = (line.prize_amount if what.amount is None else what.amount) if what.money else 0
    if len(items) > 300:
        raise ValidationFailed("Danh sách hiện vật quá dài (tối đa 300 ký tự).", field="recover_items")
    if not 0 <= amount <= MAX_AMOUNT:
        raise ValidationFailed("Số tiền thu hồi không hợp lệ.", field="recover_amount")
    if not items and not amount:
        return None
    recovery = Recovery(line=line, authority_id=line.decision.authority_id, items=items, money_amount=amount,
                        revoking_decision_no=revoking_decision_no, opened_at=now or clock.now())
    session.add(recovery)
    session.flush()
    return recovery


def open_recoveries(authority_ids: set[int], q: str = "") -> Select:
    """Open recoveries of these authorities, oldest revocation first; `q` matches the recipient, the public
    line and the unit as the register does (folded words of decision_line.search_text)."""
    query = (select(Recovery).join(DecisionLine, DecisionLine.id == Recovery.decision_line_id)
             .options(joinedload(Recovery.line).joinedload(DecisionLine.decision).load_only(Decision.number))
             .where(Recovery.authority_id.in_(sorted(authority_ids)), Recovery.recovered_on.is_(None))
             .order_by(Recovery.opened_at, Recovery.id))
    for word in words(q)[:8]:
        query = query.where(DecisionLine.search_text.contains(word[:40], autoescape=True))
    return query


def record_recovered(session: Session, recovery: Recovery, *, by: User, recovered_on: date, receipt_no: str = "",
                     note: str = "", now: datetime | None = None) -> None:
    """The secretariat records that the objects and money were recovered, with the receipt's number."""
    authorize(by, Action.RECORD_RECOVERY, recovery.line.nomination)
    if not recovery.is_open:
        raise InvalidTransition("Việc thu hồi này đã được ghi nhận trước đó.")
    if recovered_on > clock.local_date(now or clock.now()):
        raise ValidationFailed("Ngày thu hồi không được sau hôm nay.", field="recovered_on")
    if recovered_on < clock.local_date(recovery.opened_at):
        raise ValidationFailed("Ngày thu hồi không được trước ngày thu hồi khen thưởng.", field="recovered_on")
    receipt_no = (receipt_no or "").strip()
    if recovery.money_amount and not receipt_no:
        require_text(receipt_no, "Cần ghi số biên lai (phiếu thu) tiền thưởng đã nộp lại.", field="receipt_no")
    recovery.recovered_on, recovery.receipt_no, recovery.note = recovered_on, receipt_no[:60], (note or "").strip()
    recovery.recovered_by_id, recovery.recovered_at = by.id, now or clock.now()
    session.flush()
    audit.record(session, by=by, action=Action.RECORD_RECOVERY, object_type="nomination",
                 object_id=recovery.line.nomination_id, now=now, changes={
                     "recovery_id": recovery.id, "items": recovery.items, "money_amount": recovery.money_amount,
                     "recovered_on": recovered_on, "receipt_no": receipt_no,
                     "revoking_decision_no": recovery.revoking_decision_no})
