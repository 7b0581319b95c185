"""Two clerks entering the same register number at once (issue 18): both pass the service's check before either
has committed, the database's unique constraint (authority, year, number) refuses the second, and the second is
told which decision holds the number. Two sessions on a database file (each its own connection), or PostgreSQL when
TEST_DATABASE_URL is set."""
import os
import threading

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tests.conftest import _reset_schema
from tests.factories import TODAY, audit_count, endorsed
from workflow import create_app
from workflow.extensions import db
from workflow.models import Authority, Decision, Nomination, Signer, User
from workflow.rules.errors import Conflict, DomainError
from workflow.rules.numbering import NumberingMode
from workflow.services import clock, decisions, office_register
from workflow.services.office_register import NumberSource

HOLDER = "Số 7/QĐ-UBND năm 2025 đã được cấp cho Quyết định số 7/QĐ-UBND ngày 03/03/2025"


@pytest.fixture
def app(tmp_path):
    """Overrides conftest's in-memory app: a database file that several connections can share."""
    overrides = {"BLOB_DIR": str(tmp_path / "blobs")}
    if not os.environ.get("TEST_DATABASE_URL"):
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path}/numbers.db"
    app = create_app("testing", **overrides)
    clock.advance(reset=True)
    with app.app_context():
        _reset_schema()
        yield app
        db.session.remove()
        _reset_schema(create=False)
        db.engine.dispose()
    clock.advance(reset=True)


@pytest.fixture
def two(session, world, store):
    """Two endorsed nominations of an authority that takes its numbers from the office's register."""
    world.authority.numbering_mode = NumberingMode.OFFICE_REGISTER
    pair = [endorsed(session, world, store, name=name).id for name in ("Xã Ninh Quới", "Xã Ninh Thạnh Lợi")]
    session.commit()
    return pair


def _decide(own: Session, ids: tuple[int, int], nomination_id: int) -> Decision:
    """The chair (ids[0]) issues one nomination with the signer (ids[1]) under number 7 of the register."""
    nomination = own.get(Nomination, nomination_id)
    return decisions.decide(own, [nomination], by=own.get(User, ids[0]), signer=own.get(Signer, ids[1]),
                            decision_date=TODAY, expected_versions={nomination.id: nomination.version},
                            numbering=NumberSource(entered="7"))


def test_the_second_clerk_past_the_check_is_stopped_by_the_constraint_and_told_who_holds_it(app, session, world, two):
    before = audit_count(session)
    with Session(db.engine) as first, Session(db.engine) as second:
        authority = second.get(Authority, world.authority.id)
        # the second clerk's number passes the check: nobody holds 7 yet
        assigned = office_register.assign(second, authority, TODAY, NumberSource(entered="7"), title="Về việc …")
        second.commit()
        _decide(first, (world.chair.id, world.signer.id), two[0])
        first.commit()
        late = Decision(authority=authority, year=assigned.number.year, seq=assigned.number.seq,
                        number=str(assigned.number), number_source=assigned.source, decision_date=TODAY,
                        title="Về việc tặng Bằng khen", signer=second.get(Signer, world.signer.id),
                        signer_name="Phạm Văn Thiều", signer_title="CHỦ TỊCH", issued_by_id=world.chair.id)
        with pytest.raises(Conflict) as info:
            office_register.claim(second, late)
        second.rollback()
    assert HOLDER in info.value.message
    session.expire_all()
    assert [d.number for d in session.scalars(select(Decision))] == ["7/QĐ-UBND"]
    assert audit_count(session) == before + 1
    assert session.get(Nomination, two[1]).state == "endorsed"


def test_two_clerks_issuing_with_the_same_number_at_once_one_wins_the_other_is_refused(app, session, world, two):
    before, start, outcomes = audit_count(session), threading.Barrier(2), {}
    engine, ids = db.engine, (world.chair.id, world.signer.id)

    def clerk(nomination_id: int) -> None:
        start.wait(timeout=30)
        for _attempt in range(100):   # SQLite may answer "database is locked" while the other writes
            with Session(engine) as own:
                try:
                    _decide(own, ids, nomination_id)
                    own.commit()
                    outcomes[nomination_id] = "issued"
                    return
                except DomainError as refusal:
                    own.rollback()
                    outcomes[nomination_id] = refusal.message
                    return
                except OperationalError as exc:
                    own.rollback()
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        outcomes[nomination_id] = repr(exc)
                        return
        outcomes[nomination_id] = "still locked"

    threads = [threading.Thread(target=clerk, args=(nomination_id,)) for nomination_id in two]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert list(outcomes.values()).count("issued") == 1, outcomes
    refusal = next(message for message in outcomes.values() if message != "issued")
    assert HOLDER in refusal, outcomes
    session.expire_all()
    assert [d.number for d in session.scalars(select(Decision))] == ["7/QĐ-UBND"]
    assert audit_count(session) == before + 1
    assert sorted(session.get(Nomination, n).state for n in two) == ["awarded", "endorsed"]
