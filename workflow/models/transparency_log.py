"""The transparency log's storage (docs/transparency.md): the hash of every complete subtree of the Merkle tree
whose leaves are the public audit events, and the signed checkpoints. The tree's size and right edge live on
the audit chain's head row (models/audit.AuditHead), so appending a leaf shares the append's one lock."""
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, LargeBinary, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class LogNode(Base):
    """Nút cây Merkle: the hash of the complete subtree covering leaves [idx·2^level, (idx+1)·2^level). Level 0
    holds the leaf hashes. Written once, when the subtree becomes complete; never changed."""

    __tablename__ = "log_node"
    __table_args__ = (
        CheckConstraint("level >= 0 AND level < 64", name="level_valid"),
        CheckConstraint("idx >= 0", name="idx_valid"),
        CheckConstraint("length(hash) = 32", name="hash_is_sha256"),
    )

    level: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    idx: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class LogCheckpoint(Base):
    """Điểm kiểm chứng: the log's size and root hash at one moment, signed with the log key as a C2SP signed
    note (`note` is the whole note, exactly as published). One per size: two checkpoints of one size would be a
    fork of the log, so the database refuses the second."""

    __tablename__ = "log_checkpoint"
    __table_args__ = (
        CheckConstraint("size > 0", name="size_positive"),
        CheckConstraint("length(root) = 32", name="root_is_sha256"),
        CheckConstraint("length(origin) > 0", name="origin_named"),
        CheckConstraint("length(note) > 0", name="note_signed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger, unique=True)
    root: Mapped[bytes] = mapped_column(LargeBinary(32))
    signed_at: Mapped[datetime] = mapped_column(index=True)    # naive UTC, as the note's time line says
    origin: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text)
