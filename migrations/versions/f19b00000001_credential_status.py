"""Certificates as verifiable credentials (issue 19): credential_status, one row per verification code, whose id is
the code's statusListIndex in the published Bitstring Status List, and the credential signed under it.

Backfill: every code already given out gets its index, in the order the codes were superseded or are held (the old
codes of corrections, then of replacements, then each certificate's code in force), so a credential issued from
now on for them finds its place, and the published list sets the bits of the codes no longer valid. Their PDFs
were signed before: they carry no credential (`credential` stays empty; the verify page offers one made on
demand for a code in force).

Revision ID: f19b00000001
Revises: f19a00000001
Create Date: 2026-12-06 23:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f19b00000001"
down_revision = "f19a00000001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "credential_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("verify_code", sa.String(length=40), nullable=False),
        sa.Column("credential", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("id > 0", name=op.f("ck_credential_status_index_positive")),
        sa.ForeignKeyConstraint(["certificate_id"], ["certificate.id"],
                                name=op.f("fk_credential_status_certificate_id_certificate")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credential_status")),
        sa.UniqueConstraint("verify_code", name=op.f("uq_credential_status_verify_code")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_credential_status_certificate_id"), "credential_status", ["certificate_id"])
    for source, key, code in (("line_correction", "certificate_id", "old_code"),
                              ("certificate_reissue", "certificate_id", "old_code"),
                              ("certificate", "id", "verify_code")):
        # the names are the fixed ones above, never input
        op.execute(f"INSERT INTO credential_status (certificate_id, verify_code, created_at) "  # nosec B608
                   f"SELECT {key}, {code}, CURRENT_TIMESTAMP FROM {source} ORDER BY id")


def downgrade():
    op.drop_index(op.f("ix_credential_status_certificate_id"), table_name="credential_status")
    op.drop_table("credential_status")
