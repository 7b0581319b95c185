"""Real concurrency: two sessions (and two threads) on one file-based database. A stale update loses with
`Conflict` instead of overwriting the winner, and concurrent appends leave one unbroken audit chain.

Runs on a SQLite file (each session its own connection); on PostgreSQL when TEST_DATABASE_URL is set.
"""
import os
import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tests.conftest import _reset_schema
from tests.factories import audit_count, in_appraisal, submitted
from workflow import create_app
from workflow.extensions import db
from workflow.models import AuditEvent, Nomination, User
from workflow.rules.errors import Conflict
from workflow.services import audit, clock, nominations


THREADS, ACTIONS_PER_THREAD = 2, 20


@pytest.fixture
def app(tmp_path):
    """Overrides conftest's in-memory app: a database file that several connections can share."""
    overrides = {"BLOB_DIR": str(tmp_path / "blobs")}
    if not os.environ.get("TEST_DATABASE_URL"):
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path}/c.db"
    app = create_app("testing", **overrides)
    clock.advance(reset=True)
    with app.app_context():
        _reset_schema()
        yield app
        db.session.remove()
        _reset_schema(create=False)
        db.engine.dispose()
    clock.advance(reset=True)


def _retrying(engine, work: Callable[[Session], None], attempts: int = 100) -> None:
    """Run `work` in a fresh session and commit; SQLite may answer "database is locked" under contention."""
    for attempt in range(attempts):
        with Session(engine) as session:
            try:
                work(session)
                session.commit()
                return
            except OperationalError as exc:
                session.rollback()
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
        time.sleep(0.005 * (attempt + 1))
    raise AssertionError("the database stayed locked")


def test_the_engine_is_a_shared_file_not_a_private_memory_database(app):
    assert db.engine.url.database not in (None, "", ":memory:")


def test_a_concurrent_stale_update_raises_conflict(app, session, world, store):
    nomination = submitted(session, world, store)
    session.commit()
    nomination_id, version, before = nomination.id, nomination.version, audit_count(session)
    with Session(db.engine) as first, Session(db.engine) as second:
        mine, theirs = first.get(Nomination, nomination_id), second.get(Nomination, nomination_id)
        assert mine.version == theirs.version == version and mine is not theirs
        nominations.accept(first, mine, by=first.get(User, world.secretariat.id), expected_version=version)
        first.commit()
        # the second clerk's page still shows the version both loaded: only the versioned UPDATE can tell
        assert theirs.version == version
        with pytest.raises(Conflict) as info:
            nominations.return_(second, theirs, by=second.get(User, world.secretariat.id), expected_version=version,
                                reason="Thiếu biên bản bình xét.")
        second.rollback()
    assert "đã có người xử lý trước" in info.value.message
    session.expire_all()
    stored = session.get(Nomination, nomination_id)
    assert (stored.state, stored.version, stored.return_reason) == ("in_appraisal", version + 1, None)
    assert audit_count(session) == before + 1
    last = session.scalar(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1))
    assert (last.action, last.object_id, last.to_state) == ("accept", nomination_id, "in_appraisal")
    assert audit.verify(session).ok


def test_a_stale_edit_from_a_second_session_does_not_overwrite_the_first(app, session, world, store):
    nomination = in_appraisal(session, world, store)
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Cần sửa số Tờ trình.")
    session.commit()
    nomination_id, version = nomination.id, nomination.version
    with Session(db.engine) as first, Session(db.engine) as second:
        mine, theirs = first.get(Nomination, nomination_id), second.get(Nomination, nomination_id)
        officer_first, officer_second = first.get(User, world.officer_a.id), second.get(User, world.officer_a.id)
        nominations.edit(first, mine, by=officer_first, expected_version=version, changes={"letter_no": "20/TTr-UBND"})
        first.commit()
        with pytest.raises(Conflict):
            nominations.edit(second, theirs, by=officer_second, expected_version=version,
                             changes={"letter_no": "21/TTr-UBND"})
        second.rollback()
    session.expire_all()
    assert session.get(Nomination, nomination_id).letter_no == "20/TTr-UBND"
    assert audit.verify(session).ok


def test_two_threads_acting_on_one_nomination_one_wins_and_the_other_gets_conflict(app, session, world, store):
    nomination = submitted(session, world, store)
    session.commit()
    nomination_id, version, before = nomination.id, nomination.version, audit_count(session)
    engine, loaded, outcomes, clerk_id = db.engine, threading.Barrier(2), [], world.secretariat.id

    def clerk(action: str) -> None:
        with Session(engine) as own:
            mine = own.get(Nomination, nomination_id)
            clerk_user = own.get(User, clerk_id)
            clerk_user.actor(), mine.facts()  # load everything the service reads before racing
            loaded.wait(timeout=30)
            try:
                if action == "accept":
                    nominations.accept(own, mine, by=clerk_user, expected_version=version)
                else:
                    nominations.return_(own, mine, by=clerk_user, expected_version=version, reason="Thiếu.")
                own.commit()
                outcomes.append(("ok", action))
            except Conflict:
                own.rollback()
                outcomes.append(("conflict", action))
            except Exception as exc:  # noqa: BLE001 - reported to the main thread
                own.rollback()
                outcomes.append((repr(exc), action))

    threads = [threading.Thread(target=clerk, args=(action,)) for action in ("accept", "return")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(result for result, _ in outcomes) == ["conflict", "ok"], outcomes
    winner = next(action for result, action in outcomes if result == "ok")
    session.expire_all()
    stored = session.get(Nomination, nomination_id)
    assert stored.state == {"accept": "in_appraisal", "return": "returned"}[winner]
    assert stored.version == version + 1
    assert audit_count(session) == before + 1 and audit.verify(session).ok


def test_concurrent_writers_leave_one_verifiable_chain_without_duplicate_seq(app, session, world, store):
    per_thread = ACTIONS_PER_THREAD // 2  # each nomination is accepted, then withdrawn
    batches = [[submitted(session, world, store).id for _ in range(per_thread)] for _ in range(THREADS)]
    session.commit()
    before = audit_count(session)
    engine, start, errors = db.engine, threading.Barrier(THREADS), []
    secretariat_id, officer_id = world.secretariat.id, world.officer_a.id

    def accept(nomination_id: int) -> Callable[[Session], None]:
        def work(own: Session) -> None:
            mine = own.get(Nomination, nomination_id)
            nominations.accept(own, mine, by=own.get(User, secretariat_id), expected_version=mine.version)
        return work

    def withdraw(nomination_id: int) -> Callable[[Session], None]:
        def work(own: Session) -> None:
            mine = own.get(Nomination, nomination_id)
            nominations.withdraw(own, mine, by=own.get(User, officer_id), expected_version=mine.version,
                                 reason="Rút để bổ sung đợt sau.")
        return work

    def writer(ids: list[int]) -> None:
        try:
            start.wait(timeout=30)
            for nomination_id in ids:
                _retrying(engine, accept(nomination_id))
                _retrying(engine, withdraw(nomination_id))
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(ids,)) for ids in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    session.expire_all()
    total = before + THREADS * ACTIONS_PER_THREAD
    seqs = session.scalars(select(AuditEvent.seq).order_by(AuditEvent.id)).all()
    assert len(seqs) == total and len(set(seqs)) == total and sorted(seqs) == list(range(1, total + 1))
    report = audit.verify(session)
    assert (report.ok, report.count) == (True, total), report
    states = session.scalars(select(Nomination.state).where(Nomination.id.in_([i for batch in batches for i in batch]))).all()
    assert set(states) == {"withdrawn"}
    per_nomination = session.execute(select(AuditEvent.object_id, func.count()).where(
        AuditEvent.seq > before).group_by(AuditEvent.object_id)).all()
    assert {count for _, count in per_nomination} == {2}
