"""The processing clock, campaign deadline extensions and the base salary's status (issue 15).

- award_type.processing_working_days (default 20) and the nomination's clock: processing_due_on while it runs,
  processing_days_left while the dossier is back with its unit.
- deadline_extension: the secretariat's extensions of a campaign's nomination deadline.
- base_salary.status (confirmed / reported) and source; existing rows are confirmed (they were applied).

Backfill, best effort: every nomination ever submitted gets its clock replayed from its audit trail (submit,
return, resubmit events, in order, on their local dates in Asia/Ho_Chi_Minh) with the award type's 20 days and
the administrator's calendar; one without such events (made outside the services) is counted from `submitted_at`.
The replay uses the pure rule workflow.rules.processing as it stood when this migration was written.

Revision ID: f15d00000001
Revises: f15a00000001
Create Date: 2026-12-05 12:40:00

"""
from datetime import UTC
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "f15d00000001"
down_revision = "f15c00000001"
branch_labels = None
depends_on = None

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def upgrade():
    with op.batch_alter_table("award_type") as batch:
        batch.add_column(sa.Column("processing_working_days", sa.Integer(), nullable=False, server_default="20"))
        batch.create_check_constraint(op.f("ck_award_type_processing_days"), "processing_working_days > 0")
    with op.batch_alter_table("nomination") as batch:
        batch.add_column(sa.Column("processing_due_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("processing_days_left", sa.Integer(), nullable=True))
        batch.create_check_constraint(op.f("ck_nomination_one_clock"), "processing_due_on IS NULL OR processing_days_left IS NULL")
        batch.create_index(op.f("ix_nomination_processing_due_on"), ["processing_due_on"])
    with op.batch_alter_table("base_salary") as batch:
        batch.add_column(sa.Column("status", sa.String(length=10), nullable=False, server_default="confirmed"))
        batch.add_column(sa.Column("source", sa.Text(), nullable=False, server_default=""))
        batch.create_check_constraint(op.f("ck_base_salary_status_valid"), "status IN ('confirmed', 'reported')")
    op.create_table(
        "deadline_extension",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("new_deadline", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], name=op.f("fk_deadline_extension_campaign_id_campaign")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user_account.id"],
                                name=op.f("fk_deadline_extension_recorded_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadline_extension")),
    )
    op.create_index(op.f("ix_deadline_extension_campaign_id"), "deadline_extension", ["campaign_id"])
    _backfill_clocks(op.get_bind())


def _backfill_clocks(bind):
    from workflow.rules.calendar import WorkingCalendar
    from workflow.rules.processing import ClockEvent, replay

    days = bind.execute(sa.text("SELECT day, kind FROM calendar_day")).all()
    calendar = WorkingCalendar.of(days_off=[_date(d) for d, k in days if k == "day_off"],
                                  makeup_days=[_date(d) for d, k in days if k == "makeup"])
    events: dict[int, list] = {}
    for object_id, action, at in bind.execute(sa.text(
            "SELECT object_id, action, occurred_at FROM audit_event WHERE object_type = 'nomination' "
            "AND action IN ('submit', 'return', 'resubmit') ORDER BY id")):
        events.setdefault(int(object_id), []).append((ClockEvent(action), _local(at)))
    rows = bind.execute(sa.text(
        "SELECT n.id, n.submitted_at, a.processing_working_days FROM nomination n "
        "JOIN award_type a ON a.id = n.award_type_id WHERE n.submitted_at IS NOT NULL")).all()
    for nomination_id, submitted_at, allowance in rows:
        history = events.get(nomination_id) or [(ClockEvent.START, _local(submitted_at))]
        clock = replay(calendar, allowance, history)
        bind.execute(sa.text("UPDATE nomination SET processing_due_on = :due, processing_days_left = :left "
                             "WHERE id = :id"), {"due": clock.due_on, "left": clock.days_left, "id": nomination_id})


def _date(value):
    from datetime import date
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _local(value):
    from datetime import datetime
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC).astimezone(LOCAL_TZ).date()


def downgrade():
    op.drop_index(op.f("ix_deadline_extension_campaign_id"), table_name="deadline_extension")
    op.drop_table("deadline_extension")
    with op.batch_alter_table("base_salary") as batch:
        batch.drop_constraint(op.f("ck_base_salary_status_valid"), type_="check")
        batch.drop_column("source")
        batch.drop_column("status")
    with op.batch_alter_table("nomination") as batch:
        batch.drop_index(op.f("ix_nomination_processing_due_on"))
        batch.drop_constraint(op.f("ck_nomination_one_clock"), type_="check")
        batch.drop_column("processing_days_left")
        batch.drop_column("processing_due_on")
    with op.batch_alter_table("award_type") as batch:
        batch.drop_constraint(op.f("ck_award_type_processing_days"), type_="check")
        batch.drop_column("processing_working_days")
