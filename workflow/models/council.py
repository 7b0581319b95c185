"""Council sessions (phiên họp Hội đồng Thi đua – Khen thưởng): members, attendance, agenda and ballots.

Secret ballots record who took part and the counts only; no row links a member to a choice.
"""
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules.permissions import Relation
from ..rules.tally import BallotKind, Choice, Count, CouncilRule, Denominator
from .base import Base, one_of, utcnow
from .nominations import Nomination
from .units import Authority, Unit
from .users import User


class SessionStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class CouncilSession(Base):
    """Phiên họp Hội đồng TĐKT: a meeting with its members, attendance, agenda and minutes."""

    __tablename__ = "council_session"
    __table_args__ = (one_of("status", SessionStatus),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    meeting_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(10), default=SessionStatus.OPEN)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    # who chairs (chủ trì) and who closed it as secretary (thư ký): the names under the minutes' signatures
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # "12/BB-HĐTĐKT": the minutes' number, one sequence per authority and year, assigned when the session closes
    minutes_number: Mapped[str | None] = mapped_column(String(40))

    authority: Mapped[Authority] = relationship()
    chair: Mapped[User | None] = relationship(foreign_keys=[chair_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    members: Mapped[list["SessionMember"]] = relationship(back_populates="session", order_by="SessionMember.id")
    items: Mapped[list["AgendaItem"]] = relationship(back_populates="session", order_by="AgendaItem.position")

    @property
    def is_open(self) -> bool:
        return self.status == SessionStatus.OPEN

    def member(self, user_id: int) -> "SessionMember | None":
        return next((m for m in self.members if m.user_id == user_id), None)

    @property
    def place_name(self) -> str:
        """Where the minutes are made: the authority's place, else the name of its unit."""
        authority = self.authority
        return authority.place_name or (authority.unit.name if authority.unit else "")

    def rules_applied(self) -> list[tuple[str, "AgendaItem"]]:
        """Each award type on the agenda with the rule frozen on its items, once per distinct rule (an award
        type edited between two items of the session shows both rules)."""
        seen: dict[tuple, tuple[str, AgendaItem]] = {}
        for item in self.items:
            key = (item.nomination.award_type_id, item.rule())
            seen.setdefault(key, (item.nomination.award_type.name, item))
        return list(seen.values())


class SessionMember(Base):
    """Thành viên dự họp: a council member called to the session, whether present, and their home unit
    at the time (for recusal)."""

    __tablename__ = "session_member"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_session.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    present: Mapped[bool] = mapped_column(default=False)

    session: Mapped[CouncilSession] = relationship(back_populates="members")
    user: Mapped[User] = relationship()
    unit: Mapped[Unit | None] = relationship()


class ItemResult(StrEnum):
    PENDING = "pending"
    PASSED = "passed"
    FAILED = "failed"


class AgendaItem(Base):
    """Nội dung xét: one nomination on a session's agenda, with its running counts and the tally. The council
    rule is frozen on the item when it is put on the agenda: a later edit of the award type applies to later
    sessions only."""

    __tablename__ = "agenda_item"
    __table_args__ = (
        UniqueConstraint("session_id", "nomination_id"),
        one_of("ballot", BallotKind),
        one_of("denominator", Denominator),
        one_of("result", ItemResult),
        CheckConstraint("agree >= 0 AND disagree >= 0 AND abstain >= 0", name="counts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("council_session.id"), index=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id"), index=True)
    position: Mapped[int]
    # the award type's rule, copied when put on the agenda
    ballot: Mapped[str] = mapped_column(String(10))
    quorum_num: Mapped[int]
    quorum_den: Mapped[int]
    threshold_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    denominator: Mapped[str] = mapped_column(String(10))
    written_allowed: Mapped[bool] = mapped_column(default=False, server_default=false())
    # the red flags as the members saw them (rules.red_flags.Flag.frozen), frozen when put on the agenda
    flags_seen: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, server_default="[]")
    agree: Mapped[int] = mapped_column(default=0)
    disagree: Mapped[int] = mapped_column(default=0)
    abstain: Mapped[int] = mapped_column(default=0)
    result: Mapped[str] = mapped_column(String(10), default=ItemResult.PENDING)
    result_reason: Mapped[str | None] = mapped_column(Text)
    members_count: Mapped[int | None]
    present_count: Mapped[int | None]
    recused_count: Mapped[int | None]           # present members recused
    recused_absent_count: Mapped[int | None]    # absent members recused (they may not vote in writing)
    written_count: Mapped[int | None]           # written ballots of absent members among the counts

    session: Mapped[CouncilSession] = relationship(back_populates="items")
    nomination: Mapped[Nomination] = relationship()
    ballots: Mapped[list["Ballot"]] = relationship(back_populates="item")

    def freeze(self, rule: CouncilRule) -> None:
        """Copy the rule onto the item: the tally applies this copy, whatever the award type says later."""
        self.ballot, self.quorum_num, self.quorum_den = str(rule.ballot), rule.quorum_num, rule.quorum_den
        self.threshold_pct, self.denominator = rule.threshold_pct, str(rule.denominator)
        self.written_allowed = rule.written

    def rule(self) -> CouncilRule:
        return CouncilRule(self.quorum_num, self.quorum_den, Decimal(self.threshold_pct),
                           Denominator(self.denominator), BallotKind(self.ballot), bool(self.written_allowed))

    @property
    def secret(self) -> bool:
        return self.ballot == BallotKind.SECRET

    def recorded_count(self) -> Count | None:
        """The counts the tally recorded at closing, or None before it."""
        if self.members_count is None:
            return None
        return Count(self.members_count, self.present_count or 0, self.recused_count or 0,
                     self.agree, self.disagree, self.abstain, self.written_count or 0, self.recused_absent_count or 0)


class Ballot(Base):
    """Phiếu bầu: that a member voted on an item. `choice` is kept only for open ballots; for secret
    ballots it stays NULL and only the item's counts move."""

    __tablename__ = "ballot"
    __table_args__ = (UniqueConstraint("item_id", "user_id"), one_of("choice", Choice))

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    choice: Mapped[str | None] = mapped_column(String(10))
    # a written ballot of an absent member, recorded by the secretariat (the scan is a BallotScan, unlinked)
    written: Mapped[bool] = mapped_column(default=False, server_default=false())

    item: Mapped[AgendaItem] = relationship(back_populates="ballots")


class BallotScan(Base):
    """The scanned paper of a written ballot, stored like an attachment. It names the item, not the member:
    for a secret ballot no row links a member to what they chose."""

    __tablename__ = "ballot_scan"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConflictDeclaration(Base):
    """Khai báo quan hệ: a council member declares a relation with a nomination's nominee; from then on they do
    not vote on it, in this session or a later one."""

    __tablename__ = "conflict_declaration"
    __table_args__ = (UniqueConstraint("nomination_id", "user_id"), one_of("relation", Relation),
                      CheckConstraint("relation != 'other' OR note != ''", name="other_has_note"))

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    relation: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(300), default="")
    declared_at: Mapped[datetime] = mapped_column(default=utcnow)
