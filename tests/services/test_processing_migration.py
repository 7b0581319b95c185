"""Migration f15d00000001 fills the processing clock of nominations already in process from their audit trail:
a database is built at the head, taken back before the migration (dropping the clock) and upgraded again; the
replayed clocks equal what the services computed, and the audit chain still verifies."""
from datetime import date, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from tests import factories
from workflow import create_app
from workflow.extensions import db
from workflow.files import file_store
from workflow.services import audit, nominations


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 3, 0)


def test_the_migration_replays_submit_return_resubmit_across_tet(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'c.db'}", BLOB_DIR=str(tmp_path))
    with app.app_context():
        upgrade()
        session, store = db.session, file_store(app)
        world = factories.make_world(session)
        paused, resumed, running = (factories.make_nomination(session, world, store) for _ in range(3))
        for n in (paused, resumed, running):
            nominations.submit(session, n, by=world.officer_a, expected_version=n.version, now=at(date(2026, 2, 2)))
        for n in (paused, resumed):
            nominations.return_(session, n, by=world.secretariat, expected_version=n.version, reason="Bổ sung.",
                                now=at(date(2026, 2, 12)))
        nominations.resubmit(session, resumed, by=world.officer_a, expected_version=resumed.version,
                             now=at(date(2026, 2, 24)))
        session.commit()
        expected = {n.id: (n.processing_due_on, n.processing_days_left) for n in (paused, resumed, running)}
        assert expected[resumed.id] == (date(2026, 3, 12), None)
        session.remove()

        downgrade(revision="f15a00000001")
        upgrade()
        found = {i: (date.fromisoformat(d) if d else None, left) for i, d, left in db.session.execute(text(
            "SELECT id, processing_due_on, processing_days_left FROM nomination ORDER BY id"))}
        assert found == expected
        assert audit.verify(db.session).ok
        db.session.remove()
