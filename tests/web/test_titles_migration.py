"""The titles migration on a database that already holds award types and nominations: Cờ thi đua, Chiến sĩ thi
đua and (Tập thể) Lao động xuất sắc become titles, forms stay forms, nothing else changes; existing award types
get no prerequisites and existing nominations an empty evidence, and the schema matches the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from tests import factories
from workflow import create_app
from workflow.extensions import db
from workflow.files import file_store
from workflow.models import AwardType, Nomination, search_index

BEFORE = "f15a00000001"


def test_the_migration_reclassifies_titles_and_keeps_nominations(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.db'}",
                     BLOB_DIR=str(tmp_path / "blobs"))
    with app.app_context():
        upgrade()
        world = factories.make_world(db.session)
        nomination = factories.in_appraisal(db.session, world, file_store(app), award_type=world.chien_si,
                                            kind="individual")
        db.session.commit()
        nomination_id = nomination.id
        db.session.remove()

        downgrade(revision=BEFORE)
        with db.engine.begin() as connection:   # as today's code left them: every award type a form
            connection.execute(text("UPDATE award_type SET category = 'form'"))
            connection.execute(text(
                "INSERT INTO award_type (code, name, certificate_title, category, authority_id, individual_allowed,"
                " collective_allowed, household_allowed, quorum_num, quorum_den, threshold_pct, denominator, ballot,"
                " disclosure_required, notice_working_days, coefficient_individual, coefficient_collective,"
                " certificate_layout, legal_basis, appraisal_checklist, effective_from) SELECT 'CTD-UBND-TINH',"
                " 'Cờ thi đua của UBND tỉnh', 'CỜ THI ĐUA', 'form', authority_id, 0, 1, 0, 2, 3, 70, 'all', 'secret',"
                " 1, 10, 0, 8, 'bang_khen', '', '', '2024-01-01' FROM award_type WHERE code = 'BK'"))

        upgrade()
        categories = dict(db.session.execute(select(AwardType.code, AwardType.category)).all())
        assert categories == {"BK": "form", "GK": "form", "CSTD": "title", "CTD-UBND-TINH": "title"}
        assert {tuple(t.prerequisites) for t in db.session.scalars(select(AwardType))} == {()}
        kept = db.session.get(Nomination, nomination_id)
        assert kept.evidence == {} and kept.state == "in_appraisal" and kept.award_type.code == "CSTD"
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": search_index.include_name})
            assert compare_metadata(context, db.metadata) == []
        db.session.remove()
