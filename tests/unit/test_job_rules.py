"""Honest progress (workflow/rules/jobs.py): "in progress" only while a worker reported within the heartbeat
window; a running job whose worker went silent, or a queued one nobody takes, is stalled; a failure carries
its reason."""
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from workflow.rules.jobs import HEARTBEAT_WINDOW, NO_WORKER, PICKUP_WINDOW, STALLED_WORKER, Progress, Status, status

NOW = datetime(2026, 12, 5, 6, 0)


@dataclass
class Facts:
    state: str
    next_attempt_at: datetime = NOW
    heartbeat_at: datetime | None = None
    error: str | None = None


@pytest.mark.parametrize(("facts", "expected"), [
    (Facts("done"), Status(Progress.DONE)),
    (Facts("failed", error="Ổ đĩa đầy."), Status(Progress.FAILED, "Ổ đĩa đầy.")),
    (Facts("running", heartbeat_at=NOW - timedelta(seconds=5)), Status(Progress.IN_PROGRESS)),
    (Facts("running", heartbeat_at=NOW - HEARTBEAT_WINDOW), Status(Progress.IN_PROGRESS)),
    (Facts("running", heartbeat_at=NOW - HEARTBEAT_WINDOW - timedelta(seconds=1)),
     Status(Progress.STALLED, STALLED_WORKER)),
    (Facts("queued"), Status(Progress.WAITING)),
    (Facts("queued", next_attempt_at=NOW + timedelta(seconds=20), error="Lỗi tạm thời"),
     Status(Progress.WAITING, "Lỗi tạm thời")),
    (Facts("queued", next_attempt_at=NOW - PICKUP_WINDOW - timedelta(seconds=1)), Status(Progress.STALLED, NO_WORKER)),
], ids=["done", "failed", "fresh", "edge", "silent-worker", "new", "retry-later", "no-worker"])
def test_what_we_tell_the_user(facts, expected):
    assert status(facts, NOW) == expected


def test_only_waiting_and_in_progress_refresh_the_page_and_no_job_says_nothing():
    assert status(None, NOW) is None
    assert [p for p in Progress if Status(p).active] == [Progress.WAITING, Progress.IN_PROGRESS]
