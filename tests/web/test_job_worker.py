"""A real worker process (`flask jobs worker`): Huey's consumer reading the SQLite queue file, and its sweeper.
It signs a decision whose job was handed to the queue, and one whose hand-over was lost (the web process
stopped right after its commit): the sweeper finds it in the job table. Stops cleanly on SIGTERM."""
import os
import signal
import subprocess  # nosec B404 - the test starts our own worker command
import sys
import time
from pathlib import Path

from sqlalchemy import select

from tests import factories
from tests.services.helpers import decide, endorsed_many
from workflow.models import Decision, Job, JobKind, JobState
from workflow.services.blobs import LocalFileStore

ROOT = Path(__file__).resolve().parents[2]


def test_a_worker_process_signs_what_was_queued_and_sweeps_what_the_queue_lost(tmp_path, signing_keys):
    from workflow import create_app
    from workflow.extensions import db
    from workflow.services import documents

    settings = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'app.sqlite3'}",
                "JOB_QUEUE_URL": f"sqlite:///{tmp_path / 'queue.sqlite3'}", "BLOB_DIR": str(tmp_path / "blobs"),
                "SIGNING_P12_PATH": str(signing_keys.p12_path), "SIGNING_P12_PASSWORD": signing_keys.password}
    app = create_app("testing", **settings)
    with app.app_context():
        db.create_all()
        world = factories.make_world(db.session)
        db.session.commit()
        store = LocalFileStore(settings["BLOB_DIR"])
        handed = decide(db.session, world, endorsed_many(db.session, world, store, 2))
        lost = decide(db.session, world, endorsed_many(db.session, world, store, 2))
        db.session.commit()
        documents.queue_missing(db.session, handed, by=world.chair, base_url="https://vinhdanh.example")
        db.session.commit()   # handed to the queue file now
        db.session.add(Job(kind=JobKind.ISSUE_DECISION, subject_id=lost.id, state=JobState.QUEUED, attempts=0,
                           base_url="https://vinhdanh.example", requested_by_id=world.chair.id))
        db.session.commit()   # never handed over
        ids = (handed.id, lost.id)
        db.session.remove()

    env = {**os.environ, "VINHDANH_ENV": "testing", "TEST_DATABASE_URL": settings["SQLALCHEMY_DATABASE_URI"],
           "TEST_JOB_QUEUE_URL": settings["JOB_QUEUE_URL"], "BLOB_DIR": settings["BLOB_DIR"],
           "SIGNING_P12_PATH": settings["SIGNING_P12_PATH"], "SIGNING_P12_PASSWORD": signing_keys.password,
           "JOB_SWEEP_SECONDS": "1"}
    flask = str(Path(sys.executable).with_name("flask"))
    worker = subprocess.Popen([flask, "--app", "wsgi", "jobs", "worker", "--workers", "2"], cwd=ROOT, env=env,  # nosec B603
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        states = _wait_for_jobs(app, timeout=120)
    finally:
        worker.send_signal(signal.SIGTERM)
        output = worker.communicate(timeout=30)[0]
    # the two decisions' jobs, and the transparency log's periodic checkpoint the worker's sweeper queued (issue 19)
    assert states == [(JobKind.ISSUE_DECISION, JobState.DONE)] * 2 + [(JobKind.CHECKPOINT, JobState.DONE)], \
        output[-3000:]
    with app.app_context():
        for decision_id in ids:
            decision = db.session.get(Decision, decision_id)
            assert decision.pdf_sha256 and all(line.certificate.pdf_sha256 for line in decision.lines)
        workers = set(db.session.scalars(select(Job.worker)))
        assert all(w and f":{worker.pid}:" in w for w in workers), workers   # the worker process did it
        db.session.remove()
    assert worker.returncode is not None


def _wait_for_jobs(app, timeout: float) -> list[str]:
    from workflow.extensions import db
    deadline = time.monotonic() + timeout
    while True:
        with app.app_context():
            states = [tuple(row) for row in db.session.execute(select(Job.kind, Job.state).order_by(Job.id))]
            db.session.remove()
        finished = all(s in (JobState.DONE, JobState.FAILED) for _, s in states)
        if finished and any(k == JobKind.CHECKPOINT for k, _ in states) or time.monotonic() > deadline:
            return states
        time.sleep(0.2)
