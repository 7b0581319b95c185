"""Required documents per award type, as data (issue 16).

- award_type.required_documents (JSON, default []): the documents a dossier must carry before it is submitted
  (rules.dossier). Existing award types get none, so no draft is blocked by a list its unit never saw.
- attachment.document (text, default ''): which of those documents a file is.

Revision ID: f16e00000001
Revises: f16c00000001
Create Date: 2026-12-06 02:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f16e00000001"
down_revision = "f16c00000001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("award_type", schema=None) as batch_op:
        batch_op.add_column(sa.Column("required_documents", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document", sa.String(length=200), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_column("document")
    with op.batch_alter_table("award_type", schema=None) as batch_op:
        batch_op.drop_column("required_documents")
