"""The audit hash chain (workflow/rules/audit_chain.py): canonical hashing and the verification walk.
Every tampering (edit, delete, insert, reorder, truncate) fails verification and names the first bad event."""
import json

import pytest

from workflow.rules.audit_chain import GENESIS, HASHED_FIELDS, canonical_json, event_hash, verify_chain

ACTIONS = ["create", "submit", "accept", "open_notice", "to_council", "tally", "decide"]


def make_chain(n: int = 7) -> list[dict]:
    """n events of one nomination's life, each linked to the previous one, as the service stores them."""
    records, prev = [], GENESIS
    for seq in range(1, n + 1):
        record = {
            "id": seq, "seq": seq, "occurred_at": f"2025-03-{seq:02d}T08:30:00+07:00", "actor_id": 3,
            "actor_name": "Trần Thị Thư Ký", "role": "secretariat", "action": ACTIONS[(seq - 1) % len(ACTIONS)],
            "object_type": "nomination", "object_id": 42, "from_state": None, "to_state": None,
            "changes": {"ghi_chu": f"bước {seq}"}, "reason": None, "visibility": "internal", "prev_hash": prev}
        record["hash"] = event_hash(record)
        records.append(record)
        prev = record["hash"]
    return records


def rehashed(record: dict, **changes) -> dict:
    """A forger who knows the algorithm: change fields and recompute the row's own hash."""
    forged = {**record, **changes}
    forged["hash"] = event_hash(forged)
    return forged


def head_of(chain: list[dict]) -> tuple[int, str]:
    return chain[-1]["seq"], chain[-1]["hash"]


# --- hashing --------------------------------------------------------------------------------------------

GOLDEN_RECORD = {
    "seq": 1, "occurred_at": "2025-03-01T08:30:00+07:00", "actor_id": 3, "actor_name": "Trần Thị Thư Ký",
    "role": "secretariat", "action": "accept", "object_type": "nomination", "object_id": 42,
    "from_state": "submitted", "to_state": "in_appraisal", "changes": {"ghi_chu": "đủ hồ sơ"}, "reason": None,
    "visibility": "internal", "prev_hash": GENESIS}


GOLDEN_JSON = ('{"action":"accept","actor_id":3,"actor_name":"Trần Thị Thư Ký","changes":{"ghi_chu":"đủ hồ sơ"},'
               '"from_state":"submitted","object_id":42,"object_type":"nomination",'
               '"occurred_at":"2025-03-01T08:30:00+07:00","prev_hash":"' + "0" * 64 + '","reason":null,'
               '"role":"secretariat","seq":1,"to_state":"in_appraisal","visibility":"internal"}')
# sha256 of GOLDEN_JSON, computed outside Python (printf '%s' … | sha256sum)
GOLDEN_HASH = "114673fc3b032ba9143b7cfec8b54ce361216526e4c49cafb8335d3d64b48daf"


def test_canonical_json_is_sorted_compact_utf8_over_the_hashed_fields_only():
    # Pinned: changing the encoding would make every chain already stored in a database fail to verify.
    assert canonical_json({**GOLDEN_RECORD, "id": 99, "hash": "ignored"}) == GOLDEN_JSON.encode("utf-8")


def test_event_hash_is_sha256_of_the_canonical_json():
    assert event_hash(GOLDEN_RECORD) == GOLDEN_HASH


def test_fields_missing_from_a_record_are_hashed_as_null():
    assert json.loads(canonical_json({"seq": 1})) == {name: (1 if name == "seq" else None) for name in HASHED_FIELDS}


def test_key_order_and_unhashed_fields_do_not_change_the_hash():
    reordered = dict(reversed(list(GOLDEN_RECORD.items())))
    assert event_hash(reordered) == event_hash({**GOLDEN_RECORD, "id": 7, "hash": "x"})


@pytest.mark.parametrize("field", HASHED_FIELDS)
def test_every_hashed_field_changes_the_hash(field):
    assert event_hash({**GOLDEN_RECORD, field: "khác"}) != event_hash(GOLDEN_RECORD)


def test_hashed_fields_cover_the_whole_event():
    assert set(HASHED_FIELDS) == {"seq", "occurred_at", "actor_id", "actor_name", "role", "action",
                                  "object_type", "object_id", "from_state", "to_state", "changes", "reason",
                                  "visibility", "prev_hash"}


# --- an intact chain ------------------------------------------------------------------------------------

def test_intact_chain_verifies_with_count_and_head():
    chain = make_chain(7)
    report = verify_chain(chain, head=head_of(chain))
    assert report.ok
    assert (report.count, report.head) == (7, chain[-1]["hash"])
    assert report.bad_seq is None and report.problem == ""


def test_intact_chain_verifies_without_a_head_too():
    chain = make_chain(3)
    assert verify_chain(iter(chain)).ok


def test_empty_chain_verifies_at_genesis():
    report = verify_chain([], head=(0, GENESIS))
    assert (report.ok, report.count, report.head) == (True, 0, GENESIS)


# --- tampering ------------------------------------------------------------------------------------------

def test_edited_field_is_caught_at_that_event():
    chain = make_chain(7)
    chain[3] = {**chain[3], "actor_name": "Người khác"}
    report = verify_chain(chain, head=head_of(make_chain(7)))
    assert not report.ok
    assert (report.bad_seq, report.bad_id) == (4, 4)
    assert "hash" in report.problem
    assert report.count == 3


def test_edited_and_rehashed_event_is_caught_at_the_next_event():
    chain = make_chain(7)
    chain[3] = rehashed(chain[3], reason="sửa lén")
    report = verify_chain(chain, head=head_of(make_chain(7)))
    assert not report.ok
    assert report.bad_seq == 5  # its own hash is consistent, but the next event no longer links to it
    assert "prev_hash" in report.problem


def test_deleted_middle_event_is_caught_at_the_gap():
    chain = make_chain(7)
    del chain[3]
    report = verify_chain(chain, head=head_of(make_chain(7)))
    assert not report.ok
    assert report.bad_seq == 5  # the event that follows the deleted one
    assert report.count == 3


def test_deleted_last_event_is_caught_through_the_head():
    original = make_chain(7)
    truncated = original[:-1]
    assert verify_chain(truncated).ok  # the rows alone cannot tell a truncated tail...
    report = verify_chain(truncated, head=head_of(original))  # ...the head row can
    assert not report.ok
    assert report.bad_seq == 7
    assert report.count == 6


def test_deleted_last_two_events_name_the_first_missing_one():
    original = make_chain(7)
    report = verify_chain(original[:-2], head=head_of(original))
    assert not report.ok
    assert (report.bad_seq, report.count) == (6, 5)


def test_forged_event_inserted_in_the_middle_is_caught_at_the_forgery():
    chain = make_chain(7)
    forged = {**chain[2], "id": 99, "action": "decide", "hash": "f" * 64}
    chain.insert(3, forged)
    report = verify_chain(chain, head=head_of(make_chain(7)))
    assert not report.ok
    assert report.bad_id == 99


def test_forged_event_with_a_valid_link_inserted_in_the_middle_breaks_the_next_link():
    chain = make_chain(7)
    forged = rehashed(chain[3], id=99, action="decide", prev_hash=chain[2]["hash"])  # seq 4, linked to 3
    chain.insert(3, forged)
    report = verify_chain(chain, head=head_of(make_chain(7)))
    assert not report.ok
    assert (report.bad_seq, report.bad_id) == (4, 4)  # the genuine 4th event now sits 5th


def test_swapped_events_are_caught_at_the_first_out_of_place():
    chain = make_chain(7)
    chain[2], chain[4] = chain[4], chain[2]
    report = verify_chain(chain, head=head_of(make_chain(7)))
    assert not report.ok
    assert (report.bad_seq, report.bad_id) == (5, 5)
    assert report.count == 2


def test_swapped_events_with_renumbered_seq_are_caught_by_their_hash():
    chain = make_chain(7)
    chain[2], chain[4] = {**chain[4], "seq": 3}, {**chain[2], "seq": 5}
    report = verify_chain(chain, head=head_of(make_chain(7)))
    assert not report.ok
    assert report.bad_seq == 3


# The head row is updated in the same transaction as every genuine append. A row slipped in at the end of
# the table, or a last row rewritten with a consistent hash, is only visible through the head; the report
# must then name that row, not an event that does not exist.

def test_forged_event_appended_after_the_head_is_named():
    chain = make_chain(7)
    forged = rehashed(chain[-1], id=99, seq=8, prev_hash=chain[-1]["hash"], action="decide")
    report = verify_chain(chain + [forged], head=head_of(chain))
    assert not report.ok
    assert report.bad_seq == 8  # the forged row, not a ninth event that does not exist
    assert "bị xóa" not in report.problem  # nothing was deleted


def test_rewritten_last_event_is_named_through_the_head():
    original = make_chain(7)
    chain = original[:-1] + [rehashed(original[-1], reason="sửa lén")]
    report = verify_chain(chain, head=head_of(original))
    assert not report.ok
    assert report.bad_seq == 7  # the rewritten row, not an eighth event that does not exist


def test_report_problem_is_vietnamese():
    chain = make_chain(5)
    del chain[1]
    assert "bị xóa" in verify_chain(chain).problem


# --- the fast path (issue 14) and incremental walks ------------------------------------------------------

AWKWARD = ["Nguyễn Văn Ánh", 'quote " and backslash \\ and slash /', "\x00\x01\x1f\x7f control", "\u2028\u2029",
           "emoji 😀 and 𝔘", "", "tab\tnew\nline\r", "<script>&amp;</script>"]


@pytest.mark.parametrize("text", AWKWARD)
def test_orjson_writes_the_bytes_canonical_json_defines(text):
    """hash_matches trusts orjson only because it writes exactly canonical_json's bytes."""
    import orjson

    from workflow.rules.audit_chain import hash_matches
    record = {**make_chain(1)[0], "actor_name": text, "reason": text, "object_id": 2**62,
              "changes": {text: [1, {"z": None, "a": True, "m": text}], "số": -7, "b": False}}
    fast = orjson.dumps({name: record.get(name) for name in HASHED_FIELDS}, option=orjson.OPT_SORT_KEYS)
    assert fast == canonical_json(record)
    assert hash_matches(record, event_hash(record))
    assert not hash_matches({**record, "reason": text + "."}, event_hash(record))


def test_what_orjson_cannot_write_is_decided_by_canonical_json():
    from workflow.rules.audit_chain import hash_matches
    record = {**make_chain(1)[0], "changes": {"lớn": 2**80}}  # past 64 bits: orjson refuses it
    assert hash_matches(record, event_hash(record))
    assert not hash_matches(record, GENESIS)


def test_a_walk_from_a_verified_event_gives_what_the_whole_walk_gives():
    chain = make_chain(7)
    whole = verify_chain(chain, (7, chain[-1]["hash"]))
    for k in range(7):
        start = (chain[k - 1]["hash"], k, k) if k else (GENESIS, 0, None)
        assert verify_chain(chain[k:], (7, chain[-1]["hash"]), start) == whole
    edited = [*chain[:5], {**chain[5], "reason": "sửa"}, chain[6]]
    report = verify_chain(edited[3:], (7, chain[-1]["hash"]), (chain[2]["hash"], 3, 3))
    assert (report.ok, report.bad_seq) == (False, 6)
