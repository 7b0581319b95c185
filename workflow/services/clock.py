"""The system's notion of now and today (Asia/Ho_Chi_Minh), with an offset only tests may move.

Working-day windows are counted in local dates; timestamps are stored as naive UTC.
"""
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_offset = timedelta(0)


def now() -> datetime:
    """Naive UTC, as stored."""
    return datetime.now(UTC).replace(tzinfo=None) + _offset


def today() -> date:
    return (datetime.now(UTC) + _offset).astimezone(LOCAL_TZ).date()


def local_date(moment: datetime) -> date:
    return local_time(moment).date()


def local_time(moment: datetime) -> datetime:
    """A stored (naive UTC) moment as the wall clock in Việt Nam read it, naive: what documents print."""
    return moment.replace(tzinfo=UTC).astimezone(LOCAL_TZ).replace(tzinfo=None)


def advance(days: int = 0, *, reset: bool = False) -> None:
    """Move the clock (tests and the test-only hook). Production never calls this."""
    global _offset
    _offset = timedelta(0) if reset else _offset + timedelta(days=days)
