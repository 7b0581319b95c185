"""The effective-dating migration (f15b00000001) on a database made at f15a00000001: each award type's legal-basis
text becomes one dated row in force since before the records, the column is gone, authorities and signers are in
force on every day, and the schema matches the models; downgrading puts the text back."""
from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from tests import factories
from workflow import create_app
from workflow.extensions import db
from workflow.models import AwardType, LegalBasis, Signer, search_index

BEFORE = "f15a00000001"
OLD_TEXT = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\nCăn cứ Nghị định số 98/2023/NĐ-CP;"


def test_the_award_types_legal_basis_text_becomes_a_dated_row(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'd.db'}",
                     BLOB_DIR=str(tmp_path / "blobs"))
    with app.app_context():
        upgrade()
        world = factories.make_world(db.session)
        db.session.commit()
        code, signer_id = world.bang_khen.code, world.signer.id
        db.session.remove()

        downgrade(revision=BEFORE)
        assert "legal_basis" in {c["name"] for c in inspect(db.engine).get_columns("award_type")}
        assert "legal_basis" not in inspect(db.engine).get_table_names()
        with db.engine.begin() as connection:   # the text as an administrator had it before the upgrade
            connection.execute(text("UPDATE award_type SET legal_basis = :t WHERE code = :code"),
                               {"t": OLD_TEXT, "code": code})
            connection.execute(text("UPDATE award_type SET legal_basis = '' WHERE code <> :code"), {"code": code})

        upgrade()
        assert "legal_basis" not in {c["name"] for c in inspect(db.engine).get_columns("award_type")}
        award_type = db.session.scalar(select(AwardType).where(AwardType.code == code))
        [basis] = award_type.legal_bases
        assert (basis.valid_from, basis.valid_to, basis.body) == (date(1900, 1, 1), None, OLD_TEXT)
        assert award_type.legal_basis_lines(date(2026, 12, 5)) == OLD_TEXT.splitlines()
        assert db.session.scalar(select(LegalBasis.id).where(LegalBasis.award_type_id != award_type.id)) is None
        signer = db.session.get(Signer, signer_id)
        assert signer.valid_from == date(1900, 1, 1) and signer.is_valid_on(date(2025, 7, 1))
        assert signer.authority.valid_to is None and signer.authority.is_valid_on(date(2025, 7, 1))
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": search_index.include_name})
            assert compare_metadata(context, db.metadata) == []
        db.session.remove()
