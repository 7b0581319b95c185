"""The transparency log's formats (docs/transparency.md, "Dành cho kỹ sư"). Pure: no I/O, no Flask.

- A leaf is one public audit event: the UTF-8 canonical JSON (keys sorted, no spaces, non-ASCII kept) of the
  14 hashed fields and `hash`, i.e. of one public line of /transparency/audit-public.jsonl re-encoded.
- A checkpoint is a C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint) signed as a C2SP signed note with the log key:
  `<origin>\\n<size>\\n<base64 root>\\ntime <YYYY-MM-DDTHH:MM:SSZ>\\n`, then a blank line and the signature line.
"""
import base64
import binascii
import re
from dataclasses import dataclass
from datetime import datetime
from collections.abc import Mapping
from typing import Any

from .audit_chain import _ENCODER, HASHED_FIELDS
from .merkle import HASH_SIZE

LEAF_FIELDS = HASHED_FIELDS + ("hash",)
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_TIME_LINE = re.compile(r"time (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)")
_SIZE = re.compile(r"0|[1-9][0-9]{0,18}")


def leaf_data(record: Mapping[str, Any]) -> bytes:
    """The bytes a public event's leaf hashes: its exported record as canonical JSON."""
    return _ENCODER.encode({name: record.get(name) for name in LEAF_FIELDS}).encode("utf-8")


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    time: datetime     # naive UTC, whole seconds

    def text(self) -> str:
        """The note's text (what the signature covers)."""
        return (f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"
                f"time {self.time.strftime(TIME_FORMAT)}\n")


class MalformedCheckpoint(ValueError):
    pass


def parse_checkpoint(text: str) -> Checkpoint:
    """The checkpoint a note's text states; MalformedCheckpoint when it is not one of ours, line by line."""
    lines = text.split("\n")
    if len(lines) != 5 or lines[-1] != "":
        raise MalformedCheckpoint("điểm kiểm chứng phải có đúng 4 dòng: nguồn, kích thước, gốc, thời điểm")
    origin, size, root, time = lines[:4]
    if not origin or origin != origin.strip():
        raise MalformedCheckpoint("dòng nguồn (origin) trống hoặc có khoảng trắng thừa")
    if not _SIZE.fullmatch(size):
        raise MalformedCheckpoint("kích thước cây không phải số nguyên không âm")
    try:
        digest = base64.b64decode(root, validate=True)
    except (binascii.Error, ValueError):
        digest = b""
    if len(digest) != HASH_SIZE:
        raise MalformedCheckpoint("mã băm gốc không phải 32 byte mã hóa base64")
    found = _TIME_LINE.fullmatch(time)
    if not found:
        raise MalformedCheckpoint("dòng thời điểm phải có dạng `time YYYY-MM-DDTHH:MM:SSZ`")
    return Checkpoint(origin, int(size), digest, datetime.strptime(found.group(1), TIME_FORMAT))
