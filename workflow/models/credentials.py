"""Each verification code's place in the published Bitstring Status List, and the credential issued under it (issue 19).

One row per code ever signed into a credential: the row's id *is* the credential's `statusListIndex`, handed out
once by the database's own sequence (SQLite AUTOINCREMENT, a PostgreSQL identity), never reused. Whether its bit
is set is not stored: it is a function of the record (the certificate revoked, or this code superseded by a
correction or a replacement), answered by one query (services/credentials.py `revoked_indices`), so the list
and /verify cannot disagree.
"""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .decisions import Certificate


class CredentialStatus(Base):
    __tablename__ = "credential_status"
    __table_args__ = (CheckConstraint("id > 0", name="index_positive"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)          # the statusListIndex
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificate.id"), index=True)
    verify_code: Mapped[str] = mapped_column(String(40), unique=True)
    credential: Mapped[str | None] = mapped_column(Text)       # the signed JSON embedded in the code's PDF
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    certificate: Mapped[Certificate] = relationship()
