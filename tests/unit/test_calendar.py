"""Working days (workflow/rules/calendar.py): weekends, Vietnamese public holidays from `holidays.VN`,
the administrator's extra days off and make-up working Saturdays.

Facts used (holidays.VN): Tết 2025 off Mon 27 Jan – Sat 1 Feb; Hùng Kings Mon 7 Apr 2025; 30 Apr and 1 May;
Fri 2 May 2025 off "substituted from 26/04/2025", so Sat 26 Apr 2025 is a make-up working day that only the
administrator's table knows. Tết 2026 off Mon 16 – Fri 20 Feb.
"""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow.rules.calendar import WorkingCalendar, add_working_days

STATUTORY = WorkingCalendar()
MAKEUP_SATURDAY = date(2025, 4, 26)
WITH_MAKEUP = WorkingCalendar.of(makeup_days=[MAKEUP_SATURDAY])
EXTRA_DAY_OFF = date(2025, 2, 3)  # say the province gives the Monday after Tết off as well
WITH_EXTRA_DAY_OFF = WorkingCalendar.of(days_off=[EXTRA_DAY_OFF])


def _days(first: date, last: date):
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# --- which days are working days ------------------------------------------------------------------------

@pytest.mark.parametrize("day", _days(date(2025, 1, 27), date(2025, 2, 1)) + _days(date(2026, 2, 16), date(2026, 2, 20))
                         + [date(2025, 1, 1), date(2025, 4, 7), date(2025, 4, 30), date(2025, 5, 1),
                            date(2025, 5, 2), date(2025, 9, 1), date(2025, 9, 2)])
def test_public_holidays_are_not_working_days(day):
    assert not STATUTORY.is_working_day(day)


@pytest.mark.parametrize("day", [date(2025, 1, 24), date(2025, 2, 3), date(2025, 4, 8), date(2026, 2, 23)])
def test_ordinary_weekdays_are_working_days(day):
    assert STATUTORY.is_working_day(day)


def test_weekends_are_not_working_days():
    assert not STATUTORY.is_working_day(date(2025, 3, 8))   # Saturday
    assert not STATUTORY.is_working_day(date(2025, 3, 9))   # Sunday


def test_make_up_saturday_is_a_working_day_only_in_the_administrators_table():
    assert not STATUTORY.is_working_day(MAKEUP_SATURDAY)
    assert WITH_MAKEUP.is_working_day(MAKEUP_SATURDAY)
    assert not WITH_MAKEUP.is_working_day(date(2025, 5, 3))  # other Saturdays stay off
    assert not WITH_MAKEUP.is_working_day(date(2025, 5, 2))  # the day it pays for stays off


def test_an_administrator_added_day_off_is_not_a_working_day():
    assert STATUTORY.is_working_day(EXTRA_DAY_OFF)
    assert not WITH_EXTRA_DAY_OFF.is_working_day(EXTRA_DAY_OFF)


# --- add_working_days -----------------------------------------------------------------------------------

@pytest.mark.parametrize("calendar, start, n, end", [
    # across Tết 2025: Sat 25 Jan – Sun 2 Feb are all off
    (STATUTORY, date(2025, 1, 24), 1, date(2025, 2, 3)),
    (STATUTORY, date(2025, 1, 23), 2, date(2025, 2, 3)),
    (STATUTORY, date(2025, 1, 24), 5, date(2025, 2, 7)),
    (STATUTORY, date(2025, 1, 20), 10, date(2025, 2, 10)),  # a 10-working-day notice window over Tết
    # across Tết 2026: Sat 14 – Sun 22 Feb are all off
    (STATUTORY, date(2026, 2, 13), 1, date(2026, 2, 23)),
    (STATUTORY, date(2026, 2, 12), 2, date(2026, 2, 23)),
    # Hùng Kings 2025 on a Monday
    (STATUTORY, date(2025, 4, 4), 1, date(2025, 4, 8)),
    # 30/4 – 2/5/2025 and the make-up Saturday 26/4
    (STATUTORY, date(2025, 4, 25), 1, date(2025, 4, 28)),
    (WITH_MAKEUP, date(2025, 4, 25), 1, date(2025, 4, 26)),
    (STATUTORY, date(2025, 4, 25), 3, date(2025, 5, 5)),
    (WITH_MAKEUP, date(2025, 4, 25), 3, date(2025, 4, 29)),
    (STATUTORY, date(2025, 4, 29), 1, date(2025, 5, 5)),
    (WITH_MAKEUP, date(2025, 4, 29), 1, date(2025, 5, 5)),
    (STATUTORY, date(2025, 4, 21), 10, date(2025, 5, 8)),
    (WITH_MAKEUP, date(2025, 4, 21), 10, date(2025, 5, 7)),  # the make-up Saturday shortens the window
    # an administrator-added day off
    (WITH_EXTRA_DAY_OFF, date(2025, 1, 24), 1, date(2025, 2, 4)),
    (WITH_EXTRA_DAY_OFF, date(2025, 1, 24), 5, date(2025, 2, 10)),
])
def test_add_working_days_skips_weekends_holidays_and_days_off(calendar, start, n, end):
    assert calendar.add_working_days(start, n) == end


def test_one_working_day_after_friday_before_tet_2025_is_monday_3_february():
    assert add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)


def test_module_function_takes_an_optional_calendar():
    assert add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 28)
    assert add_working_days(date(2025, 4, 25), 1, WITH_MAKEUP) == date(2025, 4, 26)


@pytest.mark.parametrize("start", [date(2025, 1, 29), date(2025, 3, 8), date(2025, 3, 10)])
def test_zero_working_days_is_the_start_itself_even_on_a_holiday(start):
    assert STATUTORY.add_working_days(start, 0) == start


def test_negative_working_days_raise():
    with pytest.raises(ValueError):
        STATUTORY.add_working_days(date(2025, 3, 10), -1)


def test_calendars_with_the_same_tables_are_equal():
    assert WorkingCalendar.of(makeup_days=[MAKEUP_SATURDAY]) == WITH_MAKEUP
    assert WorkingCalendar.of() != WITH_MAKEUP


# --- working_days_between -------------------------------------------------------------------------------

@pytest.mark.parametrize("calendar, start, end, n", [
    (STATUTORY, date(2025, 1, 24), date(2025, 2, 3), 1),
    (STATUTORY, date(2025, 1, 24), date(2025, 2, 2), 0),   # all of Tết counts for nothing
    (STATUTORY, date(2025, 4, 21), date(2025, 5, 8), 10),
    (WITH_MAKEUP, date(2025, 4, 21), date(2025, 5, 8), 11),
    (STATUTORY, date(2025, 3, 10), date(2025, 3, 10), 0),
    (STATUTORY, date(2025, 3, 10), date(2025, 3, 3), 0),   # an end before the start: an empty interval
])
def test_working_days_between_counts_the_half_open_interval(calendar, start, end, n):
    assert calendar.working_days_between(start, end) == n


CALENDARS = st.sampled_from([STATUTORY, WITH_MAKEUP, WITH_EXTRA_DAY_OFF])
START_DATES = st.dates(min_value=date(2024, 12, 1), max_value=date(2026, 12, 31))


@given(CALENDARS, START_DATES, st.integers(0, 40))
def test_working_days_between_is_the_inverse_of_add_working_days(calendar, start, n):
    end = calendar.add_working_days(start, n)
    assert calendar.working_days_between(start, end) == n
    if n:
        assert calendar.is_working_day(end)
        assert calendar.add_working_days(start, n - 1) < end


ANY_DAYS = st.frozensets(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)), max_size=12)


@given(ANY_DAYS, ANY_DAYS, START_DATES, st.integers(0, 800))
def test_counting_working_days_agrees_with_walking_them_one_by_one(days_off, makeup_days, start, length):
    """The counted answer (arithmetic and bisection) equals the day-by-day walk over years, whatever the
    tables say, a day both off and made up included (make-up wins, as is_working_day says)."""
    calendar = WorkingCalendar.of(days_off=days_off, makeup_days=makeup_days)
    end = start + timedelta(days=length)
    walked = sum(calendar.is_working_day(start + timedelta(days=i)) for i in range(1, length + 1))
    assert calendar.working_days_between(start, end) == walked
