"""Nominations (hồ sơ đề nghị), their nominees, revisions, attachments and appraisal notes."""
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules.nominees import NomineeKind
from ..rules.permissions import NominationFacts
from ..rules.states import CLAIMING_STATES, Procedure, State
from .base import Base, EnumText, one_of, utcnow
from .campaigns import Campaign
from .catalog import AwardType
from .units import Unit
from .users import User


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"


class Nominee(Base):
    """Đối tượng đề nghị khen thưởng: an individual (cá nhân), a collective (tập thể) or a household (hộ
    gia đình), as named in one nomination. Birth date and ID number are private: never shown publicly."""

    __tablename__ = "nominee"
    __table_args__ = (one_of("kind", NomineeKind), one_of("gender", Gender))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    full_name: Mapped[str] = mapped_column(String(200))   # person, collective or head of household
    position: Mapped[str] = mapped_column(String(200), default="")   # chức vụ
    workplace: Mapped[str] = mapped_column(String(300), default="")  # đơn vị công tác / địa chỉ (public line)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))  # a collective that is a unit
    gender: Mapped[str | None] = mapped_column(String(6))
    works_in_production: Mapped[bool] = mapped_column(default=False)  # trực tiếp lao động, sản xuất
    birth_date: Mapped[date | None]                              # private
    id_number: Mapped[str | None] = mapped_column(String(20))    # private (CCCD)
    address: Mapped[str] = mapped_column(String(300), default="")  # private for individuals

    unit: Mapped[Unit | None] = relationship()

    def public_line(self) -> str:
        """Name, position and unit: all the public may see."""
        return ", ".join(part for part in (self.position, self.workplace) if part)


class Nomination(Base):
    """Hồ sơ đề nghị khen thưởng: one nominee × one proposed award, from one proposing unit.

    `version` is the optimistic lock: SQLAlchemy adds `WHERE version = :old` to every UPDATE, so a
    concurrent change makes the second writer fail instead of overwriting the first.
    """

    __tablename__ = "nomination"
    __table_args__ = (
        one_of("state", State),
        CheckConstraint("period_to >= period_from", name="period"),
        CheckConstraint("state != 'returned' OR return_reason IS NOT NULL", name="returned_has_reason"),
        CheckConstraint("state != 'not_awarded' OR outcome_reason IS NOT NULL", name="not_awarded_has_reason"),
        CheckConstraint("state != 'revoked' OR (revocation_reason IS NOT NULL AND revoking_decision_no IS NOT NULL)",
                        name="revoked_has_reason"),
        CheckConstraint("processing_due_on IS NULL OR processing_days_left IS NULL", name="one_clock"),
        # one achievement is awarded once: only one live claim per nominee, award type and period
        Index("uq_nomination_one_claim", "nominee_key", "award_type_id", "period_from", "period_to", unique=True,
              sqlite_where=text("state IN ({})".format(", ".join(f"'{s}'" for s in sorted(CLAIMING_STATES)))),
              postgresql_where=text("state IN ({})".format(", ".join(f"'{s}'" for s in sorted(CLAIMING_STATES))))),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    award_type_id: Mapped[int] = mapped_column(ForeignKey("award_type.id"), index=True)
    proposing_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    nominee_id: Mapped[int] = mapped_column(ForeignKey("nominee.id"), unique=True)
    nominee_key: Mapped[str] = mapped_column(String(300), index=True)
    state: Mapped[State] = mapped_column(EnumText(State, 20), default=State.DRAFT, index=True)
    version: Mapped[int] = mapped_column(default=1)
    revision: Mapped[int] = mapped_column(default=1)
    achievement_summary: Mapped[str] = mapped_column(Text)  # "Đã có thành tích …"
    period_from: Mapped[date]
    period_to: Mapped[date]
    letter_no: Mapped[str] = mapped_column(String(60), default="")  # số Tờ trình, e.g. 15/TTr-UBND
    letter_date: Mapped[date | None]
    return_reason: Mapped[str | None] = mapped_column(Text)
    outcome_reason: Mapped[str | None] = mapped_column(Text)   # why not awarded
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    revoking_decision_no: Mapped[str | None] = mapped_column(String(60))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    # the processing clock (rules/processing.py): the due date while it runs, the working days left while the
    # dossier is back with its unit; kept as they stood when the dossier was decided or withdrawn
    processing_due_on: Mapped[date | None] = mapped_column(index=True)
    processing_days_left: Mapped[int | None]
    # the unit's evidence for the award type's prerequisites (rules.prerequisites.Evidence as JSON)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    # issue 16: the proposal (Tờ trình kèm danh sách) this nomination is a line of; none when made one by one
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id"), index=True)
    # issue 17: the recognition (a new-rural nomination, awarded) this achievement rests on: a verified result
    verified_result_id: Mapped[int | None] = mapped_column(ForeignKey("nomination.id"), index=True)

    campaign: Mapped[Campaign] = relationship()
    award_type: Mapped[AwardType] = relationship()
    proposing_unit: Mapped[Unit] = relationship()
    nominee: Mapped[Nominee] = relationship()
    created_by: Mapped[User | None] = relationship()
    attachments: Mapped[list["Attachment"]] = relationship(back_populates="nomination", order_by="Attachment.id")
    reviews: Mapped[list["Review"]] = relationship(back_populates="nomination", order_by="Review.id")
    revisions: Mapped[list["NominationRevision"]] = relationship(order_by="NominationRevision.revision")
    verified_result: Mapped["Nomination | None"] = relationship(remote_side=[id], foreign_keys=[verified_result_id])

    __mapper_args__ = {"version_id_col": version}

    def facts(self) -> NominationFacts:
        return NominationFacts(proposing_unit_id=self.proposing_unit_id, authority_id=self.award_type.authority_id,
                               state=self.state, procedure=self.award_type.procedure.code)

    @property
    def procedure(self) -> Procedure:
        """The lifecycle it follows: its award type's (rules.states.PROCEDURES)."""
        return self.award_type.procedure

    @property
    def last_submitted_at(self) -> datetime | None:
        """When the unit last sent it, a resubmission included (`submitted_at` stays the first sending, which
        the dashboard's processing times count from)."""
        return self.revisions[-1].created_at if self.revisions else self.submitted_at

    def __repr__(self) -> str:
        return f"<Nomination {self.id} {self.state}>"


class NominationRevision(Base):
    """Lần gửi hồ sơ: a frozen copy of the fields at each submission, so a resubmission can be compared
    field by field with the one before."""

    __tablename__ = "nomination_revision"
    __table_args__ = (UniqueConstraint("nomination_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id"), index=True)
    revision: Mapped[int]
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AttachmentKind(StrEnum):
    ACHIEVEMENT_REPORT = "achievement_report"  # báo cáo thành tích (required)
    MINUTES = "minutes"                        # biên bản bình xét
    INITIATIVE = "initiative"                  # giấy chứng nhận sáng kiến
    OTHER = "other"
    COMMENT_EVIDENCE = "comment_evidence"      # a citizen's attachment to a comment


class Attachment(Base):
    """Tệp đính kèm: content-addressed by sha256 (the bytes live in the blob store under that hash), and
    public or private."""

    __tablename__ = "attachment"
    __table_args__ = (
        one_of("kind", AttachmentKind),
        CheckConstraint("(nomination_id IS NULL) <> (comment_id IS NULL)", name="one_owner"),
        CheckConstraint("size >= 0", name="size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int | None] = mapped_column(ForeignKey("nomination.id"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("public_comment.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    # which of the award type's required documents this file is (rules.dossier), '' for none
    document: Mapped[str] = mapped_column(String(200), default="", server_default="")
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    is_public: Mapped[bool] = mapped_column(default=False)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    nomination: Mapped[Nomination | None] = relationship(back_populates="attachments")


class Review(Base):
    """Ý kiến thẩm định: the secretariat's appraisal note, with its checklist answers."""

    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    body: Mapped[str] = mapped_column(Text)
    checklist: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    nomination: Mapped[Nomination] = relationship(back_populates="reviews")
    author: Mapped[User] = relationship()
