"""Corrections of published answers to citizens' comments (issue 13): each correction keeps the answer it
replaced, with the reason, so the public pages show the current answer and what it corrected.

Revision ID: 3b7e51c2d9a4
Revises: 3c7e9a1d5b42
Create Date: 2026-12-02 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3b7e51c2d9a4'
down_revision = '3c7e9a1d5b42'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('answer_correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('previous_answer', sa.Text(), nullable=False),
    sa.Column('previous_resolution', sa.String(length=10), nullable=False),
    sa.Column('previous_answered_at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('corrected_at', sa.DateTime(), nullable=False),
    sa.Column('corrected_by_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("previous_resolution IN ('upheld', 'rejected', 'noted')",
                       name=op.f('ck_answer_correction_previous_resolution_valid')),
    sa.ForeignKeyConstraint(['comment_id'], ['public_comment.id'],
                            name=op.f('fk_answer_correction_comment_id_public_comment')),
    sa.ForeignKeyConstraint(['corrected_by_id'], ['user_account.id'],
                            name=op.f('fk_answer_correction_corrected_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_correction'))
    )
    with op.batch_alter_table('answer_correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_correction_comment_id'), ['comment_id'], unique=False)


def downgrade():
    with op.batch_alter_table('answer_correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_correction_comment_id'))

    op.drop_table('answer_correction')
