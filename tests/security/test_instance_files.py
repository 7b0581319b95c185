"""The instance's files (issue 13, point 6): `init-db` works on a machine where the instance folder does not exist
yet, with or without SECRET_KEY, and what holds personal data is its owner's alone — the instance folder, the
file store and its folders 0700, the SQLite database and every stored file 0600, the signing keys' folder 0700.

The commands run as an operator runs them (`flask --app wsgi …` in a fresh process, the instance folder chosen by
VINHDANH_INSTANCE) under the usual umask 022, which alone would give 0755 folders and 0644 files."""
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from tests import factories
from tests.security.test_uploads import png, upload
from workflow.models import Attachment

ROOT = Path(__file__).resolve().parents[2]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def flask(instance: Path, *args: str, secret_key: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "BLOB_DIR", "SIGNING_P12_PATH", "SIGNING_P12_PASSWORD", "SECRET_KEY")}
    env |= {"VINHDANH_INSTANCE": str(instance), "PYTHONPATH": str(ROOT), "VINHDANH_ENV": "development"}
    if secret_key:
        env["SECRET_KEY"] = secret_key
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_init_db_with_a_secret_key_creates_the_missing_instance_folder_owner_only(tmp_path, usual_umask):
    instance = tmp_path / "srv" / "instance"
    result = flask(instance, "init-db", secret_key="khoa-bi-mat-tu-bien-moi-truong")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Đã chạy" in result.stdout
    database = instance / "vinhdanh.db"
    assert mode(instance) == 0o700 and mode(instance / "blobs") == 0o700 and mode(database) == 0o600
    assert not (instance / "secret_key").exists()   # the environment's key is the key
    # SQLite's journal and write-ahead files take the database file's permissions
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE scratch (x)")
        assert mode(instance / "vinhdanh.db-wal") == 0o600 and mode(instance / "vinhdanh.db-shm") == 0o600
    connection.close()


def test_without_a_secret_key_the_generated_key_and_the_signing_keys_are_owner_only(tmp_path, usual_umask):
    instance = tmp_path / "instance"
    result = flask(instance, "keys", "dev-generate", secret_key=None)
    assert result.returncode == 0, result.stderr[-2000:]
    assert mode(instance) == 0o700 and mode(instance / "secret_key") == 0o600
    keys = instance / "keys"
    assert mode(keys) == 0o700
    assert {f.name: mode(f) for f in keys.iterdir()} == {
        "signer.p12": 0o600, "signer.p12.password": 0o600, "dev-ca.pem": 0o600,
        "issuer-ed25519.pem": 0o600, "log-ed25519.pem": 0o600}   # issue 19's Ed25519 keys


def test_an_existing_database_readable_by_others_is_restricted_at_start(tmp_path, usual_umask):
    from workflow import create_app
    database = tmp_path / "old" / "vinhdanh.db"
    database.parent.mkdir()
    database.touch(mode=0o644)
    create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}", BLOB_DIR=str(tmp_path / "blobs"))
    assert mode(database) == 0o600 and mode(tmp_path / "old") == 0o700


def test_a_database_placed_in_a_shared_folder_like_tmp_leaves_that_folder_open(tmp_path, usual_umask):
    """A bench once put its SQLite file straight in /tmp and the start closed /tmp to everyone else (0700)."""
    from workflow import create_app
    shared = tmp_path / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{shared / 'bench.db'}", BLOB_DIR=str(tmp_path / "b"))
    assert mode(shared) == 0o1777 and mode(shared / "bench.db") == 0o600


def test_an_uploaded_file_is_stored_owner_only(app, session, world, store, signed_in, usual_umask):
    nomination = factories.make_nomination(session, world, store)
    session.commit()
    officer = signed_in(world.officer_a)
    assert upload(officer, nomination.id, png(), "anh-minh-chung.png").status_code == 302
    item = session.scalar(select(Attachment).where(Attachment.filename == "anh-minh-chung.png"))
    blob = store.path(item.sha256)
    assert mode(Path(app.config["BLOB_DIR"])) == 0o700
    assert mode(blob.parent) == 0o700 and mode(blob) == 0o600


def test_with_everything_kept_elsewhere_no_instance_folder_is_needed(tmp_path, usual_umask, monkeypatch):
    """PostgreSQL (or a database file elsewhere) and BLOB_DIR elsewhere: starting makes no instance folder, so a
    read-only installation keeps starting."""
    import workflow
    monkeypatch.setattr(workflow, "INSTANCE_DIR", tmp_path / "read-only" / "instance")
    app = workflow.create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'data' / 'v.db'}",
                              BLOB_DIR=str(tmp_path / "files"))
    assert app.instance_path == str(tmp_path / "read-only" / "instance")
    assert not (tmp_path / "read-only").exists()
    assert mode(tmp_path / "files") == 0o700 and mode(tmp_path / "data" / "v.db") == 0o600
