"""Appending to and verifying the hash-chained audit trail.

Appends serialise on the chain head: the first statement of an append is an UPDATE of the head row, which
holds the write lock (SQLite) or the row lock (PostgreSQL) until the transaction ends, so two writers can
never both extend the same head.
"""
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ..models import AuditEvent, AuditHead, User
from ..rules.audit_chain import GENESIS, ChainReport, event_hash, verify_chain
from ..rules.permissions import role_for
from ..rules.states import PUBLIC_ACTIONS, Action
from . import clock

SYSTEM_NAME = "Hệ thống"
CITIZEN_NAME = "Công dân"


def record(session: Session, *, by: User | None, action: Action, object_type: str, object_id: int | None,
           from_state: str | None = None, to_state: str | None = None, changes: dict[str, Any] | None = None,
           reason: str | None = None, now: datetime | None = None, actor_name: str | None = None) -> AuditEvent:
    seq, prev_hash = _advance_head(session)
    role = role_for(action)
    event = AuditEvent(
        seq=seq, occurred_at=_naive_utc(now) if now else clock.now(), actor_id=by.id if by else None,
        actor_name=actor_name or (by.full_name if by else CITIZEN_NAME),
        role=str(role) if role else "citizen", action=str(action), object_type=object_type, object_id=object_id,
        from_state=_str(from_state), to_state=_str(to_state), changes=_jsonable(changes or {}), reason=reason,
        visibility="public" if action in PUBLIC_ACTIONS else "internal", prev_hash=prev_hash)
    event.hash = event_hash(event.record())
    session.add(event)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(hash=event.hash))
    session.flush()
    return event


def _advance_head(session: Session) -> tuple[int, str]:
    bumped = session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1))
    if bumped.rowcount == 0:  # first event ever: create the head, then bump it under the lock
        session.execute(insert(AuditHead).values(id=1, seq=0, hash=GENESIS))
        session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1))
    seq, prev_hash = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one()
    return seq, prev_hash


def verify(session: Session) -> ChainReport:
    """Recompute the whole chain in stored order (by id, so a reordering shows up too). The head is read
    FOR SHARE (PostgreSQL): appenders wait until the rows are read too, so head and rows agree."""
    head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)
                           .with_for_update(read=True)).one_or_none()
    rows = session.execute(select(AuditEvent.__table__).order_by(AuditEvent.id)).mappings()
    return verify_chain((_as_record(row) for row in rows), tuple(head) if head else (0, GENESIS))


def _as_record(row) -> dict[str, Any]:
    record = dict(row)
    record["occurred_at"] = record["occurred_at"].isoformat()
    record["changes"] = record["changes"] or {}
    return record


def _naive_utc(moment: datetime) -> datetime:
    """Stored timestamps are naive UTC; an aware one would hash differently from what the DB gives back."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _jsonable(value: Any) -> Any:
    """Dates, decimals and enums as strings, so the stored JSON and the hashed JSON are the same."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def events_for(session: Session, object_type: str, object_id: int, *, public_only: bool = False) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.object_type == object_type, AuditEvent.object_id == object_id)
    if public_only:
        query = query.where(AuditEvent.visibility == "public")
    return list(session.scalars(query.order_by(AuditEvent.seq)))
