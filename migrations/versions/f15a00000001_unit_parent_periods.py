"""Dated parents of units (issue 15): a unit's parent from when to when, so a commune's district before
01/07/2025 and its province after are both on record. Each existing parent becomes one period covering the unit's
own validity; `unit.parent_id` stays as the parent in force now.

Revision ID: f15a00000001
Revises: e14b0f11e502
Create Date: 2026-12-05 12:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f15a00000001"
down_revision = "e14b0f11e502"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "unit_parent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name=op.f("ck_unit_parent_valid_period")),
        sa.CheckConstraint("unit_id <> parent_id", name=op.f("ck_unit_parent_not_self")),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_unit_parent_unit_id_unit")),
        sa.ForeignKeyConstraint(["parent_id"], ["unit.id"], name=op.f("fk_unit_parent_parent_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_parent")),
        sa.UniqueConstraint("unit_id", "valid_from", name=op.f("uq_unit_parent_unit_id_valid_from")),
    )
    op.create_index(op.f("ix_unit_parent_unit_id"), "unit_parent", ["unit_id"])
    op.create_index(op.f("ix_unit_parent_parent_id"), "unit_parent", ["parent_id"])
    op.execute("INSERT INTO unit_parent (unit_id, parent_id, valid_from, valid_to) "
               "SELECT id, parent_id, valid_from, valid_to FROM unit WHERE parent_id IS NOT NULL")


def downgrade():
    op.drop_index(op.f("ix_unit_parent_parent_id"), table_name="unit_parent")
    op.drop_index(op.f("ix_unit_parent_unit_id"), table_name="unit_parent")
    op.drop_table("unit_parent")
