"""The audit trail's hash chain. Pure: the canonical encoding, the hash, and the verification walk.

Each event's hash covers its own fields and the previous event's hash, so editing, deleting, inserting or
reordering any row breaks the chain at that row, and verification names the first bad event.
"""
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

try:
    import orjson
except ImportError:  # pragma: no cover - canonical_json is the definition; orjson only makes checking it fast
    orjson = None
_SORTED = orjson.OPT_SORT_KEYS if orjson else 0

GENESIS = "0" * 64

HASHED_FIELDS = ("seq", "occurred_at", "actor_id", "actor_name", "role", "action", "object_type",
                 "object_id", "from_state", "to_state", "changes", "reason", "visibility", "prev_hash")


# one encoder for every event (json.dumps with options builds a new one per call: a tenth of a verify's time)
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def canonical_json(record: Mapping[str, Any]) -> bytes:
    return _ENCODER.encode({name: record.get(name) for name in HASHED_FIELDS}).encode("utf-8")


def event_hash(record: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(record)).hexdigest()


def hash_matches(record: Mapping[str, Any], expected: str | None) -> bool:
    """Whether the record hashes to `expected`. orjson writes the bytes canonical_json writes (sorted keys, no
    spaces, UTF-8, the same escapes; tests/rules compare them) about 4× faster; a match means these are the bytes
    that were hashed, and anything else is recomputed with canonical_json, the definition: orjson makes a
    verify faster, it cannot change its answer."""
    if orjson is not None:
        try:
            fast = orjson.dumps({name: record.get(name) for name in HASHED_FIELDS}, option=_SORTED, default=str)
        except TypeError:  # an integer past 64 bits, a lone surrogate: the standard encoder decides
            fast = b""
        if fast and hashlib.sha256(fast).hexdigest() == expected:
            return True
    return event_hash(record) == expected


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    count: int
    head: str
    bad_seq: int | None = None
    bad_id: int | None = None
    problem: str = ""


def verify_chain(records: Iterable[Mapping[str, Any]], head: tuple[int, str] | None = None,
                 start: tuple[str, int, int | None] = (GENESIS, 0, None)) -> ChainReport:
    """Walk records in stored order, one at a time (an iterator of a million rows is never held). `head` is the
    (seq, hash) the chain-head row claims, to catch a truncated tail. `start` is (hash, seq, id) of an event
    verified earlier: the walk continues after it (incremental check); by default it starts at the genesis."""
    prev, count, start_id = start
    expected_seq = count + 1
    at_head: tuple[str, int | None] = (prev, start_id) if head is not None and head[0] == count else (GENESIS, None)
    after_head_id = None                                # id of the first event past the head, if any
    for record in records:
        problem = _problem(record, prev, expected_seq)
        if problem:
            return ChainReport(False, count, prev, record.get("seq"), record.get("id"), problem)
        prev, expected_seq, count = record["hash"], expected_seq + 1, count + 1
        if head is not None and count == head[0]:
            at_head = (prev, record.get("id"))
        elif head is not None and count == head[0] + 1:
            after_head_id = record.get("id")
    return _check_head(head, count, prev, at_head, after_head_id) if head is not None else ChainReport(True, count, prev)


def _check_head(head: tuple[int, str], count: int, prev: str, at_head: tuple[str, int | None],
                after_head_id: int | None) -> ChainReport:
    """The head row catches what a walk alone cannot: a deleted, rewritten or appended tail."""
    head_seq, head_hash = head
    if head_seq > count:
        return ChainReport(False, count, prev, count + 1, None,
                           f"đầu chuỗi ghi {head_seq} sự kiện, nhưng chỉ còn {count}: có sự kiện cuối bị xóa")
    if at_head[0] != head_hash:
        return ChainReport(False, count, prev, head_seq, at_head[1],
                           f"sự kiện số {head_seq} không khớp với đầu chuỗi: đã bị sửa hoặc thay thế")
    if head_seq < count:
        return ChainReport(False, count, prev, head_seq + 1, after_head_id,
                           f"đầu chuỗi ghi {head_seq} sự kiện, nhưng có {count}: có sự kiện bị chèn vào cuối")
    return ChainReport(True, count, prev)


def _problem(record: Mapping[str, Any], prev: str, expected_seq: int) -> str:
    if record.get("seq") != expected_seq:
        return f"số thứ tự {record.get('seq')} thay vì {expected_seq}: có sự kiện bị xóa, chèn hoặc đổi chỗ"
    if record.get("prev_hash") != prev:
        return "prev_hash không khớp với sự kiện trước: có sự kiện bị xóa, chèn hoặc đổi chỗ"
    # hash_verified: the reader already found sha256 of these fields' canonical bytes equal to the stored hash
    if not (record.get("hash_verified") is True or hash_matches(record, record.get("hash"))):
        return "nội dung sự kiện đã bị sửa (hash không khớp)"
    return ""
