"""The outbox of background work: a service that needs work after its request writes a Job row in its own
transaction (`queue`); once that transaction commits, the job's id is handed to the queue (the notifier that
workflow/jobs installs), and if the process stops before that, the sweeper hands it over later. Plain
SQLAlchemy: never imports flask; never commits."""
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Job, JobKind, JobState, User
from ..rules.errors import InvalidTransition
from ..rules.states import Action
from . import audit, clock
from .after_commit import call_after_commit


def _no_queue(job_id: int) -> None:   # until workflow.jobs installs the app's queue: the sweeper finds it
    return None


notify: Callable[[int], None] = _no_queue


def queue(session: Session, kind: JobKind, subject_id: int, *, by: User | None, base_url: str = "",
          now: datetime | None = None) -> Job:
    """A new job for `subject_id`, unless one of this kind is already waiting or running for it (then that
    one). Handed to a worker after the caller commits; never if it rolls back."""
    current = active(session, kind, subject_id)
    if current is not None:
        return current
    job = Job(kind=kind, subject_id=subject_id, state=JobState.QUEUED, attempts=0, base_url=base_url,
              requested_by_id=by.id if by else None, created_at=now or clock.now(),
              next_attempt_at=now or clock.now(), dispatched_at=now or clock.now())
    session.add(job)
    session.flush()
    _notify_after_commit(session, job.id)
    return job


def retry(session: Session, job: Job, *, by: User, now: datetime | None = None) -> Job:
    """Put a failed (or stalled) job back in the queue: the administrator's button after fixing the cause
    (space freed, key configured). Audited; the work itself runs in a worker, never in the request."""
    if job.state == JobState.DONE:
        raise InvalidTransition("Việc này đã hoàn thành, không cần chạy lại.")
    previous = job.state
    job.state, job.attempts, job.worker, job.heartbeat_at = JobState.QUEUED, 0, None, None
    job.next_attempt_at = job.dispatched_at = now or clock.now()
    job.finished_at = None
    audit.record(session, by=by, action=Action.RETRY_JOB, object_type="job", object_id=job.id, from_state=previous,
                 to_state=JobState.QUEUED, changes={"kind": job.kind, "subject_id": job.subject_id,
                                                     "error": job.error or ""}, now=now)
    job.error = None
    session.flush()
    _notify_after_commit(session, job.id)
    return job


def _notify_after_commit(session: Session, job_id: int) -> None:
    call_after_commit(session, lambda: notify(job_id))


def active(session: Session, kind: JobKind, subject_id: int) -> Job | None:
    return session.scalar(select(Job).where(Job.kind == kind, Job.subject_id == subject_id,
                                            Job.state.in_((JobState.QUEUED, JobState.RUNNING))).order_by(Job.id))


def latest(session: Session, kind: JobKind, subject_id: int) -> Job | None:
    """The subject's most recent job of this kind (what its page reports)."""
    return session.scalar(select(Job).where(Job.kind == kind, Job.subject_id == subject_id)
                          .order_by(Job.id.desc()).limit(1))


def latest_of(session: Session, kind: JobKind, subject_ids: list[int]) -> dict[int, Job]:
    """Each subject's most recent job of this kind (a list page)."""
    found: dict[int, Job] = {}
    for job in session.scalars(select(Job).where(Job.kind == kind, Job.subject_id.in_(subject_ids))
                               .order_by(Job.id)):
        found[job.subject_id] = job
    return found


def listing(state: str | None = None):
    """The admin's view: newest first, optionally one state."""
    query = select(Job).order_by(Job.id.desc())
    return query.where(Job.state == state) if state else query


def subjects(session: Session, found: list[Job]) -> dict[int, str]:
    """Each job's subject in words, for the admin's list: the decision's number (its print batch's)."""
    from ..models import Decision, PrintJob
    decisions = {j.subject_id for j in found if j.kind == JobKind.ISSUE_DECISION}
    prints = {j.subject_id for j in found if j.kind == JobKind.PRINT}
    numbers = dict(session.execute(select(Decision.id, Decision.number).where(Decision.id.in_(decisions))).all())
    printed = dict(session.execute(select(PrintJob.id, Decision.number).join(PrintJob.decision)
                                   .where(PrintJob.id.in_(prints))).all())
    return {j.id: (numbers.get(j.subject_id, "—") if j.kind == JobKind.ISSUE_DECISION
                   else printed.get(j.subject_id, "—")) for j in found}


def depth(session: Session) -> int:
    """Jobs waiting for a worker (queued), for the metrics."""
    return session.scalar(select(func.count()).select_from(Job).where(Job.state == JobState.QUEUED)) or 0


def oldest_queued_age(session: Session, now: datetime | None = None) -> timedelta:
    """How long the oldest waiting job has been due (zero when none waits), for the metrics."""
    due = session.scalar(select(func.min(Job.next_attempt_at)).where(Job.state == JobState.QUEUED))
    return max((now or clock.now()) - due, timedelta(0)) if due else timedelta(0)


def stats(session: Session, now: datetime | None = None) -> dict[str, float | int]:
    """The queue's figures for /metrics: jobs waiting, the oldest one's wait in seconds, jobs failed for good."""
    failed = session.scalar(select(func.count()).select_from(Job).where(Job.state == JobState.FAILED)) or 0
    return {"depth": depth(session), "oldest_age_s": oldest_queued_age(session, now).total_seconds(),
            "failed": failed}
