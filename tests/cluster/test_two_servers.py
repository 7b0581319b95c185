"""Two app servers (gunicorn, separate processes on two ports) and two job workers (`flask jobs worker`) sharing one
PostgreSQL database, one Redis queue and one file store folder, as docs/DEPLOY.md deploys them.

The data are made through the services in this process (tests/cluster/world.py); the chairperson then issues the
200-line decision over HTTP on server A, as the screen does. The test finds the worker that took the signing job,
kills it (SIGKILL, the whole process) once part of the certificates are signed, and reads the decision page on
server B while nobody works on the job: it must say the work was interrupted, not that it is in progress. The
other worker is held still (SIGSTOP) meanwhile so that moment can be seen; let go, it takes the job over when the
heartbeat is stale and finishes it.

Everything slow happens once, in the module-scoped `run` fixture; the tests check its outcome."""
import hashlib
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from tests import factories

# every test here reads the one run: under pytest-xdist (--dist loadgroup, as make test-pg runs) one worker has them all
pytestmark = pytest.mark.xdist_group("cluster")
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LINES = 200
KILL_AFTER = 25        # certificates signed when the signing worker is killed: mid-way, and mid-batch (10 a batch)
STALE_SECONDS = 10     # JOB_HEARTBEAT_STALE_SECONDS of the servers and workers (a batch of 10 takes 1-3 s here)
# a Redis database of the cluster's own (other tests' queues may use the server), one per pytest-xdist worker
REDIS_DATABASE = 5 + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
STALLED = "Việc ký số trong nền bị gián đoạn"     # the decision page, when nobody works on its signing job
IN_PROGRESS = "Đang ký số các tệp PDF trong nền"  # ... when a worker holds it and reported within the heartbeat


# --- processes ---------------------------------------------------------------------------------------------------

@dataclass
class Processes:
    folder: Path
    env: dict[str, str]
    running: dict[str, subprocess.Popen] = field(default_factory=dict)

    def start(self, name: str, *argv: str) -> subprocess.Popen:
        """A process in a session of its own (so it and any children can be killed together), logging to a file."""
        with (self.folder / f"{name}.log").open("wb") as log:
            process = subprocess.Popen(argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        self.running[name] = process
        return process

    def logs(self) -> str:
        """The end of every process's log, for a failure message."""
        return "\n".join(f"--- {path.name}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-15:])
                         for path in sorted(self.folder.glob("*.log")))

    def wait_for(self, condition: Callable[[], object], what: str, timeout: float) -> object:
        """Poll `condition` every 0.1 s until it answers something true; fail with the logs after `timeout` s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            answer = condition()
            if answer:
                return answer
            for name, process in self.running.items():
                assert process.poll() is None or name.startswith("killed"), \
                    f"{name} exited ({process.returncode}) while waiting for {what}\n{self.logs()}"
            time.sleep(0.1)
        raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}\n{self.logs()}")

    def stop_all(self) -> None:
        for process in self.running.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGCONT)
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.running.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _free_ports(count: int) -> list[int]:
    import socket
    sockets = [socket.socket() for _ in range(count)]
    for each in sockets:
        each.bind(("127.0.0.1", 0))
    ports = [each.getsockname()[1] for each in sockets]
    for each in sockets:
        each.close()
    return ports


def _serve(processes: Processes, name: str, port: int) -> str:
    processes.start(name, str(BIN / "gunicorn"), "--worker-class", "gthread", "--workers", "1", "--threads", "4",
                    "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--no-control-socket", "wsgi:app")
    return f"http://127.0.0.1:{port}"


def _answers(base: str) -> bool:
    try:
        return requests.get(f"{base}/login", timeout=10).status_code == 200
    except requests.RequestException:   # not listening yet, or still loading the app
        return False


# --- the shared database and queue -------------------------------------------------------------------------------

def _fresh_database(url: str) -> str:
    """A database of the cluster's own on the test server (other tests empty theirs between tests)."""
    base = make_url(url)
    name = f"{base.database}_cluster"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _drop_database(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    admin.dispose()


def _queue_url(url: str) -> str:
    """The Redis URL with the cluster's own database number, emptied."""
    import redis
    queue = urlsplit(url)._replace(path=f"/{REDIS_DATABASE}").geturl()
    redis.Redis.from_url(queue).flushdb()
    return queue


def _prepare(database: str, blobs: Path, keys) -> int:
    """The schema, the world and the endorsed draft, through the app in this process; returns the draft's id."""
    from tests.cluster.world import endorsed_draft
    from workflow import create_app
    from workflow.extensions import db

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database, BLOB_DIR=str(blobs),
                     SIGNING_P12_PATH=str(keys.p12_path), SIGNING_P12_PASSWORD=keys.password)
    with app.app_context():
        db.create_all()
        world = factories.make_world(db.session)
        draft = endorsed_draft(db.session, world, LINES)
        db.session.commit()
        draft_id = draft.id
        db.session.remove()
        db.engine.dispose()
    return draft_id


# --- what a browser does -----------------------------------------------------------------------------------------

def _hidden(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    assert match, f"no field {name} on the page"
    return match.group(1)


def _sign_in(base: str, username: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{base}/login", timeout=30).text
    response = browser.post(f"{base}/login", data={"csrf_token": _hidden(page, "csrf_token"), "username": username,
                                                   "password": factories.PASSWORD}, allow_redirects=False, timeout=30)
    assert response.status_code == 302, response.text[:500]
    return browser


def _issue(browser: requests.Session, base: str, draft_id: int) -> requests.Response:
    url = f"{base}/authority/drafts/{draft_id}/issue"
    page = browser.get(url, timeout=30).text
    return browser.post(url, data={"csrf_token": _hidden(page, "csrf_token"), "ids": _hidden(page, "ids"),
                                   "versions": _hidden(page, "versions")}, allow_redirects=False, timeout=120)


# --- the run ------------------------------------------------------------------------------------------------------

@dataclass
class Run:
    engine: Engine
    env: dict[str, str]
    blobs: Path
    decision_id: int
    signed_at_kill: int
    unclaimed_at_kill: int
    killed: subprocess.Popen
    survivor: subprocess.Popen
    page_while_stalled: str
    page_after: str
    decision_pdf: bytes
    seconds: dict[str, float]


def _signed(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(text("SELECT count(*) FROM certificate WHERE pdf_sha256 IS NOT NULL"))


def _stored(blobs: Path) -> int:
    """Files in the store (the world has none of its own: every one is a signed PDF, claimed or not yet)."""
    return sum(1 for path in blobs.rglob("*") if path.is_file()) if blobs.exists() else 0


def _signing_job(engine: Engine):
    with engine.connect() as conn:
        return conn.execute(text("SELECT id, state, worker, error FROM job WHERE kind = 'issue_decision'")).one_or_none()


def _worker_pid(job) -> int | None:
    """The process named on a running job's row (host:pid:thread)."""
    return int(job.worker.split(":")[1]) if job is not None and job.state == "running" and job.worker else None


def _freeze_mid_batch(processes: Processes, engine: Engine, blobs: Path, workers: list) -> subprocess.Popen:
    """Stop the signing worker (SIGSTOP) at a moment it has stored files its batch has not committed yet.

    Seen from outside, "stored > signed" may end between reading it and killing: the batch commits in between.
    So the worker is frozen first, a commit already sent is let finish, and the counts are read again while it
    cannot move; if its batch committed meanwhile, it is let go and caught at a later batch."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        processes.wait_for(lambda: _signed(engine) >= KILL_AFTER and _stored(blobs) > _signed(engine)
                           and _worker_pid(_signing_job(engine)), f"{KILL_AFTER} certificates signed", 120)
        pid = _worker_pid(_signing_job(engine))
        if pid is None:
            continue
        worker = next((w for w in workers if w.pid == pid or os.getpgid(pid) == w.pid), None)
        assert worker is not None, f"the job names pid {pid}, none of the workers {[w.pid for w in workers]}"
        os.killpg(worker.pid, signal.SIGSTOP)
        time.sleep(0.5)
        if _stored(blobs) > _signed(engine) and _signed(engine) < LINES:
            return worker
        os.killpg(worker.pid, signal.SIGCONT)
    raise AssertionError("the signing worker was never caught between storing files and committing its batch")


@pytest.fixture(scope="module")
def run(servers_environment, signing_keys, tmp_path_factory):
    started = time.monotonic()
    seconds: dict[str, float] = {}
    test_database, test_redis = servers_environment
    folder = tmp_path_factory.mktemp("cluster")
    blobs, instance = folder / "blobs", folder / "instance"
    database, queue = _fresh_database(test_database), _queue_url(test_redis)
    draft_id = _prepare(database, blobs, signing_keys)
    seconds["data"] = time.monotonic() - started
    ports = _free_ports(2)
    env = {name: value for name, value in os.environ.items() if not name.startswith(("TEST_", "PYTEST_"))} | {
        "VINHDANH_ENV": "development", "DATABASE_URL": database, "BLOB_DIR": str(blobs),
        "VINHDANH_INSTANCE": str(instance), "SECRET_KEY": secrets.token_hex(32),   # one for both servers
        "SIGNING_P12_PATH": str(signing_keys.p12_path), "SIGNING_P12_PASSWORD": signing_keys.password,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{ports[0]}", "JOB_QUEUE_URL": queue, "JOB_WORKERS": "1",
        "JOB_HEARTBEAT_STALE_SECONDS": str(STALE_SECONDS), "JOB_SWEEP_SECONDS": "0.5", "JOB_REDISPATCH_SECONDS": "1",
        "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    processes = Processes(folder, env)
    engine = create_engine(database)
    try:
        server_a, server_b = (_serve(processes, f"server-{name}", port) for name, port in zip("ab", ports))
        workers = [processes.start(f"worker-{n}", str(BIN / "flask"), "--app", "wsgi", "jobs", "worker")
                   for n in (1, 2)]
        for base in (server_a, server_b):
            processes.wait_for(lambda base=base: _answers(base), f"gunicorn at {base}", 60)
        seconds["servers up"] = time.monotonic() - started

        chair = _sign_in(server_a, "chutich")
        asked = time.monotonic()
        response = _issue(chair, server_a, draft_id)
        assert response.status_code == 302, response.text[:1000]
        seconds["issue request"] = time.monotonic() - asked
        with engine.connect() as conn:
            decision_id = conn.scalar(text("SELECT id FROM decision"))

        # Killed between storing a signed file and committing its batch: the moment that can leave orphans
        killed = _freeze_mid_batch(processes, engine, blobs, workers)
        survivor = next(w for w in workers if w is not killed)
        os.killpg(survivor.pid, signal.SIGSTOP)   # held still: nobody may take the job before the page is read
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait(timeout=10)
        processes.running[f"killed-{killed.pid}"] = processes.running.pop(
            next(name for name, each in processes.running.items() if each is killed))
        signed_at_kill = _signed(engine)
        unclaimed_at_kill = _stored(blobs) - signed_at_kill
        seconds["killed at"] = time.monotonic() - started

        # The other server's page (the same session cookie: the servers share SECRET_KEY and the database)
        page_url = f"{server_b}/authority/decisions/{decision_id}"
        page_while_stalled = processes.wait_for(
            lambda: (page := chair.get(page_url, timeout=30).text) and STALLED in page and page,
            "the decision page to say the signing was interrupted", STALE_SECONDS + 20)
        seconds["stalled shown after kill"] = time.monotonic() - started - seconds["killed at"]
        os.killpg(survivor.pid, signal.SIGCONT)

        processes.wait_for(lambda: (job := _signing_job(engine)) and job.state in ("done", "failed"),
                           "the surviving worker to finish the job", 240)
        seconds["finished"] = time.monotonic() - started
        page_after = chair.get(page_url, timeout=30).text
        decision_pdf = chair.get(f"{page_url}/decision.pdf", timeout=30).content
        yield Run(engine=engine, env=env, blobs=blobs, decision_id=decision_id, signed_at_kill=signed_at_kill,
                  unclaimed_at_kill=unclaimed_at_kill,
                  killed=killed, survivor=survivor, page_while_stalled=page_while_stalled, page_after=page_after,
                  decision_pdf=decision_pdf, seconds=seconds)
    finally:
        processes.stop_all()
        engine.dispose()
        _drop_database(database)
        print(f"\ntests/cluster timings (s): {({k: round(v, 1) for k, v in seconds.items()})}")


# --- the outcome ---------------------------------------------------------------------------------------------------

def test_the_worker_was_killed_half_way_through_the_signing(run):
    assert run.killed.returncode == -signal.SIGKILL
    assert KILL_AFTER <= run.signed_at_kill < LINES
    assert run.unclaimed_at_kill >= 1   # it had stored files of a batch it never committed


def test_the_other_server_says_the_signing_was_interrupted_while_the_heartbeat_is_stale(run):
    assert STALLED in run.page_while_stalled
    assert IN_PROGRESS not in run.page_while_stalled and "tự cập nhật" not in run.page_while_stalled
    assert 'http-equiv="refresh"' not in run.page_while_stalled


def test_the_surviving_worker_finished_the_job(run):
    job = _signing_job(run.engine)
    assert (job.state, job.error) == ("done", None)
    assert int(job.worker.split(":")[1]) == run.survivor.pid
    with run.engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM certificate WHERE pdf_sha256 IS NULL")) == 0
        assert conn.scalar(text("SELECT pdf_sha256 FROM decision WHERE id = :id"), {"id": run.decision_id})


def test_every_certificate_has_exactly_one_signed_file(run):
    with run.engine.connect() as conn:
        certificates = dict(conn.execute(text(
            "SELECT l.nomination_id, c.pdf_sha256 FROM certificate c JOIN decision_line l ON l.id = c.decision_line_id")).all())
        events = conn.execute(text("SELECT object_id, changes FROM audit_event WHERE action = 'issue_pdf' "
                                   "AND object_type = 'nomination'")).all()
    assert len(certificates) == LINES
    assert sorted(event.object_id for event in events) == sorted(certificates)   # one issuing event each
    for event in events:
        assert event.changes["sha256"] == certificates[event.object_id]
    for sha256 in certificates.values():
        data = (run.blobs / sha256[:2] / sha256).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha256 and b"/ByteRange" in data   # a signed PDF, intact


def test_no_file_in_the_store_is_unreferenced(run):
    """Every file in the shared folder is named by a row: nothing the killed worker wrote is left behind."""
    with run.engine.connect() as conn:
        columns = conn.execute(text("SELECT table_name, column_name FROM information_schema.columns "
                                    "WHERE table_schema = 'public' AND column_name LIKE '%sha256'")).all()
        referenced = set()
        for table, column in columns:
            referenced |= set(conn.scalars(text(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL')))  # nosec B608 - names from the catalogue
    stored = [path for path in run.blobs.rglob("*") if path.is_file()]
    orphans = [str(path.relative_to(run.blobs)) for path in stored if path.name not in referenced]
    assert len(stored) >= LINES + 1 and orphans == []


def test_the_audit_chain_verifies(run):
    verify = subprocess.run([str(BIN / "flask"), "--app", "wsgi", "audit", "verify"], check=False, cwd=ROOT,
                            env=run.env, capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_the_decision_page_on_the_other_server_shows_it_complete(run):
    assert "chưa có tệp PDF" not in run.page_after and STALLED not in run.page_after
    assert "Tải Quyết định (PDF có chữ ký số)" in run.page_after
    with run.engine.connect() as conn:
        stored = conn.scalar(text("SELECT pdf_sha256 FROM decision WHERE id = :id"), {"id": run.decision_id})
    assert hashlib.sha256(run.decision_pdf).hexdigest() == stored
