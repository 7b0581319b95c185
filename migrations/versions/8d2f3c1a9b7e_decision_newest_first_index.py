"""Decisions newest first: an index on (decision_date, id), so a page of the public and the authority's
lists of decisions reads 20 index entries (and counts only their lines) instead of sorting every decision.

Revision ID: 8d2f3c1a9b7e
Revises: e51a1a471845
Create Date: 2026-11-29 08:20:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '8d2f3c1a9b7e'
down_revision = 'e51a1a471845'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_decision_newest', 'decision', ['decision_date', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_decision_newest', table_name='decision')
