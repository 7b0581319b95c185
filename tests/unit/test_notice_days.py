"""Working days left in a public notice (workflow/rules/calendar.notice_days_left): the one answer behind
every "còn N ngày làm việc". Issue 13: a notice of 10 working days said "còn 11 ngày làm việc" on the day it
opened, because the opening day was counted on top of the 10 that follow it."""
from datetime import date, timedelta

import pytest

from workflow.rules.calendar import WorkingCalendar, add_working_days, notice_days_left

CALENDAR = WorkingCalendar()
OPENED = date(2025, 3, 3)                      # a Monday
END = add_working_days(OPENED, 10, CALENDAR)   # the 10th working day after it: Monday 17/03/2025


def left(today: date, working_days: int | None = 10, calendar: WorkingCalendar = CALENDAR) -> int:
    return notice_days_left(calendar, OPENED, END, today, working_days)


def test_the_window_ends_on_the_tenth_working_day_after_the_opening_day():
    assert END == date(2025, 3, 17)


@pytest.mark.parametrize("today, expected", [
    (OPENED, 10),                    # the opening day: the 10 days still lie ahead
    (date(2025, 3, 4), 10),          # the first counted day: today is one of the 10
    (date(2025, 3, 5), 9),
    (date(2025, 3, 8), 6),           # a Saturday: the 6 working days of next week and the Monday after
    (date(2025, 3, 14), 2),
    (END, 1),                        # the last day: today itself
    (END + timedelta(days=1), 0),    # over
    (END + timedelta(days=30), 0),
])
def test_days_left_from_the_opening_day_to_after_the_end(today, expected):
    assert left(today) == expected


def test_never_more_than_the_notice_says_on_any_day_and_it_never_rises():
    days = [OPENED + timedelta(days=i) for i in range((END - OPENED).days + 3)]
    counts = [left(day) for day in days]
    assert max(counts) == 10 and counts == sorted(counts, reverse=True)
    assert counts[-1] == 0 and left(END) == 1


def test_a_calendar_changed_after_opening_never_shows_more_than_the_notices_own_days():
    """A day off added later inside the window would move nothing: the end date is fixed at opening; a make-up
    working Saturday added later would count one day more than the notice has, so the count stops at 10."""
    makeup = WorkingCalendar.of(makeup_days=[date(2025, 3, 8)])
    assert left(OPENED, calendar=makeup) == 10
    assert left(OPENED, working_days=None, calendar=makeup) == 11
