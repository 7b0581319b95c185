"""The files the database refers to: every column that names a stored file by its sha256. `flask files check`
and any admin page about the file store ask this one query, so they cannot disagree about what is in use.

A new column that names a stored file belongs in FILE_COLUMNS, or `files check --clean` would take its file
for an orphan."""
from sqlalchemy import Select, literal, select, union_all
from sqlalchemy.orm import Session

from ...models import (Attachment, BallotScan, Certificate, CertificateReissue, Decision, FieldCheckFile,
                       LineCorrection, PrintJob)

# (what the row is, as the check reports it; the model; its column naming the file)
FILE_COLUMNS = (
    ("attachment", Attachment, Attachment.sha256),            # a nomination's or a public comment's file
    ("certificate", Certificate, Certificate.pdf_sha256),     # a signed certificate (revoked ones too)
    ("decision", Decision, Decision.pdf_sha256),              # a signed decision
    ("print_job", PrintJob, PrintJob.pdf_sha256),             # a print batch
    ("ballot_scan", BallotScan, BallotScan.sha256),           # the scanned paper of a written ballot
    # issue 16: a certificate's signed file before a correction or a replacement gave it a new one
    ("corrected_certificate", LineCorrection, LineCorrection.old_pdf_sha256),
    ("reissued_certificate", CertificateReissue, CertificateReissue.old_pdf_sha256),
    ("field_check_file", FieldCheckFile, FieldCheckFile.sha256),   # issue 17: a field check's photo or minutes
)


def references() -> Select:
    """Every reference to a stored file: (sha256, source, row id), one row per referring row."""
    return union_all(*(select(column.label("sha256"), literal(source).label("source"), model.id.label("row_id"))
                       .where(column.is_not(None)) for source, model, column in FILE_COLUMNS))


def referenced_names(session: Session) -> set[str]:
    """The distinct sha256 names the database refers to."""
    referring = references().subquery()
    return set(session.scalars(select(referring.c.sha256).distinct()))
