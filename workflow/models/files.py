"""Tệp lưu trong cơ sở dữ liệu: the file store's database backend (FILE_STORE=database), so every app server
reaches the same files. One row per content: the sha256 of the bytes is the key, as in the local directory."""
from datetime import datetime

from sqlalchemy import DDL, BigInteger, CheckConstraint, DateTime, LargeBinary, String, event
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class StoredFile(Base):
    __tablename__ = "stored_file"
    __table_args__ = (
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
        CheckConstraint("size >= 0", name="size_not_negative"),
    )

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    bytes: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)   # never loaded by a listing
    size: Mapped[int] = mapped_column(BigInteger)
    # when the content was stored, or put again: `files check --clean` leaves a file younger than its limit
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# PostgreSQL: kept out of line and uncompressed (PDFs are compressed already), so reading a large file in
# slices (substr) fetches only the slice's TOAST chunks, never the whole value per slice.
STORAGE_EXTERNAL = "ALTER TABLE stored_file ALTER COLUMN bytes SET STORAGE EXTERNAL"
event.listen(StoredFile.__table__, "after_create", DDL(STORAGE_EXTERNAL).execute_if(dialect="postgresql"))
