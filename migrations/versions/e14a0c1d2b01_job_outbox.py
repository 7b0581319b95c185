"""The job table (issue 14): the durable outbox of background work (signing a decision's files, print
batches), written in the same transaction as the action; workers claim rows and report a heartbeat.

Revision ID: e14a0c1d2b01
Revises: 3b7e51c2d9a4
Create Date: 2026-12-05 05:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e14a0c1d2b01'
down_revision = '3b7e51c2d9a4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('dispatched_at', sa.DateTime(), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(), nullable=True),
    sa.Column('worker', sa.String(length=120), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('base_url', sa.String(length=300), nullable=False),
    sa.Column('staged_files', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('issue_decision', 'print')", name=op.f('ck_job_kind_valid')),
    sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name=op.f('ck_job_state_valid')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_job_attempts_counted')),
    sa.CheckConstraint("state <> 'running' OR (worker IS NOT NULL AND heartbeat_at IS NOT NULL)",
                       name=op.f('ck_job_running_has_worker')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'],
                            name=op.f('fk_job_requested_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job'))
    )
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.create_index('ix_job_state_next_attempt_at', ['state', 'next_attempt_at'], unique=False)
        batch_op.create_index('ix_job_kind_subject_id', ['kind', 'subject_id'], unique=False)


def downgrade():
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_index('ix_job_kind_subject_id')
        batch_op.drop_index('ix_job_state_next_attempt_at')

    op.drop_table('job')
