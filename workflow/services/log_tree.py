"""The transparency log's Merkle tree in the database: appending a public event's leaf (inside audit.record, under
the chain head's lock), and reading roots, proofs and leaves back. The tree itself is workflow/rules/merkle.py;
here only which rows hold its nodes. Never imports flask; never commits."""
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, insert, or_, select
from sqlalchemy.orm import Session

from ..models import AuditEvent, AuditHead, LogNode
from ..rules import merkle
from ..rules.transparency_log import leaf_data
from .transparency import FULL_FIELDS, exported

MAX_LEAVES = 1000   # leaves per page of /transparency/leaves


def append(session: Session, record: dict[str, Any], size: int, frontier: str) -> dict[str, Any]:
    """Add the leaf of a public event (its exported record, hash included) to a tree of `size` leaves whose
    right edge is `frontier` (as the head row stores it). Inserts the leaf and every subtree it completes, in one
    statement; returns the head row's new log values. The caller holds the chain head's lock."""
    edge = [bytes.fromhex(frontier[i:i + 64]) for i in range(0, len(frontier), 64)]
    edge, made = merkle.append(size, edge, merkle.leaf_hash(leaf_data(record)))
    # Core on the session's connection (its transaction): the ORM's execute machinery was most of the cost
    session.connection().execute(_INSERT_NODES, [{"level": level, "idx": index, "hash": digest}
                                                 for level, index, digest in made])
    return {"log_size": size + 1, "log_frontier": "".join(h.hex() for h in edge)}


_INSERT_NODES = insert(LogNode.__table__)


def size(session: Session) -> int:
    """How many leaves the tree holds now (committed)."""
    return session.scalar(select(AuditHead.log_size).where(AuditHead.id == 1)) or 0


def nodes(session: Session, wanted: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """The stored hashes of these (level, index) nodes, in one query."""
    by_level: dict[int, list[int]] = {}
    for level, index in wanted:
        by_level.setdefault(level, []).append(index)
    if not by_level:
        return {}
    # one primary-key lookup per level, OR-ed: SQLite plans a row-value IN over (level, idx) as a full scan
    rows = session.execute(select(LogNode.level, LogNode.idx, LogNode.hash).where(or_(*(
        and_(LogNode.level == level, LogNode.idx.in_(indexes)) for level, indexes in by_level.items()))))
    return {(level, index): bytes(digest) for level, index, digest in rows}


class NotInTree(LookupError):
    """A size or index the tree does not (yet) hold."""


def _check(count: int, current: int) -> None:
    if count > current:
        raise NotInTree(f"Nhật ký mới có {current} sự kiện công khai, chưa có cây kích thước {count}.")


def root(session: Session, count: int) -> bytes:
    _check(count, size(session))
    return merkle.root(count, nodes(session, merkle.nodes_for([(0, count)]) if count else []))


@dataclass(frozen=True)
class Proof:
    hashes: list[bytes]
    root: bytes                 # of the larger tree, for convenience: a verifier uses its checkpoint's
    first_root: bytes | None = None   # consistency: of the smaller tree
    leaf: bytes | None = None         # inclusion: the stored leaf hash


def inclusion(session: Session, index: int, count: int) -> Proof:
    """The inclusion proof of leaf `index` in the tree of `count` leaves: two queries (the size, the nodes)."""
    _check(count, size(session))
    ranges = merkle.inclusion_ranges(index, count)
    found = nodes(session, merkle.nodes_for([*ranges, (0, count), (index, index + 1)]))
    return Proof(merkle.proof_hashes(ranges, found), merkle.root(count, found), leaf=found[(0, index)])


def consistency(session: Session, old: int, new: int) -> Proof:
    """The consistency proof that the tree of `new` leaves extends the tree of `old` leaves."""
    _check(new, size(session))
    ranges = merkle.consistency_ranges(old, new)
    found = nodes(session, merkle.nodes_for([*ranges, (0, old), (0, new)]))
    return Proof(merkle.proof_hashes(ranges, found), merkle.root(new, found), first_root=merkle.root(old, found))


@dataclass(frozen=True)
class Leaf:
    index: int
    seq: int
    data: bytes          # as the event row reads now: re-hashing it is how tampering with a row shows


def leaves(session: Session, start: int, end: int) -> list[Leaf]:
    """The leaves [start, end) as their events' rows give them now (at most MAX_LEAVES)."""
    end = min(end, start + MAX_LEAVES)
    columns = [getattr(AuditEvent, name) for name in FULL_FIELDS]
    rows = session.execute(select(AuditEvent.leaf_index, *columns)
                           .where(AuditEvent.leaf_index >= start, AuditEvent.leaf_index < end)
                           .order_by(AuditEvent.leaf_index)).mappings().all()
    return [Leaf(row["leaf_index"], row["seq"], leaf_data(exported(row))) for row in rows]


def leaf_of(session: Session, index: int) -> Leaf | None:
    found = leaves(session, index, index + 1)
    return found[0] if found else None
