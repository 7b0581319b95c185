"""Running one job: claim its row atomically, do the work in small batches that each commit, report a heartbeat
after each batch, and record the outcome (done; queued again with backoff for a transient error; failed with a
Vietnamese reason when retrying cannot help). And the sweeper, which hands the queue what it lost or what a
killed worker left. Background runners own their session: they commit (db.session, in an app context)."""
from __future__ import annotations

import errno
import json
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from itertools import islice

from flask import Flask
from sqlalchemy import and_, func, or_, select, update

from ..extensions import db
from ..models import Decision, Job, JobKind, JobState, WebhookDelivery
from ..rules.errors import DomainError
from ..rules.i18n import N_
from ..services import clock, documents, transparency_log, webhooks
from ..services import jobs as outbox
from ..services.queries.files import referenced_names

log = logging.getLogger(__name__)
ISSUE_BATCH = 10   # files signed per transaction: short write locks, visible progress
DISK_FULL = N_("Ổ đĩa lưu trữ tệp đã đầy, chưa lưu được tệp. Vui lòng báo quản trị hệ thống giải phóng dung lượng, "
                "sau đó chạy lại.")


class JobLost(Exception):
    """The row was taken by another worker (ours was thought dead): stop without touching it."""


class Permanent(Exception):
    """Retrying cannot fix this; the message is the Vietnamese reason shown on the pages."""


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"[:120]


def settings(app: Flask) -> tuple[timedelta, int]:
    return timedelta(seconds=app.config["JOB_HEARTBEAT_STALE_SECONDS"]), app.config["JOB_MAX_ATTEMPTS"]


def claim(app: Flask, job_id: int, worker: str) -> bool:
    """Take the job if it is due, or if its worker stopped reporting: one UPDATE, so two workers never both
    run it. Commits."""
    stale, _ = settings(app)
    now = clock.now()
    taken = db.session.execute(
        update(Job).where(Job.id == job_id, or_(
            and_(Job.state == JobState.QUEUED, Job.next_attempt_at <= now),
            and_(Job.state == JobState.RUNNING, Job.heartbeat_at < now - stale)))
        .values(state=JobState.RUNNING, worker=worker, heartbeat_at=now, attempts=Job.attempts + 1)
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return taken == 1


def heartbeat(job_id: int, worker: str) -> None:
    """Report progress; JobLost if the job is no longer ours. Commits."""
    kept = db.session.execute(update(Job).where(Job.id == job_id, Job.worker == worker, Job.state == JobState.RUNNING)
                              .values(heartbeat_at=clock.now()).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    if kept != 1:
        raise JobLost(job_id)


def run(app: Flask, job_id: int, worker: str | None = None) -> str | None:
    """Claim and run the job; returns its state afterwards, or None if it was not ours to run."""
    worker = worker or worker_id()
    if not claim(app, job_id, worker):
        return None
    job = db.session.get(Job, job_id)
    _, max_attempts = settings(app)
    try:
        if job.attempts > max_attempts:
            raise Permanent(f"Đã thử {max_attempts} lần nhưng chưa hoàn thành (tiến trình xử lý bị dừng giữa chừng). "
                            "Vui lòng báo quản trị hệ thống.")
        HANDLERS[JobKind(job.kind)](app, job, lambda: heartbeat(job_id, worker))
    except JobLost:
        db.session.rollback()
        log.warning("job %s was taken over by another worker; %s stops", job_id, worker)
        return None
    except Exception as error:  # noqa: BLE001 - every failure is recorded on the row, for the pages
        db.session.rollback()
        reason, final = _failure(error)
        if not final and job.attempts >= max_attempts:
            reason, final = (f"Không thành công sau {job.attempts} lần thử ({type(error).__name__}). "
                             "Vui lòng báo quản trị hệ thống."), True
        if not final:
            log.warning("job %s: transient failure, will retry: %r", job_id, error)
        else:
            log.error("job %s failed: %s (%r)", job_id, reason, error)
        return _finish(job_id, worker, reason=reason, final=final, attempts=job.attempts)
    return _finish(job_id, worker)


def _failure(error: Exception) -> tuple[str, bool]:
    """The reason to show, and whether retrying cannot help."""
    if isinstance(error, Permanent):
        return str(error), True
    if isinstance(error, DomainError):   # the signing key missing or unreadable, no right to sign
        return error.message, True
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DISK_FULL, True
    return (f"Lỗi tạm thời khi xử lý ({type(error).__name__}); hệ thống sẽ tự thử lại.", False)


def _finish(job_id: int, worker: str, *, reason: str | None = None, final: bool = True,
            attempts: int = 0) -> str | None:
    now = clock.now()
    if reason is None:
        values = {"state": JobState.DONE, "finished_at": now, "error": None}
    elif final:
        values = {"state": JobState.FAILED, "finished_at": now, "error": reason}
    else:   # back in the queue after a pause that grows: 10 s, 20 s, 40 s, … at most 10 minutes
        pause = timedelta(seconds=min(10 * 2 ** (attempts - 1), 600))
        values = {"state": JobState.QUEUED, "next_attempt_at": now + pause, "dispatched_at": None, "error": reason}
    done = db.session.execute(update(Job).where(Job.id == job_id, Job.worker == worker, Job.state == JobState.RUNNING)
                              .values(**values).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return str(values["state"]) if done == 1 else None


# --- the kinds of work ------------------------------------------------------------------------------------------

def issue_decision(app: Flask, job: Job, beat: Callable[[], None]) -> None:
    """Sign and store the decision's missing files, ISSUE_BATCH per transaction, rendered ahead in the
    worker's render processes. Idempotent: each row is claimed once (documents.store_signed), so a job run
    again after its worker died continues where it stopped.

    Before a batch's files are stored, their names are committed on the job (`staged_files`), and cleared in
    the batch's own transaction: a worker killed in between leaves exactly those names, and the next run
    removes the ones no row refers to (re-signing makes new bytes, so they would stay orphans for ever)."""
    from ..press import press
    kit = replace(press(app, base_url=job.base_url or None), render_workers=app.config["PRINT_WORKERS"],
                  warm_renderers=app.config["JOB_WARM_RENDERERS"])
    discard_staged(job.id, kit.store)
    decision = db.session.get(Decision, job.subject_id)
    by = job.requested_by or decision.issued_by
    for batch in batched(documents.sign_missing(db.session, decision, press=kit, by=by), ISSUE_BATCH):
        _stage(job.id, json.dumps([each.sha256 for each in batch]))
        documents.store_signed(db.session, db.session.get(Decision, job.subject_id), batch, press=kit, by=by)
        _stage(job.id, None)   # in the batch's transaction: committed with its claims, or not at all
        beat()                 # commits


def batched(items, size: int):
    """Lists of `size` consecutive items (the last one shorter): itertools.batched of Python 3.12."""
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def _stage(job_id: int, names: str | None) -> None:
    db.session.execute(update(Job).where(Job.id == job_id).values(staged_files=names)
                       .execution_options(synchronize_session=False))
    if names is not None:
        db.session.commit()


def discard_staged(job_id: int, store) -> list[str]:
    """Remove the files a dead worker stored for this job but never committed (none that a row names).
    Commits."""
    staged = db.session.scalar(select(Job.staged_files).where(Job.id == job_id))
    if not staged:
        return []
    referenced = referenced_names(db.session)
    removed = [name for name in json.loads(staged) if name not in referenced]
    if not store.transactional:
        for name in removed:
            store.discard(name)
    _stage(job_id, None)
    db.session.commit()
    if removed:
        log.warning("job %s: removed %d file(s) a stopped worker stored but never committed", job_id, len(removed))
    return removed


def print_batch(app: Flask, job: Job, beat: Callable[[], None]) -> None:
    from ..press import press
    documents.run_print_job(db.session, job.subject_id, press=press(app, signing=False, base_url=job.base_url or None),
                            chunk_size=app.config["PRINT_CHUNK_PAGES"], workers=app.config["PRINT_WORKERS"],
                            heartbeat=beat)


def send_mail(app: Flask, job: Job, beat: Callable[[], None]) -> None:
    """The notifications' e-mail: everything due, not only the job's first message (workflow/mail.py)."""
    from .. import mail
    mail.deliver(app, job, beat)


def deliver_webhook(app: Flask, job: Job, beat: Callable[[], None]) -> None:
    """One attempt at a webhook (services.webhooks.send). The attempt is committed before a refusal is raised, so
    the delivery shows it; the job is then queued again with the pause that grows (_finish)."""
    delivery = db.session.get(WebhookDelivery, job.subject_id)
    try:
        webhooks.send(db.session, delivery, timeout=app.config["WEBHOOK_TIMEOUT"],
                      max_attempts=app.config["JOB_MAX_ATTEMPTS"])
    finally:
        db.session.commit()


def sign_checkpoint(app: Flask, job: Job, beat: Callable[[], None]) -> None:
    """A checkpoint of the transparency log as it is now (it may have grown past the size the job was queued
    for: the newest is what matters). Idempotent: one checkpoint per size."""
    from certificates.public_keys import KeyNotConfigured

    from ..log_key import log_signer
    try:
        signer = log_signer(app)
    except KeyNotConfigured as error:
        raise Permanent(str(error)) from None
    transparency_log.checkpoint(db.session, signer)
    db.session.commit()


HANDLERS: dict[JobKind, Callable[[Flask, Job, Callable[[], None]], None]] = {
    JobKind.ISSUE_DECISION: issue_decision, JobKind.PRINT: print_batch, JobKind.SEND_MAIL: send_mail,
    JobKind.DELIVER_WEBHOOK: deliver_webhook, JobKind.CHECKPOINT: sign_checkpoint}


# --- the sweeper ------------------------------------------------------------------------------------------------

def due(app: Flask) -> list[int]:
    """Jobs a worker should take now and that the queue may have lost: queued and due but not handed over
    recently, or running with a stale heartbeat (its worker was killed)."""
    stale, _ = settings(app)
    now = clock.now()
    resend = now - timedelta(seconds=app.config["JOB_REDISPATCH_SECONDS"])
    not_recent = or_(Job.dispatched_at.is_(None), Job.dispatched_at < resend)
    return list(db.session.scalars(select(Job.id).where(or_(
        and_(Job.state == JobState.QUEUED, Job.next_attempt_at <= now, not_recent),
        and_(Job.state == JobState.RUNNING, Job.heartbeat_at < now - stale, not_recent))).order_by(Job.id)))


def schedule_checkpoint(app: Flask) -> int | None:
    """The periodic checkpoint: queue one when the log grew, the latest checkpoint is LOG_CHECKPOINT_SECONDS old,
    and no checkpoint job was queued within that time (a failing one, say the key missing, is not queued again
    every sweep). Every worker's sweeper asks; jobs.queue keeps one per size, and the size is unique anyway.
    Commits; returns the new job's id, handed to the queue after the commit."""
    every = timedelta(seconds=app.config["LOG_CHECKPOINT_SECONDS"])
    size = transparency_log.due(db.session, every=every)
    last = db.session.scalar(select(func.max(Job.created_at)).where(Job.kind == JobKind.CHECKPOINT))
    if size is None or (last is not None and last > clock.now() - every):   # at most one try per period
        db.session.rollback()
        return None
    job = outbox.queue(db.session, JobKind.CHECKPOINT, size, by=None)
    db.session.commit()
    return job.id


def sweep(app: Flask, dispatch: Callable[[int], None]) -> list[int]:
    """Hand every job that `due` finds to the queue again, noting when; returns their ids. Commits."""
    ids = due(app)
    if ids:
        db.session.execute(update(Job).where(Job.id.in_(ids)).values(dispatched_at=clock.now())
                           .execution_options(synchronize_session=False))
        db.session.commit()
        for job_id in ids:
            dispatch(job_id)
        log.info("sweeper handed %d job(s) to the queue: %s", len(ids), ids)
    return ids
