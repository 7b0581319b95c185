"""Field checks (thẩm tra thực tế, issue 17).

- field_check: who checked a nomination's achievement on the spot, when, where, findings and conclusion
  (đạt / không đạt / cần bổ sung); recorded once by the secretariat, never edited.
- field_check_file: its photos and minutes, stored in the file store by sha256 as attachments are.
- award_type.field_check_required (default false): existing award types require none, so no nomination already
  in appraisal is held back by a rule its secretariat never saw.

Revision ID: f17b00000001
Revises: f16e00000001
Create Date: 2026-12-06 03:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f17b00000001"
down_revision = "f16e00000001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("award_type", schema=None) as batch_op:
        batch_op.add_column(sa.Column("field_check_required", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.create_table(
        "field_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("inspectors", sa.Text(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("conclusion", sa.String(length=12), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("conclusion IN ('passed', 'failed', 'incomplete')",
                           name=op.f("ck_field_check_conclusion_valid")),
        sa.CheckConstraint("length(place) > 0", name=op.f("ck_field_check_place_given")),
        sa.CheckConstraint("length(inspectors) > 0", name=op.f("ck_field_check_inspectors_given")),
        sa.ForeignKeyConstraint(["nomination_id"], ["nomination.id"],
                                name=op.f("fk_field_check_nomination_id_nomination")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user_account.id"],
                                name=op.f("fk_field_check_recorded_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_check")),
    )
    op.create_index(op.f("ix_field_check_nomination_id"), "field_check", ["nomination_id"], unique=False)
    op.create_table(
        "field_check_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("field_check_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("size >= 0", name=op.f("ck_field_check_file_size")),
        sa.ForeignKeyConstraint(["field_check_id"], ["field_check.id"],
                                name=op.f("fk_field_check_file_field_check_id_field_check")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_check_file")),
    )
    op.create_index(op.f("ix_field_check_file_field_check_id"), "field_check_file", ["field_check_id"], unique=False)
    op.create_index(op.f("ix_field_check_file_sha256"), "field_check_file", ["sha256"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_field_check_file_sha256"), table_name="field_check_file")
    op.drop_index(op.f("ix_field_check_file_field_check_id"), table_name="field_check_file")
    op.drop_table("field_check_file")
    op.drop_index(op.f("ix_field_check_nomination_id"), table_name="field_check")
    op.drop_table("field_check")
    with op.batch_alter_table("award_type", schema=None) as batch_op:
        batch_op.drop_column("field_check_required")
