"""The catalogue the administrator keeps: award types with their rules as data, the base salary table and
the calendar's extra days off and make-up working days."""
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules import in_force
from ..rules.new_rural import Level
from ..rules.nominees import NomineeKind
from ..rules.prerequisites import Requirement, format_requirements, member_rules, requirements_from_json
from ..rules.processing import DEFAULT_PROCESSING_DAYS
from ..rules.states import Procedure, ProcedureCode, procedure_of
from ..rules.tally import BallotKind, CouncilRule, Denominator
from .base import Base, one_of
from .units import Authority


class AwardCategory(StrEnum):
    TITLE = "title"  # danh hiệu thi đua
    FORM = "form"    # hình thức khen thưởng


class AwardType(Base):
    """Danh hiệu thi đua / Hình thức khen thưởng: a catalogue entry whose rules are data, versioned by
    effective dates."""

    __tablename__ = "award_type"
    __table_args__ = (
        one_of("category", AwardCategory),
        one_of("denominator", Denominator),
        one_of("ballot", BallotKind),
        one_of("procedure", ProcedureCode),
        one_of("new_rural_level", Level),
        # a recognition names the level it recognises; a commendation has none
        CheckConstraint("(procedure = 'new_rural') = (new_rural_level IS NOT NULL)", name="new_rural_level_set"),
        CheckConstraint("quorum_num > 0 AND quorum_den > 0 AND quorum_num <= quorum_den", name="quorum"),
        CheckConstraint("threshold_pct > 0 AND threshold_pct <= 100", name="threshold"),
        CheckConstraint("notice_working_days >= 0", name="notice_days"),
        CheckConstraint("processing_working_days > 0", name="processing_days"),
        CheckConstraint("individual_allowed OR collective_allowed OR household_allowed", name="has_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))        # Bằng khen của Chủ tịch UBND tỉnh
    certificate_title: Mapped[str] = mapped_column(String(80))  # BẰNG KHEN
    category: Mapped[str] = mapped_column(String(10))
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    individual_allowed: Mapped[bool] = mapped_column(default=True)
    collective_allowed: Mapped[bool] = mapped_column(default=True)
    household_allowed: Mapped[bool] = mapped_column(default=False)
    # council rule
    quorum_num: Mapped[int] = mapped_column(default=2)
    quorum_den: Mapped[int] = mapped_column(default=3)
    threshold_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(70))
    denominator: Mapped[str] = mapped_column(String(10), default=Denominator.ALL)
    ballot: Mapped[str] = mapped_column(String(10), default=BallotKind.SECRET)
    # absent members may give a written ballot (phiếu bầu bằng văn bản) before the session closes
    written_ballot_allowed: Mapped[bool] = mapped_column(default=False, server_default=false())
    # disclosure rule
    disclosure_required: Mapped[bool] = mapped_column(default=True)
    notice_working_days: Mapped[int] = mapped_column(default=10)
    # thời hạn giải quyết: the statutory processing time, in working days from receipt of the complete dossier
    processing_working_days: Mapped[int] = mapped_column(default=DEFAULT_PROCESSING_DAYS,
                                                         server_default=str(DEFAULT_PROCESSING_DAYS))
    # prize money = coefficient × base salary; households take the individual coefficient unless set
    coefficient_individual: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    coefficient_collective: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    coefficient_household: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    certificate_layout: Mapped[str] = mapped_column(String(40), default="bang_khen")
    # what the secretariat checks when appraising, one item per line (tiêu chuẩn, hồ sơ cần có)
    appraisal_checklist: Mapped[str] = mapped_column(Text, default="", server_default="")
    # điều kiện xét danh hiệu: rules.prerequisites' requirements as JSON, checked before notice and council
    prerequisites: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, server_default="[]")
    # giấy tờ bắt buộc: the documents a dossier must carry before it is submitted (rules.dossier), in order
    required_documents: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # issue 17: the council considers a nomination only after a field check concluded «đạt» (thẩm tra thực tế)
    field_check_required: Mapped[bool] = mapped_column(default=False, server_default=false())
    # issue 17: "not several forms for one achievement" as a refusal at submission, not only a red flag
    exclusive_achievement: Mapped[bool] = mapped_column(default=False, server_default=false())
    # issue 17: the lifecycle its nominations follow (rules.states.PROCEDURES): a commendation, or the
    # recognition of a commune meeting the new-rural standard
    procedure_code: Mapped[str] = mapped_column("procedure", String(20), default=ProcedureCode.COMMENDATION,
                                                server_default=ProcedureCode.COMMENDATION.value)
    # issue 17: the level a new-rural recognition recognises (rules.new_rural.Level); NULL for a commendation
    new_rural_level: Mapped[str | None] = mapped_column(String(10))
    # issue 17: a nomination for this award must cite a verified result of this (new-rural) award type: a
    # recognition in force of the nominee's commune (Nomination.verified_result_id; docs/verified-results.md)
    requires_recognition_type_id: Mapped[int | None] = mapped_column(ForeignKey("award_type.id"))
    effective_from: Mapped[date] = mapped_column(default=date(2024, 1, 1))
    effective_to: Mapped[date | None]
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("award_type.id"))

    authority: Mapped[Authority] = relationship()
    successor: Mapped["AwardType | None"] = relationship(remote_side=[id], foreign_keys=[successor_id])
    requires_recognition_type: Mapped["AwardType | None"] = relationship(
        remote_side=[id], foreign_keys=[requires_recognition_type_id])
    # the "Căn cứ …" preamble, dated: the row in force on a decision's date is the one printed
    legal_bases: Mapped[list["LegalBasis"]] = relationship(
        back_populates="award_type", order_by="LegalBasis.valid_from", cascade="all, delete-orphan")

    @property
    def procedure(self) -> Procedure:
        return procedure_of(self.procedure_code)

    def council_rule(self) -> CouncilRule:
        return CouncilRule(self.quorum_num, self.quorum_den, Decimal(self.threshold_pct),
                           Denominator(self.denominator), BallotKind(self.ballot), self.written_ballot_allowed)

    def allows(self, kind: NomineeKind) -> bool:
        return {NomineeKind.INDIVIDUAL: self.individual_allowed, NomineeKind.COLLECTIVE: self.collective_allowed,
                NomineeKind.HOUSEHOLD: self.household_allowed}[NomineeKind(kind)]

    def coefficient_for(self, kind: NomineeKind) -> Decimal:
        if kind == NomineeKind.COLLECTIVE:
            return self.coefficient_collective
        if kind == NomineeKind.HOUSEHOLD and self.coefficient_household is not None:
            return self.coefficient_household
        return self.coefficient_individual

    def is_effective_on(self, on: date) -> bool:
        return in_force.is_in_force(self, on)

    def legal_basis_on(self, on: date) -> "LegalBasis | None":
        """The legal basis in force on `on` (the latest row starting on or before it and not ended)."""
        rows = [b for b in self.legal_bases if b.covers(on)]
        return rows[-1] if rows else None

    def legal_basis_lines(self, on: date) -> list[str]:
        basis = self.legal_basis_on(on)
        return basis.lines() if basis else []

    def requirements(self) -> list[Requirement]:
        return requirements_from_json(self.prerequisites)

    def member_rules(self) -> list[Requirement]:
        """The requirements about a collective's members (the unit's form then asks for member figures)."""
        return member_rules(self.requirements())

    @property
    def prerequisite_lines(self) -> str:
        """The requirements as the administrator's form writes them."""
        return format_requirements(self.requirements())

    @property
    def document_lines(self) -> str:
        """The required documents as the administrator's form writes them, one a line."""
        return "\n".join(self.required_documents or ())

    @property
    def is_title(self) -> bool:
        return self.category == AwardCategory.TITLE

    def checklist_items(self) -> list[str]:
        return [line.strip() for line in self.appraisal_checklist.splitlines() if line.strip()]


class LegalBasis(Base):
    """Căn cứ pháp lý: the lines a decision's preamble cites for an award type, from when to when. A change of
    law is a new row from its date (and the old row ended the day before); history keeps what it cited."""

    __tablename__ = "legal_basis"
    __table_args__ = (
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_period"),
        UniqueConstraint("award_type_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    award_type_id: Mapped[int] = mapped_column(ForeignKey("award_type.id"), index=True)
    valid_from: Mapped[date] = mapped_column(default=date(1900, 1, 1))
    valid_to: Mapped[date | None]
    body: Mapped[str] = mapped_column(Text, default="")        # the "Căn cứ …" lines, one per line
    source: Mapped[str] = mapped_column(String(300), default="")  # where the administrator took it from, notes

    award_type: Mapped[AwardType] = relationship(back_populates="legal_bases")

    @property
    def name(self) -> str:
        return f"Căn cứ pháp lý của «{self.award_type.name}»"

    def covers(self, on: date) -> bool:
        return in_force.is_in_force(self, on)

    def lines(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]


def legal_basis_lines_on(award_types: Iterable[AwardType], on: date) -> list[str]:
    """The "Căn cứ …" lines in force on `on` for these award types, each once, in first-seen order: the one
    answer the decision draft, the issued decision and the public notice print."""
    lines: list[str] = []
    for award_type in award_types:
        lines += [line for line in award_type.legal_basis_lines(on) if line not in lines]
    return lines
class BaseSalaryStatus(StrEnum):
    CONFIRMED = "confirmed"   # in a legal text in force: prize money is computed with it from its date
    REPORTED = "reported"     # announced (a budget resolution, a government plan) but not yet confirmed: warned of


class BaseSalary(Base):
    """Lương cơ sở: the statutory base salary, a dated table; the confirmed row in force on a date applies.
    A reported row is known to the administrator but not applied until confirmed (docs/processing-clock.md)."""

    __tablename__ = "base_salary"
    __table_args__ = (CheckConstraint("amount > 0", name="positive"), one_of("status", BaseSalaryStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    valid_from: Mapped[date] = mapped_column(unique=True)
    amount: Mapped[int]
    legal_basis: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(10), default=BaseSalaryStatus.CONFIRMED,
                                        server_default=BaseSalaryStatus.CONFIRMED.value)
    source: Mapped[str] = mapped_column(Text, default="", server_default="")   # where the figure was read


class CalendarDayKind(StrEnum):
    DAY_OFF = "day_off"          # ngày nghỉ bổ sung
    MAKEUP_WORKDAY = "makeup"    # ngày làm việc bù


class CalendarDay(Base):
    """Ngày nghỉ bổ sung / ngày làm bù: the administrator's corrections to the statutory calendar."""

    __tablename__ = "calendar_day"
    __table_args__ = (one_of("kind", CalendarDayKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(200), default="")
