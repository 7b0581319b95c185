"""In force on the day (issue 15): authorities get validity dates and a successor, award types a successor, signers
validity dates, and the legal basis becomes dated data (table legal_basis). Each award type's existing
`legal_basis` text becomes one row in force since "before the records" (1900-01-01), then the column is dropped so
the dated rows are the one answer; issued decisions keep their own `decision.legal_basis` as printed.

Revision ID: f15b00000001
Revises: f15a00000001
Create Date: 2026-12-05 12:40:00

"""
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "f15b00000001"
down_revision = "f15a00000001"
branch_labels = None
depends_on = None

SINCE_THE_RECORDS = "1900-01-01"  # server defaults are SQL text


def upgrade():
    with op.batch_alter_table("authority") as batch:
        batch.add_column(sa.Column("valid_from", sa.Date(), nullable=False, server_default=SINCE_THE_RECORDS))
        batch.add_column(sa.Column("valid_to", sa.Date(), nullable=True))
        batch.add_column(sa.Column("successor_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_authority_successor_id_authority"), "authority", ["successor_id"], ["id"])
        batch.create_check_constraint(op.f("ck_authority_valid_period"), "valid_to IS NULL OR valid_to >= valid_from")
    with op.batch_alter_table("signer") as batch:
        batch.add_column(sa.Column("valid_from", sa.Date(), nullable=False, server_default=SINCE_THE_RECORDS))
        batch.add_column(sa.Column("valid_to", sa.Date(), nullable=True))
        batch.create_check_constraint(op.f("ck_signer_valid_period"), "valid_to IS NULL OR valid_to >= valid_from")
    op.create_table(
        "legal_basis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("award_type_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name=op.f("ck_legal_basis_valid_period")),
        sa.ForeignKeyConstraint(["award_type_id"], ["award_type.id"],
                                name=op.f("fk_legal_basis_award_type_id_award_type")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_basis")),
        sa.UniqueConstraint("award_type_id", "valid_from", name=op.f("uq_legal_basis_award_type_id_valid_from")),
    )
    op.create_index(op.f("ix_legal_basis_award_type_id"), "legal_basis", ["award_type_id"])
    op.execute(sa.text("INSERT INTO legal_basis (award_type_id, valid_from, valid_to, body, source) "
                       "SELECT id, :since, NULL, legal_basis, :source "
                       "FROM award_type WHERE legal_basis IS NOT NULL AND legal_basis <> ''")
               .bindparams(sa.bindparam("since", date.fromisoformat(SINCE_THE_RECORDS), type_=sa.Date()),
                           source="Căn cứ đã nhập trước khi căn cứ có thời hạn"))
    with op.batch_alter_table("award_type") as batch:
        batch.add_column(sa.Column("successor_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_award_type_successor_id_award_type"), "award_type", ["successor_id"],
                                 ["id"])
        batch.drop_column("legal_basis")


def downgrade():
    with op.batch_alter_table("award_type") as batch:
        batch.add_column(sa.Column("legal_basis", sa.Text(), nullable=False, server_default=""))
    # back to one text per award type: the newest row (the one in force last)
    op.execute("UPDATE award_type SET legal_basis = COALESCE((SELECT b.body FROM legal_basis b "
               "WHERE b.award_type_id = award_type.id ORDER BY b.valid_from DESC LIMIT 1), '')")
    with op.batch_alter_table("award_type") as batch:
        batch.drop_constraint(op.f("fk_award_type_successor_id_award_type"), type_="foreignkey")
        batch.drop_column("successor_id")
    op.drop_index(op.f("ix_legal_basis_award_type_id"), table_name="legal_basis")
    op.drop_table("legal_basis")
    with op.batch_alter_table("signer") as batch:
        batch.drop_constraint(op.f("ck_signer_valid_period"), type_="check")
        batch.drop_column("valid_to")
        batch.drop_column("valid_from")
    with op.batch_alter_table("authority") as batch:
        batch.drop_constraint(op.f("ck_authority_valid_period"), type_="check")
        batch.drop_constraint(op.f("fk_authority_successor_id_authority"), type_="foreignkey")
        batch.drop_column("successor_id")
        batch.drop_column("valid_to")
        batch.drop_column("valid_from")
