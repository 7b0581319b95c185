"""register search: decision date and folded text on decision lines, FTS5 or trigram index

The public register pages by (decision_date, id) and searches folded words. Existing lines are filled
from their decision and nomination, then the per-database index is built: on SQLite a contentless FTS5
table keyed by (decision date, id) and kept in step by triggers (made after the batch rebuild of
decision_line, which would drop them), on PostgreSQL pg_trgm and a GIN trigram index. See
workflow/models/search_index.py.

Revision ID: ef714b593718
Revises: f0aefd9a5fce
Create Date: 2026-11-29 03:10:04.522478

"""
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

from workflow.models import search_index

# revision identifiers, used by Alembic.
revision = 'ef714b593718'
down_revision = 'f0aefd9a5fce'
branch_labels = None
depends_on = None

_WORDS = re.compile(r"[^\W_]+")


def _folded_words(*parts):
    """The folding of this revision, frozen here (services.register.indexed_text does the same today)."""
    text = " ".join(p for p in parts if p).replace("đ", "d").replace("Đ", "d")
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return " ".join(_WORDS.findall(stripped.casefold()))


def upgrade():
    with op.batch_alter_table('decision_line', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='', nullable=False))

    _fill_existing_lines()

    with op.batch_alter_table('decision_line', schema=None) as batch_op:
        batch_op.alter_column('decision_date', existing_type=sa.Date(), nullable=False)
        batch_op.create_index('ix_decision_line_register', ['decision_date', 'id'], unique=False)

    dialect = op.get_bind().dialect.name
    for statement in search_index.create_statements(dialect):
        op.execute(statement)
    if dialect == "sqlite":
        op.execute(search_index.SQLITE_FILL)  # index the lines filled above


def _fill_existing_lines():
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT dl.id, d.decision_date, dl.recipient_name, dl.recipient_line, u.name FROM decision_line dl "
        "JOIN decision d ON d.id = dl.decision_id JOIN nomination n ON n.id = dl.nomination_id "
        "JOIN unit u ON u.id = n.proposing_unit_id")).all()
    update = sa.text("UPDATE decision_line SET decision_date = :day, search_text = :text WHERE id = :id")
    for line_id, day, name, line, unit in rows:
        bind.execute(update, {"id": line_id, "day": day, "text": _folded_words(name, line, unit)})


def downgrade():
    for statement in search_index.drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
    with op.batch_alter_table('decision_line', schema=None) as batch_op:
        batch_op.drop_index('ix_decision_line_register')
        batch_op.drop_column('search_text')
        batch_op.drop_column('decision_date')
