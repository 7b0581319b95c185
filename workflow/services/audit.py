"""Appending to and verifying the hash-chained audit trail.

Appends serialise on the chain head: the first statement of an append is an UPDATE of the head row, which
holds the write lock (SQLite) or the row lock (PostgreSQL) until the transaction ends, so two writers can
never both extend the same head.
"""
import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Select, Text, cast, insert, select, update
from sqlalchemy.orm import Session

from ..models import AuditEvent, AuditHead, User
from ..rules.audit_chain import GENESIS, HASHED_FIELDS, ChainReport, event_hash, verify_chain
from ..rules.errors import DomainError
from ..rules.permissions import role_for
from ..rules.states import COMMENDATION, PUBLIC_ACTIONS, Action, Procedure
from . import clock, log_tree

SYSTEM_NAME = "Hệ thống"
CITIZEN_NAME = "Công dân"


def record(session: Session, *, by: User | None, action: Action, object_type: str, object_id: int | None,
           from_state: str | None = None, to_state: str | None = None, changes: dict[str, Any] | None = None,
           reason: str | None = None, now: datetime | None = None, actor_name: str | None = None,
           procedure: Procedure = COMMENDATION) -> AuditEvent:
    """Append one event. `procedure`: the nomination's, which may give the action to another role."""
    seq, prev_hash, log_size, log_frontier = _advance_head(session)
    role = role_for(action, procedure)
    event = AuditEvent(
        seq=seq, occurred_at=_naive_utc(now) if now else clock.now(), actor_id=by.id if by else None,
        actor_name=actor_name or (by.full_name if by else CITIZEN_NAME),
        role=str(role) if role else "citizen", action=str(action), object_type=object_type, object_id=object_id,
        from_state=_str(from_state), to_state=_str(to_state), changes=_jsonable(changes or {}), reason=reason,
        visibility="public" if action in PUBLIC_ACTIONS else "internal", prev_hash=prev_hash)
    record = event.record()
    event.hash = record["hash"] = event_hash(record)
    head = {"hash": event.hash}
    if event.visibility == "public":   # a leaf of the transparency log, appended under the same lock
        event.leaf_index = log_size
        head |= log_tree.append(session, record, log_size, log_frontier)
    session.add(event)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(**head))
    session.flush()
    return event


def _advance_head(session: Session) -> tuple[int, str, int, str]:
    """Bump the head under its lock; the new seq, the previous hash, and the log tree's size and right edge."""
    bumped = session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1))
    if bumped.rowcount == 0:  # first event ever: create the head, then bump it under the lock
        session.execute(insert(AuditHead).values(id=1, seq=0, hash=GENESIS, log_size=0, log_frontier=""))
        session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1))
    return tuple(session.execute(select(AuditHead.seq, AuditHead.hash, AuditHead.log_size, AuditHead.log_frontier)
                                 .where(AuditHead.id == 1)).one())


VERIFY_BATCH = 5_000  # rows fetched per round trip: memory stays flat whatever the chain's length
_VERIFIED_COLUMNS = ("id", "hash", *HASHED_FIELDS)


class UnknownSincePoint(DomainError):
    default_message = "Điểm bắt đầu không có trong chuỗi nhật ký."


def verify(session: Session, *, since: str | None = None, lock_head: bool = True) -> ChainReport:
    """Recompute the chain in stored order (by id, so a reordering shows up too), streaming the rows: a
    server-side cursor on PostgreSQL, batches of VERIFY_BATCH everywhere, never the whole table in memory.

    The head is read FOR SHARE (PostgreSQL): appenders wait until the rows are read too, so head and rows agree.
    `lock_head=False` reads it plainly, for a caller already inside one snapshot (a backup's exported snapshot,
    where FOR SHARE would fail on a head updated since). `since` (an event's hash, or its id) continues from an
    event verified earlier: only what comes after it is walked; a point not in the chain raises UnknownSincePoint.
    """
    head_query = select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)
    head = session.execute(head_query.with_for_update(read=True) if lock_head else head_query).one_or_none()
    start = _since_point(session, since) if since else (GENESIS, 0, None)
    query = _verified_columns().order_by(AuditEvent.id)
    if start[2] is not None:
        query = query.where(AuditEvent.id > start[2])
    rows = _driver_rows(session.connection(), query)
    return verify_chain(_checked_records(rows), tuple(head) if head else (0, GENESIS), start)


def _driver_rows(connection, query: Select) -> Iterator[tuple]:
    """The rows straight from the driver's cursor, on the session's own connection (its transaction),
    VERIFY_BATCH at a time; on PostgreSQL a server-side (named) cursor, so the table never comes over whole.
    SQLAlchemy's per-row processing (its SQLite DATETIME parser above all) was most of a verify's time.
    `occurred_at` arrives as SQLite's stored text or psycopg's datetime, `changes` as JSON text."""
    compiled = query.compile(dialect=connection.dialect)
    driver = connection.connection.dbapi_connection
    if connection.dialect.name == "postgresql":
        cursor = driver.cursor(name="audit_verify")
        cursor.itersize = VERIFY_BATCH
        parameters = compiled.params
    else:
        cursor = driver.cursor()
        parameters = tuple(compiled.params[name] for name in compiled.positiontup or ())
    try:
        cursor.execute(str(compiled), parameters)
        while batch := cursor.fetchmany(VERIFY_BATCH):
            yield from batch
    finally:
        cursor.close()


def _since_point(session: Session, since: str) -> tuple[str, int, int]:
    """(hash, seq, id) of the event `since` names, after checking that event still hashes to what it says."""
    since = since.strip().lower()
    column = AuditEvent.id if since.isdigit() and len(since) < 20 else AuditEvent.hash
    found = session.execute(_verified_columns()
                            .where(column == (int(since) if column is AuditEvent.id else since))).one_or_none()
    if found is None:
        raise UnknownSincePoint(f"Không có sự kiện nào mang {'id' if column is AuditEvent.id else 'hash'} {since} "
                                "trong chuỗi nhật ký: không thể kiểm tra tiếp từ điểm đó (hãy kiểm tra toàn bộ).")
    record = next(_records([found]))
    if event_hash(record) != record["hash"]:
        raise UnknownSincePoint(f"Sự kiện id={record['id']} (seq={record['seq']}) đã bị sửa: hash không khớp. "
                                "Không kiểm tra tiếp từ điểm đó; hãy kiểm tra toàn bộ chuỗi.")
    return record["hash"], record["seq"], record["id"]


def _verified_columns() -> Select:
    """The hashed columns, `changes` as its stored JSON text (cast in SQL, so psycopg does not decode it with
    json.loads either): orjson parses it, several times faster."""
    table = AuditEvent.__table__
    return select(*(cast(table.c[name], Text) if name == "changes" else table.c[name]
                    for name in _VERIFIED_COLUMNS))


def _checked_records(rows) -> Iterator[dict[str, Any]]:
    """Each row hashed straight from its tuple: the canonical bytes built by orjson from one dict (no record
    dict first); SQLite's stored time text ("YYYY-MM-DD HH:MM:SS.ffffff") turned into isoformat by slicing,
    PostgreSQL's datetime by isoformat(); `changes` parsed from SQLite's text, as psycopg decoded it otherwise.
    A row whose hash matches is passed on as the walk needs it, marked `hash_verified`; any other row goes
    through _records, whose full record the chain rules judge (and name) as always: the shortcut can only
    confirm a sha256 match, never decide a mismatch."""
    dumps, sort, sha256 = orjson.dumps, orjson.OPT_SORT_KEYS, hashlib.sha256
    for row in rows:
        (id_, hash_, seq, moment, actor_id, actor_name, role, action, object_type, object_id, from_state,
         to_state, changes, reason, visibility, prev_hash) = row
        try:
            if moment.__class__ is str:
                iso = moment.replace(" ", "T", 1).removesuffix(".000000")
            else:
                iso = moment.isoformat()
            if changes.__class__ is str:
                changes = orjson.loads(changes)
            canonical = dumps({"seq": seq, "occurred_at": iso,
                               "actor_id": actor_id, "actor_name": actor_name, "role": role, "action": action,
                               "object_type": object_type, "object_id": object_id, "from_state": from_state,
                               "to_state": to_state, "changes": changes or {},
                               "reason": reason, "visibility": visibility, "prev_hash": prev_hash}, option=sort)
        except (TypeError, AttributeError, orjson.JSONDecodeError):
            canonical = b""
        if canonical and sha256(canonical).hexdigest() == hash_:
            yield {"id": id_, "seq": seq, "prev_hash": prev_hash, "hash": hash_, "hash_verified": True}
        else:
            yield from _records([row])


def _records(rows) -> Iterator[dict[str, Any]]:
    """Each row as the hash sees it (a plain dict, built once per row)."""
    names = _VERIFIED_COLUMNS
    for row in rows:
        record = dict(zip(names, row))
        moment = record["occurred_at"]
        # SQLite's stored text "YYYY-MM-DD HH:MM:SS.ffffff" read as the datetime the ORM would give
        record["occurred_at"] = (datetime.fromisoformat(moment) if moment.__class__ is str else moment).isoformat()
        changes = record["changes"]
        record["changes"] = (_json(changes) if changes.__class__ is str else changes) or {}
        yield record


def _json(value: Any) -> Any:
    if not isinstance(value, str | bytes):
        return value  # psycopg has decoded the json column already
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:  # NaN, an integer past 64 bits: what the JSON type itself would accept
        return json.loads(value)


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
