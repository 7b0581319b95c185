"""Titles have prerequisites; a title is a title (issue 15).

- award_type.prerequisites (JSON, default []): the requirements rules.prerequisites checks before a nomination
  goes to public notice or to the council. Existing award types get none: an administrator enters them in the
  award-type form (docs/titles.md gives the lines for Chiến sĩ thi đua cấp tỉnh and Tập thể lao động xuất sắc),
  so no dossier already in appraisal is blocked by a rule its unit could not yet answer.
- nomination.evidence (JSON, default {}): the proposing unit's evidence (prior titles, initiatives).
- Classification: an award type whose code or name says Cờ thi đua, Chiến sĩ thi đua or (Tập thể) Lao động xuất
  sắc is a title (danh hiệu thi đua), not a form (hình thức khen thưởng): category becomes 'title'. Names are
  matched lowercased with and without diacritics; codes by their usual abbreviations (CTD, CSTD, LDXS).

Revision ID: f15e00000001
Revises: f15a00000001
Create Date: 2026-12-05 12:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f15e00000001"
down_revision = "f15d00000001"
branch_labels = None
depends_on = None

TITLE_NAMES = ("cờ thi đua", "co thi dua", "chiến sĩ thi đua", "chien si thi dua", "lao động xuất sắc",
               "lao dong xuat sac")
TITLE_CODES = ("CTD", "CSTD", "LDXS")


def _is_title(code: str, name: str) -> bool:
    words = code.upper().replace("_", "-").split("-")
    return any(c in words for c in TITLE_CODES) or any(n in name.lower() for n in TITLE_NAMES)


def upgrade():
    with op.batch_alter_table("award_type", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prerequisites", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("nomination", schema=None) as batch_op:
        batch_op.add_column(sa.Column("evidence", sa.JSON(), nullable=False, server_default="{}"))
    connection = op.get_bind()
    award_type = sa.table("award_type", sa.column("id", sa.Integer), sa.column("code", sa.String),
                          sa.column("name", sa.String), sa.column("category", sa.String))
    rows = connection.execute(sa.select(award_type.c.id, award_type.c.code, award_type.c.name)
                              .where(award_type.c.category != "title")).all()
    for id_, code, name in rows:
        if _is_title(code, name):
            connection.execute(award_type.update().where(award_type.c.id == id_).values(category="title"))


def downgrade():
    # the classification is kept: 'title' was always a valid category, and a downgrade cannot tell which rows
    # the upgrade changed
    with op.batch_alter_table("nomination", schema=None) as batch_op:
        batch_op.drop_column("evidence")
    with op.batch_alter_table("award_type", schema=None) as batch_op:
        batch_op.drop_column("prerequisites")
