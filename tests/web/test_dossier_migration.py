"""The required-documents migration on a database that already holds award types and nominations with files:
every award type gets an empty list, every attachment no document, nothing else changes, and the schema matches
the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from tests import factories
from workflow import create_app
from workflow.extensions import db
from workflow.files import file_store
from workflow.models import Attachment, AwardType, Nomination, search_index

BEFORE = "f16c00000001"


def test_the_migration_keeps_nominations_and_files_and_asks_no_document_of_existing_types(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.db'}",
                     BLOB_DIR=str(tmp_path / "blobs"))
    with app.app_context():
        upgrade()
        world = factories.make_world(db.session)
        nomination = factories.in_appraisal(db.session, world, file_store(app))
        db.session.commit()
        nomination_id, files = nomination.id, [(a.filename, a.sha256) for a in nomination.attachments]
        db.session.remove()

        downgrade(revision=BEFORE)
        upgrade()
        assert {tuple(t.required_documents) for t in db.session.scalars(select(AwardType))} == {()}
        kept = db.session.get(Nomination, nomination_id)
        assert kept.state == "in_appraisal"
        assert [(a.filename, a.sha256, a.document) for a in kept.attachments] == [(f, s, "") for f, s in files]
        assert db.session.scalar(select(Attachment.document).limit(1)) == ""
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": search_index.include_name})
            assert compare_metadata(context, db.metadata) == []
        db.session.remove()
