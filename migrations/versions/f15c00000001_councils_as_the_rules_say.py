"""Councils as the rules say (issue 15): written ballots of absent members (the award type's flag, frozen on the
agenda item; the ballot marked written; the scanned paper stored unlinked to the member), a third denominator
("valid ballots"), recused absent members and written ballots recorded at the tally, and the relations members
declare with a nominee.

Existing rows keep their meaning: no award type allows written ballots until an administrator says so, no ballot
was written, and a tallied item had no written ballot and no recused absent member counted (0, not NULL).

Revision ID: f15c00000001
Revises: f15a00000001
Create Date: 2026-12-05 12:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f15c00000001"
down_revision = "f15b00000001"
branch_labels = None
depends_on = None

THREE = "denominator IN ('all', 'present', 'valid')"
TWO = "denominator IN ('all', 'present')"


def upgrade():
    with op.batch_alter_table("award_type", schema=None) as batch_op:
        batch_op.add_column(sa.Column("written_ballot_allowed", sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.drop_constraint(batch_op.f("ck_award_type_denominator_valid"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_award_type_denominator_valid"), THREE)
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("written_allowed", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("recused_absent_count", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("written_count", sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f("ck_agenda_item_denominator_valid"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_agenda_item_denominator_valid"), THREE)
    op.execute("UPDATE agenda_item SET recused_absent_count = 0, written_count = 0 WHERE members_count IS NOT NULL")
    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.add_column(sa.Column("written", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        "ballot_scan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["agenda_item.id"], name=op.f("fk_ballot_scan_item_id_agenda_item")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user_account.id"],
                                name=op.f("fk_ballot_scan_recorded_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ballot_scan")),
    )
    op.create_index(op.f("ix_ballot_scan_item_id"), "ballot_scan", ["item_id"])
    op.create_table(
        "conflict_declaration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("declared_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("relation IN ('spouse', 'parent', 'child', 'sibling', 'other')",
                           name=op.f("ck_conflict_declaration_relation_valid")),
        sa.CheckConstraint("relation != 'other' OR note != ''", name=op.f("ck_conflict_declaration_other_has_note")),
        sa.ForeignKeyConstraint(["nomination_id"], ["nomination.id"],
                                name=op.f("fk_conflict_declaration_nomination_id_nomination")),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_conflict_declaration_user_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict_declaration")),
        sa.UniqueConstraint("nomination_id", "user_id", name=op.f("uq_conflict_declaration_nomination_id_user_id")),
    )
    op.create_index(op.f("ix_conflict_declaration_nomination_id"), "conflict_declaration", ["nomination_id"])


def downgrade():
    op.drop_index(op.f("ix_conflict_declaration_nomination_id"), table_name="conflict_declaration")
    op.drop_table("conflict_declaration")
    op.drop_index(op.f("ix_ballot_scan_item_id"), table_name="ballot_scan")
    op.drop_table("ballot_scan")
    with op.batch_alter_table("ballot", schema=None) as batch_op:
        batch_op.drop_column("written")
    op.execute("UPDATE agenda_item SET denominator = 'present' WHERE denominator = 'valid'")
    op.execute("UPDATE award_type SET denominator = 'present' WHERE denominator = 'valid'")
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_agenda_item_denominator_valid"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_agenda_item_denominator_valid"), TWO)
        batch_op.drop_column("written_count")
        batch_op.drop_column("recused_absent_count")
        batch_op.drop_column("written_allowed")
    with op.batch_alter_table("award_type", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_award_type_denominator_valid"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_award_type_denominator_valid"), TWO)
        batch_op.drop_column("written_ballot_allowed")
