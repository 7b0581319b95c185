"""The processing clock: due dates in working days, paused while the dossier is back with its unit, across Tết."""
from datetime import date

from workflow.rules import processing
from workflow.rules.calendar import WorkingCalendar
from workflow.rules.processing import Clock, ClockEvent, pause, replay, resume, start, working_days_late

CAL = WorkingCalendar()   # Tết Bính Ngọ 2026: Monday 16/02 to Friday 20/02 off (holidays.VN)


def test_the_clock_counts_working_days_after_the_day_of_receipt():
    # Friday 06/02/2026 + 5 working days: 09, 10, 11, 12, 13/02 (Monday to Friday, before Tết)
    assert start(CAL, date(2026, 2, 6), 5) == Clock(date(2026, 2, 13), None)
    # received on a Saturday: the first counted day is the Monday
    assert start(CAL, date(2026, 2, 7), 1).due_on == date(2026, 2, 9)


def test_tet_does_not_count():
    # Thursday 12/02/2026 + 2: Friday 13/02, then the week of Tết is off: Monday 23/02
    assert start(CAL, date(2026, 2, 12), 2).due_on == date(2026, 2, 23)


def test_a_clock_paused_before_tet_resumes_after_it_with_the_days_it_had_left():
    running = start(CAL, date(2026, 2, 2), 20)           # Monday 02/02: 20 working days, Tết skipped
    assert running.due_on == date(2026, 3, 9)
    paused = pause(CAL, running, date(2026, 2, 12))      # returned Thursday 12/02: 8 days used (03–12/02)
    assert paused == Clock(None, 12)
    resumed = resume(CAL, paused, date(2026, 2, 24))     # sent back Tuesday 24/02, after Tết
    assert resumed.due_on == date(2026, 3, 12)           # 25, 26, 27/02, 02–06/03, 09–12/03: 12 days
    assert replay(CAL, 20, [(ClockEvent.START, date(2026, 2, 2)), (ClockEvent.PAUSE, date(2026, 2, 12)),
                            (ClockEvent.RESUME, date(2026, 2, 24))]) == resumed


def test_returned_on_its_due_day_it_keeps_nothing_and_is_due_the_day_it_comes_back():
    paused = pause(CAL, Clock(date(2026, 3, 9), None), date(2026, 3, 9))
    assert paused == Clock(None, 0)
    assert resume(CAL, paused, date(2026, 3, 16)).due_on == date(2026, 3, 16)


def test_a_clock_already_late_when_returned_stays_as_late_after_resubmission():
    paused = pause(CAL, Clock(date(2026, 3, 9), None), date(2026, 3, 11))   # two working days late
    assert paused == Clock(None, -2)
    resumed = resume(CAL, paused, date(2026, 3, 20))
    assert working_days_late(CAL, resumed.due_on, date(2026, 3, 20)) == 2


def test_lateness_is_zero_on_the_due_day_and_counts_working_days_after_it():
    due = date(2026, 2, 13)   # the Friday before Tết
    assert working_days_late(CAL, due, due) == 0
    assert working_days_late(CAL, due, date(2026, 2, 20)) == 0   # the whole week of Tết is off
    assert working_days_late(CAL, due, date(2026, 2, 23)) == 1


def test_the_administrators_make_up_saturday_counts():
    calendar = WorkingCalendar.of(makeup_days=[date(2026, 2, 7)])
    assert start(calendar, date(2026, 2, 6), 1).due_on == date(2026, 2, 7)


def test_a_stopped_clock_neither_pauses_nor_resumes():
    assert pause(CAL, processing.STOPPED, date(2026, 1, 5)) == processing.STOPPED
    assert resume(CAL, processing.STOPPED, date(2026, 1, 5)) == processing.STOPPED
