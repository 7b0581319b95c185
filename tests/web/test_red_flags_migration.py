"""The red-flags migration on a database that already holds units, award types and an agenda: head counts stay
unknown, no award type becomes exclusive, items on an agenda saw no flags, nothing else changes, and the schema
matches the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from tests import factories
from workflow import create_app
from workflow.extensions import db
from workflow.files import file_store
from workflow.models import AgendaItem, AwardType, Nomination, Unit, search_index

BEFORE = "f16e00000001"


def test_the_migration_keeps_the_data_and_knows_no_head_count(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.db'}",
                     BLOB_DIR=str(tmp_path / "blobs"))
    with app.app_context():
        upgrade()
        world = factories.make_world(db.session)
        nomination, _ = factories.in_council(db.session, world, file_store(app))
        db.session.commit()
        nomination_id, units = nomination.id, {u.code: u.name for u in db.session.scalars(select(Unit))}
        db.session.remove()

        downgrade(revision=BEFORE)
        upgrade()
        assert {u.code: (u.name, u.headcount) for u in db.session.scalars(select(Unit))} == {
            code: (name, None) for code, name in units.items()}
        assert {t.exclusive_achievement for t in db.session.scalars(select(AwardType))} == {False}
        assert db.session.get(Nomination, nomination_id).state == "in_council"
        assert [i.flags_seen for i in db.session.scalars(select(AgendaItem))] == [[]]
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": search_index.include_name})
            assert compare_metadata(context, db.metadata) == []
        db.session.remove()
