"""The transparency log's Merkle tree (RFC 6962 §2.1, RFC 9162 §2.1). Pure: no I/O, no Flask, no SQLAlchemy.

Hashing with domain separation: a leaf is SHA-256(0x00 ‖ data), an inner node SHA-256(0x01 ‖ left ‖ right), so
a leaf can never pass for a node. The tree of n leaves is the RFC's MTH(D[n]). Its stored form is the hash of
every complete, aligned subtree: node (level, index) covers leaves [index·2^level, (index+1)·2^level). Nodes
never change once made, so a tree of any earlier size is read from the same nodes.

Proofs are computed here as lists of leaf ranges (RFC 6962 PATH and SUBPROOF), each range the MTH of a few
complete subtrees; the caller fetches those nodes however it stores them (`nodes_for`), then `proof_hashes`
turns them into the proof. Verification follows RFC 9162 §2.1.3.2 and §2.1.4.2 step by step.
"""
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

Range = tuple[int, int]          # leaves [start, end)
NodeId = tuple[int, int]         # (level, index)
NodeLookup = Callable[[int, int], bytes] | Mapping[NodeId, bytes]


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1): the RFC's k."""
    return 1 << ((n - 1).bit_length() - 1)


# --- appending: the right edge ("frontier") is all a new leaf needs -------------------------------------------

def append(size: int, frontier: Sequence[bytes], leaf: bytes) -> tuple[list[bytes], list[tuple[int, int, bytes]]]:
    """Add one leaf hash to a tree of `size` leaves whose frontier (the complete subtrees of size's binary
    decomposition, largest first) is `frontier`. Returns the new frontier and the nodes made: the leaf (level 0)
    and each parent it completes, as (level, index, hash). Amortised two nodes per leaf; no old node is read."""
    if len(frontier) != size.bit_count():
        raise ValueError("the frontier does not match the tree size")
    kept, made, current, level = list(frontier), [(0, size, leaf)], leaf, 0
    while (size >> level) & 1:
        current = node_hash(kept.pop(), current)
        level += 1
        made.append((level, size >> level, current))
    kept.append(current)
    return kept, made


def frontier_ids(size: int) -> list[NodeId]:
    """Which nodes form the frontier of a tree of `size` leaves, largest first."""
    return _subtrees(0, size)


def root_from_frontier(frontier: Sequence[bytes]) -> bytes:
    """MTH of the whole tree from its frontier alone (fold from the right)."""
    if not frontier:
        return EMPTY_ROOT
    current = frontier[-1]
    for left in reversed(frontier[:-1]):
        current = node_hash(left, current)
    return current


# --- proofs as ranges of leaves -------------------------------------------------------------------------------

def inclusion_ranges(index: int, size: int) -> list[Range]:
    """RFC 6962 §2.1.1 PATH(index, D[size]) as the leaf ranges whose MTH are the proof's hashes, in order."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is not in a tree of {size} leaves")
    ranges, start, n, m = [], 0, size, index
    while n > 1:
        k = _split(n)
        if m < k:
            ranges.append((start + k, start + n))
            n = k
        else:
            ranges.append((start, start + k))
            start, m, n = start + k, m - k, n - k
    return ranges[::-1]


def consistency_ranges(old: int, new: int) -> list[Range]:
    """RFC 6962 §2.1.2 PROOF(old, D[new]) = SUBPROOF(old, D[new], true), as leaf ranges in order. Empty when
    old == new (nothing to prove)."""
    if not 0 < old <= new:
        raise ValueError(f"no consistency proof from {old} to {new} leaves")
    ranges, start, n, m, complete = [], 0, new, old, True
    while m != n:
        k = _split(n)
        if m <= k:
            ranges.append((start + k, start + n))
            n = k
        else:
            ranges.append((start, start + k))
            start, m, n, complete = start + k, m - k, n - k, False
    if not complete and old != new:
        ranges.append((start, start + n))
    return ranges[::-1]


def _subtrees(start: int, end: int) -> list[NodeId]:
    """The complete subtrees making up [start, end), largest first. `start` must be aligned to the smallest power
    of two at least end - start, as every range of a proof is, so that MTH is their fold from the right."""
    width = end - start
    if width <= 0 or start % (1 << (width - 1).bit_length()):
        raise ValueError(f"[{start}, {end}) is not an aligned range")
    found, offset = [], start
    for level in range(width.bit_length() - 1, -1, -1):
        if width >> level & 1:
            found.append((level, offset >> level))
            offset += 1 << level
    return found


def nodes_for(ranges: Iterable[Range]) -> set[NodeId]:
    """Every stored node the ranges need: fetch them at once (one query), then call proof_hashes."""
    return {node for start, end in ranges for node in _subtrees(start, end)}


def _lookup(nodes: NodeLookup) -> Callable[[int, int], bytes]:
    if isinstance(nodes, Mapping):
        return lambda level, index: nodes[(level, index)]
    return nodes


def range_hash(start: int, end: int, nodes: NodeLookup) -> bytes:
    """MTH(D[start:end]) from the stored nodes (a mapping (level, index) -> hash, or a function of both)."""
    get = _lookup(nodes)
    hashes = [get(level, index) for level, index in _subtrees(start, end)]
    return root_from_frontier(hashes)


def proof_hashes(ranges: Sequence[Range], nodes: NodeLookup) -> list[bytes]:
    return [range_hash(start, end, nodes) for start, end in ranges]


def root(size: int, nodes: NodeLookup) -> bytes:
    """MTH of the first `size` leaves (the tree as it was at that size)."""
    return EMPTY_ROOT if size == 0 else range_hash(0, size, nodes)


def inclusion_proof(index: int, size: int, nodes: NodeLookup) -> list[bytes]:
    return proof_hashes(inclusion_ranges(index, size), nodes)


def consistency_proof(old: int, new: int, nodes: NodeLookup) -> list[bytes]:
    return proof_hashes(consistency_ranges(old, new), nodes)


# --- verification, exactly as RFC 9162 writes it ---------------------------------------------------------------

def _hashes(values: Sequence[bytes]) -> bool:
    return all(isinstance(v, bytes) and len(v) == HASH_SIZE for v in values)


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], root_hash: bytes) -> bool:
    """RFC 9162 §2.1.3.2: whether `leaf` (a leaf hash) is at `index` in the tree of `size` leaves with root
    `root_hash`, by `proof` (the inclusion path)."""
    if not 0 <= index < size or not _hashes([leaf, root_hash, *proof]):
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root_hash


def verify_consistency(old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> bool:
    """RFC 9162 §2.1.4.2: whether the tree of `new` leaves with `new_root` extends the tree of `old` leaves with
    `old_root`. Equal sizes need equal roots and an empty proof; from an empty tree nothing can be proved."""
    if not 0 < old <= new or not _hashes([old_root, new_root, *proof]):
        return False
    if old == new:
        return not proof and old_root == new_root
    if not proof:
        return False
    path = list(proof)
    if old & (old - 1) == 0:             # old is an exact power of two: its root is the first node
        path.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == old_root and sr == new_root and sn == 0
