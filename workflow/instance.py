"""The instance's files on disk. The SQLite database and the file store hold ID numbers, birth dates and
contacts: their folders are made owner-only (0700) and the database file 0600 before anything writes to them,
whether or not the instance folder existed and whatever SECRET_KEY says. Called once by create_app.

SQLite gives its -journal, -wal and -shm files the database file's own permissions, so creating the database
file 0600 covers them; the process umask is left alone (it would change every file the process writes).
"""
import logging
import os
import stat
from pathlib import Path

from flask import Flask
from sqlalchemy.engine import make_url

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
OTHERS = 0o077   # group and world permission bits
log = logging.getLogger("vinhdanh.security")


def prepare(app: Flask) -> None:
    """The instance folder first when anything of ours lives in it (else its parents' default mode would do),
    then the file store and the SQLite database. With PostgreSQL and the files elsewhere, no instance folder
    is made: a read-only installation keeps starting."""
    instance, blobs = Path(app.instance_path), Path(app.config["BLOB_DIR"]).absolute()
    database = sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path)
    if any(path.is_relative_to(instance) for path in (blobs, database) if path is not None):
        private_folder(instance)
    private_folder(blobs)
    if database is not None:
        private_folder(database.parent)
        private_file(database)


def sqlite_file(uri: str, instance_path: str) -> Path | None:
    """The SQLite database file of the URI (a relative one lives in the instance folder, as Flask-SQLAlchemy
    reads it), or None for another database or an in-memory one."""
    url = make_url(uri)
    name = url.database
    if url.get_backend_name() != "sqlite" or not name or name == ":memory:" or name.startswith("file:"):
        return None
    path = Path(name)
    return path.absolute() if path.is_absolute() else Path(instance_path) / path


def private_folder(path: Path) -> None:
    """Create the folder owner-only, or take group and world access away from an existing one of ours."""
    try:
        path.mkdir(mode=PRIVATE_FOLDER, parents=True)
    except FileExistsError:
        _tighten(path)
    else:
        path.chmod(PRIVATE_FOLDER)   # mkdir's mode passes through the umask; this is exact


def private_file(path: Path) -> None:
    """Create the (empty) file 0600, or take group and world access away from an existing one of ours."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        _tighten(path)


def _tighten(path: Path) -> None:
    status = path.stat()
    if not status.st_mode & OTHERS:
        return
    if path.is_dir() and status.st_mode & stat.S_ISVTX:   # a shared folder like /tmp: never ours to close
        log.warning("%s is a shared folder (sticky, like /tmp): keep the database and files in a folder of their "
                    "own", path)
        return
    if status.st_uid != os.geteuid():
        log.warning("%s is readable by others and not ours to change: restrict it to its owner", path)
        return
    path.chmod(status.st_mode & 0o7777 & ~OTHERS)
    log.warning("%s was readable by others: now restricted to its owner", path)
