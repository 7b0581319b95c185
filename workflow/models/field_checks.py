"""Thẩm tra thực tế: the secretariat's visit to where the achievement was made — who checked, when, where, what
they found and concluded, with the photos and minutes of the visit. Recorded once, never edited: a wrong record
is corrected by recording another, so the council sees every check in order."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules.field_checks import FieldCheckConclusion
from .base import Base, one_of, utcnow
from .nominations import Nomination
from .users import User


class FieldCheck(Base):
    __tablename__ = "field_check"
    __table_args__ = (
        one_of("conclusion", FieldCheckConclusion),
        CheckConstraint("length(place) > 0", name="place_given"),
        CheckConstraint("length(inspectors) > 0", name="inspectors_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id"), index=True)
    checked_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(300))
    inspectors: Mapped[str] = mapped_column(Text)      # names and units, one per line
    findings: Mapped[str] = mapped_column(Text, default="")
    conclusion: Mapped[str] = mapped_column(String(12))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    nomination: Mapped[Nomination] = relationship()
    recorded_by: Mapped[User] = relationship()
    files: Mapped[list["FieldCheckFile"]] = relationship(back_populates="field_check", order_by="FieldCheckFile.id")

    def inspector_lines(self) -> list[str]:
        return [line.strip() for line in self.inspectors.splitlines() if line.strip()]


class FieldCheckFile(Base):
    """A photo or the minutes of a field check: stored and checked as a nomination's attachment is (content
    addressed by sha256 in the file store; PDF, DOCX, PNG or JPEG by content), never public."""

    __tablename__ = "field_check_file"
    __table_args__ = (CheckConstraint("size >= 0", name="size"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    field_check_id: Mapped[int] = mapped_column(ForeignKey("field_check.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    field_check: Mapped[FieldCheck] = relationship(back_populates="files")
