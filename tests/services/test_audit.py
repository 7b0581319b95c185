"""The audit trail: append-only (the ORM refuses updates and deletes) and hash-chained, so that editing,
deleting, inserting or reordering a row with raw SQL makes `audit.verify` and `flask audit verify` fail and
name the first bad event."""
import itertools
from datetime import datetime

import pytest
from sqlalchemy import JSON, DateTime, bindparam, delete, select, text, update

from tests.factories import audit_count, awarded, in_appraisal
from workflow.models import AppendOnlyViolation, AuditEvent, AuditHead
from workflow.rules.audit_chain import GENESIS, event_hash
from workflow.rules.errors import NotAllowed
from workflow.services import audit, nominations

from .helpers import refused

COLUMNS = ("seq", "occurred_at", "actor_id", "actor_name", "role", "action", "object_type", "object_id",
           "from_state", "to_state", "changes", "reason", "visibility", "prev_hash", "hash")


@pytest.fixture
def chain(session, world, store) -> list[tuple[int, int]]:
    """A committed chain of a dozen events; (id, seq) of each, in order."""
    for _ in range(3):
        nomination = in_appraisal(session, world, store)   # create, add_attachment, submit, accept
    nominations.appraise(session, nomination, by=world.secretariat, body="Đủ điều kiện.")
    session.commit()
    rows = session.execute(select(AuditEvent.id, AuditEvent.seq).order_by(AuditEvent.seq)).all()
    assert [seq for _, seq in rows] == list(range(1, 14))
    return [tuple(row) for row in rows]


def _cli(app) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    return result.exit_code, result.output  # Click >= 8.2: stdout and stderr together


def _sql(session, statement: str, **params) -> None:
    session.execute(text(statement), params)
    session.commit()


def _row(session, seq: int) -> dict:
    return dict(session.execute(select(AuditEvent.__table__).where(AuditEvent.seq == seq)).mappings().one())


def _assert_broken_at(session, app, bad_seq: int, bad_id: int | None, problem: str) -> None:
    report = audit.verify(session)
    assert not report.ok
    assert (report.bad_seq, report.bad_id) == (bad_seq, bad_id), report
    assert problem in report.problem
    code, output = _cli(app)
    assert code != 0
    assert "CHUỖI NHẬT KÝ BỊ HỎNG" in output and f"seq={bad_seq}" in output
    assert (f"id={bad_id}" in output) if bad_id else ("id=" not in output)


# --- an intact chain -----------------------------------------------------------------------------------

def test_an_intact_chain_verifies_and_the_cli_prints_count_and_head(session, app, chain):
    last_hash = session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == 13))
    report = audit.verify(session)
    assert (report.ok, report.count, report.head) == (True, 13, last_hash)
    code, output = _cli(app)
    assert code == 0
    assert "13 sự kiện" in output and last_hash in output


def test_an_empty_chain_verifies(session, app):
    report = audit.verify(session)
    assert (report.ok, report.count, report.head) == (True, 0, GENESIS)
    assert _cli(app)[0] == 0


def test_each_event_links_to_the_one_before_and_the_head_follows_the_last(session, world, store):
    awarded(session, world, store)
    session.commit()
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    for event in events:
        assert event.hash == event_hash(event.record())
    head = session.get(AuditHead, 1)
    assert (head.seq, head.hash) == (events[-1].seq, events[-1].hash)
    assert audit.verify(session).ok


def test_a_refused_action_leaves_the_chain_head_where_it_was(session, world, store, chain):
    nomination = in_appraisal(session, world, store)
    session.commit()
    head = (session.get(AuditHead, 1).seq, session.get(AuditHead, 1).hash)
    with refused(session, NotAllowed, "không có quyền", nomination):
        nominations.accept(session, nomination, by=world.officer_a, expected_version=nomination.version)
    session.expire_all()
    assert (session.get(AuditHead, 1).seq, session.get(AuditHead, 1).hash) == head
    nominations.appraise(session, nomination, by=world.secretariat, body="Tiếp tục thẩm định.")
    session.commit()
    assert audit.verify(session).ok and audit_count(session) == head[0] + 1


def test_the_public_timeline_holds_only_public_events(session, world, store):
    nomination = awarded(session, world, store)
    session.commit()
    public = audit.events_for(session, "nomination", nomination.id, public_only=True)
    assert [e.action for e in public] == ["submit", "open_notice", "tally", "decide"]
    everything = audit.events_for(session, "nomination", nomination.id)
    assert [e.action for e in everything] == ["create", "add_attachment", "submit", "accept", "open_notice",
                                              "to_council", "tally", "decide"]


# --- the ORM refuses to change an event ------------------------------------------------------------------

def test_updating_an_audit_event_through_the_orm_is_refused(session, chain):
    event = session.scalar(select(AuditEvent).where(AuditEvent.seq == 5))
    event.reason = "sửa lén"
    with pytest.raises(AppendOnlyViolation, match="chỉ được ghi thêm, không được sửa"):
        session.flush()
    session.rollback()
    assert audit.verify(session).ok


def test_deleting_an_audit_event_through_the_orm_is_refused(session, chain):
    session.delete(session.scalar(select(AuditEvent).where(AuditEvent.seq == 5)))
    with pytest.raises(AppendOnlyViolation, match="không được xóa"):
        session.flush()
    session.rollback()
    assert audit_count(session) == 13 and audit.verify(session).ok


@pytest.mark.parametrize("statement", [
    update(AuditEvent).where(AuditEvent.seq == 5).values(reason="sửa lén"),
    delete(AuditEvent).where(AuditEvent.seq == 13),
], ids=["update", "delete"])
def test_an_orm_bulk_update_or_delete_of_audit_events_is_refused(session, chain, statement):
    with pytest.raises(AppendOnlyViolation):
        session.execute(statement)
    session.rollback()
    assert audit.verify(session).ok


# --- tampering with raw SQL is detected and named ------------------------------------------------------

@pytest.mark.parametrize(("column", "value"), [
    ("reason", "Đã được cấp trên đồng ý."),
    ("actor_name", "Người Khác"),
    ("to_state", "awarded"),
    ("visibility", "public"),
    ("occurred_at", "2020-01-01 00:00:00.000000"),
])
def test_editing_a_middle_row_is_detected_at_that_row(session, app, chain, column, value):
    bad_id, bad_seq = chain[5]  # seq 6: an internal add_attachment event
    _sql(session, f"UPDATE audit_event SET {column} = :v WHERE id = :id", v=value, id=bad_id)
    _assert_broken_at(session, app, bad_seq, bad_id, "hash không khớp")


def test_editing_the_changes_of_a_middle_row_is_detected(session, app, chain):
    bad_id, bad_seq = chain[4]
    session.execute(text("UPDATE audit_event SET changes = :v WHERE id = :id")
                    .bindparams(bindparam("v", type_=JSON)), {"v": {"revision": 99}, "id": bad_id})
    session.commit()
    _assert_broken_at(session, app, bad_seq, bad_id, "hash không khớp")


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(session, app, chain):
    """A forger who rehashes the edited row still breaks the chain where the next row points back to it."""
    bad_id, bad_seq = chain[6]
    row = _row(session, bad_seq) | {"reason": "sửa lén"}
    row["occurred_at"] = row["occurred_at"].isoformat()
    _sql(session, "UPDATE audit_event SET reason = :r, hash = :h WHERE id = :id", r="sửa lén",
         h=event_hash(row), id=bad_id)
    next_id, next_seq = chain[7]
    _assert_broken_at(session, app, next_seq, next_id, "prev_hash không khớp")


def test_deleting_a_middle_row_is_detected_at_the_row_after_it(session, app, chain):
    deleted_id, _ = chain[5]
    _sql(session, "DELETE FROM audit_event WHERE id = :id", id=deleted_id)
    next_id, next_seq = chain[6]
    _assert_broken_at(session, app, next_seq, next_id, "số thứ tự 7 thay vì 6")


def test_deleting_the_first_row_is_detected(session, app, chain):
    _sql(session, "DELETE FROM audit_event WHERE id = :id", id=chain[0][0])
    _assert_broken_at(session, app, 2, chain[1][0], "số thứ tự 2 thay vì 1")


def test_deleting_the_last_row_is_detected_by_the_chain_head(session, app, chain):
    _sql(session, "DELETE FROM audit_event WHERE id = :id", id=chain[-1][0])
    _assert_broken_at(session, app, 13, None, "sự kiện cuối bị xóa")


def _insert_forged(session, **fields) -> int:
    """A forged event appended after the last one with raw SQL; returns its id."""
    last = _row(session, 13)
    row = {"seq": 14, "occurred_at": datetime(2025, 3, 4, 9, 30), "actor_id": None, "actor_name": "Công dân",
           "role": "citizen", "action": "decide", "object_type": "nomination", "object_id": last["object_id"],
           "from_state": "endorsed", "to_state": "awarded", "changes": {}, "reason": None, "visibility": "public",
           "prev_hash": last["hash"], "hash": "f" * 64} | fields
    session.execute(text(f"INSERT INTO audit_event ({', '.join(COLUMNS)}) VALUES "
                         f"({', '.join(':' + c for c in COLUMNS)})")
                    .bindparams(bindparam("occurred_at", type_=DateTime), bindparam("changes", type_=JSON)), row)
    session.commit()
    return session.scalar(select(AuditEvent.id).where(AuditEvent.seq == row["seq"]))


def test_inserting_a_forged_row_is_detected_at_that_row(session, app, chain):
    forged = _insert_forged(session)
    _assert_broken_at(session, app, 14, forged, "hash không khớp")


def test_inserting_a_forged_row_with_a_valid_hash_is_named_by_the_chain_head(session, app, chain):
    """The forger computes a correct hash and link but cannot move the chain head: verification must name
    the forged event (seq 14), not report a deleted one."""
    last = _row(session, 13)
    fields = {"seq": 14, "occurred_at": "2025-03-04T09:30:00", "actor_id": None, "actor_name": "Công dân",
              "role": "citizen", "action": "decide", "object_type": "nomination", "object_id": last["object_id"],
              "from_state": "endorsed", "to_state": "awarded", "changes": {}, "reason": None,
              "visibility": "public", "prev_hash": last["hash"]}
    forged = _insert_forged(session, hash=event_hash(fields))
    _assert_broken_at(session, app, 14, forged, "")


def test_inserting_a_row_in_the_middle_is_detected(session, app, chain):
    """Renumber the tail to make room for a forged seq 7; the first row out of place is named."""
    _sql(session, "UPDATE audit_event SET seq = seq + 1000 WHERE seq >= 7")
    _sql(session, "UPDATE audit_event SET seq = seq - 999 WHERE seq >= 1000")
    _insert_forged(session, seq=7, prev_hash=_row(session, 6)["hash"])
    moved_id, _ = chain[6]
    _assert_broken_at(session, app, 8, moved_id, "số thứ tự 8 thay vì 7")


def test_swapping_the_seq_of_two_rows_is_detected(session, app, chain):
    (first_id, first_seq), (second_id, second_seq) = chain[3], chain[4]
    _sql(session, "UPDATE audit_event SET seq = -1 WHERE id = :id", id=first_id)
    _sql(session, "UPDATE audit_event SET seq = :s WHERE id = :id", s=first_seq, id=second_id)
    _sql(session, "UPDATE audit_event SET seq = :s WHERE id = :id", s=second_seq, id=first_id)
    _assert_broken_at(session, app, second_seq, first_id, "số thứ tự 5 thay vì 4")


def test_swapping_the_contents_of_two_rows_is_detected(session, app, chain):
    (first_id, first_seq), (second_id, second_seq) = chain[8], chain[9]
    first, second = _row(session, first_seq), _row(session, second_seq)
    assignments = ", ".join(f"{c} = :{c}" for c in COLUMNS)
    statement = text(f"UPDATE audit_event SET {assignments} WHERE id = :id").bindparams(
        bindparam("occurred_at", type_=DateTime), bindparam("changes", type_=JSON))
    _sql(session, "UPDATE audit_event SET seq = -1, hash = 'x' WHERE id = :id", id=first_id)
    session.execute(statement, {c: first[c] for c in COLUMNS} | {"id": second_id})
    session.execute(statement, {c: second[c] for c in COLUMNS} | {"id": first_id})
    session.commit()
    _assert_broken_at(session, app, second_seq, first_id, "số thứ tự 10 thay vì 9")


def test_tampering_with_the_chain_head_is_detected(session, app, chain):
    _sql(session, "UPDATE audit_head SET hash = :h WHERE id = 1", h="0" * 63 + "1")
    report = audit.verify(session)
    assert not report.ok and _cli(app)[0] != 0


# --- incremental verify (--since) ----------------------------------------------------------------------

def test_verify_since_a_head_walks_only_what_came_after_and_still_catches_a_later_edit(session, app, world, store,
                                                                                        chain):
    head = audit.verify(session).head
    in_appraisal(session, world, store)
    session.commit()
    full = audit.verify(session)
    assert audit.verify(session, since=head) == full and full.count == 17
    result = app.test_cli_runner().invoke(args=["audit", "verify", "--since", head])
    assert result.exit_code == 0 and "kiểm tra tiếp từ" in result.output and "17 sự kiện" in result.output
    last_id = chain[-1][0]
    assert app.test_cli_runner().invoke(args=["audit", "verify", "--since", str(last_id)]).exit_code == 0

    _sql(session, "UPDATE audit_event SET reason = 'sửa lén' WHERE seq = 15")
    report = audit.verify(session, since=head)
    assert (report.ok, report.bad_seq) == (False, 15)
    result = app.test_cli_runner().invoke(args=["audit", "verify", "--since", head])
    assert result.exit_code == 1 and "seq=15" in result.output


def test_verify_refuses_a_since_point_that_is_not_in_the_chain(session, app, chain):
    for since in ("f" * 64, "999999"):
        result = app.test_cli_runner().invoke(args=["audit", "verify", "--since", since])
        assert result.exit_code == 1 and "Không có sự kiện nào mang" in result.output
    _sql(session, "UPDATE audit_event SET reason = 'sửa lén' WHERE seq = 13")
    head = session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == 13))
    result = app.test_cli_runner().invoke(args=["audit", "verify", "--since", head])
    assert result.exit_code == 1 and "đã bị sửa" in result.output
    with pytest.raises(audit.UnknownSincePoint):
        audit.verify(session, since=head)
