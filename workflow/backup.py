"""`flask backup PATH` and `flask restore PATH`: the database and the file store, together.

A backup is a new directory: the database (SQLite through its online backup API, so a running server need not
stop; PostgreSQL through pg_dump's custom format), the uploaded and issued files (content-addressed, so a plain
copy), and manifest.json: the database file's sha256 and size, the list of files (their sha256 names) and their
count, and the audit chain's head. The head is read from the copy itself, after the copy: from the SQLite copy
file, or on PostgreSQL inside the very snapshot pg_dump used (pg_export_snapshot), so a backup taken while
requests go on writing is consistent and restores cleanly. The database is copied before the files: every file
its rows name is already in the store when the files are copied.

Restoring never destroys: everything is checked before the live data is touched, in this order: every file's
sha256 against its name and the manifest's list, the file count, the database file's sha256; then the database
is restored into a NEW location (SQLite: a new file beside the live one; PostgreSQL: a new database) and the
audit chain of that copy is verified and compared with the manifest's head. Only then are the backup's files
added to the store (a file is its sha256: nothing is overwritten; on a failure the ones added are removed) and
the new database swapped in, in one step: SQLite by os.replace of the file (the old file is kept beside it as
`<name>.before-restore-<time>`), PostgreSQL by renaming the live database to `<name>_before_restore_<time>` and
the new one to the live name in one transaction (the old one is kept; drop it once the restore is checked).
On any refusal the live database and the file store are byte-for-byte as they were.

STOP THE APPLICATION (web servers and workers) before restoring: the swap refuses while another session uses the
PostgreSQL database, but an idle SQLite connection of another process cannot be seen. Imports no views.
"""
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from .extensions import db
from .instance import private_folder
from .models import StoredFile
from .services import audit

FORMAT = 2  # 2: the manifest lists the files; 1 (read too): their count only
MANIFEST = "manifest.json"
SQLITE_FILE = "vinhdanh.sqlite3"
PG_FILE = "vinhdanh.pgdump"
BLOBS = "blobs"


class Refused(click.ClickException):
    """A restore refused before the live data was touched (exit 1)."""

    def __init__(self, message: str):
        super().__init__(f"{message} Không khôi phục: dữ liệu hiện tại giữ nguyên.")


# --- backup --------------------------------------------------------------------------------------------------

def backup(target: Path) -> dict:
    """Write a backup into `target` (a new or empty directory) and return its manifest."""
    if target.exists() and any(target.iterdir()):
        raise click.ClickException(f"{target} đã có dữ liệu: chọn một thư mục mới (không ghi đè bản sao lưu cũ).")
    private_folder(target)  # a copy of the personal data: owner-only, as the instance is
    db.session.rollback()  # no read snapshot of ours held open while copying
    dialect = db.engine.dialect.name
    if dialect == "sqlite":
        name, chain = _dump_sqlite(target / SQLITE_FILE)
    else:
        name, chain = _pg_dump(target / PG_FILE)
    store = file_store()
    files = store.copy_into(target / BLOBS)
    manifest = {"format": FORMAT, "created_at": datetime.now(UTC).isoformat(timespec="seconds"), "dialect": dialect,
                "file_store": store.kind,
                "database": name, "sha256": _sha256(target / name), "size": (target / name).stat().st_size,
                "blobs": len(files), "files": files,
                "audit": {"count": chain.count, "head": chain.head, "ok": chain.ok}}
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def _dump_sqlite(file: Path) -> tuple[str, audit.ChainReport]:
    """The online backup API: a consistent copy page by page, whatever other connections are doing; then the
    chain as the copy has it."""
    with db.engine.connect() as connection:
        source = connection.connection.dbapi_connection
        with sqlite3.connect(file) as copy:
            source.backup(copy)
        copy.close()
    with _sqlite_session(file) as session:
        return file.name, audit.verify(session)


def _pg_dump(file: Path) -> tuple[str, audit.ChainReport]:
    """pg_dump inside a snapshot this transaction exports, and the chain read in that same snapshot: what the
    manifest says is exactly what the dump holds, however many events were appended meanwhile."""
    with db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
        snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
              f"--file={file}", f"--dbname={_libpq_url()}"])
        chain = audit.verify(Session(bind=connection), lock_head=False)
        connection.rollback()
    return file.name, chain


# --- restore -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Restored:
    manifest: dict
    report: audit.ChainReport
    added: int
    kept: str  # where the replaced database was kept


def restore(source: Path) -> Restored:
    """Check the whole backup, restore its database into a new location and verify it there, add its files,
    then swap the new database in. Raises Refused, with the live data untouched, at the first problem."""
    manifest = read_manifest(source)
    dialect = db.engine.dialect.name
    if manifest["dialect"] != dialect:
        raise Refused(f"Bản sao lưu là của {manifest['dialect']}, cơ sở dữ liệu hiện tại là {dialect}.")
    store = file_store()
    if manifest.get("file_store", "local") != store.kind:
        raise Refused(f"Bản sao lưu giữ tệp ở nơi lưu «{manifest.get('file_store', 'local')}», ứng dụng đang dùng "
                      f"FILE_STORE={store.kind}: đặt FILE_STORE như lúc sao lưu, khôi phục, rồi chuyển bằng "
                      "`flask files copy`.")
    store.check_backup(source / BLOBS, manifest)
    database = source / manifest["database"]
    _check_database_file(database, manifest)
    db.session.remove()
    staged = _SqliteStage(database) if dialect == "sqlite" else _PostgresStage(database)
    try:
        try:
            staged.load()
            report = staged.verify()
            with staged.session() as session:
                store.check_staged(session)
        except (sqlite3.DatabaseError, SQLAlchemyError) as error:
            raise Refused(f"Không đọc được cơ sở dữ liệu trong bản sao lưu ({str(error).splitlines()[0]}).") from error
        _check_chain(report, manifest)
        added = store.add_from(source / BLOBS)
        try:
            kept = staged.swap()
        except BaseException:
            store.remove(added)
            raise
    finally:
        staged.discard()
    db.session.remove()
    return Restored(manifest, audit.verify(db.session), len(added), kept)


def read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise Refused(f"{source} không phải bản sao lưu của Vinh danh (thiếu hoặc hỏng {MANIFEST}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") not in (1, FORMAT):
        raise Refused(f"Định dạng sao lưu {manifest.get('format') if isinstance(manifest, dict) else '?'} "
                      "không được hỗ trợ.")
    missing = [key for key in ("dialect", "database", "sha256", "blobs", "audit", "created_at") if key not in manifest]
    if missing:
        raise Refused(f"{MANIFEST} thiếu mục {', '.join(missing)}: bản sao lưu không đầy đủ.")
    return manifest


def _check_database_file(database: Path, manifest: dict) -> None:
    if manifest["database"] not in (SQLITE_FILE, PG_FILE) or not database.is_file():
        raise Refused(f"Thiếu tệp cơ sở dữ liệu {manifest['database']} trong bản sao lưu.")
    if "size" in manifest and database.stat().st_size != manifest["size"]:
        raise Refused(f"Tệp {database.name} có {database.stat().st_size} byte, {MANIFEST} ghi {manifest['size']}: "
                      "bản sao lưu bị cắt cụt hoặc bị sửa.")
    if _sha256(database) != manifest["sha256"]:
        raise Refused(f"Tệp {database.name} không khớp mã sha256 ghi trong {MANIFEST}: bản sao lưu đã bị hỏng "
                      "hoặc bị sửa.")


def _check_chain(report: audit.ChainReport, manifest: dict) -> None:
    if not report.ok:
        raise Refused(f"Chuỗi nhật ký trong bản sao lưu bị hỏng tại seq={report.bad_seq}: {report.problem}.")
    expected = (manifest["audit"].get("count"), manifest["audit"].get("head"))
    if (report.count, report.head) != expected:
        raise Refused(f"Chuỗi nhật ký trong bản sao lưu ({report.count} sự kiện, hash {report.head}) không khớp "
                      f"{MANIFEST} ({expected[0]} sự kiện, hash {expected[1]}).")


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d%H%M%S")


class _SqliteStage:
    """The backup's database as a new file beside the live one (same file system: the swap is one rename);
    an in-memory database (the tests') takes the verified copy's pages through the backup API instead."""

    def __init__(self, database: Path):
        self.source = database
        name = db.engine.url.database
        self.live = Path(name) if name and name != ":memory:" else None
        folder = self.live.parent if self.live else Path(tempfile.mkdtemp(prefix="vinhdanh-restore-"))
        self.file = folder / f".{self.live.name if self.live else 'memory'}.restore-{os.getpid()}"
        self.temporary_folder = None if self.live else folder

    def load(self) -> None:
        shutil.copyfile(self.source, self.file)
        os.chmod(self.file, self.live.stat().st_mode & 0o777 if self.live and self.live.exists() else 0o600)
        if _sha256(self.file) != _sha256(self.source):
            raise Refused(f"Bản chép {self.file} khác bản sao lưu (lỗi đĩa?).")
        with sqlite3.connect(self.file) as check:
            result = check.execute("PRAGMA integrity_check").fetchone()
        check.close()
        if not result or result[0] != "ok":
            raise Refused(f"Tệp cơ sở dữ liệu trong bản sao lưu bị hỏng: {result[0] if result else '?'}.")

    def verify(self) -> audit.ChainReport:
        with _sqlite_session(self.file) as session:
            return audit.verify(session)

    def session(self):
        return _sqlite_session(self.file)

    def swap(self) -> str:
        db.session.remove()
        db.engine.dispose()
        if self.live is None:  # in memory: the verified copy's pages become the live database's, in one step
            with sqlite3.connect(self.file) as copy, db.engine.connect() as connection:
                copy.backup(connection.connection.dbapi_connection)
            copy.close()
            return ""
        busy = [p.name for p in (Path(f"{self.live}-journal"), Path(f"{self.live}-wal")) if p.exists()]
        if busy:
            raise Refused(f"{', '.join(busy)} còn đó: một tiến trình khác đang dùng cơ sở dữ liệu. Dừng ứng dụng "
                          "(máy chủ web và tiến trình nền) rồi khôi phục lại.")
        kept = self.live.with_name(f"{self.live.name}.before-restore-{_stamp()}")
        for again in range(2, 100):   # a second restore within the same second keeps its own copy too
            if not kept.exists():
                break
            kept = self.live.with_name(f"{self.live.name}.before-restore-{_stamp()}-{again}")
        if self.live.exists():
            os.link(self.live, kept)  # the replaced database stays on disk until the operator removes it
        os.replace(self.file, self.live)
        return str(kept) if self.live.exists() else ""

    def discard(self) -> None:
        with suppress(FileNotFoundError):
            self.file.unlink()
        if self.temporary_folder:
            shutil.rmtree(self.temporary_folder, ignore_errors=True)


class _PostgresStage:
    """The backup restored into a new database on the same server; the swap renames databases in one
    transaction. Needs the CREATEDB right and ownership of the live database (the usual owner account)."""

    def __init__(self, dump: Path):
        self.dump = dump
        self.live = db.engine.url.database
        self.name = f"{self.live[:40]}_restore_{_stamp()}"
        self.created = False

    def load(self) -> None:
        with _maintenance() as connection:
            connection.execute(text(f"CREATE DATABASE {_ident(self.name)}"))
        self.created = True
        _run([_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
              f"--dbname={_libpq_url(self.name)}", str(self.dump)], refuse=True)

    def verify(self) -> audit.ChainReport:
        with self.session() as session:
            return audit.verify(session)

    @contextmanager
    def session(self) -> Iterator[Session]:
        engine = create_engine(db.engine.url.set(database=self.name))
        try:
            with Session(engine) as session:
                yield session
        finally:
            engine.dispose()

    def swap(self) -> str:
        db.session.remove()
        db.engine.dispose()
        kept = f"{self.live[:40]}_before_restore_{_stamp()}"
        with _maintenance() as connection:
            others = connection.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = :name"),
                                        {"name": self.live}).scalar_one()
            if others:
                raise Refused(f"{others} phiên khác đang dùng cơ sở dữ liệu {self.live}. Dừng ứng dụng (máy chủ web "
                              "và tiến trình nền) rồi khôi phục lại.")
            connection.execute(text("BEGIN"))
            connection.execute(text(f"ALTER DATABASE {_ident(self.live)} RENAME TO {_ident(kept)}"))
            connection.execute(text(f"ALTER DATABASE {_ident(self.name)} RENAME TO {_ident(self.live)}"))
            connection.execute(text("COMMIT"))
        self.created = False
        return kept

    def discard(self) -> None:
        if self.created:
            with _maintenance() as connection:
                connection.execute(text(f"DROP DATABASE IF EXISTS {_ident(self.name)}"))


@contextmanager
def _maintenance() -> Iterator[Connection]:
    """An autocommit connection to another database of the server (CREATE, DROP and RENAME DATABASE)."""
    other = "template1" if db.engine.url.database == "postgres" else "postgres"
    engine = create_engine(db.engine.url.set(database=other), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@contextmanager
def _sqlite_session(file: Path) -> Iterator[Session]:
    engine = create_engine(f"sqlite:///{file}")
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


# --- files ---------------------------------------------------------------------------------------------------
# Everything a backup and a restore do with the file store is here. The local store (BLOB_DIR) keeps each file
# under <2 hex>/<64 hex>, its sha256. A store whose files live in the database (FILE_STORE=database) has them
# in the dump already: it copies nothing here and checks its rows' sha256 in the staged copy instead.

def file_store() -> "LocalFiles | DatabaseFiles":
    if current_app.config.get("FILE_STORE", "local") == "database":
        return DatabaseFiles()
    return LocalFiles(Path(current_app.config["BLOB_DIR"]))


class DatabaseFiles:
    """FILE_STORE=database: the files are rows of `stored_file`, inside the dump and its manifest hash."""

    kind = "database"

    def copy_into(self, target: Path) -> list[str]:
        return []

    @staticmethod
    def check_backup(folder: Path, manifest: dict) -> None:
        if manifest["blobs"] or (folder.is_dir() and any(p.is_file() for p in folder.rglob("*"))):
            raise Refused("Bản sao lưu của kho tệp trong cơ sở dữ liệu lại có tệp rời: bản sao lưu không đúng.")

    @staticmethod
    def check_staged(session: Session) -> None:
        """Every stored file in the restored copy has the content its name (sha256) and size say."""
        rows = session.execute(select(StoredFile.sha256, StoredFile.size, StoredFile.bytes)
                               .execution_options(yield_per=50))
        for name, size, data in rows:
            if len(data) != size or hashlib.sha256(data).hexdigest() != name:
                raise Refused(f"Tệp {name} trong cơ sở dữ liệu của bản sao lưu đã bị hỏng (nội dung không khớp "
                              "mã sha256).")

    def add_from(self, folder: Path) -> list[Path]:
        return []

    @staticmethod
    def remove(added: list[Path]) -> None:
        pass


class LocalFiles:
    kind = "local"

    def __init__(self, root: Path):
        self.root = root

    @staticmethod
    def check_staged(session: Session) -> None:
        """The files are checked in the backup's folder (check_backup)."""

    def copy_into(self, target: Path) -> list[str]:
        """Copy every file of the store into the backup; their names (sha256), sorted."""
        names = []
        for blob in _blob_files(self.root):
            destination = target / blob.parent.name / blob.name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(blob, destination)
            names.append(blob.name)
        return names

    @staticmethod
    def check_backup(folder: Path, manifest: dict) -> None:
        """Every file the manifest lists is there with the right content, nothing else is, and the count agrees."""
        present = {str(p.relative_to(folder)): p for p in folder.rglob("*") if p.is_file()} if folder.is_dir() else {}
        listed = manifest.get("files")
        if listed is not None and len(listed) != manifest["blobs"]:
            raise Refused(f"{MANIFEST} ghi {manifest['blobs']} tệp nhưng liệt kê {len(listed)}: bản kê khai sai.")
        if len(present) != manifest["blobs"]:
            raise Refused(f"Bản sao lưu có {len(present)} tệp, {MANIFEST} ghi {manifest['blobs']}: có tệp bị thiếu "
                          "hoặc thừa.")
        expected = {f"{name[:2]}/{name}" for name in listed} if listed is not None else set(present)
        missing, extra = sorted(expected - set(present)), sorted(set(present) - expected)
        if missing or extra:
            raise Refused(f"Bản sao lưu thiếu tệp {', '.join(missing[:5]) or '—'}; thừa tệp {', '.join(extra[:5]) or '—'}.")
        for relative, path in sorted(present.items()):
            if len(path.name) != 64 or not relative.startswith(path.name[:2] + "/") or _sha256(path) != path.name:
                raise Refused(f"Tệp {relative} trong bản sao lưu đã bị hỏng (nội dung không khớp mã sha256).")

    def add_from(self, folder: Path) -> list[Path]:
        """Add the backup's files the store lacks (nothing is overwritten); the paths added."""
        added: list[Path] = []
        try:
            for blob in _blob_files(folder):
                destination = self.root / blob.name[:2] / blob.name
                if not destination.exists():
                    private_folder(self.root)
                    destination.parent.mkdir(mode=0o700, exist_ok=True)
                    partial = destination.with_name(f".restore-{blob.name}")
                    shutil.copy2(blob, partial)
                    os.replace(partial, destination)
                    added.append(destination)
        except OSError as error:
            self.remove(added)
            raise Refused(f"Không chép được tệp vào kho tệp ({error.strerror}).") from error
        return added

    @staticmethod
    def remove(added: list[Path]) -> None:
        for path in added:
            with suppress(FileNotFoundError):
                path.unlink()


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


def _libpq_url(database: str | None = None) -> str:
    """The database URL as libpq reads it: no SQLAlchemy driver, no password (that goes in PGPASSWORD, out of
    the process list)."""
    url = db.engine.url
    return URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                      database=database or url.database, query=url.query).render_as_string(hide_password=False)


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


def _run(command: list[str], *, refuse: bool = False) -> None:
    environment = os.environ | ({"PGPASSWORD": db.engine.url.password} if db.engine.url.password else {})
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        message = f"{Path(command[0]).name} thất bại: {result.stderr.strip()[-2000:]}"
        raise Refused(message) if refuse else click.ClickException(message)


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
    """Replace the database with the backup in PATH and add its files, after checking all of it (stop the
    application first)."""
    manifest = read_manifest(path)
    if not yes:
        click.confirm(f"Toàn bộ dữ liệu hiện tại sẽ bị thay bằng bản sao lưu lúc {manifest['created_at']} "
                      "(hãy dừng ứng dụng trước). Tiếp tục?", abort=True)
    restored = restore(path)
    click.echo(f"Đã kiểm tra toàn bộ bản sao lưu lúc {manifest['created_at']} và khôi phục; thêm {restored.added} tệp "
               "vào kho tệp." + (f" Cơ sở dữ liệu cũ được giữ lại ở {restored.kept}." if restored.kept else ""))
    report = restored.report
    if not report.ok or (report.count, report.head) != (manifest["audit"]["count"], manifest["audit"]["head"]):
        click.echo(f"CHUỖI NHẬT KÝ KHÔNG KHỚP bản sao lưu: {report.count} sự kiện, hash {report.head}"
                   + (f" ({report.problem})" if not report.ok else ""), err=True)
        sys.exit(1)
    click.echo(f"Chuỗi nhật ký toàn vẹn: {report.count} sự kiện, hash đầu chuỗi {report.head}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
