"""Red flags and the one-achievement-one-award refusal (issue 17).

- unit.headcount (int, nullable): staff or residents, for awards per 1,000 head; unknown stays NULL (no flag).
- award_type.exclusive_achievement (bool, default false): an overlapping nomination of the same nominee for
  another award type is refused at submission instead of only flagged.
- agenda_item.flags_seen (JSON, default []): the flags as the council saw them, frozen when put on the agenda.

Revision ID: f17a00000001
Revises: f17b00000001
Create Date: 2026-12-06 03:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f17a00000001"
down_revision = "f17b00000001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("headcount", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(op.f("ck_unit_headcount"), "headcount IS NULL OR headcount > 0")
    with op.batch_alter_table("award_type", schema=None) as batch_op:
        batch_op.add_column(sa.Column("exclusive_achievement", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("flags_seen", sa.JSON(), nullable=False, server_default="[]"))


def downgrade():
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_column("flags_seen")
    with op.batch_alter_table("award_type", schema=None) as batch_op:
        batch_op.drop_column("exclusive_achievement")
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_unit_headcount"), type_="check")
        batch_op.drop_column("headcount")
