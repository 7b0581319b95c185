"""Content-addressed file storage: bytes live under their sha256, outside the web root, written once, in
owner-only folders (0700) and files (0600: tempfile's mode, kept by the rename): they hold personal data."""
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class BlobStore:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError("not a sha256 hex digest")
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if not target.exists():
            self._folder(target.parent)
            # write then rename, so a crash never leaves a half file under a valid name
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
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

    def delete(self, sha256: str) -> None:
        """Remove a file referenced by nothing (a signed file whose transaction failed); absent is fine."""
        self.path(sha256).unlink(missing_ok=True)

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).exists()


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
