"""Migration f16a00000001 on a database that already holds nominations: they keep every field and their
processing clock, get no proposal, the one-claim-per-achievement index still holds, and the schema matches the
models (so a proposal can then be imported)."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from tests import factories
from workflow import create_app
from workflow.extensions import db
from workflow.files import file_store
from workflow.models import Nomination, search_index
from workflow.services import audit

BEFORE = "f15e00000001"


def test_the_migration_keeps_nominations_and_adds_proposals(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.db'}",
                     BLOB_DIR=str(tmp_path / "blobs"))
    with app.app_context():
        upgrade()
        world = factories.make_world(db.session)
        nomination = factories.in_appraisal(db.session, world, file_store(app))
        draft = factories.make_nomination(db.session, world, file_store(app))
        db.session.commit()
        before = {n.id: (n.state, n.version, n.processing_due_on, n.letter_no, n.nominee_key)
                  for n in db.session.scalars(select(Nomination))}
        db.session.remove()

        downgrade(revision=BEFORE)
        assert "proposal" not in inspect(db.engine).get_table_names()
        upgrade()
        after = {n.id: (n.state, n.version, n.processing_due_on, n.letter_no, n.nominee_key)
                 for n in db.session.scalars(select(Nomination))}
        assert after == before and {nomination.id, draft.id} <= set(after)
        assert db.session.execute(text("SELECT count(*) FROM nomination WHERE proposal_id IS NOT NULL")).scalar() == 0
        indexes = {i["name"]: i for i in inspect(db.engine).get_indexes("nomination")}
        assert indexes["uq_nomination_one_claim"]["unique"] and "ix_nomination_proposal_id" in indexes
        partial = db.session.execute(text("SELECT sql FROM sqlite_master WHERE name = 'uq_nomination_one_claim'"))
        assert "WHERE state IN" in partial.scalar()   # still one live claim per achievement, not one ever
        assert audit.verify(db.session).ok
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": search_index.include_name})
            assert compare_metadata(context, db.metadata) == []
        db.session.remove()
