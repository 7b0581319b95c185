"""The new-rural recognition's migration (f17d00000001) on a database holding award types and a nomination: every
existing award type stays a commendation without a level, the tables come and go, and the schema matches the
models; the database refuses a recognition without a level and a commendation with one."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from tests import factories
from workflow import create_app
from workflow.extensions import db
from workflow.files import file_store
from workflow.models import AwardType, Nomination, search_index

BEFORE = "f17c00000001"


def test_the_migration_keeps_award_types_commendations_and_matches_the_models(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.db'}",
                     BLOB_DIR=str(tmp_path / "blobs"))
    with app.app_context():
        upgrade()
        world = factories.make_world(db.session)
        nomination = factories.in_appraisal(db.session, world, file_store(app))
        db.session.commit()
        nomination_id = nomination.id
        db.session.remove()

        downgrade(revision=BEFORE)
        assert "self_assessment" not in inspect(db.engine).get_table_names()
        upgrade()
        assert {(t.procedure_code, t.new_rural_level) for t in db.session.scalars(select(AwardType))} == {
            ("commendation", None)}
        assert db.session.get(Nomination, nomination_id).state == "in_appraisal"
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": search_index.include_name})
            assert compare_metadata(context, db.metadata) == []
        giay_khen = db.session.scalar(select(AwardType).where(AwardType.code == "GK"))
        giay_khen.new_rural_level = "standard"
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        giay_khen.procedure_code = "new_rural"
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        db.session.remove()
