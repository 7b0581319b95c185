"""Notifications (issue 18).

- user_account.email, .phone (private; the phone for later SMS / Zalo adapters), .daily_digest (one summary mail
  a day instead of one per event).
- public_comment.notify_email: the address a citizen asked to be told at when the comment is answered (opt-in).
- notification: the outbox of the mail and the in-app inbox, written in the transaction of the action it reports.
- job.kind gains 'send_mail' (the job that delivers the outbox).

Revision ID: f18a00000001
Revises: f17e00000001
Create Date: 2026-12-06 16:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f18a00000001"
down_revision = "f17e00000001"
branch_labels = None
depends_on = None

KINDS = ("submitted", "withdrawn", "returned", "accepted", "notice_opened", "objection_upheld", "comment_received",
         "comment_answered", "session_called", "vote_needed", "council_result", "decision_needed", "decision_issued",
         "refused", "revoked", "deadline", "digest")
MAIL_STATES = ("pending", "sending", "sent", "failed", "none", "digest", "digested", "cancelled")


def _listed(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


def upgrade():
    with op.batch_alter_table("user_account", schema=None) as batch:
        batch.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch.add_column(sa.Column("phone", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("daily_digest", sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table("public_comment", schema=None) as batch:
        batch.add_column(sa.Column("notify_email", sa.String(length=254), nullable=True))
    with op.batch_alter_table("job", schema=None) as batch:
        batch.drop_constraint(op.f("ck_job_kind_valid"), type_="check")
        batch.create_check_constraint(op.f("ck_job_kind_valid"), "kind IN ('issue_decision', 'print', 'send_mail')")
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("nomination_id", sa.Integer(), nullable=True),
        sa.Column("council_session_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("link_endpoint", sa.String(length=60), nullable=False),
        sa.Column("link_args", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.Column("mail_to", sa.String(length=254), nullable=True),
        sa.Column("mail_state", sa.String(length=10), nullable=False),
        sa.Column("mail_attempts", sa.Integer(), nullable=False),
        sa.Column("mail_next_at", sa.DateTime(), nullable=False),
        sa.Column("mail_claimed_at", sa.DateTime(), nullable=True),
        sa.Column("mail_sent_at", sa.DateTime(), nullable=True),
        sa.Column("mail_error", sa.Text(), nullable=True),
        sa.Column("digest_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(f"kind IN ({_listed(KINDS)})", name=op.f("ck_notification_kind_valid")),
        sa.CheckConstraint(f"mail_state IN ({_listed(MAIL_STATES)})", name=op.f("ck_notification_mail_state_valid")),
        sa.CheckConstraint("user_id IS NOT NULL OR mail_to IS NOT NULL", name=op.f("ck_notification_has_recipient")),
        sa.CheckConstraint("mail_state <> 'sent' OR mail_sent_at IS NOT NULL",
                           name=op.f("ck_notification_sent_has_time")),
        sa.CheckConstraint("mail_state <> 'sending' OR mail_claimed_at IS NOT NULL",
                           name=op.f("ck_notification_sending_is_claimed")),
        sa.CheckConstraint("item_count >= 1", name=op.f("ck_notification_item_count_positive")),
        sa.CheckConstraint("mail_attempts >= 0", name=op.f("ck_notification_mail_attempts_counted")),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], name=op.f("fk_notification_user_id_user_account")),
        sa.ForeignKeyConstraint(["nomination_id"], ["nomination.id"],
                                name=op.f("fk_notification_nomination_id_nomination")),
        sa.ForeignKeyConstraint(["council_session_id"], ["council_session.id"],
                                name=op.f("fk_notification_council_session_id_council_session")),
        sa.ForeignKeyConstraint(["comment_id"], ["public_comment.id"],
                                name=op.f("fk_notification_comment_id_public_comment")),
        sa.ForeignKeyConstraint(["digest_id"], ["notification.id"], name=op.f("fk_notification_digest_id_notification")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
    )
    with op.batch_alter_table("notification", schema=None) as batch:
        batch.create_index(op.f("ix_notification_nomination_id"), ["nomination_id"])
        batch.create_index(op.f("ix_notification_comment_id"), ["comment_id"])
        batch.create_index("ix_notification_user_id_read_at", ["user_id", "read_at"])
        batch.create_index("ix_notification_mail_state_mail_next_at", ["mail_state", "mail_next_at"])


def downgrade():
    op.drop_table("notification")
    with op.batch_alter_table("job", schema=None) as batch:
        batch.drop_constraint(op.f("ck_job_kind_valid"), type_="check")
        batch.create_check_constraint(op.f("ck_job_kind_valid"), "kind IN ('issue_decision', 'print')")
    with op.batch_alter_table("public_comment", schema=None) as batch:
        batch.drop_column("notify_email")
    with op.batch_alter_table("user_account", schema=None) as batch:
        batch.drop_column("daily_digest")
        batch.drop_column("phone")
        batch.drop_column("email")
