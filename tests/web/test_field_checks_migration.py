"""The field-checks migration on a database that already holds award types and nominations with files: no award
type requires a field check, no nomination gains one, the files stay, and the schema matches the models; down and
up again keeps a recorded check's nomination."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from tests import factories
from workflow import create_app
from workflow.extensions import db
from workflow.files import file_store
from workflow.models import AwardType, FieldCheck, Nomination, search_index

BEFORE = "f16e00000001"


def test_the_migration_keeps_nominations_and_requires_no_check_of_existing_types(tmp_path):
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
        assert "field_check" not in inspect(db.engine).get_table_names()
        upgrade()
        assert {t.field_check_required for t in db.session.scalars(select(AwardType))} == {False}
        kept = db.session.get(Nomination, nomination_id)
        assert kept.state == "in_appraisal"
        assert [(a.filename, a.sha256) for a in kept.attachments] == files
        assert db.session.scalar(select(FieldCheck)) is None
        factories.field_check(db.session, world_of(db.session), file_store(app), kept)
        db.session.commit()
        assert db.session.scalar(select(FieldCheck.nomination_id)) == nomination_id
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": search_index.include_name})
            assert compare_metadata(context, db.metadata) == []
        db.session.remove()


def world_of(session):
    """Just what factories.field_check reads of the world: the secretariat."""
    from workflow.models import User

    class _World:
        secretariat = session.scalar(select(User).where(User.username == "thuky"))
    return _World
