"""Proposals (Tờ trình kèm danh sách): one letter of a proposing unit carrying many nominations. Its state is not
stored: rules.proposals.proposal_state derives it from the lines."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules.proposals import ProposalState, proposal_state
from .base import Base, utcnow
from .campaigns import Campaign
from .nominations import Nomination
from .units import Unit
from .users import User


class Proposal(Base):
    """Tờ trình: its number and symbol as the unit typed it («45/TTr-UBND»), date, signer, the proposing unit and
    the campaign; optionally the signed letter's scan, and the workbook its list was imported from (both in the
    blob store by hash). `version` is the optimistic lock of actions on the proposal as one."""

    __tablename__ = "proposal"
    __table_args__ = (
        CheckConstraint("length(trim(number)) > 0", name="number"),
        CheckConstraint("(scan_sha256 IS NULL) = (scan_filename IS NULL)", name="scan_named"),
        CheckConstraint("import_rows IS NULL OR import_rows >= 0", name="import_rows"),
        Index("ix_proposal_unit_date", "proposing_unit_id", "letter_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60))
    letter_date: Mapped[date]
    signer_name: Mapped[str] = mapped_column(String(200))
    signer_title: Mapped[str] = mapped_column(String(200))
    proposing_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    scan_sha256: Mapped[str | None] = mapped_column(String(64))
    scan_filename: Mapped[str | None] = mapped_column(String(200))
    import_sha256: Mapped[str | None] = mapped_column(String(64))
    import_rows: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    proposing_unit: Mapped[Unit] = relationship()
    campaign: Mapped[Campaign] = relationship()
    created_by: Mapped[User | None] = relationship()
    lines: Mapped[list[Nomination]] = relationship(order_by=Nomination.id, viewonly=True)

    __mapper_args__ = {"version_id_col": version}

    @property
    def state(self) -> ProposalState:
        return proposal_state(line.state for line in self.lines)

    def __repr__(self) -> str:
        return f"<Proposal {self.id} {self.number}>"
