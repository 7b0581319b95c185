"""Public disclosure: notices that put nominees before the public, and the comments citizens send."""
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, one_of, utcnow
from .campaigns import Campaign
from .nominations import Attachment, Nomination
from .units import Authority


class PublicNotice(Base):
    """Thông báo công khai lấy ý kiến: the disclosure window of a batch of nominations. The end date is
    computed in working days when the notice opens, and never shortened."""

    __tablename__ = "public_notice"
    __table_args__ = (CheckConstraint("end_date > start_date", name="window"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"))
    title: Mapped[str] = mapped_column(String(300))
    how_to_comment: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date]   # the day it opened
    end_date: Mapped[date]     # last day comments are received (inclusive)
    working_days: Mapped[int]
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)

    authority: Mapped[Authority] = relationship()
    campaign: Mapped[Campaign | None] = relationship()
    items: Mapped[list["NoticeItem"]] = relationship(back_populates="notice", order_by="NoticeItem.id")
    comments: Mapped[list["PublicComment"]] = relationship(back_populates="notice", order_by="PublicComment.id")

    def is_open_on(self, on: date) -> bool:
        return self.start_date <= on <= self.end_date

    @property
    def nominations(self) -> list[Nomination]:
        return [item.nomination for item in self.items]


class NoticeItem(Base):
    """A nomination listed in a notice. A nomination sent back to appraisal may be disclosed again, so
    the link is a table of its own and the history stays."""

    __tablename__ = "notice_item"
    __table_args__ = (UniqueConstraint("notice_id", "nomination_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("public_notice.id"), index=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id"), index=True)

    notice: Mapped[PublicNotice] = relationship(back_populates="items")
    nomination: Mapped[Nomination] = relationship()


class CommentKind(StrEnum):
    UNCLASSIFIED = "unclassified"  # not yet read: treated like an objection until classified
    OBJECTION = "objection"        # phản ánh, khiếu nại
    SUPPORT = "support"            # đồng tình
    QUESTION = "question"
    OTHER = "other"


class CommentStatus(StrEnum):
    RECEIVED = "received"
    UNDER_REVIEW = "under_review"
    ANSWERED = "answered"


class Resolution(StrEnum):
    UPHELD = "upheld"      # objection accepted: the nomination goes back or is not awarded
    REJECTED = "rejected"  # objection not accepted, with the reason in the answer
    NOTED = "noted"        # a support, a question or another comment, answered


# Comments that must carry a published answer before the nomination may go to the council.
BLOCKING_KINDS = frozenset({CommentKind.UNCLASSIFIED, CommentKind.OBJECTION})


class PublicComment(Base):
    """Ý kiến nhân dân: a named, reachable citizen's comment on a nominee. It gets a receipt code and a
    published, reasoned answer; the commenter's contact data stays private."""

    __tablename__ = "public_comment"
    __table_args__ = (
        one_of("classification", CommentKind),
        one_of("status", CommentStatus),
        one_of("resolution", Resolution),
        CheckConstraint("status != 'answered' OR (answer IS NOT NULL AND resolution IS NOT NULL)",
                        name="answered_has_answer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("public_notice.id"), index=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id"), index=True)
    receipt_code: Mapped[str] = mapped_column(String(20), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    contact: Mapped[str] = mapped_column(String(120))   # phone or e-mail: private
    address: Mapped[str] = mapped_column(String(300))   # private
    body: Mapped[str] = mapped_column(Text)
    classification: Mapped[str] = mapped_column(String(15), default=CommentKind.UNCLASSIFIED)
    status: Mapped[str] = mapped_column(String(15), default=CommentStatus.RECEIVED)
    resolution: Mapped[str | None] = mapped_column(String(10))
    answer: Mapped[str | None] = mapped_column(Text)  # published
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # issue 18: the address the citizen asked to be told at when the comment is answered (opt-in); cleared by the
    # unsubscribe link. Private, like the contact.
    notify_email: Mapped[str | None] = mapped_column(String(254))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)

    notice: Mapped[PublicNotice] = relationship(back_populates="comments")
    nomination: Mapped[Nomination] = relationship()
    # the citizen's evidence, never public (Attachment.comment_id)
    attachments: Mapped[list[Attachment]] = relationship(order_by=Attachment.id)
    # earlier published answers, oldest first: a correction keeps what it replaced, and the public sees both
    corrections: Mapped[list["AnswerCorrection"]] = relationship(back_populates="comment",
                                                                 order_by="AnswerCorrection.id")

    @property
    def blocks_council(self) -> bool:
        return self.classification in BLOCKING_KINDS and self.status != CommentStatus.ANSWERED

    @property
    def corrected_at(self) -> datetime | None:
        """When the published answer was last corrected; None if it never was."""
        return self.corrections[-1].corrected_at if self.corrections else None


class AnswerCorrection(Base):
    """Đính chính trả lời: a published answer as it stood before the secretariat corrected it, with the
    reason. The comment holds the current answer; these rows keep every earlier one, never edited."""

    __tablename__ = "answer_correction"
    __table_args__ = (one_of("previous_resolution", Resolution),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("public_comment.id"), index=True)
    previous_answer: Mapped[str] = mapped_column(Text)
    previous_resolution: Mapped[str] = mapped_column(String(10))
    previous_answered_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)
    corrected_at: Mapped[datetime] = mapped_column(default=utcnow)
    corrected_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    comment: Mapped[PublicComment] = relationship(back_populates="corrections")
