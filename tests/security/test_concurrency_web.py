"""Concurrency through the whole stack (ASVS 5.0 §2.3): clerks clicking "accept" and "return" on the same
nomination at the same moment, each request in its own thread with its own database connection, exactly as
gunicorn's threads would serve them. One wins, every other gets the 409 page, the audit chain verifies.
And decisions issued at the same moment never share a decision number or a golden-book number.

tests/services/test_concurrency.py covers the services with two sessions; this adds the HTTP layer (the view's
commit, the error handler's 409) and more than two contenders. On a SQLite file by default, on PostgreSQL when
TEST_DATABASE_URL is set.
"""
import os
import threading
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests import factories
from tests.conftest import _reset_schema
from tests.web.conftest import Browser, OwnContextClient, csrf_token
from workflow import create_app
from workflow.extensions import db
from workflow.models import AuditEvent, Certificate, Decision, Nomination, Signer, User
from workflow.rules.permissions import Grant, Role
from workflow.services import audit, clock, decisions, users

CLERKS_THREADS = 3  # per clerk: six requests racing for one nomination


@pytest.fixture
def app(tmp_path):
    """A database file (or PostgreSQL) that several connections share; the in-memory default cannot."""
    overrides = {"BLOB_DIR": str(tmp_path / "blobs")}
    if not os.environ.get("TEST_DATABASE_URL"):
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path}/race.db"
    app = create_app("testing", **overrides)
    app.test_client_class = OwnContextClient
    clock.advance(reset=True)
    with app.app_context():
        _reset_schema()
        yield app
        db.session.remove()
        _reset_schema(create=False)
        db.engine.dispose()
    clock.advance(reset=True)


def race(app, jobs: list) -> list:
    """Run the callables at once (a barrier releases them together), each thread in an app context of its
    own as a server thread would be, and return their results in order."""
    start, results = threading.Barrier(len(jobs)), [None] * len(jobs)

    def run(i, job):
        start.wait(timeout=30)
        try:
            with app.app_context():
                results[i] = job()
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.mark.parametrize("round_", range(3))
def test_clerks_racing_to_accept_and_return_one_nomination_one_wins_the_rest_get_409(app, session, world, store,
                                                                                     round_):
    second = users.create_user(session, username="thuky2", full_name="Thư ký Hai", password=factories.PASSWORD,
                               unit_id=world.province.id, grants=[Grant(Role.SECRETARIAT,
                                                                        authority_id=world.authority.id)])
    nomination = factories.submitted(session, world, store)
    session.commit()
    url = f"/secretariat/nominations/{nomination.id}"
    contenders = []
    for clerk in (world.secretariat, second):
        for i in range(CLERKS_THREADS):
            browser = Browser(app.test_client())
            browser.login(clerk.username)
            page = browser.get(url).get_data(as_text=True)  # every clerk has the page open: the same version
            action = ("accept", "return")[(i + round_) % 2]
            data = {"csrf_token": csrf_token(page), "version": str(nomination.version)}
            if action == "return":
                data["reason"] = "Thiếu biên bản bình xét của đơn vị."
            contenders.append((browser, action, data))
    before = factories.audit_count(session)

    results = race(app, [lambda b=b, a=a, d=d: b.client.post(f"{url}/{a}", data=d) for b, a, d in contenders])

    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    statuses = sorted(r.status_code for r in results)
    assert statuses == [302] + [409] * (len(results) - 1), statuses
    loser = next(r for r in results if r.status_code == 409)
    assert "đã có người xử lý trước" in loser.get_data(as_text=True)
    winner = next(a for (_, a, _), r in zip(contenders, results, strict=True) if r.status_code == 302)
    session.expire_all()
    stored = session.get(Nomination, nomination.id)
    assert stored.state == {"accept": "in_appraisal", "return": "returned"}[winner]
    assert factories.audit_count(session) == before + 1 and audit.verify(session).ok


def test_decisions_issued_at_the_same_moment_never_share_a_number(app, session, world, store):
    endorsed = [factories.endorsed(session, world, store) for _ in range(4)]
    session.commit()
    ids, chair_id, signer_id = [n.id for n in endorsed], world.chair.id, world.signer.id

    def issue(nomination_id: int):
        def job():
            with Session(db.engine) as own:
                nomination = own.get(Nomination, nomination_id)
                chair = own.get(User, chair_id)
                decision = decisions.decide(own, [nomination], by=chair, signer=own.get(Signer, signer_id),
                                            decision_date=date(2025, 3, 10),
                                            expected_versions={nomination.id: nomination.version})
                own.commit()
                return decision.number
        return job

    numbers = race(app, [issue(i) for i in ids])
    assert not [n for n in numbers if isinstance(n, BaseException)], numbers
    assert len(set(numbers)) == len(ids)
    session.expire_all()
    stored = session.scalars(select(Decision.number).where(Decision.decision_date == date(2025, 3, 10))).all()
    assert sorted(stored) == sorted(numbers)
    books = session.scalars(select(Certificate.golden_book_no)).all()
    assert len(books) == len(set(books))
    assert audit.verify(session).ok
    assert session.scalar(select(AuditEvent.id).where(AuditEvent.action == "decide").limit(1)) is not None
