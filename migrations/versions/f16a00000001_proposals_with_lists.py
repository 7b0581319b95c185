"""Proposals with lists (issue 16): the proposal (Tờ trình kèm danh sách) and nomination.proposal_id.

A nomination made one by one keeps proposal_id NULL; existing rows are untouched.

Revision ID: f16a00000001
Revises: f15e00000001
Create Date: 2026-12-06 02:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f16a00000001"
down_revision = "f15e00000001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("letter_date", sa.Date(), nullable=False),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("signer_title", sa.String(length=200), nullable=False),
        sa.Column("proposing_unit_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("scan_sha256", sa.String(length=64), nullable=True),
        sa.Column("scan_filename", sa.String(length=200), nullable=True),
        sa.Column("import_sha256", sa.String(length=64), nullable=True),
        sa.Column("import_rows", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("length(trim(number)) > 0", name=op.f("ck_proposal_number")),
        sa.CheckConstraint("(scan_sha256 IS NULL) = (scan_filename IS NULL)", name=op.f("ck_proposal_scan_named")),
        sa.CheckConstraint("import_rows IS NULL OR import_rows >= 0", name=op.f("ck_proposal_import_rows")),
        sa.ForeignKeyConstraint(["proposing_unit_id"], ["unit.id"], name=op.f("fk_proposal_proposing_unit_id_unit")),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], name=op.f("fk_proposal_campaign_id_campaign")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"],
                                name=op.f("fk_proposal_created_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal")),
    )
    op.create_index("ix_proposal_unit_date", "proposal", ["proposing_unit_id", "letter_date"])
    op.create_index(op.f("ix_proposal_campaign_id"), "proposal", ["campaign_id"])
    with op.batch_alter_table("nomination") as batch:
        batch.add_column(sa.Column("proposal_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_nomination_proposal_id_proposal"), "proposal", ["proposal_id"], ["id"])
        batch.create_index(op.f("ix_nomination_proposal_id"), ["proposal_id"])


def downgrade():
    with op.batch_alter_table("nomination") as batch:
        batch.drop_index(op.f("ix_nomination_proposal_id"))
        batch.drop_constraint(op.f("fk_nomination_proposal_id_proposal"), type_="foreignkey")
        batch.drop_column("proposal_id")
    op.drop_index(op.f("ix_proposal_campaign_id"), table_name="proposal")
    op.drop_index("ix_proposal_unit_date", table_name="proposal")
    op.drop_table("proposal")
