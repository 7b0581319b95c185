"""The file store's two backends (a local directory, the stored_file table) keep the same promises; the factory
picks the one FILE_STORE names; `flask files check` finds a missing file and an orphan, and `--clean` removes
only old orphans and temporaries, with one audit event."""
import hashlib
import os
import threading
from datetime import UTC, timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tests import factories
from workflow import create_app
from workflow.extensions import db
from workflow.files import file_store
from workflow.models import Attachment, AuditEvent, StoredFile
from workflow.models.base import utcnow
from workflow.services import file_check
from workflow.services.blobs import CHUNK, DatabaseFileStore, LocalFileStore
from workflow.services.queries import files as file_queries

LONG_AGO = utcnow() - timedelta(days=3)


@pytest.fixture(params=["local", "database"])
def backend(request, app):
    app.config["FILE_STORE"] = request.param
    return file_store(app)


def _age(store, name: str, when=LONG_AGO) -> None:
    """Make a stored file (or a local temporary) look written at `when`."""
    if isinstance(store, LocalFileStore):
        path = store.root / name if "/" in name or name.startswith(".") else store.path(name)
        moment = when.replace(tzinfo=UTC).timestamp()
        os.utime(path, (moment, moment))
    else:
        db.session.execute(update(StoredFile).where(StoredFile.sha256 == name).values(created_at=when))


def test_each_backend_round_trips_small_large_and_streamed_files(backend, session):
    small, large = b"%PDF-1.7 small", os.urandom(2 * CHUNK + 12345)
    name = backend.put(small)
    assert name == hashlib.sha256(small).hexdigest() and backend.put(small) == name   # idempotent
    with backend.writer() as out:
        for start in range(0, len(large), 100_000):
            out.write(large[start:start + 100_000])
    session.commit()
    assert out.sha256 == hashlib.sha256(large).hexdigest()
    assert backend.read(name) == small and backend.exists(name) and backend.size(out.sha256) == len(large)
    with backend.open(out.sha256) as stream:          # read in slices by the database backend
        assert b"".join(iter(lambda: stream.read(65536), b"")) == large
    assert sorted(entry.name for entry in backend.names()) == sorted([name, out.sha256])
    assert not backend.exists("0" * 64) and backend.size("0" * 64) is None
    with pytest.raises(FileNotFoundError):
        backend.read("0" * 64)
    with pytest.raises(ValueError):
        backend.exists("../" + name[3:])
    assert backend.reachable()


def test_delete_keeps_a_file_stored_again_since_the_limit(backend, session):
    name = backend.put(b"orphan")
    session.commit()
    _age(backend, name)
    backend.put(b"orphan")        # somebody stores the same content again: it is fresh
    assert not backend.delete(name, older_than=utcnow() - timedelta(days=1)) and backend.exists(name)
    _age(backend, name)
    assert backend.delete(name, older_than=utcnow() - timedelta(days=1))
    session.commit()
    assert not backend.exists(name) and list(backend.names()) == []


def test_a_failed_streamed_write_leaves_nothing(backend, session):
    with pytest.raises(RuntimeError), backend.writer() as out:
        out.write(b"half a print batch")
        raise RuntimeError("renderer died")
    session.commit()
    assert list(backend.names()) == [] and list(backend.temporaries()) == []


def test_two_sessions_storing_the_same_content_at_once_keep_one_file(app):
    """On PostgreSQL the second insert waits for the first transaction, then does nothing; no error."""
    first, second = Session(db.engine), Session(db.engine)
    store_a, store_b = DatabaseFileStore(lambda: first), DatabaseFileStore(lambda: second)
    name = store_a.put(b"same bytes")
    errors = []

    def other() -> None:
        try:
            store_b.put(b"same bytes")
            second.commit()
        except Exception as error:  # noqa: BLE001 - the test reports it
            errors.append(error)
    thread = threading.Thread(target=other)
    thread.start()
    thread.join(0.3)
    if db.engine.dialect.name == "postgresql":
        assert thread.is_alive()     # waiting on the first transaction's row (SQLite: one connection, no wait)
    first.commit()
    thread.join(10)
    try:
        assert errors == [] and db.session.scalar(select(func.count()).select_from(StoredFile)) == 1
        assert store_a.read(name) == b"same bytes"
    finally:  # read() began a transaction on `first` again: left open, it held TRUNCATE's lock (a hung PG run)
        first.close(), second.close()


def test_local_puts_of_the_same_content_from_many_threads_all_succeed(tmp_path):
    store, data, names, errors = LocalFileStore(tmp_path), os.urandom(300_000), [], []

    def put() -> None:
        try:
            names.append(store.put(data))
        except Exception as error:  # noqa: BLE001 - the test reports it
            errors.append(error)
    threads = [threading.Thread(target=put) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and set(names) == {hashlib.sha256(data).hexdigest()}
    assert store.read(names[0]) == data and list(store.temporaries()) == []


def test_the_factory_picks_the_backend_the_configuration_names(tmp_path, signing_keys):
    assert isinstance(file_store(create_app("testing", FILE_STORE="local", BLOB_DIR=str(tmp_path))), LocalFileStore)
    assert isinstance(file_store(create_app("testing", FILE_STORE="database")), DatabaseFileStore)
    with pytest.raises(ValueError, match="FILE_STORE='s3'"):
        create_app("testing", FILE_STORE="s3")


# --- flask files check ----------------------------------------------------------------------------------------

@pytest.fixture
def stored_world(backend, session, world, store):
    """A nomination with its report, plus a missing file, an old orphan, a young orphan (and an old temporary)."""
    nomination = factories.make_nomination(session, world, backend)
    attachment = nomination.attachments[0]
    session.commit()
    kept_old = attachment.sha256
    gone = factories.make_nomination(session, world, backend, name="Ông Trần Văn Mất").attachments[0]
    session.execute(update(Attachment).where(Attachment.id == gone.id).values(sha256="ab" * 32))
    old_orphan, young_orphan = backend.put(b"old orphan"), backend.put(b"young orphan")
    session.commit()
    _age(backend, old_orphan)
    _age(backend, kept_old)                      # referenced and old: never removed
    temporary = None
    if isinstance(backend, LocalFileStore):
        temporary = backend.root / ".incoming-crashed"
        temporary.write_bytes(b"half")
        _age(backend, ".incoming-crashed")
    session.commit()
    return backend, kept_old, gone.id, old_orphan, young_orphan, temporary


def test_check_reports_the_missing_file_and_the_orphans_and_fails(app, session, stored_world):
    store, kept, gone_id, old_orphan, young_orphan, temporary = stored_world
    report = file_check.check(session, store)
    assert [(r.source, r.row_id, r.sha256) for r in report.missing] == [("attachment", gone_id, "ab" * 32)]
    assert {e.name for e in report.orphans} == {old_orphan, young_orphan}
    assert [e.name for e in report.temporaries] == ([".incoming-crashed"] if temporary else [])
    assert kept in file_queries.referenced_names(session)
    result = app.test_cli_runner().invoke(args=["files", "check"])
    assert result.exit_code == 1
    assert f"attachment #{gone_id}: {'ab' * 32}" in result.output and "THIẾU 1 tệp" in result.output
    assert "Tệp mồ côi (không dòng nào tham chiếu): 2" in result.output


def test_clean_removes_only_old_orphans_and_temporaries_and_audits_them(app, session, stored_world):
    store, kept, _, old_orphan, young_orphan, temporary = stored_world
    result = app.test_cli_runner().invoke(args=["files", "check", "--clean"])
    assert result.exit_code == 1            # a file is still missing: cleaning does not make that right
    removed = [old_orphan] + ([".incoming-crashed"] if temporary else [])
    assert f"Đã xóa {len(removed)} tệp" in result.output
    session.expire_all()
    assert not store.exists(old_orphan) and store.exists(young_orphan) and store.exists(kept)
    assert temporary is None or not temporary.exists()
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "clean_files")).one()
    assert event.actor_name == "Hệ thống" and event.actor_id is None and event.role == "admin"
    assert event.changes["removed"] == len(removed) and sorted(event.changes["files"]) == sorted(removed)
    again = app.test_cli_runner().invoke(args=["files", "check", "--clean", "--older-than", "0m"])
    assert "Đã xóa 1 tệp" in again.output and not store.exists(young_orphan) and store.exists(kept)
    assert session.scalar(select(func.count()).where(AuditEvent.action == "clean_files")) == 2


def test_a_clean_store_passes_the_check(app, session, world, backend):
    factories.make_nomination(session, world, backend)
    session.commit()
    result = app.test_cli_runner().invoke(args=["files", "check"])
    assert result.exit_code == 0, result.output
    assert "Không thiếu tệp nào" in result.output and "mồ côi (không dòng nào tham chiếu): 0" in result.output


def test_copy_moves_every_file_to_the_other_backend_and_back(app, session, world, tmp_path):
    app.config["FILE_STORE"] = "local"
    local = file_store(app)
    nomination = factories.make_nomination(session, world, local)
    big = local.put(os.urandom(CHUNK + 1000))
    session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["files", "copy", "--to", "database"])
    assert result.exit_code == 0 and "Đã chép 2 tệp" in result.output and "FILE_STORE=database" in result.output
    database = file_store(app, "database")
    assert database.read(big) == local.read(big) and database.exists(nomination.attachments[0].sha256)
    assert "Đã chép 0 tệp" in runner.invoke(args=["files", "copy", "--to", "database"]).output   # idempotent
    app.config["BLOB_DIR"] = str(tmp_path / "elsewhere")
    back = runner.invoke(args=["files", "copy", "--to", "local"])
    assert back.exit_code == 0 and "Đã chép 2 tệp" in back.output
    assert file_store(app, "local").read(big) == database.read(big)


def test_discarding_a_name_removes_what_a_killed_writer_left_of_it(tmp_path):
    """A put is written beside its target as `.<sha256>.…` then renamed: a worker killed in between leaves that
    half file, which the job's next run removes with the name it had staged (runner.discard_staged)."""
    store = LocalFileStore(tmp_path)
    kept = store.put(b"kept")
    digest = hashlib.sha256(b"half").hexdigest()
    store.path(digest).parent.mkdir(parents=True, exist_ok=True)
    half = store.path(digest).parent / f".{digest}.x1y2z3"
    half.write_bytes(b"ha")   # as a put killed mid-write leaves it
    assert [t.name for t in store.temporaries()] == [str(half.relative_to(tmp_path))]
    store.discard(digest)
    assert not half.exists() and list(store.temporaries()) == [] and store.exists(kept)
