"""The app's file store, chosen by configuration, and `flask files …`: check, clean, copy between backends.

FILE_STORE=local (default): the directory BLOB_DIR on this machine. FILE_STORE=database: the `stored_file`
table, which every app server of an installation reaches. Everything that stores or serves a file gets its
store from `file_store(app)`; nothing else builds one."""
import re
import sys
from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .extensions import db
from .services import file_check
from .services.blobs import DatabaseFileStore, FileStore, LocalFileStore

BACKENDS = ("local", "database")
files_cli = AppGroup("files", help="Kho tệp: kiểm tra, dọn tệp không còn dùng, chuyển giữa các nơi lưu.")


def file_store(app: Flask | None = None, kind: str | None = None) -> FileStore:
    """The configured store (or the `kind` named, for copying between the two)."""
    app = app or current_app
    kind = kind or app.config.get("FILE_STORE", "local")
    if kind == "local":
        return LocalFileStore(app.config["BLOB_DIR"])
    if kind == "database":
        return DatabaseFileStore(lambda: db.session)
    raise ValueError(f"FILE_STORE={kind!r}: chỉ nhận 'local' (thư mục BLOB_DIR) hoặc 'database' (bảng stored_file).")


def _duration(value: str) -> timedelta:
    """'36h', '2d', '90m', or a bare number of hours."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([dhm]?)\s*", value or "")
    if not found:
        raise click.BadParameter(f"«{value}»: ghi như 24h, 2d hoặc 90m.")
    unit = {"d": "days", "h": "hours", "m": "minutes", "": "hours"}[found[2]]
    return timedelta(**{unit: float(found[1])})


@files_cli.command("check")
@click.option("--clean", is_flag=True, help="Xóa tệp mồ côi và tệp tạm cũ hơn --older-than (không bao giờ xóa tệp "
                                            "đang được tham chiếu).")
@click.option("--older-than", "older_than", default="24h", show_default=True, help="Tuổi tối thiểu của tệp bị xóa.")
@click.option("--list", "listing", is_flag=True, help="Liệt kê cả tên các tệp mồ côi và tệp tạm.")
def files_check(clean: bool, older_than: str, listing: bool) -> None:
    """List referenced files that are missing from the store and stored files nothing refers to; exit 1 when a
    file is missing."""
    store = file_store()
    report = file_check.check(db.session, store)
    click.echo(f"Kho tệp: {store!r}. Cơ sở dữ liệu tham chiếu {report.referenced} tệp; kho đang giữ {report.stored} tệp.")
    if report.missing:
        by_source = ", ".join(f"{source}: {count}" for source, count in sorted(report.missing_by_source().items()))
        click.echo(f"THIẾU {len({r.sha256 for r in report.missing})} tệp được tham chiếu ({by_source}):", err=True)
        for reference in report.missing:
            click.echo(f"  {reference.source} #{reference.row_id}: {reference.sha256}", err=True)
    else:
        click.echo("Không thiếu tệp nào được tham chiếu.")
    click.echo(f"Tệp mồ côi (không dòng nào tham chiếu): {len(report.orphans)} "
               f"({sum(e.size for e in report.orphans)} byte); tệp tạm: {len(report.temporaries)}.")
    if listing:
        for entry in (*report.orphans, *report.temporaries):
            click.echo(f"  {entry.name}  {entry.size} byte  {entry.modified:%Y-%m-%d %H:%M} UTC")
    if clean:
        cleaned = file_check.clean(db.session, store, older_than=_duration(older_than))
        db.session.commit()
        click.echo(f"Đã xóa {len(cleaned.removed)} tệp ({cleaned.bytes} byte), cũ hơn {older_than}; "
                   f"giữ lại {cleaned.kept_young} tệp chưa đủ tuổi. Sự kiện đã được ghi vào nhật ký.")
    if not report.ok:
        sys.exit(1)


@files_cli.command("copy")
@click.option("--to", "target_kind", type=click.Choice(BACKENDS), required=True,
              help="Nơi nhận: database (bảng stored_file) hoặc local (thư mục BLOB_DIR).")
def files_copy(target_kind: str) -> None:
    """Copy every stored file from the other backend into `--to` (those already there are skipped; each file is
    checked against its sha256). Then set FILE_STORE to the target and restart the app servers."""
    source_kind = BACKENDS[1 - BACKENDS.index(target_kind)]
    source, target = file_store(kind=source_kind), file_store(kind=target_kind)
    copied = present = 0
    damaged: list[str] = []
    for entry in list(source.names()):   # listed first: each file commits, which would end a database cursor
        if target.exists(entry.name):
            present += 1
            continue
        with source.open(entry.name) as stream, target.writer() as out:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                out.write(chunk)
        if out.sha256 != entry.name:      # stored under what it really is: an orphan for `files check --clean`
            damaged.append(entry.name)
        else:
            copied += 1
        db.session.commit()               # one file per transaction: a large store never makes one huge one
    click.echo(f"Đã chép {copied} tệp từ {source!r} sang {target!r}; {present} tệp đã có sẵn.")
    if damaged:
        click.echo(f"{len(damaged)} tệp ở nơi nguồn không khớp sha256 của tên (hỏng), không chép: "
                   + ", ".join(damaged), err=True)
        sys.exit(1)
    if current_app.config.get("FILE_STORE", "local") != target_kind:
        click.echo(f"Bước tiếp theo: đặt FILE_STORE={target_kind} rồi khởi động lại các máy chủ ứng dụng.")


def init_app(app: Flask) -> None:
    file_store(app)   # an unknown FILE_STORE stops the app at start, not at the first upload
    app.cli.add_command(files_cli)
