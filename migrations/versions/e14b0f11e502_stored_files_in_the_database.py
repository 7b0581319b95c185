"""Stored files in the database (issue 14): the file store's second backend (FILE_STORE=database), so several app
servers share the files. One row per content, keyed by its sha256, as the local directory names its files.

Revision ID: e14b0f11e502
Revises: e14a0c1d2b01
Create Date: 2026-12-05 05:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e14b0f11e502'
down_revision = "e14a0c1d2b01"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stored_file',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('bytes', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(sha256) = 64', name=op.f('ck_stored_file_sha256_length')),
    sa.CheckConstraint('size >= 0', name=op.f('ck_stored_file_size_not_negative')),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_stored_file'))
    )
    if op.get_bind().dialect.name == 'postgresql':
        # uncompressed, out of line: a download reads its slices without decompressing the whole value each time
        op.execute('ALTER TABLE stored_file ALTER COLUMN bytes SET STORAGE EXTERNAL')


def downgrade():
    op.drop_table('stored_file')
