"""What we tell the user about a background job now: honest progress. A job is "in progress" only while a
worker holds it and has reported within the heartbeat window; a job nobody works on is "stalled", never
"in progress" for half an hour after its worker died. Pure: the facts come in, the answer goes out."""
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from .i18n import N_

HEARTBEAT_WINDOW = timedelta(seconds=60)   # a batch (10 signatures, a 100-page print chunk) takes a few seconds
PICKUP_WINDOW = timedelta(minutes=2)       # a queued job no worker took within this: no worker is running


class Progress(StrEnum):
    WAITING = "waiting"           # queued (new or retrying later), a worker should take it soon
    IN_PROGRESS = "in_progress"   # a worker holds it and reported recently
    STALLED = "stalled"           # nobody works on it: its worker stopped, or no worker runs
    FAILED = "failed"             # retrying cannot fix it: the reason says what to do
    DONE = "done"


class JobFacts(Protocol):
    state: str
    next_attempt_at: datetime
    heartbeat_at: datetime | None
    error: str | None


@dataclass(frozen=True)
class Status:
    progress: Progress
    reason: str = ""   # Vietnamese: why it failed or stalled

    @property
    def active(self) -> bool:
        """The page should refresh itself: something is happening or about to."""
        return self.progress in (Progress.WAITING, Progress.IN_PROGRESS)


STALLED_WORKER = N_("Tiến trình xử lý nền đã ngừng báo tiến độ (có thể đã bị dừng). Việc sẽ được tự động tiếp tục "
                  "khi có tiến trình xử lý nền hoạt động; nếu tình trạng kéo dài, vui lòng báo quản trị hệ thống.")
NO_WORKER = N_("Chưa có tiến trình xử lý nền nào nhận việc này. Vui lòng báo quản trị hệ thống kiểm tra dịch vụ "
             "xử lý nền (flask jobs worker).")


def status(job: JobFacts | None, now: datetime, *, heartbeat_window: timedelta = HEARTBEAT_WINDOW,
           pickup_window: timedelta = PICKUP_WINDOW) -> Status | None:
    """None when there is no job. Times are naive UTC, as stored."""
    if job is None:
        return None
    if job.state == "done":
        return Status(Progress.DONE)
    if job.state == "failed":
        return Status(Progress.FAILED, job.error or "")
    if job.state == "running":
        if job.heartbeat_at is not None and now - job.heartbeat_at <= heartbeat_window:
            return Status(Progress.IN_PROGRESS)
        return Status(Progress.STALLED, STALLED_WORKER)
    if now - job.next_attempt_at <= pickup_window:
        return Status(Progress.WAITING, job.error or "")   # a retry keeps the last transient error to show
    return Status(Progress.STALLED, NO_WORKER)
