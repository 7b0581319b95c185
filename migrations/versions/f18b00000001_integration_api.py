"""The integration API (issue 18): its clients, their calls, and the webhooks that tell them a status changed.

- api_client: a unit's system with one bearer token (only its SHA-256 kept), scopes, its own officer account,
  optionally a webhook address and the secret that signs it; revocable.
- api_call: one row per call of a client (method, path, status, address), whatever the outcome.
- webhook_delivery: one signed event to one client, written in the transaction of the change it tells.
- job.kind gains 'deliver_webhook' (the job queue sends and retries the deliveries).

Revision ID: f18b00000001
Revises: f18a00000001
Create Date: 2026-12-06 16:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f18b00000001"
down_revision = "f18a00000001"
branch_labels = None
depends_on = None

JOB_KINDS_BEFORE = "kind IN ('issue_decision', 'print', 'send_mail')"
JOB_KINDS_AFTER = "kind IN ('issue_decision', 'print', 'send_mail', 'deliver_webhook')"


def upgrade():
    op.create_table(
        "api_client",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("scopes", sa.String(length=200), nullable=False),
        sa.Column("token_prefix", sa.String(length=10), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("webhook_url", sa.String(length=500), nullable=True),
        sa.Column("webhook_secret", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_api_client_named")),
        sa.CheckConstraint("length(token_hash) = 64", name=op.f("ck_api_client_token_hashed")),
        sa.CheckConstraint("length(trim(scopes)) > 0", name=op.f("ck_api_client_has_scopes")),
        sa.CheckConstraint("(webhook_url IS NULL) = (webhook_secret IS NULL)", name=op.f("ck_api_client_webhook_signed")),
        sa.CheckConstraint("webhook_url IS NULL OR webhook_url LIKE 'http%'", name=op.f("ck_api_client_webhook_http")),
        sa.CheckConstraint("(revoked_at IS NULL) = (revoked_by_id IS NULL)",
                           name=op.f("ck_api_client_revocation_signed")),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_api_client_unit_id_unit")),
        sa.ForeignKeyConstraint(["account_id"], ["user_account.id"],
                                name=op.f("fk_api_client_account_id_user_account")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"],
                                name=op.f("fk_api_client_created_by_id_user_account")),
        sa.ForeignKeyConstraint(["revoked_by_id"], ["user_account.id"],
                                name=op.f("fk_api_client_revoked_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_client")),
        sa.UniqueConstraint("account_id", name=op.f("uq_api_client_account_id")),
        sa.UniqueConstraint("token_prefix", name=op.f("uq_api_client_token_prefix")),
    )
    with op.batch_alter_table("api_client", schema=None) as batch:
        batch.create_index(op.f("ix_api_client_unit_id"), ["unit_id"])
    op.create_table(
        "api_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("remote_addr", sa.String(length=64), nullable=False),
        sa.CheckConstraint("status >= 100 AND status < 600", name=op.f("ck_api_call_status_http")),
        sa.ForeignKeyConstraint(["client_id"], ["api_client.id"], name=op.f("fk_api_call_client_id_api_client")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_call")),
    )
    with op.batch_alter_table("api_call", schema=None) as batch:
        batch.create_index("ix_api_call_client_id_at", ["client_id", "at"])
    op.create_table(
        "webhook_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=60), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("state IN ('pending', 'delivered', 'failed')", name=op.f("ck_webhook_delivery_state_valid")),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_webhook_delivery_attempts_counted")),
        sa.CheckConstraint("state <> 'delivered' OR delivered_at IS NOT NULL",
                           name=op.f("ck_webhook_delivery_delivered_dated")),
        sa.ForeignKeyConstraint(["client_id"], ["api_client.id"],
                                name=op.f("fk_webhook_delivery_client_id_api_client")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_delivery")),
    )
    with op.batch_alter_table("webhook_delivery", schema=None) as batch:
        batch.create_index("ix_webhook_delivery_client_id_id", ["client_id", "id"])
    with op.batch_alter_table("job", schema=None) as batch:
        batch.drop_constraint(op.f("ck_job_kind_valid"), type_="check")
        batch.create_check_constraint(op.f("ck_job_kind_valid"), JOB_KINDS_AFTER)


def downgrade():
    op.execute("DELETE FROM job WHERE kind = 'deliver_webhook'")
    with op.batch_alter_table("job", schema=None) as batch:
        batch.drop_constraint(op.f("ck_job_kind_valid"), type_="check")
        batch.create_check_constraint(op.f("ck_job_kind_valid"), JOB_KINDS_BEFORE)
    with op.batch_alter_table("webhook_delivery", schema=None) as batch:
        batch.drop_index("ix_webhook_delivery_client_id_id")
    op.drop_table("webhook_delivery")
    with op.batch_alter_table("api_call", schema=None) as batch:
        batch.drop_index("ix_api_call_client_id_at")
    op.drop_table("api_call")
    with op.batch_alter_table("api_client", schema=None) as batch:
        batch.drop_index(op.f("ix_api_client_unit_id"))
    op.drop_table("api_client")
