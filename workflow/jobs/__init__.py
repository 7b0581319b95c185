"""The job queue: Huey carries job ids from the web processes to the workers; our `job` table is the source
of truth (workflow/models/jobs.py). Embedded default: SqliteHuey, a file in the instance folder, so `make run`
needs no extra server; JOB_QUEUE_URL=redis://… selects RedisHuey when web and workers run on several machines.

Huey alone would lose a task whose worker is killed (it has no acknowledgements): the sweeper in every worker
(`flask jobs worker`) hands the queue again any job queued but not taken, or running with a stale heartbeat,
and a worker claims a row atomically, so a job is never run twice at once and never lost."""
from __future__ import annotations

import logging
import threading
from datetime import timedelta
from pathlib import Path

from flask import Flask, current_app, has_app_context
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey

from ..extensions import db
from ..models import Job
from ..rules.jobs import Status, status
from ..services import clock
from ..services import jobs as outbox
from . import runner

log = logging.getLogger(__name__)
NAME = "vinhdanh"


def make_queue(app: Flask) -> Huey:
    """The app's Huey from JOB_QUEUE_URL: "" (a SQLite file in the instance folder), sqlite:///path, redis://…,
    rediss://…, unix://… or memory:// (one process only: tests)."""
    url = (app.config.get("JOB_QUEUE_URL") or "").strip()
    if url.startswith(("redis://", "rediss://", "unix://")):
        huey = RedisHuey(NAME, url=url, results=False)
    elif url == "memory://":
        huey = MemoryHuey(NAME, results=False)
    else:
        path = Path(url.removeprefix("sqlite:///")) if url else Path(app.instance_path) / "job-queue.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        huey = SqliteHuey(NAME, filename=str(path), results=False)

    @huey.task(name="run_job")
    def run_job(job_id: int) -> None:
        with app.app_context():
            try:
                runner.run(app, job_id)
            finally:
                db.session.remove()
    app.extensions["job_task"] = run_job
    return huey


def queue_of(app: Flask) -> Huey:
    return app.extensions["huey"]


def dispatch(job_id: int, app: Flask | None = None) -> None:
    """Hand a job's id to the queue. If the queue is down the row stays queued and the sweeper retries."""
    app = app or (current_app._get_current_object() if has_app_context() else None)
    if app is None:
        return
    try:
        app.extensions["job_task"](job_id)
    except Exception:
        log.exception("the job queue is not reachable; job %s waits for the sweeper", job_id)


def progress(job: Job | None, app: Flask | None = None) -> Status | None:
    """What every page says of a job now (rules/jobs.status): stalled once its heartbeat is older than
    JOB_HEARTBEAT_STALE_SECONDS, the sweeper's own threshold for handing it to another worker."""
    window = timedelta(seconds=(app or current_app).config["JOB_HEARTBEAT_STALE_SECONDS"])
    return status(job, clock.now(), heartbeat_window=window)


def reachable(app: Flask) -> bool:
    """The queue answers (for /readyz)."""
    try:
        queue_of(app).pending_count()
    except Exception as error:  # noqa: BLE001 - any failure of the queue's store means "not reachable"
        log.warning("job queue not reachable: %s", error)
        return False
    return True


def depth(app: Flask) -> int:
    """Jobs waiting for a worker, from our table (the source of truth), for the metrics."""
    with app.app_context():
        return outbox.depth(db.session)


def oldest_queued_age(app: Flask) -> float:
    """Seconds the oldest waiting job has been due (0 when none waits), for the metrics."""
    with app.app_context():
        return outbox.oldest_queued_age(db.session).total_seconds()


def sweep(app: Flask) -> list[int]:
    with app.app_context():
        try:
            return runner.sweep(app, lambda job_id: dispatch(job_id, app))
        finally:
            db.session.remove()


def schedule_checkpoint(app: Flask) -> int | None:
    """Queue the transparency log's periodic checkpoint when one is due (runner.schedule_checkpoint)."""
    with app.app_context():
        try:
            return runner.schedule_checkpoint(app)
        finally:
            db.session.remove()


def run_now(app: Flask, job_id: int) -> str | None:
    """Run one job in this process (the commands that must finish their work before returning), batch by
    batch. Returns its state afterwards."""
    with app.app_context():
        try:
            return runner.run(app, job_id, worker=f"{runner.worker_id()}:in-process")
        finally:
            db.session.remove()


def drain(app: Flask) -> int:
    """Execute what the queue holds, in this process, until it is empty (tests; a memory queue). Returns how
    many tasks ran."""
    huey, ran = queue_of(app), 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        ran += 1
    return ran


def work(app: Flask, *, workers: int = 2) -> None:
    """The worker process: Huey's consumer (threads), plus the sweeper every JOB_SWEEP_SECONDS (Huey's own
    periodic tasks run at most once a minute), which also queues the log's checkpoint when one is due.
    Stops on SIGINT/SIGTERM."""
    huey = queue_of(app)
    stop = threading.Event()

    def sweeping() -> None:
        while True:
            try:
                sweep(app)
                schedule_checkpoint(app)   # issue 19: the transparency log's periodic checkpoint
            except Exception:
                log.exception("the sweeper failed; it tries again")
            if stop.wait(app.config["JOB_SWEEP_SECONDS"]):
                return
    threading.Thread(target=sweeping, name="job-sweeper", daemon=True).start()
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=False)
    try:
        consumer.run()
    finally:
        stop.set()


def init_app(app: Flask) -> None:
    app.extensions["huey"] = make_queue(app)
    outbox.notify = dispatch
    from .cli import jobs_cli
    app.cli.add_command(jobs_cli)
