"""The transparency log's Merkle tree against the published RFC 6962 reference vectors (the 8-leaf tree of
certificate-transparency-go, Trillian and transparency-dev/merkle: testonly/constants.go, reference_test.go),
the Go verifier's own probes (testdata/inclusion and testdata/consistency, good and bad), and properties over
random sizes (hypothesis)."""
import base64
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.rules import merkle

LEAVES = [bytes.fromhex(h) for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                      "606162636465666768696a6b6c6d6e6f")]
ROOTS = [bytes.fromhex(h) for h in (
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")]
H = bytes.fromhex
INCLUSION = [  # (index, size, proof) from reference_test.go TestRefInclusionProof
    (0, 1, []),
    (0, 2, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"]),
    (1, 2, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]
CONSISTENCY = [  # (old, new, proof) from reference_test.go TestRefConsistencyProof
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]
PROBES = json.loads((Path(__file__).parent / "data" / "merkle_probes.json").read_text())


def tree(leaves: list[bytes]) -> dict[tuple[int, int], bytes]:
    """Every stored node of a tree, made leaf by leaf through the append path (as the database gets them)."""
    nodes, frontier = {}, []
    for size, data in enumerate(leaves):
        frontier, made = merkle.append(size, frontier, merkle.leaf_hash(data))
        nodes.update({(level, index): digest for level, index, digest in made})
    return nodes


def test_the_leaf_and_node_hashes_are_rfc_6962s():
    assert merkle.leaf_hash(b"").hex() == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    assert merkle.node_hash(merkle.leaf_hash(b""), merkle.leaf_hash(b"\x00")) == ROOTS[2]


def test_the_root_of_every_prefix_of_the_reference_tree_is_the_published_one():
    nodes, frontier = tree(LEAVES), []
    for size in range(9):
        assert merkle.root(size, nodes) == ROOTS[size]
        if size:
            frontier, _ = merkle.append(size - 1, frontier, merkle.leaf_hash(LEAVES[size - 1]))
        assert merkle.root_from_frontier(frontier) == ROOTS[size]
    assert nodes[(3, 0)] == ROOTS[8] and nodes[(1, 3)].hex().startswith("ca854ea1")


@pytest.mark.parametrize(("index", "size", "expected"), INCLUSION)
def test_inclusion_proofs_are_the_reference_ones_and_verify(index, size, expected):
    proof = merkle.inclusion_proof(index, size, tree(LEAVES[:size]))
    assert proof == [H(h) for h in expected]
    assert merkle.verify_inclusion(index, size, merkle.leaf_hash(LEAVES[index]), proof, ROOTS[size])


@pytest.mark.parametrize(("old", "new", "expected"), CONSISTENCY)
def test_consistency_proofs_are_the_reference_ones_and_verify(old, new, expected):
    proof = merkle.consistency_proof(old, new, tree(LEAVES[:new]))
    assert proof == [H(h) for h in expected]
    assert merkle.verify_consistency(old, new, ROOTS[old], ROOTS[new], proof)


def _b64(values) -> list[bytes]:
    return [base64.b64decode(v) for v in values or []]


@pytest.mark.parametrize("probe", PROBES["inclusion"], ids=lambda p: p["file"])
def test_the_go_verifiers_inclusion_probes(probe):
    ok = merkle.verify_inclusion(probe["leafIdx"], probe["treeSize"], base64.b64decode(probe["leafHash"] or ""),
                                 _b64(probe["proof"]), base64.b64decode(probe["root"] or ""))
    assert ok is not probe["wantErr"], probe["desc"]


@pytest.mark.parametrize("probe", PROBES["consistency"], ids=lambda p: p["file"])
def test_the_go_verifiers_consistency_probes(probe):
    root1, root2 = base64.b64decode(probe["root1"] or ""), base64.b64decode(probe["root2"] or "")
    ok = merkle.verify_consistency(probe["size1"], probe["size2"], root1, root2, _b64(probe["proof"]))
    if len(root1) != merkle.HASH_SIZE and not probe["wantErr"]:
        # Go accepts equal sizes with equal "don't care" roots of 12 bytes; we refuse anything not a hash
        assert probe["size1"] == probe["size2"] and not ok
        assert merkle.verify_consistency(1, 1, ROOTS[1], ROOTS[1], [])
        return
    assert ok is not probe["wantErr"], probe["desc"]


def test_bad_parameters_are_refused_not_crashed():
    with pytest.raises(ValueError):
        merkle.inclusion_ranges(8, 8)
    with pytest.raises(ValueError):
        merkle.consistency_ranges(0, 8)
    with pytest.raises(ValueError):
        merkle.append(3, [b"x" * 32], b"y" * 32)   # size 3 has two frontier nodes
    assert not merkle.verify_inclusion(0, 0, ROOTS[1], [], ROOTS[1])
    assert not merkle.verify_consistency(5, 3, ROOTS[5], ROOTS[3], [])


# --- properties ---------------------------------------------------------------------------------------------------

@st.composite
def sized_index(draw, most=300):
    size = draw(st.integers(1, most))
    return size, draw(st.integers(0, size - 1))


def _leaves(n: int) -> list[bytes]:
    return [f"sự kiện {i}".encode() for i in range(n)]


_TREE = tree(_leaves(300))
OTHER = "khác".encode()
_ROOTS = {}


def _root(size: int) -> bytes:
    if size not in _ROOTS:
        _ROOTS[size] = merkle.root(size, _TREE)
    return _ROOTS[size]


def _flip(proof: list[bytes], which: int, bit: int) -> list[bytes]:
    changed = bytearray(proof[which])
    changed[bit // 8] ^= 1 << (bit % 8)
    return proof[:which] + [bytes(changed)] + proof[which + 1:]


@settings(max_examples=150, deadline=None)
@given(sized_index(), st.integers(0, 255), st.integers(0, 64))
def test_every_inclusion_proof_verifies_and_nothing_else_does(case, bit, which):
    size, index = case
    leaf = merkle.leaf_hash(_leaves(size)[index])
    proof = merkle.inclusion_proof(index, size, _TREE)
    assert len(proof) <= (size - 1).bit_length()            # ⌈log2 n⌉
    assert merkle.verify_inclusion(index, size, leaf, proof, _root(size))
    if proof:
        assert not merkle.verify_inclusion(index, size, leaf, _flip(proof, which % len(proof), bit), _root(size))
        assert not merkle.verify_inclusion(index, size, leaf, proof[:-1], _root(size))
        assert not merkle.verify_inclusion(index, size, leaf, proof + [proof[-1]], _root(size))
    if size > 1:
        assert not merkle.verify_inclusion((index + 1) % size, size, leaf, proof, _root(size))
    if size < 300:
        assert not merkle.verify_inclusion(index, size + 1, leaf, proof, _root(size + 1))
    assert not merkle.verify_inclusion(index, size, merkle.leaf_hash(OTHER), proof, _root(size))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 300), st.integers(1, 300), st.integers(0, 255), st.integers(0, 64))
def test_every_consistency_proof_verifies_and_nothing_else_does(a, b, bit, which):
    old, new = min(a, b), max(a, b)
    proof = merkle.consistency_proof(old, new, _TREE)
    assert len(proof) <= (new - 1).bit_length() + 1          # ⌈log2 n⌉ + 1
    assert merkle.verify_consistency(old, new, _root(old), _root(new), proof)
    if proof:
        assert not merkle.verify_consistency(old, new, _root(old), _root(new), _flip(proof, which % len(proof), bit))
        assert not merkle.verify_consistency(old, new, _root(old), _root(new), proof[1:])
    if old != new:
        assert not merkle.verify_consistency(old + 1, new, _root(old + 1), _root(new), proof)
        assert not merkle.verify_consistency(old, new, _root(old), merkle.leaf_hash(OTHER), proof)
        # a history rewritten below `old`: the old root no longer fits
        assert not merkle.verify_consistency(old, new, merkle.leaf_hash(OTHER), _root(new), proof)
