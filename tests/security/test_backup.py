"""Backup and restore (ASVS 5.0 §14.2.x, durability): `flask backup PATH` then more work, then `flask restore
PATH` gives back exactly the backed-up rows, the files they name, and an audit chain that verifies. A damaged
backup is refused before anything is touched. SQLite by default, PostgreSQL (pg_dump) with TEST_DATABASE_URL.
"""
import json
import os

import pytest
from sqlalchemy import select

from tests import factories
from tests.conftest import _reset_schema
from workflow import create_app
from workflow.extensions import db
from workflow.models import Attachment, Base, Nomination
from workflow.services import audit, nominations


@pytest.fixture(params=["file"] if os.environ.get("TEST_DATABASE_URL") else ["file", "memory"])
def app(request, tmp_path):
    """A database file as in production (and the tests' in-memory one), or PostgreSQL with TEST_DATABASE_URL."""
    overrides = {"BLOB_DIR": str(tmp_path / "blobs")}
    if request.param == "file" and not os.environ.get("TEST_DATABASE_URL"):
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path}/live.db"
    app = create_app("testing", **overrides)
    with app.app_context():
        _reset_schema()
        yield app
        db.session.remove()
        _reset_schema(create=False)
        db.engine.dispose()


def snapshot(session) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order."""
    session.expire_all()
    tables = {}
    for table in Base.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        tables[table.name] = [tuple(row) for row in session.execute(select(table).order_by(*order))]
    session.rollback()
    return tables


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=list(args), catch_exceptions=False)


def test_backup_more_work_then_restore_gives_back_the_backup_and_a_verified_chain(app, session, world, store,
                                                                                  tmp_path):
    kept = factories.submitted(session, world, store)
    session.commit()
    before, kept_blob = snapshot(session), kept.attachments[0].sha256
    result = run(app, "backup", str(tmp_path / "sao-luu"))
    assert result.exit_code == 0, result.output
    assert "Đã sao lưu" in result.output and "toàn vẹn" in result.output
    manifest = json.loads((tmp_path / "sao-luu" / "manifest.json").read_text())
    assert manifest["blobs"] >= 1 and manifest["audit"]["ok"]

    later = factories.make_nomination(session, world, store, name="Tập thể làm sau khi sao lưu")
    nominations.add_attachment(session, later, by=world.officer_a, store=store, filename="moi.pdf",
                               data=factories.PDF + b"% moi\n", kind=factories.AttachmentKind.OTHER)
    nominations.accept(session, kept, by=world.secretariat, expected_version=kept.version)
    session.commit()
    assert snapshot(session) != before
    kept_id, later_id = kept.id, later.id
    store.path(kept_blob).unlink()  # a file lost since the backup

    result = app.test_cli_runner().invoke(args=["restore", str(tmp_path / "sao-luu")], input="y\n")
    assert result.exit_code == 0, result.output
    assert "Chuỗi nhật ký toàn vẹn" in result.output
    assert snapshot(session) == before
    session = db.session  # the command ended the session the objects above belonged to
    assert session.get(Nomination, kept_id).state == "submitted"
    assert session.get(Nomination, later_id) is None
    assert store.read(kept_blob).startswith(b"%PDF")
    for sha in session.scalars(select(Attachment.sha256)):
        assert store.exists(sha)
    report = audit.verify(session)
    assert report.ok and (report.count, report.head) == (manifest["audit"]["count"], manifest["audit"]["head"])


def test_restore_asks_first_and_answering_no_changes_nothing(app, session, world, store, tmp_path):
    assert run(app, "backup", str(tmp_path / "b")).exit_code == 0
    factories.make_nomination(session, world, store)
    session.commit()
    before = snapshot(session)
    result = app.test_cli_runner().invoke(args=["restore", str(tmp_path / "b")], input="n\n")
    assert result.exit_code == 1 and "Tiếp tục?" in result.output
    assert snapshot(session) == before


def test_a_backup_never_overwrites_an_earlier_one(app, world, tmp_path):
    assert run(app, "backup", str(tmp_path / "b")).exit_code == 0
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "b")])
    assert result.exit_code == 1 and "đã có dữ liệu" in result.output


@pytest.mark.parametrize("damage", ["database", "blob", "manifest"])
def test_a_damaged_backup_is_refused_and_the_data_stays(app, session, world, store, tmp_path, damage):
    factories.submitted(session, world, store)
    session.commit()
    target = tmp_path / "b"
    assert run(app, "backup", str(target)).exit_code == 0
    manifest = json.loads((target / "manifest.json").read_text())
    if damage == "database":
        with (target / manifest["database"]).open("ab") as file:
            file.write(b"\0")
    elif damage == "blob":
        blob = next(p for p in (target / "blobs").rglob("*") if p.is_file())
        blob.write_bytes(b"not the file that was stored")
    else:
        (target / "manifest.json").write_text("{}")
    factories.make_nomination(session, world, store)
    session.commit()
    before = snapshot(session)
    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(target)])
    assert result.exit_code == 1
    assert any(word in result.output for word in ("bị hỏng", "không được hỗ trợ", "không khớp"))
    if damage != "blob":  # a bad file is found after the database is back: then the data is the backup's
        assert snapshot(session) == before


def test_the_database_url_reaches_pg_tools_without_its_password(monkeypatch):
    from sqlalchemy.engine import make_url

    from workflow import backup
    monkeypatch.setattr(type(db), "engine", property(lambda self: type("E", (), {
        "url": make_url("postgresql+psycopg://vinhdanh:bi-mat@db.internal:5433/vinhdanh?sslmode=require")})()))
    url = backup._libpq_url()
    assert url == "postgresql://vinhdanh@db.internal:5433/vinhdanh?sslmode=require"
    assert "bi-mat" not in url


def test_a_backup_folder_is_its_owners_alone(app, world, tmp_path):
    """A backup is a copy of the personal data: its folder is made 0700 whatever the umask (issue 13)."""
    import stat
    previous = os.umask(0o022)
    try:
        assert run(app, "backup", str(tmp_path / "sao-luu")).exit_code == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "sao-luu").stat().st_mode) == 0o700
