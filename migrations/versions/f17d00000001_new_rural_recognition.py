"""The new-rural recognition's own data (issue 17).

- award_type.new_rural_level (nullable; CHECK one of rules.new_rural.Level; CHECK set iff procedure = 'new_rural'):
  the level a recognition award type recognises (đạt chuẩn, nâng cao, kiểu mẫu).
- self_assessment: one row per recognition dossier × criterion (or condition): met, figures, evidence file.
- satisfaction_survey: one row per dossier: the residents' satisfaction survey's latest counts.

Revision ID: f17d00000001
Revises: f17c00000001
Create Date: 2026-12-06 14:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f17d00000001"
down_revision = "f17c00000001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("award_type", schema=None) as batch_op:
        batch_op.add_column(sa.Column("new_rural_level", sa.String(length=10), nullable=True))
        batch_op.create_check_constraint(op.f("ck_award_type_new_rural_level_valid"),
                                         "new_rural_level IN ('standard', 'advanced', 'model')")
        batch_op.create_check_constraint(op.f("ck_award_type_new_rural_level_set"),
                                         "(procedure = 'new_rural') = (new_rural_level IS NOT NULL)")
    op.create_table(
        "self_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("criteria_set", sa.String(length=20), nullable=False),
        sa.Column("criterion_code", sa.String(length=40), nullable=False),
        sa.Column("met", sa.Boolean(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["nomination_id"], ["nomination.id"],
                                name=op.f("fk_self_assessment_nomination_id_nomination")),
        sa.ForeignKeyConstraint(["evidence_id"], ["attachment.id"],
                                name=op.f("fk_self_assessment_evidence_id_attachment")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user_account.id"],
                                name=op.f("fk_self_assessment_recorded_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_assessment")),
        sa.UniqueConstraint("nomination_id", "criterion_code", name=op.f("uq_self_assessment_nomination_id_criterion_code")),
    )
    op.create_index(op.f("ix_self_assessment_nomination_id"), "self_assessment", ["nomination_id"], unique=False)
    op.create_table(
        "satisfaction_survey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("surveyed", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Integer(), nullable=False),
        sa.Column("unit_of_count", sa.String(length=12), nullable=False),
        sa.Column("held_from", sa.Date(), nullable=False),
        sa.Column("held_to", sa.Date(), nullable=False),
        sa.Column("method", sa.Text(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("surveyed > 0", name=op.f("ck_satisfaction_survey_surveyed_positive")),
        sa.CheckConstraint("satisfied >= 0 AND satisfied <= surveyed",
                           name=op.f("ck_satisfaction_survey_satisfied_range")),
        sa.CheckConstraint("held_to >= held_from", name=op.f("ck_satisfaction_survey_held_period")),
        sa.ForeignKeyConstraint(["nomination_id"], ["nomination.id"],
                                name=op.f("fk_satisfaction_survey_nomination_id_nomination")),
        sa.ForeignKeyConstraint(["file_id"], ["attachment.id"], name=op.f("fk_satisfaction_survey_file_id_attachment")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user_account.id"],
                                name=op.f("fk_satisfaction_survey_recorded_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_satisfaction_survey")),
        sa.UniqueConstraint("nomination_id", name=op.f("uq_satisfaction_survey_nomination_id")),
    )


def downgrade():
    op.drop_table("satisfaction_survey")
    op.drop_index(op.f("ix_self_assessment_nomination_id"), table_name="self_assessment")
    op.drop_table("self_assessment")
    with op.batch_alter_table("award_type", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_award_type_new_rural_level_set"), type_="check")
        batch_op.drop_constraint(op.f("ck_award_type_new_rural_level_valid"), type_="check")
        batch_op.drop_column("new_rural_level")
