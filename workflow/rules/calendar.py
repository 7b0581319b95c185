"""Working days in Việt Nam: weekends and public holidays off, plus the administrator's extra days off
and make-up working days (the Saturdays worked to pay for a bridged holiday). Pure.

`holidays.VN` knows the statutory holidays and announced substitute days off, but not the make-up working
Saturdays; those come from the administrator's table.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

import holidays


@dataclass(frozen=True)
class WorkingCalendar:
    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    makeup_working_days: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def of(cls, days_off: Iterable[date] = (), makeup_days: Iterable[date] = ()) -> "WorkingCalendar":
        return cls(frozenset(days_off), frozenset(makeup_days))

    @cached_property
    def _public_holidays(self) -> holidays.HolidayBase:
        return holidays.VN()  # fills years lazily as dates are asked for

    def is_working_day(self, day: date) -> bool:
        if day in self.makeup_working_days:
            return True
        return day.weekday() < 5 and day not in self._public_holidays and day not in self.extra_days_off

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (`start` itself not counted); `start` when n == 0."""
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        while n:
            day += timedelta(days=1)
            n -= self.is_working_day(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: how many `add_working_days` steps lead from start to end."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count


def add_working_days(start: date, n: int, calendar: WorkingCalendar | None = None) -> date:
    return (calendar or WorkingCalendar()).add_working_days(start, n)


def notice_days_left(calendar: WorkingCalendar, start: date, end: date, today: date,
                     working_days: int | None = None) -> int:
    """Working days of a public notice still to come on `today`, today included when it is one of them: the
    one answer to "còn N ngày làm việc" on every screen.

    The window's N working days are the ones after the opening day (`end` is `add_working_days(start, N)`),
    so the opening day itself is not one of them: on it, and on the first counted day, N are left; on `end`,
    1; after `end`, 0. Never more than the notice's own N (`working_days`), even if the calendar changed
    after the notice was opened."""
    if today > end:
        return 0
    left = calendar.working_days_between(max(today - timedelta(days=1), start), end)
    return left if working_days is None else min(left, working_days)
