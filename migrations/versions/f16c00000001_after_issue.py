"""After issue (issue 16): corrections, replacements, what a revocation recovers.

- line_correction: a correcting decision's change to an issued line (old and new wording, reason) and the
  certificate code it superseded.
- certificate_reissue: cấp lại lần N of a lost or damaged certificate (request, who asked, when) and the code it
  superseded.
- recovery: what a revoked line must give back (object, prize money) and when it was recovered.
- historical_import, historical_award: the old golden book imported from Excel (file name and sha256, rows),
  counted by the prior-award checks; never signed, no certificate.

New tables only: no existing row changes.

Revision ID: f16c00000001
Revises: f16a00000001
Create Date: 2026-12-06 02:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f16c00000001"
down_revision = "f16a00000001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "line_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("decision_line_id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("old_name", sa.String(length=200), nullable=False),
        sa.Column("old_line", sa.String(length=300), nullable=False),
        sa.Column("new_name", sa.String(length=200), nullable=False),
        sa.Column("new_line", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("old_code", sa.String(length=40), nullable=False),
        sa.Column("old_pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("new_code", sa.String(length=40), nullable=False),
        sa.CheckConstraint("old_code <> new_code", name=op.f("ck_line_correction_new_code")),
        sa.CheckConstraint("old_name <> new_name OR old_line <> new_line",
                           name=op.f("ck_line_correction_changes_something")),
        sa.ForeignKeyConstraint(["certificate_id"], ["certificate.id"],
                                name=op.f("fk_line_correction_certificate_id_certificate")),
        sa.ForeignKeyConstraint(["decision_id"], ["decision.id"],
                                name=op.f("fk_line_correction_decision_id_decision")),
        sa.ForeignKeyConstraint(["decision_line_id"], ["decision_line.id"],
                                name=op.f("fk_line_correction_decision_line_id_decision_line")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_line_correction")),
        sa.UniqueConstraint("old_code", name=op.f("uq_line_correction_old_code")),
    )
    for column in ("decision_id", "decision_line_id", "certificate_id", "new_code"):
        op.create_index(op.f(f"ix_line_correction_{column}"), "line_correction", [column], unique=False)
    op.create_table(
        "certificate_reissue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=10), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("old_code", sa.String(length=40), nullable=False),
        sa.Column("old_pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("new_code", sa.String(length=40), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("number > 0", name=op.f("ck_certificate_reissue_number")),
        sa.CheckConstraint("old_code <> new_code", name=op.f("ck_certificate_reissue_new_code")),
        sa.CheckConstraint("reason IN ('lost', 'damaged')", name=op.f("ck_certificate_reissue_reason_valid")),
        sa.ForeignKeyConstraint(["certificate_id"], ["certificate.id"],
                                name=op.f("fk_certificate_reissue_certificate_id_certificate")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user_account.id"],
                                name=op.f("fk_certificate_reissue_recorded_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_reissue")),
        sa.UniqueConstraint("certificate_id", "number", name=op.f("uq_certificate_reissue_certificate_id_number")),
        sa.UniqueConstraint("old_code", name=op.f("uq_certificate_reissue_old_code")),
    )
    for column in ("certificate_id", "new_code"):
        op.create_index(op.f(f"ix_certificate_reissue_{column}"), "certificate_reissue", [column], unique=False)
    op.create_table(
        "recovery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_line_id", sa.Integer(), nullable=False),
        sa.Column("authority_id", sa.Integer(), nullable=False),
        sa.Column("items", sa.String(length=300), nullable=False),
        sa.Column("money_amount", sa.Integer(), nullable=False),
        sa.Column("revoking_decision_no", sa.String(length=60), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("recovered_on", sa.Date(), nullable=True),
        sa.Column("receipt_no", sa.String(length=60), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recovered_by_id", sa.Integer(), nullable=True),
        sa.Column("recovered_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("money_amount >= 0", name=op.f("ck_recovery_money")),
        sa.CheckConstraint("items <> '' OR money_amount > 0", name=op.f("ck_recovery_something")),
        sa.CheckConstraint("recovered_on IS NULL OR recovered_by_id IS NOT NULL",
                           name=op.f("ck_recovery_recorded_by")),
        sa.ForeignKeyConstraint(["authority_id"], ["authority.id"], name=op.f("fk_recovery_authority_id_authority")),
        sa.ForeignKeyConstraint(["decision_line_id"], ["decision_line.id"],
                                name=op.f("fk_recovery_decision_line_id_decision_line")),
        sa.ForeignKeyConstraint(["recovered_by_id"], ["user_account.id"],
                                name=op.f("fk_recovery_recovered_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery")),
        sa.UniqueConstraint("decision_line_id", name=op.f("uq_recovery_decision_line_id")),
    )
    op.create_index(op.f("ix_recovery_authority_id"), "recovery", ["authority_id"], unique=False)
    op.create_table(
        "historical_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("authority_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("rows > 0", name=op.f("ck_historical_import_rows")),
        sa.ForeignKeyConstraint(["authority_id"], ["authority.id"],
                                name=op.f("fk_historical_import_authority_id_authority")),
        sa.ForeignKeyConstraint(["imported_by_id"], ["user_account.id"],
                                name=op.f("fk_historical_import_imported_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_historical_import")),
    )
    for column in ("authority_id", "sha256"):
        op.create_index(op.f(f"ix_historical_import_{column}"), "historical_import", [column], unique=False)
    op.create_table(
        "historical_award",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("nominee_kind", sa.String(length=12), nullable=False),
        sa.Column("recipient_name", sa.String(length=200), nullable=False),
        sa.Column("unit_name", sa.String(length=300), nullable=False),
        sa.Column("nominee_key", sa.String(length=300), nullable=False),
        sa.Column("award_type_id", sa.Integer(), nullable=False),
        sa.Column("decision_number", sa.String(length=60), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("golden_book_no", sa.String(length=30), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.CheckConstraint("period_from <= period_to", name=op.f("ck_historical_award_period")),
        sa.CheckConstraint("nominee_kind IN ('individual', 'collective', 'household')",
                           name=op.f("ck_historical_award_nominee_kind_valid")),
        sa.ForeignKeyConstraint(["award_type_id"], ["award_type.id"],
                                name=op.f("fk_historical_award_award_type_id_award_type")),
        sa.ForeignKeyConstraint(["import_id"], ["historical_import.id"],
                                name=op.f("fk_historical_award_import_id_historical_import")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_historical_award")),
    )
    for column in ("import_id", "nominee_key"):
        op.create_index(op.f(f"ix_historical_award_{column}"), "historical_award", [column], unique=False)
    op.create_index("ix_historical_award_register", "historical_award", ["decision_date", "id"], unique=False)


def downgrade():
    op.drop_index("ix_historical_award_register", table_name="historical_award")
    for column in ("import_id", "nominee_key"):
        op.drop_index(op.f(f"ix_historical_award_{column}"), table_name="historical_award")
    op.drop_table("historical_award")
    for column in ("authority_id", "sha256"):
        op.drop_index(op.f(f"ix_historical_import_{column}"), table_name="historical_import")
    op.drop_table("historical_import")
    op.drop_index(op.f("ix_recovery_authority_id"), table_name="recovery")
    op.drop_table("recovery")
    for column in ("certificate_id", "new_code"):
        op.drop_index(op.f(f"ix_certificate_reissue_{column}"), table_name="certificate_reissue")
    op.drop_table("certificate_reissue")
    for column in ("decision_id", "decision_line_id", "certificate_id", "new_code"):
        op.drop_index(op.f(f"ix_line_correction_{column}"), table_name="line_correction")
    op.drop_table("line_correction")
