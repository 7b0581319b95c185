"""After issue (issue 16): a correcting decision's changes to issued lines (đính chính), the replacement of a
lost or damaged certificate (cấp lại), what a revocation must recover (hiện vật, tiền thưởng), and the awards
imported from the old golden book.

A certificate keeps one row per decision line; a correction or a replacement gives it a new verification code
(and a new signed file) and keeps the code it replaces here, so `/verify/<old code>` still answers and says by
what it was superseded. Plain SQLAlchemy: no Flask here.
"""
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules.nominees import NomineeKind
from .base import Base, EnumText, one_of, utcnow
from .catalog import AwardType
from .decisions import Certificate, Decision, DecisionLine


class LineCorrection(Base):
    """One line corrected by a correcting decision: the wording before and after, the reason, and the
    certificate code it replaced (the old code's /verify page links to the new one and back)."""

    __tablename__ = "line_correction"
    __table_args__ = (
        CheckConstraint("old_code <> new_code", name="new_code"),
        CheckConstraint("old_name <> new_name OR old_line <> new_line", name="changes_something"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), index=True)   # the correcting decision
    decision_line_id: Mapped[int] = mapped_column(ForeignKey("decision_line.id"), index=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificate.id"), index=True)
    old_name: Mapped[str] = mapped_column(String(200))
    old_line: Mapped[str] = mapped_column(String(300), default="")
    new_name: Mapped[str] = mapped_column(String(200))
    new_line: Mapped[str] = mapped_column(String(300), default="")
    reason: Mapped[str] = mapped_column(Text)
    old_code: Mapped[str] = mapped_column(String(40), unique=True)
    old_pdf_sha256: Mapped[str | None] = mapped_column(String(64))   # the superseded signed file stays kept
    new_code: Mapped[str] = mapped_column(String(40), index=True)

    decision: Mapped[Decision] = relationship()
    line: Mapped[DecisionLine] = relationship()
    certificate: Mapped[Certificate] = relationship()


class ReissueReason(StrEnum):
    LOST = "lost"          # mất
    DAMAGED = "damaged"    # hư hỏng


class CertificateReissue(Base):
    """Cấp lại lần N: the request (why, who asked, when) and the code the replacement superseded. The award
    stands; the old code's /verify page says it was replaced, not revoked."""

    __tablename__ = "certificate_reissue"
    __table_args__ = (
        UniqueConstraint("certificate_id", "number"), CheckConstraint("number > 0", name="number"),
        CheckConstraint("old_code <> new_code", name="new_code"), one_of("reason", ReissueReason),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificate.id"), index=True)
    number: Mapped[int]
    reason: Mapped[ReissueReason] = mapped_column(EnumText(ReissueReason, 10))
    requested_by: Mapped[str] = mapped_column(String(200))
    requested_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    old_code: Mapped[str] = mapped_column(String(40), unique=True)
    old_pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    new_code: Mapped[str] = mapped_column(String(40), index=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    certificate: Mapped[Certificate] = relationship()


# the certificate's replacements, oldest first: its PDF prints "Cấp lại lần N ngày …" of the last one
Certificate.reissues = relationship(CertificateReissue, order_by=CertificateReissue.number, viewonly=True)


class Recovery(Base):
    """Thu hồi hiện vật, tiền thưởng: what a revoked award must give back (the object, the prize money), and,
    once the secretariat records it, when it was recovered, with the receipt's number."""

    __tablename__ = "recovery"
    __table_args__ = (
        CheckConstraint("money_amount >= 0", name="money"),
        CheckConstraint("items <> '' OR money_amount > 0", name="something"),
        CheckConstraint("recovered_on IS NULL OR recovered_by_id IS NOT NULL", name="recorded_by"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_line_id: Mapped[int] = mapped_column(ForeignKey("decision_line.id"), unique=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    items: Mapped[str] = mapped_column(String(300), default="")      # "Bằng khen, Huy hiệu"
    money_amount: Mapped[int] = mapped_column(default=0)
    revoking_decision_no: Mapped[str] = mapped_column(String(60))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    recovered_on: Mapped[date | None]
    receipt_no: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recovered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recovered_at: Mapped[datetime | None]

    line: Mapped[DecisionLine] = relationship()

    @property
    def is_open(self) -> bool:
        return self.recovered_on is None


class HistoricalImport(Base):
    """One upload of the old golden book (sổ vàng typed in Excel): the file's name and sha256, how many rows it
    brought, who imported it and when. Its rows are HistoricalAward: imported, never signed, no certificate."""

    __tablename__ = "historical_import"
    __table_args__ = (CheckConstraint("rows > 0", name="rows"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    rows: Mapped[int]
    imported_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class HistoricalAward(Base):
    """An award from the old golden book, as typed: counted by the prior-award checks (queries.nominations.
    prior_awards) through its nominee key and its award type from the catalogue; marked imported, with its
    source (the import's file and the row's «nguồn»)."""

    __tablename__ = "historical_award"
    __table_args__ = (
        CheckConstraint("period_from <= period_to", name="period"), one_of("nominee_kind", NomineeKind),
        # the public register pages them with its decision lines, newest first (services.register.search)
        Index("ix_historical_award_register", "decision_date", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("historical_import.id"), index=True)
    row_number: Mapped[int]                                    # the row in the uploaded sheet
    nominee_kind: Mapped[str] = mapped_column(String(12))
    recipient_name: Mapped[str] = mapped_column(String(200))
    unit_name: Mapped[str] = mapped_column(String(300), default="")
    nominee_key: Mapped[str] = mapped_column(String(300), index=True)
    award_type_id: Mapped[int] = mapped_column(ForeignKey("award_type.id"))
    decision_number: Mapped[str] = mapped_column(String(60))
    decision_date: Mapped[date]
    issuer: Mapped[str] = mapped_column(String(300))           # cơ quan ban hành, as typed
    period_from: Mapped[date]                                  # the «năm» column: the year the achievement
    period_to: Mapped[date]                                    # counts for, 1/1 to 31/12
    golden_book_no: Mapped[str] = mapped_column(String(30), default="")
    source_note: Mapped[str] = mapped_column(Text, default="")  # ghi chú nguồn
    search_text: Mapped[str] = mapped_column(Text, default="")  # folded words, as decision_line.search_text

    source: Mapped[HistoricalImport] = relationship()
    award_type: Mapped[AwardType] = relationship()
