"""The counts of the administrator's overview page. Read-only: changes nothing; never imports flask."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import AuditEvent, AwardType, BaseSalary, BaseSalaryStatus, CalendarDay, Campaign, Unit, User


@dataclass(frozen=True)
class Overview:
    units_valid: int
    units_ended: int
    users_active: int
    users_locked: int
    award_types: int
    award_types_in_force: int
    campaigns: int
    campaigns_open: int
    calendar_days_ahead: int
    base_salary: BaseSalary | None
    audit_events: int


def overview(session: Session, today: date) -> Overview:
    def count(model, *where) -> int:
        return session.scalar(select(func.count()).select_from(model).where(*where))

    ended = Unit.valid_to < today
    in_force = (AwardType.effective_from <= today) & (AwardType.effective_to.is_(None) | (AwardType.effective_to >= today))
    deadline = func.coalesce(Campaign.nomination_deadline, Campaign.period_end)
    return Overview(
        units_valid=count(Unit, Unit.valid_from <= today, ~ended | Unit.valid_to.is_(None)),
        units_ended=count(Unit, ended),
        users_active=count(User, User.active.is_(True)), users_locked=count(User, User.active.is_(False)),
        award_types=count(AwardType), award_types_in_force=count(AwardType, in_force),
        campaigns=count(Campaign), campaigns_open=count(Campaign, Campaign.period_start <= today, deadline >= today),
        calendar_days_ahead=count(CalendarDay, CalendarDay.day >= today),
        base_salary=session.scalar(select(BaseSalary).where(BaseSalary.valid_from <= today,
                                                            BaseSalary.status == BaseSalaryStatus.CONFIRMED)
                                   .order_by(BaseSalary.valid_from.desc()).limit(1)),
        audit_events=count(AuditEvent))
