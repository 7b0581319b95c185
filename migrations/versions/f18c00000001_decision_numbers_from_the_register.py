"""Decision numbers from the office's register (issue 18).

- authority.numbering_mode (self | office_register | document_system, default self: today's behaviour),
  authority.register_url (the document-management system's address, required for document_system) and
  authority.register_token_env (the name of the environment variable holding its token; never the token).
- decision.number_source: who gave the number when it was issued; decisions issued before say self.

Revision ID: f18c00000001
Revises: f18b00000001
Create Date: 2026-12-06 16:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f18c00000001"
down_revision = "f18b00000001"
branch_labels = None
depends_on = None

MODES = "'self', 'office_register', 'document_system'"


def upgrade():
    with op.batch_alter_table("authority", schema=None) as batch:
        batch.add_column(sa.Column("numbering_mode", sa.String(length=20), nullable=False, server_default="self"))
        batch.add_column(sa.Column("register_url", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("register_token_env", sa.String(length=60), nullable=True))
        batch.create_check_constraint(op.f("ck_authority_numbering_mode_valid"), f"numbering_mode IN ({MODES})")
        batch.create_check_constraint(op.f("ck_authority_register_url_set"),
                                      "numbering_mode <> 'document_system' OR register_url IS NOT NULL")
    with op.batch_alter_table("decision", schema=None) as batch:
        batch.add_column(sa.Column("number_source", sa.String(length=20), nullable=False, server_default="self"))
        batch.create_check_constraint(op.f("ck_decision_number_source_valid"), f"number_source IN ({MODES})")


def downgrade():
    with op.batch_alter_table("decision", schema=None) as batch:
        batch.drop_constraint(op.f("ck_decision_number_source_valid"), type_="check")
        batch.drop_column("number_source")
    with op.batch_alter_table("authority", schema=None) as batch:
        batch.drop_constraint(op.f("ck_authority_register_url_set"), type_="check")
        batch.drop_constraint(op.f("ck_authority_numbering_mode_valid"), type_="check")
        batch.drop_column("register_token_env")
        batch.drop_column("register_url")
        batch.drop_column("numbering_mode")
