"""A campaign's nomination deadline: the one answer to "which deadline is in force on date D" (the campaign's own
or the newest extension recorded by then), the refusal of a proposal after it, and the secretariat's extension
(audited, public on the campaign page). Never imports flask; never commits."""
from datetime import date, datetime

from sqlalchemy.orm import Session

from ..models import Campaign, DeadlineExtension, User
from ..rules.errors import NotAllowed, ValidationFailed
from ..rules.permissions import Role
from ..rules.states import Action
from . import audit, clock
from .lifecycle import require_text

MAX_EXTENSION_DAYS = 366


def deadline_on(campaign: Campaign, on: date) -> date | None:
    """The nomination deadline in force on `on`: the newest extension recorded on or before `on`, else the
    campaign's own deadline (None: the campaign sets none, and proposals are not refused by date)."""
    recorded = [e for e in campaign.extensions if e.recorded_on <= on]
    if recorded:
        return max(recorded, key=lambda e: (e.recorded_on, e.id)).new_deadline
    return campaign.nomination_deadline


def check_deadline(session: Session, campaign: Campaign, on: date) -> None:
    """Refuse a proposal (create, submit, resubmit) made after the deadline in force on that day."""
    deadline = deadline_on(campaign, on)
    if deadline is not None and on > deadline:
        raise ValidationFailed(f"Đợt xét «{campaign.name}» đã hết hạn nhận hồ sơ ngày {deadline:%d/%m/%Y}.")


def may_extend(user: User | None, campaign: Campaign) -> bool:
    """The secretariat of the campaign's authority: it receives the dossiers and answers for the deadline."""
    return user is not None and user.is_active and user.actor().has(Role.SECRETARIAT,
                                                                     authority_id=campaign.authority_id)


def extend_deadline(session: Session, campaign: Campaign, *, by: User, new_deadline: date | None, reason: str,
                    now: datetime | None = None) -> DeadlineExtension:
    """Gia hạn nhận hồ sơ: a new deadline, later than the one in force today and not before today."""
    if not may_extend(by, campaign):
        raise NotAllowed("Chỉ Thường trực Hội đồng Thi đua – Khen thưởng của cơ quan tổ chức đợt xét được gia hạn.")
    today = clock.local_date(now) if now else clock.today()
    reason = require_text(reason, "Cần nêu lý do gia hạn.", field="reason")
    _check_new_deadline(campaign, new_deadline, today)
    previous = deadline_on(campaign, today)
    extension = DeadlineExtension(new_deadline=new_deadline, reason=reason, recorded_on=today,
                                  recorded_at=now or clock.now(), recorded_by=by)
    campaign.extensions.append(extension)
    session.flush()
    audit.record(session, by=by, action=Action.EXTEND_DEADLINE, object_type="campaign", object_id=campaign.id,
                 changes={"new_deadline": new_deadline.isoformat(), "extension_id": extension.id,
                          "previous": previous.isoformat() if previous else None}, reason=reason, now=now)
    return extension


def _check_new_deadline(campaign: Campaign, new_deadline: date | None, today: date) -> None:
    if new_deadline is None:
        raise ValidationFailed("Cần chọn hạn nhận hồ sơ mới.", field="new_deadline")
    current = deadline_on(campaign, today)
    if new_deadline < today or (current is not None and new_deadline <= current):
        shown = f" (hạn hiện tại: {current:%d/%m/%Y})" if current else ""
        raise ValidationFailed(f"Hạn mới phải sau hạn đang áp dụng và không trước hôm nay{shown}.",
                               field="new_deadline")
    if (new_deadline - today).days > MAX_EXTENSION_DAYS:
        raise ValidationFailed("Hạn mới không được quá một năm kể từ hôm nay.", field="new_deadline")
