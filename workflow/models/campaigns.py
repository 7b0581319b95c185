"""Campaigns (movements and award rounds), their indicators, the targets set per unit and the results
reached, and which award types count towards an indicator."""
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, one_of, utcnow
from .catalog import AwardType
from .units import Authority, Unit
from .users import User

campaign_award_type = Table(
    "campaign_award_type", Base.metadata,
    Column("campaign_id", ForeignKey("campaign.id"), primary_key=True),
    Column("award_type_id", ForeignKey("award_type.id"), primary_key=True),
)

# Tính từ khen thưởng: an awarded nomination of one of these award types, for a commune-level unit, counts
# that commune towards the indicator (e.g. a Bằng khen for reaching the advanced new-rural standard).
indicator_award_type = Table(
    "indicator_award_type", Base.metadata,
    Column("indicator_id", ForeignKey("indicator.id"), primary_key=True),
    Column("award_type_id", ForeignKey("award_type.id"), primary_key=True),
)


class Campaign(Base):
    """Phong trào thi đua / đợt xét: a movement or award round with its period, deadline, targets and the
    award types it allows."""

    __tablename__ = "campaign"
    __table_args__ = (CheckConstraint("period_end >= period_start", name="period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    period_start: Mapped[date]
    period_end: Mapped[date]
    nomination_deadline: Mapped[date | None]
    is_public: Mapped[bool] = mapped_column(default=True)

    authority: Mapped[Authority] = relationship()
    award_types: Mapped[list[AwardType]] = relationship(secondary=campaign_award_type, order_by=AwardType.id)
    indicators: Mapped[list["Indicator"]] = relationship(back_populates="campaign", order_by="Indicator.id")

    extensions: Mapped[list["DeadlineExtension"]] = relationship(back_populates="campaign",
                                                                 order_by="DeadlineExtension.id")

    def is_open_on(self, on: date) -> bool:
        deadline = self.nomination_deadline or self.period_end
        return self.period_start <= on <= deadline


class DeadlineExtension(Base):
    """Gia hạn nhận hồ sơ: the secretariat of the campaign's authority moves the nomination deadline to a new
    date, with its reason; audited and shown on the public campaign page. The newest extension recorded by a
    date is the one in force on it (services/campaigns.py::deadline_on)."""

    __tablename__ = "deadline_extension"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    new_deadline: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    recorded_on: Mapped[date]                  # local date it was recorded: in force from that day
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    campaign: Mapped[Campaign] = relationship(back_populates="extensions")
    recorded_by: Mapped[User | None] = relationship()


class Indicator(Base):
    """Chỉ tiêu: a measurable target of the campaign, e.g. communes reaching the advanced new-rural level."""

    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    measure_unit: Mapped[str] = mapped_column(String(40), default="xã")

    campaign: Mapped[Campaign] = relationship(back_populates="indicators")
    targets: Mapped[list["Target"]] = relationship(back_populates="indicator", order_by="Target.id")
    counted_award_types: Mapped[list[AwardType]] = relationship(secondary=indicator_award_type,
                                                                order_by=AwardType.id)


class Comparator(StrEnum):
    EXACTLY = "exactly"    # "7 xã"
    AT_LEAST = "at_least"  # "ít nhất 1 xã"


class Target(Base):
    """Chỉ tiêu giao cho đơn vị: the value a unit should reach for an indicator."""

    __tablename__ = "target"
    __table_args__ = (
        UniqueConstraint("indicator_id", "unit_id"),
        one_of("comparator", Comparator),
        CheckConstraint("value >= 0", name="value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    value: Mapped[int]
    comparator: Mapped[str] = mapped_column(String(10), default=Comparator.EXACTLY)

    indicator: Mapped[Indicator] = relationship(back_populates="targets")
    unit: Mapped[Unit] = relationship()


class IndicatorResult(Base):
    """Kết quả thực hiện chỉ tiêu: the figure a unit had reached for an indicator on a date (a cumulative
    count, e.g. communes at the advanced level so far), with where the figure comes from. A later date
    supersedes an earlier one; the same date entered again is a correction."""

    __tablename__ = "indicator_result"
    __table_args__ = (
        UniqueConstraint("indicator_id", "unit_id", "as_of"),
        CheckConstraint("value >= 0", name="value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    value: Mapped[int]
    as_of: Mapped[date]
    source: Mapped[str] = mapped_column(String(300))   # e.g. "Báo cáo số 112/BC-VPĐP ngày 20/06/2025"
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    entered_at: Mapped[datetime] = mapped_column(default=utcnow)

    indicator: Mapped[Indicator] = relationship()
    unit: Mapped[Unit] = relationship()
    entered_by: Mapped[User] = relationship()
