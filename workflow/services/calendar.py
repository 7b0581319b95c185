"""The working-day calendar as configured: statutory holidays plus the administrator's table."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import CalendarDay, CalendarDayKind
from ..rules.calendar import WorkingCalendar


def working_calendar(session: Session) -> WorkingCalendar:
    rows = session.execute(select(CalendarDay.day, CalendarDay.kind)).all()
    return WorkingCalendar.of(days_off=[d for d, k in rows if k == CalendarDayKind.DAY_OFF],
                              makeup_days=[d for d, k in rows if k == CalendarDayKind.MAKEUP_WORKDAY])
