"""The public audit export: every event of the hash chain, in order, as JSON lines. Public events go out in
full (every hashed field and the hash), internal ones as a stub (seq, visibility, prev_hash, hash). So anyone
can check every link of the chain, recompute the hash of every public event, and compare the last hash with
the chain head this site publishes; nothing of an internal event's content leaves. The method is written up
in docs/transparency.md. Read-only; never imports flask.
"""
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import AuditEvent, AuditHead
from ..rules.audit_chain import GENESIS, HASHED_FIELDS

STUB_FIELDS = ("seq", "visibility", "prev_hash", "hash")
FULL_FIELDS = HASHED_FIELDS + ("hash",)


@dataclass(frozen=True)
class Head:
    seq: int      # how many events the chain holds
    hash: str     # the last event's hash (64 zeros before the first)
    public: int   # how many of them are public


def head(session: Session) -> Head:
    row = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one_or_none()
    seq, digest = tuple(row) if row else (0, GENESIS)
    public = session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.visibility == "public", AuditEvent.seq <= seq))
    return Head(seq, digest, public or 0)


def export(session: Session, upto_seq: int, batch: int = 1000, *, after: int = 0) -> Iterator[dict[str, Any]]:
    """The events after…upto_seq (all of them from the first by default) in chain order, public in full and
    internal as stubs, read in keyset batches so memory stays flat. Stopping at the head read first keeps the
    export and the published head in step while new events are appended."""
    columns = [getattr(AuditEvent, name) for name in FULL_FIELDS]
    last = after
    while True:
        rows = session.execute(select(*columns).where(AuditEvent.seq > last, AuditEvent.seq <= upto_seq)
                               .order_by(AuditEvent.seq).limit(batch)).mappings().all()
        for row in rows:
            yield exported(row)
        if len(rows) < batch:
            return
        last = rows[-1]["seq"]


def exported(row: Any) -> dict[str, Any]:
    """One event as the export writes it: the values exactly as hashed (timestamps in ISO 8601, naive UTC)."""
    if row["visibility"] != "public":
        return {name: row[name] for name in STUB_FIELDS}
    record = {name: row[name] for name in FULL_FIELDS}
    record["occurred_at"] = row["occurred_at"].isoformat()
    record["changes"] = row["changes"] or {}
    return record


def as_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
