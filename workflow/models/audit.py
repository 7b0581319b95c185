"""The audit trail (nhật ký): append-only, hash-chained events, and the chain-head row that serialises
appends. The ORM refuses to update or delete an event."""
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column

from ..rules.audit_chain import GENESIS
from .base import Base


class AuditEvent(Base):
    """Nhật ký: one recorded action. `hash` is sha256 over the canonical JSON of the other fields,
    including the previous event's hash."""

    __tablename__ = "audit_event"
    __table_args__ = (CheckConstraint("visibility IN ('public', 'internal')", name="visibility_valid"),
                      # only a public event is a leaf of the transparency log (docs/transparency.md)
                      CheckConstraint("leaf_index IS NULL OR (leaf_index >= 0 AND visibility = 'public')",
                                      name="leaf_is_public"))

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    occurred_at: Mapped[datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    actor_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(30))
    object_type: Mapped[str] = mapped_column(String(30))
    object_id: Mapped[int | None]
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str | None] = mapped_column(String(20))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(10), default="internal")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # its leaf's index in the transparency log's Merkle tree (public events only; not a hashed field)
    leaf_index: Mapped[int | None] = mapped_column(BigInteger, unique=True)

    def record(self) -> dict[str, Any]:
        """The fields as the hash sees them."""
        return {
            "id": self.id, "seq": self.seq, "occurred_at": self.occurred_at.isoformat(), "actor_id": self.actor_id,
            "actor_name": self.actor_name, "role": self.role, "action": self.action,
            "object_type": self.object_type, "object_id": self.object_id, "from_state": self.from_state,
            "to_state": self.to_state, "changes": self.changes or {}, "reason": self.reason,
            "visibility": self.visibility, "prev_hash": self.prev_hash, "hash": self.hash,
        }


class AuditHead(Base):
    """The chain head: one row holding the last sequence number and hash. Every append first increments
    it with an UPDATE, which takes the write lock (SQLite) or the row lock (PostgreSQL), so concurrent
    writers queue up instead of forking the chain."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    seq: Mapped[int] = mapped_column(default=0)
    hash: Mapped[str] = mapped_column(String(64), default=GENESIS)
    # the transparency log's tree (workflow/rules/merkle.py): its size, and its right edge (the hex hashes of the
    # complete subtrees of size's binary decomposition, largest first), so a new leaf reads no old node
    log_size: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    log_frontier: Mapped[str] = mapped_column(Text, default="", server_default="")

    __table_args__ = (CheckConstraint("log_size >= 0", name="log_size_valid"),
                      CheckConstraint("length(log_frontier) % 64 = 0", name="log_frontier_hashes"))


class AppendOnlyViolation(RuntimeError):
    pass


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(mapper, connection, target):  # SQLAlchemy's listener signature
    raise AppendOnlyViolation("Nhật ký chỉ được ghi thêm, không được sửa.")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(mapper, connection, target):
    raise AppendOnlyViolation("Nhật ký chỉ được ghi thêm, không được xóa.")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk(state: ORMExecuteState) -> None:
    """`session.execute(update(AuditEvent)…)` skips the mapper events above: refuse it here."""
    if (state.is_update or state.is_delete) and any(m.class_ is AuditEvent for m in state.all_mappers):
        raise AppendOnlyViolation("Nhật ký chỉ được ghi thêm, không được sửa hay xóa.")
