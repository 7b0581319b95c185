"""Decisions (quyết định khen thưởng), their lines, the certificates they issue, and per-issuer counters."""
from datetime import date, datetime
from enum import StrEnum
from decimal import Decimal

from sqlalchemy import (CheckConstraint, Column, ForeignKey, Index, Numeric, String, Table, Text, UniqueConstraint, func,
                        select)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from ..rules.numbering import NumberingMode
from .base import Base, EnumText, one_of, utcnow
from .catalog import AwardType
from .nominations import Nomination
from .units import Authority, Signer


decision_draft_item = Table(
    "decision_draft_item", Base.metadata,
    Column("draft_id", ForeignKey("decision_draft.id"), primary_key=True),
    Column("nomination_id", ForeignKey("nomination.id"), primary_key=True),
)


class DraftStatus(StrEnum):
    OPEN = "open"        # before the authority: nothing numbered yet
    ISSUED = "issued"    # the authority issued it as a numbered Decision


class DecisionDraft(Base):
    """Dự thảo quyết định: what the secretariat puts before the authority after the tally — the endorsed
    nominations, the proposed date, signer, title and "Xét đề nghị của …" line. Issuing it makes the
    numbered Decision; until then nothing is numbered."""

    __tablename__ = "decision_draft"
    __table_args__ = (one_of("status", DraftStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    proposal: Mapped[str] = mapped_column(Text, default="")
    decision_date: Mapped[date]
    signer_id: Mapped[int] = mapped_column(ForeignKey("signer.id"))
    status: Mapped[DraftStatus] = mapped_column(EnumText(DraftStatus, 10), default=DraftStatus.OPEN)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    prepared_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    prepared_at: Mapped[datetime] = mapped_column(default=utcnow)

    authority: Mapped[Authority] = relationship()
    signer: Mapped[Signer] = relationship()
    nominations: Mapped[list[Nomination]] = relationship(secondary=decision_draft_item, order_by=Nomination.id)

    @property
    def is_open(self) -> bool:
        return self.status == DraftStatus.OPEN


class Decision(Base):
    """Quyết định khen thưởng: the authority's numbered act (`123/QĐ-UBND`, the sequence restarting every
    year, unique per issuer), with its date, place, signer and legal basis, listing its recipients."""

    __tablename__ = "decision"
    __table_args__ = (
        UniqueConstraint("authority_id", "year", "seq"), CheckConstraint("seq > 0", name="seq"),
        one_of("number_source", NumberingMode),
        # the lists of decisions, newest first, read a page of this index instead of sorting every decision
        Index("ix_decision_newest", "decision_date", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    year: Mapped[int]
    seq: Mapped[int]
    number: Mapped[str] = mapped_column(String(60))
    # who gave the number when it was issued (the product, the office's register, the document system): kept as
    # issued, whatever the issuer's setting says later
    number_source: Mapped[NumberingMode] = mapped_column(EnumText(NumberingMode, 20), default=NumberingMode.SELF,
                                                         server_default=NumberingMode.SELF.value)
    decision_date: Mapped[date]
    title: Mapped[str] = mapped_column(String(300))
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    proposal: Mapped[str] = mapped_column(Text, default="")  # "Xét đề nghị của …"
    signer_id: Mapped[int] = mapped_column(ForeignKey("signer.id"))
    # copied at signing, so a later change of the signer's record does not rewrite the act
    signer_name: Mapped[str] = mapped_column(String(120))
    signing_form: Mapped[str] = mapped_column(String(60), default="")
    signer_title: Mapped[str] = mapped_column(String(120))
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    # the signed decision PDF, kept in the blob store under this hash; the audit trail records it too
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))

    authority: Mapped[Authority] = relationship()
    signer: Mapped[Signer] = relationship()
    lines: Mapped[list["DecisionLine"]] = relationship(back_populates="decision", order_by="DecisionLine.position")

    @property
    def total_prize(self) -> int:
        return sum(line.prize_amount for line in self.lines)


class DecisionLine(Base):
    """Một dòng trong danh sách khen thưởng: one recipient of a decision, with the prize money computed
    from the coefficient and the base salary in force on the decision date."""

    __tablename__ = "decision_line"
    __table_args__ = (
        CheckConstraint("prize_amount >= 0", name="prize"),
        # the public register pages newest first by (decision_date, id) with a row-value keyset on this index
        Index("ix_decision_line_register", "decision_date", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), index=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id"), unique=True)
    position: Mapped[int]
    # copied from the decision when the line is made (a decision's date never changes): the register's order
    decision_date: Mapped[date]
    # name, public line and proposing unit, folded (lowercase, no diacritics, đ → d) into space-separated
    # words: what the register's search matches (models/search_index.py indexes it per database)
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    recipient_name: Mapped[str] = mapped_column(String(200))
    recipient_line: Mapped[str] = mapped_column(String(300), default="")
    award_type_id: Mapped[int] = mapped_column(ForeignKey("award_type.id"))
    coefficient: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    base_salary: Mapped[int]
    prize_amount: Mapped[int]

    decision: Mapped[Decision] = relationship(back_populates="lines")
    nomination: Mapped[Nomination] = relationship()
    award_type: Mapped[AwardType] = relationship()
    certificate: Mapped["Certificate"] = relationship(back_populates="line")


# How many recipients a decision lists, counted by the database: the lists of decisions (public, the
# authority's, the feed) show it per row, and `len(decision.lines)` would load every line of every row.
# Deferred: only the queries that show it ask for it (undefer).
Decision.line_count = column_property(
    select(func.count(DecisionLine.id)).where(DecisionLine.decision_id == Decision.id)
    .correlate_except(DecisionLine).scalar_subquery(), deferred=True)


class Certificate(Base):
    """Bằng khen / Giấy khen: the certificate of one recipient, with its golden-book number (số sổ vàng,
    a per-issuer sequence) and an unguessable verification code for the QR link."""

    __tablename__ = "certificate"
    __table_args__ = (
        UniqueConstraint("authority_id", "golden_book_no"),
        CheckConstraint("NOT revoked OR (revocation_reason IS NOT NULL AND revoking_decision_no IS NOT NULL)",
                        name="revoked_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_line_id: Mapped[int] = mapped_column(ForeignKey("decision_line.id"), unique=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"))
    golden_book_no: Mapped[int]
    verify_code: Mapped[str] = mapped_column(String(40), unique=True)
    revoked: Mapped[bool] = mapped_column(default=False)
    revoked_at: Mapped[datetime | None]
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    revoking_decision_no: Mapped[str | None] = mapped_column(String(60))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))

    line: Mapped[DecisionLine] = relationship(back_populates="certificate")


class IssuerCounter(Base):
    """Bộ đếm số: the last number an issuer gave, per series ("decision:2025", "golden_book"). Allocating
    increments it in place, so two issuers at once get different numbers."""

    __tablename__ = "issuer_counter"

    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), primary_key=True)
    series: Mapped[str] = mapped_column(String(30), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


class PrintJobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class PrintJob(Base):
    """Bản in hàng loạt: one printable PDF of all the certificates of a decision, made in the background
    (chunks in worker processes) while the browser polls its progress. Not signed: it is for the printer;
    each certificate's signed PDF remains the record. Revoked certificates are left out."""

    __tablename__ = "print_job"
    __table_args__ = (
        one_of("status", PrintJobStatus),
        CheckConstraint("done >= 0 AND done <= total", name="progress"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default=PrintJobStatus.QUEUED)
    # print settings: full certificate or overlay on pre-printed blanks, paper, calibration offsets
    overlay: Mapped[bool] = mapped_column(default=False)
    paper: Mapped[str] = mapped_column(String(20), default="")
    offset_x_mm: Mapped[Decimal] = mapped_column(Numeric(5, 1), default=0)
    offset_y_mm: Mapped[Decimal] = mapped_column(Numeric(5, 1), default=0)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[datetime | None]

    decision: Mapped[Decision] = relationship()
