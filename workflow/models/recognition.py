"""A commune's recognition dossier (xét, công nhận xã đạt chuẩn nông thôn mới, rules.new_rural): its assessment of
itself against each criterion, with the file that proves it, and its residents' satisfaction survey. The
dossier itself is a Nomination whose award type follows the new-rural procedure."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules import new_rural
from .base import Base, utcnow
from .nominations import Attachment, Nomination


class SelfAssessment(Base):
    """One row per dossier × criterion (or condition of recognition): met or not, the figures, the evidence."""

    __tablename__ = "self_assessment"
    __table_args__ = (UniqueConstraint("nomination_id", "criterion_code"),)  # one row per criterion

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id"), index=True)
    criteria_set: Mapped[str] = mapped_column(String(20))      # rules.new_rural.CriteriaSet.code
    criterion_code: Mapped[str] = mapped_column(String(40))
    met: Mapped[bool]
    figures: Mapped[str] = mapped_column(Text, default="")      # kết quả thực hiện, số liệu, ghi chú
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    nomination: Mapped[Nomination] = relationship()
    evidence: Mapped[Attachment | None] = relationship()

    def assessment(self) -> new_rural.Assessment:
        return new_rural.Assessment(met=self.met, has_evidence=self.evidence_id is not None)


class SatisfactionSurvey(Base):
    """Kết quả lấy ý kiến sự hài lòng của người dân: the latest counts, one row per dossier."""

    __tablename__ = "satisfaction_survey"
    __table_args__ = (
        CheckConstraint("surveyed > 0", name="surveyed_positive"),
        CheckConstraint("satisfied >= 0 AND satisfied <= surveyed", name="satisfied_range"),
        CheckConstraint("held_to >= held_from", name="held_period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id"), unique=True)
    surveyed: Mapped[int]                    # số hộ / người được lấy ý kiến
    satisfied: Mapped[int]                   # số hài lòng
    unit_of_count: Mapped[str] = mapped_column(String(12), default="household")  # household | person
    held_from: Mapped[date]
    held_to: Mapped[date]
    method: Mapped[str] = mapped_column(Text, default="")     # phiếu hỏi hộ gia đình qua Ban công tác Mặt trận …
    file_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    nomination: Mapped[Nomination] = relationship()
    file: Mapped[Attachment | None] = relationship()

    def survey(self) -> new_rural.Survey:
        return new_rural.Survey(self.surveyed, self.satisfied)
