"""Movement dashboard: the results units reached per indicator (dated, with their source) and the award
types whose awards count towards an indicator.

Revision ID: e51a1a471845
Revises: 46cc4998fac7
Create Date: 2026-11-29 04:54:24.928939

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e51a1a471845'
down_revision = '46cc4998fac7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('indicator_award_type',
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('award_type_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['award_type_id'], ['award_type.id'], name=op.f('fk_indicator_award_type_award_type_id_award_type')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_award_type_indicator_id_indicator')),
    sa.PrimaryKeyConstraint('indicator_id', 'award_type_id', name=op.f('pk_indicator_award_type'))
    )
    op.create_table('indicator_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.Column('entered_by_id', sa.Integer(), nullable=False),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('value >= 0', name=op.f('ck_indicator_result_value')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user_account.id'], name=op.f('fk_indicator_result_entered_by_id_user_account')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_result_indicator_id_indicator')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_indicator_result_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_result')),
    sa.UniqueConstraint('indicator_id', 'unit_id', 'as_of', name=op.f('uq_indicator_result_indicator_id_unit_id_as_of'))
    )
    with op.batch_alter_table('indicator_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_result_indicator_id'), ['indicator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_result_unit_id'), ['unit_id'], unique=False)



def downgrade():
    with op.batch_alter_table('indicator_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_result_unit_id'))
        batch_op.drop_index(batch_op.f('ix_indicator_result_indicator_id'))

    op.drop_table('indicator_result')
    op.drop_table('indicator_award_type')
