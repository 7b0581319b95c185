"""Awards that need a verified result (issue 17).

- award_type.requires_recognition_type_id (FK award_type, nullable): a nomination for this award must cite a
  recognition in force (a new-rural award type's awarded nomination) of the nominee's commune.
- nomination.verified_result_id (FK nomination, nullable, indexed): the recognition it cites.

Revision ID: f17e00000001
Revises: f17d00000001
Create Date: 2026-12-06 14:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f17e00000001"
down_revision = "f17d00000001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("award_type", schema=None) as batch:
        batch.add_column(sa.Column("requires_recognition_type_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_award_type_requires_recognition_type_id_award_type"), "award_type",
                                 ["requires_recognition_type_id"], ["id"])
    with op.batch_alter_table("nomination", schema=None) as batch:
        batch.add_column(sa.Column("verified_result_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_nomination_verified_result_id_nomination"), "nomination",
                                 ["verified_result_id"], ["id"])
        batch.create_index(op.f("ix_nomination_verified_result_id"), ["verified_result_id"])


def downgrade():
    with op.batch_alter_table("nomination", schema=None) as batch:
        batch.drop_index(op.f("ix_nomination_verified_result_id"))
        batch.drop_constraint(op.f("fk_nomination_verified_result_id_nomination"), type_="foreignkey")
        batch.drop_column("verified_result_id")
    with op.batch_alter_table("award_type", schema=None) as batch:
        batch.drop_constraint(op.f("fk_award_type_requires_recognition_type_id_award_type"), type_="foreignkey")
        batch.drop_column("requires_recognition_type_id")
