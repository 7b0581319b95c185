"""Procedures as data (issue 17): an award type names the lifecycle its nominations follow.

- award_type.procedure (text, default 'commendation', CHECK one of rules.states.ProcedureCode): 'new_rural' for
  the recognition of a commune meeting the new-rural standard.

Revision ID: f17c00000001
Revises: f17a00000001
Create Date: 2026-12-06 13:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f17c00000001"
down_revision = "f17a00000001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("award_type", schema=None) as batch_op:
        batch_op.add_column(sa.Column("procedure", sa.String(length=20), nullable=False,
                                      server_default="commendation"))
        batch_op.create_check_constraint(op.f("ck_award_type_procedure_valid"),
                                         "procedure IN ('commendation', 'new_rural')")


def downgrade():
    with op.batch_alter_table("award_type", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_award_type_procedure_valid"), type_="check")
        batch_op.drop_column("procedure")
