"""The council migration on a database that already holds sessions: upgrading freezes each agenda item's rule
from its award type, numbers the closed sessions' minutes in the order they were closed (and the counter goes on
from there), and takes the secretary from the audit trail's close_session event; the schema matches the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from tests import factories
from workflow import create_app
from workflow.extensions import db
from workflow.models import AgendaItem, CouncilSession, search_index
from workflow.services import council
from workflow.files import file_store

BEFORE = "8d2f3c1a9b7e"  # the revision before the council's frozen rule and minutes


def test_the_migration_freezes_existing_rules_and_numbers_closed_minutes(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.db'}",
                     BLOB_DIR=str(tmp_path / "blobs"))
    with app.app_context():
        upgrade()
        world = factories.make_world(db.session)
        store = file_store(app)
        first = factories.endorsed(db.session, world, store, name="Xã Vĩnh Hưng A")
        _open_item, still_open = factories.in_council(db.session, world, store, officer=world.officer_b)
        empty = factories.new_session(db.session, world)
        council.close_session(db.session, empty, by=world.secretariat)
        db.session.commit()
        first_session = db.session.scalar(select(AgendaItem.session_id).where(AgendaItem.nomination_id == first.id))
        ids = (first_session, empty.id, still_open.id)
        code, secretariat_id = world.bang_khen.code, world.secretariat.id
        db.session.remove()

        downgrade(revision=BEFORE)
        assert "threshold_pct" not in {c["name"] for c in inspect(db.engine).get_columns("agenda_item")}
        assert "minutes_number" not in {c["name"] for c in inspect(db.engine).get_columns("council_session")}
        with db.engine.begin() as connection:  # the award type was edited since: existing items take it as it is
            connection.execute(text("UPDATE award_type SET threshold_pct = 80 WHERE code = :code"),
                               {"code": code})

        upgrade()
        items = db.session.scalars(select(AgendaItem).order_by(AgendaItem.id)).all()
        assert [(i.ballot, i.quorum_num, i.quorum_den, int(i.threshold_pct), i.denominator) for i in items] == [
            ("secret", 2, 3, 80, "all")] * 2
        sessions = [db.session.get(CouncilSession, i) for i in ids]
        assert [s.minutes_number for s in sessions] == ["1/BB-HĐTĐKT", "2/BB-HĐTĐKT", None]
        assert [s.closed_by_id for s in sessions] == [secretariat_id, secretariat_id, None]
        council.close_session(db.session, sessions[2], by=sessions[0].closed_by)
        assert sessions[2].minutes_number == "3/BB-HĐTĐKT"   # the counter goes on from the numbered minutes
        db.session.commit()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": search_index.include_name})
            assert compare_metadata(context, db.metadata) == []
        db.session.remove()
