"""`flask backup PATH` and `flask restore PATH`: the database and the blob store, together.

A backup is a new directory: the database (SQLite through its online backup API, so a running server need not
stop; PostgreSQL through pg_dump's custom format), the uploaded and issued files (content-addressed, so a plain
copy), and manifest.json with the database file's sha256 and the audit chain's head at that moment. The database
is copied first: every file its rows name is already in the store when the files are copied.

Restoring replaces the whole database with the backup's, adds the backup's files to the store (a file is its
sha256, so nothing is overwritten) and verifies the audit chain. Stop the server first. Imports no views.
"""
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy.engine import URL

from .extensions import db
from .instance import private_folder
from .services import audit

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "vinhdanh.sqlite3"
PG_FILE = "vinhdanh.pgdump"
BLOBS = "blobs"


# --- backup --------------------------------------------------------------------------------------------------

def backup(target: Path) -> dict:
    """Write a backup into `target` (a new or empty directory) and return its manifest."""
    if target.exists() and any(target.iterdir()):
        raise click.ClickException(f"{target} đã có dữ liệu: chọn một thư mục mới (không ghi đè bản sao lưu cũ).")
    private_folder(target)  # a copy of the personal data: owner-only, as the instance is
    chain = audit.verify(db.session)
    db.session.rollback()  # release the read snapshot before copying
    dialect = db.engine.dialect.name
    name = _dump_sqlite(target / SQLITE_FILE) if dialect == "sqlite" else _pg_dump(target / PG_FILE)
    copied = _copy_blobs(Path(current_app.config["BLOB_DIR"]), target / BLOBS)
    manifest = {"format": FORMAT, "created_at": datetime.now(UTC).isoformat(timespec="seconds"), "dialect": dialect,
                "database": name, "sha256": _sha256(target / name), "blobs": copied,
                "audit": {"count": chain.count, "head": chain.head, "ok": chain.ok}}
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def _dump_sqlite(file: Path) -> str:
    """The online backup API: a consistent copy page by page, whatever other connections are doing."""
    with db.engine.connect() as connection:
        source = connection.connection.dbapi_connection
        with sqlite3.connect(file) as copy:
            source.backup(copy)
        copy.close()
    return file.name


def _pg_dump(file: Path) -> str:
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={file}",
          f"--dbname={_libpq_url()}"])
    return file.name


def _copy_blobs(store: Path, target: Path) -> int:
    copied = 0
    for blob in _blob_files(store):
        destination = target / blob.parent.name / blob.name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(blob, destination)
        copied += 1
    return copied


# --- restore -------------------------------------------------------------------------------------------------

def restore(source: Path) -> tuple[dict, audit.ChainReport, int]:
    """Replace the database with the backup's, add its files to the store; the manifest, the chain's report
    after the restore, and how many files were added."""
    manifest = read_manifest(source)
    if manifest["dialect"] != db.engine.dialect.name:
        raise click.ClickException(f"Bản sao lưu là của {manifest['dialect']}, cơ sở dữ liệu hiện tại là "
                                   f"{db.engine.dialect.name}.")
    database = source / manifest["database"]
    if _sha256(database) != manifest["sha256"]:
        raise click.ClickException(f"Tệp {database.name} không khớp mã sha256 ghi trong {MANIFEST}: bản sao lưu "
                                   "đã bị hỏng hoặc bị sửa. Không khôi phục.")
    db.session.remove()
    if manifest["dialect"] == "sqlite":
        _restore_sqlite(database)
    else:
        db.engine.dispose()  # pg_restore drops and recreates the tables: no connection of ours may hold them
        _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", f"--dbname={_libpq_url()}", str(database)])
    added = _restore_blobs(source / BLOBS, Path(current_app.config["BLOB_DIR"]))
    report = audit.verify(db.session)
    db.session.rollback()
    return manifest, report, added


def read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise click.ClickException(f"{source} không phải bản sao lưu của Vinh danh (thiếu {MANIFEST}).") from error
    if manifest.get("format") != FORMAT:
        raise click.ClickException(f"Định dạng sao lưu {manifest.get('format')} không được hỗ trợ.")
    return manifest


def _restore_sqlite(database: Path) -> None:
    """The backup API in the other direction: the live database's pages become the copy's, in one step."""
    with sqlite3.connect(database) as copy, db.engine.connect() as connection:
        copy.backup(connection.connection.dbapi_connection)
    copy.close()


def _restore_blobs(source: Path, store: Path) -> int:
    added = 0
    for blob in _blob_files(source):
        if hashlib.sha256(blob.read_bytes()).hexdigest() != blob.name:
            raise click.ClickException(f"Tệp {blob.name} trong bản sao lưu đã bị hỏng (sai mã sha256).")
        destination = store / blob.name[:2] / blob.name
        if not destination.exists():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(blob, destination)
            added += 1
    return added


# --- shared ----------------------------------------------------------------------------------------------

def _blob_files(root: Path):
    """The store's files: <2 hex>/<64 hex>; anything else (a half-written temporary) is not a blob."""
    if not root.is_dir():
        return
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and len(folder.name) == 2:
            yield from (f for f in sorted(folder.iterdir())
                        if f.is_file() and len(f.name) == 64 and f.name.startswith(folder.name))


def _sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with file.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _libpq_url() -> str:
    """The database URL as libpq reads it: no SQLAlchemy driver, no password (that goes in PGPASSWORD, out of
    the process list)."""
    url = db.engine.url
    return URL.create("postgresql", username=url.username, host=url.host, port=url.port, database=url.database,
                      query=url.query).render_as_string(hide_password=False)


def _pg_tool(name: str) -> str:
    """pg_dump and pg_restore of the newest server installed (the dump format follows the server version)."""
    configured = os.environ.get("PG_BIN_DIR")
    candidates = [Path(configured) / name] if configured else sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit()
        else 0, reverse=True)
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise click.ClickException(f"Không tìm thấy {name}: cài gói postgresql-client hoặc đặt PG_BIN_DIR.")
    return found


def _run(command: list[str]) -> None:
    environment = os.environ | ({"PGPASSWORD": db.engine.url.password} if db.engine.url.password else {})
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise click.ClickException(f"{Path(command[0]).name} thất bại: {result.stderr.strip()[-2000:]}")


# --- commands --------------------------------------------------------------------------------------------

@click.command("backup")
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Back up the database and the uploaded files into the new directory PATH."""
    manifest = backup(path)
    state = "toàn vẹn" if manifest["audit"]["ok"] else "BỊ HỎNG (vẫn sao lưu để điều tra)"
    click.echo(f"Đã sao lưu vào {path}: cơ sở dữ liệu {manifest['database']}, {manifest['blobs']} tệp; chuỗi nhật ký "
               f"{state}, {manifest['audit']['count']} sự kiện, hash đầu chuỗi {manifest['audit']['head']}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Không hỏi lại (dùng trong kịch bản tự động).")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database with the backup in PATH and add its files (stop the server first)."""
    manifest = read_manifest(path)
    if not yes:
        click.confirm(f"Toàn bộ dữ liệu hiện tại sẽ bị thay bằng bản sao lưu lúc {manifest['created_at']}. "
                      "Tiếp tục?", abort=True)
    manifest, report, added = restore(path)
    click.echo(f"Đã khôi phục bản sao lưu lúc {manifest['created_at']}; thêm {added} tệp vào kho tệp.")
    if not report.ok or (report.count, report.head) != (manifest["audit"]["count"], manifest["audit"]["head"]):
        click.echo(f"CHUỖI NHẬT KÝ KHÔNG KHỚP bản sao lưu: {report.count} sự kiện, hash {report.head}"
                   + (f" ({report.problem})" if not report.ok else ""), err=True)
        sys.exit(1)
    click.echo(f"Chuỗi nhật ký toàn vẹn: {report.count} sự kiện, hash đầu chuỗi {report.head}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
