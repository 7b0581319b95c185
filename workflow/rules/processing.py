"""The processing clock of a dossier (thời hạn giải quyết): the award type's statutory working days count from the
day the dossier is received complete, stop while it is returned to its unit, go on with what was left when it
comes back, and stop for good when it is decided or withdrawn. Pure: imports neither Flask nor SQLAlchemy.

A running clock is its due date; a paused clock is the working days it had left (negative when it was already
late), so SQL can sort and filter on either without knowing the calendar.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .calendar import WorkingCalendar

DEFAULT_PROCESSING_DAYS = 20
MAX_PROCESSING_DAYS = 200


class ClockEvent(StrEnum):
    START = "submit"        # received complete: the clock starts with the full allowance
    PAUSE = "return"        # returned to the unit for more: the clock stops, the days left are kept
    RESUME = "resubmit"     # sent back: the clock goes on with the days left


@dataclass(frozen=True)
class Clock:
    due_on: date | None      # running: the last working day allowed
    days_left: int | None    # paused: working days still allowed (negative: already late by that many)

    @property
    def running(self) -> bool:
        return self.due_on is not None


STOPPED = Clock(None, None)


def start(calendar: WorkingCalendar, on: date, days: int) -> Clock:
    """Received on `on`: the allowance counts from the next working day, so `days` working days later is due."""
    return Clock(calendar.add_working_days(on, days), None)


def pause(calendar: WorkingCalendar, clock: Clock, on: date) -> Clock:
    """Returned on `on`: the working days after `on` up to the due date are kept; `on` itself was used."""
    if clock.due_on is None:
        return clock
    if on <= clock.due_on:
        return Clock(None, calendar.working_days_between(on, clock.due_on))
    return Clock(None, -calendar.working_days_between(clock.due_on, on))


def resume(calendar: WorkingCalendar, clock: Clock, on: date) -> Clock:
    """Sent back on `on`: the days left count from the next working day; a clock already late stays as late."""
    if clock.days_left is None:
        return clock
    if clock.days_left >= 0:
        return Clock(calendar.add_working_days(on, clock.days_left), None)
    return Clock(subtract_working_days(calendar, on, -clock.days_left), None)


def subtract_working_days(calendar: WorkingCalendar, end: date, n: int) -> date:
    """A day from which `end` lies `n` working days on: `working_days_between(result, end) == n`."""
    day = end
    while n:
        n -= calendar.is_working_day(day)
        day -= timedelta(days=1)
    return day


def replay(calendar: WorkingCalendar, days: int, events: Iterable[tuple[ClockEvent, date]]) -> Clock:
    """The clock after these events in order (a nomination's submit/return/resubmit history)."""
    clock = STOPPED
    for event, on in events:
        if event == ClockEvent.START:
            clock = start(calendar, on, days)
        elif event == ClockEvent.PAUSE:
            clock = pause(calendar, clock, on)
        elif event == ClockEvent.RESUME:
            clock = resume(calendar, clock, on)
    return clock


def working_days_late(calendar: WorkingCalendar, due_on: date, today: date) -> int:
    """Working days past the due date on `today` (0 on or before it): the one measure of "quá hạn"."""
    return calendar.working_days_between(due_on, today)
