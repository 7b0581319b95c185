"""Idempotency keys of the integration API: a client's `Idempotency-Key` on a write, with the answer it got, so a
retried request is answered again instead of done twice.

Revision ID: f18d00000001
Revises: f18c00000001
Create Date: 2026-12-06 23:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f18d00000001"
down_revision = "f18c00000001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "api_idempotency_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("length(key) BETWEEN 1 AND 255", name=op.f("ck_api_idempotency_key_key_length")),
        sa.CheckConstraint("length(fingerprint) = 64", name=op.f("ck_api_idempotency_key_fingerprint_hashed")),
        sa.CheckConstraint("status >= 200 AND status < 300", name=op.f("ck_api_idempotency_key_status_success")),
        sa.ForeignKeyConstraint(["client_id"], ["api_client.id"],
                                name=op.f("fk_api_idempotency_key_client_id_api_client")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_idempotency_key")),
        sa.UniqueConstraint("client_id", "key", name=op.f("uq_api_idempotency_key_client_id_key")),
    )


def downgrade():
    op.drop_table("api_idempotency_key")
