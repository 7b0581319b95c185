"""Content-addressed file storage: bytes live under their sha256, written once, read by that name.

Two backends with one interface (FileStore), chosen by FILE_STORE (workflow/files.py:file_store):
- LocalFileStore (default): a directory outside the web root, in owner-only folders (0700) and files (0600:
  tempfile's mode, kept by the rename): they hold personal data.
- DatabaseFileStore: the `stored_file` table, so several app servers share the files. Writes go into the
  caller's session, so a file and the row that names it commit (or roll back) together, and SQLite's one
  writer is never a second connection waiting on the first.

Writing the same content twice is harmless in both: same sha256, same file; a second put refreshes the file's
time, so `files check --clean` never removes a file somebody has just stored again.
"""
import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, Protocol

from sqlalchemy import delete, func, literal_column, select, update
from sqlalchemy.orm import Session

from ..models import StoredFile
from ..models.base import utcnow

CHUNK = 1 << 20   # a download is read in slices of this size


@dataclass(frozen=True)
class StoredEntry:
    """A file in the store: a sha256 name, or a temporary's name (a write in progress or left by a crash)."""

    name: str
    size: int
    modified: datetime   # naive UTC


class FileStore(Protocol):
    kind: str
    transactional: bool   # writes join the caller's transaction (a rollback removes them)

    def put(self, data: bytes) -> str: ...
    def writer(self): ...
    def read(self, sha256: str) -> bytes: ...
    def open(self, sha256: str) -> BinaryIO: ...
    def size(self, sha256: str) -> int | None: ...
    def exists(self, sha256: str) -> bool: ...
    def names(self) -> Iterator[StoredEntry]: ...
    def temporaries(self) -> Iterator[StoredEntry]: ...
    def delete(self, name: str, *, older_than: datetime) -> bool: ...
    def discard(self, sha256: str) -> None: ...
    def reachable(self) -> bool: ...


def checked(sha256: str) -> str:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a sha256 hex digest")
    return sha256


# --- the local directory --------------------------------------------------------------------------------------

class LocalFileStore:
    kind = "local"
    transactional = False

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"thư mục {self.root}"

    def path(self, sha256: str) -> Path:
        return self.root / checked(sha256)[:2] / sha256

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if target.exists():
            _touch(target)
        else:
            self._folder(target.parent)
            # write then rename, so a crash never leaves a half file under a valid name; two writers of the same
            # content each rename a whole file onto the same name. The half file is named after its target
            # (`.<sha256>.…`), so discarding that name removes what a killed writer left of it too.
            with tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{digest}.", delete=False) as tmp:
                tmp.write(data)
            os.replace(tmp.name, target)
        return digest

    @contextmanager
    def writer(self) -> Iterator["_HashingFile"]:
        """A file to stream a large result into (a print batch of hundreds of pages) without holding it in
        memory; on success it is stored under its sha256, available as `.sha256` after the block."""
        self._folder(self.root)
        tmp = tempfile.NamedTemporaryFile(dir=self.root, prefix=".incoming-", delete=False)  # noqa: SIM115 - closed below
        out = _HashingFile(tmp)
        try:
            yield out
            tmp.close()
            target = self.path(out.digest.hexdigest())
            self._folder(target.parent)
            os.replace(tmp.name, target)
            out.sha256 = out.digest.hexdigest()
        except BaseException:
            tmp.close()
            os.unlink(tmp.name)
            raise

    def _folder(self, folder: Path) -> None:
        for each in (self.root, folder):
            each.mkdir(mode=0o700, parents=True, exist_ok=True)

    def read(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def discard(self, sha256: str) -> None:
        """Remove a file referenced by nothing (a signed file whose transaction failed), and any half-written copy
        of it a killed writer left (put's `.<sha256>.…`); absent is fine."""
        target = self.path(sha256)
        target.unlink(missing_ok=True)
        for half in target.parent.glob(f".{sha256}.*"):
            half.unlink(missing_ok=True)

    def open(self, sha256: str) -> BinaryIO:
        return self.path(sha256).open("rb")

    def size(self, sha256: str) -> int | None:
        try:
            return self.path(sha256).stat().st_size
        except FileNotFoundError:
            return None

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def names(self) -> Iterator[StoredEntry]:
        for path, is_blob in self._files():
            if is_blob:
                yield _entry(path)

    def temporaries(self) -> Iterator[StoredEntry]:
        """Half-written files (a writer's `.incoming-…`, a put's `.<sha256>.…`) and anything else not named
        by its content; named relative to the root."""
        for path, is_blob in self._files():
            if not is_blob:
                entry = _entry(path)
                yield StoredEntry(str(path.relative_to(self.root)), entry.size, entry.modified)

    def _files(self) -> Iterator[tuple[Path, bool]]:
        if not self.root.is_dir():
            return
        for each in sorted(self.root.iterdir()):
            if each.is_file():
                yield each, False
            elif each.is_dir() and len(each.name) == 2:
                for inner in sorted(each.iterdir()):
                    if inner.is_file():
                        yield inner, _is_name(inner.name) and inner.name[:2] == each.name

    def delete(self, name: str, *, older_than: datetime) -> bool:
        """Remove a stored file (a sha256) or a temporary (its relative name), unless it changed since
        `older_than` (naive UTC): a put of the same content just now keeps it."""
        path = self._located(name)
        try:
            if _entry(path).modified >= older_than:
                return False
            path.unlink()
        except FileNotFoundError:
            return False
        return True

    def _located(self, name: str) -> Path:
        if _is_name(name):
            return self.path(name)
        parts = Path(name).parts
        if Path(name).is_absolute() or not 1 <= len(parts) <= 2 or any(part in ("..", ".") for part in parts):
            raise ValueError("not a file of this store")
        return self.root / name

    def reachable(self) -> bool:
        return os.access(self.root if self.root.exists() else self.root.parent, os.W_OK)


def _is_name(name: str) -> bool:
    try:
        checked(name)
    except ValueError:
        return False
    return True


def _entry(path: Path) -> StoredEntry:
    stat = path.stat()
    return StoredEntry(path.name, stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC).replace(tzinfo=None))


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:  # pragma: no cover - a read-only store still serves the file
        pass


BlobStore = LocalFileStore   # the name it had before the database backend


# --- the database ---------------------------------------------------------------------------------------------

class DatabaseFileStore:
    """Files in the `stored_file` table, through the session `session()` returns when called (the app's
    scoped session: the request's, or a background job's own)."""

    kind = "database"
    transactional = True

    def __init__(self, session: Callable[[], Session]):
        self._session = session

    def __repr__(self) -> str:
        return "bảng stored_file trong cơ sở dữ liệu"

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        self._store(digest, data)
        return digest

    def _run(self, statement):
        """Executed in the caller's session without flushing its pending objects: a file is stored while the
        row that will name it is still being built (an upload's Attachment before it joins its nomination)."""
        session = self._session()
        with session.no_autoflush:
            return session.execute(statement)

    def _store(self, digest: str, data: bytes) -> None:
        """Refresh the row's time if it is there (waiting for a `--clean` deleting it to finish), else insert;
        a concurrent insert of the same content is no error (ON CONFLICT DO NOTHING)."""
        now = utcnow()
        if self._run(update(StoredFile).where(StoredFile.sha256 == digest).values(created_at=now)
                           .execution_options(synchronize_session=False)).rowcount:
            return
        dialect = self._session().get_bind().dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        self._run(insert(StoredFile).values(sha256=digest, bytes=data, size=len(data), created_at=now)
                        .on_conflict_do_nothing(index_elements=["sha256"]))

    @contextmanager
    def writer(self) -> Iterator["_HashingFile"]:
        """Streamed into a temporary file (memory up to 8 MB), hashed as it comes, then stored in one insert:
        the database driver needs the value whole, so it is read back once."""
        with tempfile.SpooledTemporaryFile(max_size=8 << 20) as spool:
            out = _HashingFile(spool)
            yield out
            spool.seek(0)
            digest = out.digest.hexdigest()
            self._store(digest, spool.read())
            out.sha256 = digest

    def read(self, sha256: str) -> bytes:
        data = self._run(select(StoredFile.bytes).where(StoredFile.sha256 == checked(sha256))).scalar()
        if data is None:
            raise FileNotFoundError(sha256)
        return bytes(data)

    def open(self, sha256: str) -> BinaryIO:
        """A file to read from: a small one read at once; a larger one read slice by slice (CHUNK), each slice
        on a connection of its own, so a slow download holds no connection between slices and never holds the
        whole file in memory."""
        size = self.size(sha256)
        if size is None:
            raise FileNotFoundError(sha256)
        if size <= CHUNK:
            return io.BytesIO(self.read(sha256))
        return io.BufferedReader(_Slices(self._session().get_bind(), sha256, size), buffer_size=CHUNK)

    def size(self, sha256: str) -> int | None:
        return self._run(select(StoredFile.size).where(StoredFile.sha256 == checked(sha256))).scalar()

    def exists(self, sha256: str) -> bool:
        return self.size(sha256) is not None

    def names(self) -> Iterator[StoredEntry]:
        rows = self._run(select(StoredFile.sha256, StoredFile.size, StoredFile.created_at)
                                       .order_by(StoredFile.sha256).execution_options(yield_per=1000))
        for sha256, size, created_at in rows:
            yield StoredEntry(sha256, size, created_at)

    def temporaries(self) -> Iterator[StoredEntry]:
        return iter(())   # a write is a row in a transaction: it commits whole or not at all

    def discard(self, sha256: str) -> None:
        """Remove a file this transaction stored and nothing will name (another issuer claimed the row first)."""
        self._run(delete(StoredFile).where(StoredFile.sha256 == checked(sha256))
                  .execution_options(synchronize_session=False))

    def delete(self, name: str, *, older_than: datetime) -> bool:
        return bool(self._run(
            delete(StoredFile).where(StoredFile.sha256 == checked(name), StoredFile.created_at < older_than)
            .execution_options(synchronize_session=False)).rowcount)

    def reachable(self) -> bool:
        self._run(select(func.count()).select_from(StoredFile).where(StoredFile.sha256 == ""))
        return True


class _Slices(io.RawIOBase):
    """A stored file read slice by slice: substr() on PostgreSQL (bytea, stored uncompressed), SQLite's
    incremental blob I/O on SQLite (its substr() would load the whole value for every slice)."""

    def __init__(self, engine, sha256: str, size: int):
        self.engine, self.sha256, self.length, self.position = engine, sha256, size, 0
        self.sqlite = engine.dialect.name == "sqlite"

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        wanted = min(len(buffer), self.length - self.position)
        if wanted <= 0:
            return 0
        data = self._sqlite_slice(wanted) if self.sqlite else self._slice(wanted)
        if not data:
            raise OSError(f"stored file {self.sha256} disappeared while it was read")
        buffer[:len(data)] = data
        self.position += len(data)
        return len(data)

    def _slice(self, wanted: int) -> bytes:
        query = select(func.substr(StoredFile.bytes, self.position + 1, wanted)).where(StoredFile.sha256 == self.sha256)
        with self.engine.connect() as connection:
            return bytes(connection.scalar(query) or b"")

    def _sqlite_slice(self, wanted: int) -> bytes:
        with self.engine.connect() as connection:
            rowid = connection.scalar(select(literal_column("rowid")).select_from(StoredFile)
                                      .where(StoredFile.sha256 == self.sha256))
            if rowid is None:
                return b""
            with connection.connection.driver_connection.blobopen("stored_file", "bytes", rowid,
                                                                  readonly=True) as blob:
                blob.seek(self.position)
                return blob.read(wanted)


class _HashingFile:
    """A binary file object that hashes what is written through it."""

    def __init__(self, raw):
        self.raw, self.digest, self.sha256 = raw, hashlib.sha256(), ""

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.raw.write(data)

    def tell(self) -> int:
        return self.raw.tell()

    def flush(self) -> None:
        self.raw.flush()
