"""Working days in Việt Nam: weekends and public holidays off, plus the administrator's extra days off
and make-up working days (the Saturdays worked to pay for a bridged holiday). Pure.

`holidays.VN` knows the statutory holidays and announced substitute days off, but not the make-up working
Saturdays; those come from the administrator's table.
"""
from bisect import bisect_right
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
        """Working days in (start, end]: how many `add_working_days` steps lead from start to end. Counted,
        not walked: Monday–Friday by arithmetic, then each year's exceptions in the range (a weekday off, a
        make-up Saturday) found by bisection. The dashboard asks this for every decided nomination: walking
        day by day took 80 % of its time (0.4 ms a call over a year and a half)."""
        if end <= start:
            return 0
        count = _weekdays_after(start, (end - start).days)
        for year in range(start.year, end.year + 1):
            off, makeup = self._exceptions(year)
            count -= bisect_right(off, end) - bisect_right(off, start)
            count += bisect_right(makeup, end) - bisect_right(makeup, start)
        return count

    @cached_property
    def _exceptions_by_year(self) -> dict[int, tuple[list[date], list[date]]]:
        return {}

    def _exceptions(self, year: int) -> tuple[list[date], list[date]]:
        """The year's weekdays that are not working days, and its weekend days that are, each sorted."""
        if year not in self._exceptions_by_year:
            self._public_holidays.get(date(year, 1, 1))   # fills the year's holidays
            candidates = {d for d in self._public_holidays if d.year == year}
            candidates |= {d for d in self.extra_days_off | self.makeup_working_days if d.year == year}
            off = sorted(d for d in candidates if d.weekday() < 5 and not self.is_working_day(d))
            makeup = sorted(d for d in candidates if d.weekday() >= 5 and self.is_working_day(d))
            self._exceptions_by_year[year] = (off, makeup)
        return self._exceptions_by_year[year]


def _weekdays_after(start: date, days: int) -> int:
    """Monday-to-Friday days among the `days` days after `start`."""
    weeks, rest = divmod(days, 7)
    first = start.weekday()
    return weeks * 5 + sum(1 for i in range(1, rest + 1) if (first + i) % 7 < 5)


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
