"""Thông báo: a message to a user (in the in-app inbox, and by e-mail when they have an address) or to a citizen
who asked to be told (e-mail only). Written in the transaction of the action it reports, so it is the outbox of
the mail: the job queue delivers it after the commit (workflow/mail.py), once."""
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules.notifications import Kind, MailState
from .base import Base, EnumText, one_of, utcnow
from .users import User


class Notification(Base):
    __tablename__ = "notification"
    __table_args__ = (
        one_of("kind", Kind),
        one_of("mail_state", MailState),
        CheckConstraint("user_id IS NOT NULL OR mail_to IS NOT NULL", name="has_recipient"),
        CheckConstraint("mail_state <> 'sent' OR mail_sent_at IS NOT NULL", name="sent_has_time"),
        CheckConstraint("mail_state <> 'sending' OR mail_claimed_at IS NOT NULL", name="sending_is_claimed"),
        CheckConstraint("item_count >= 1", name="item_count_positive"),
        CheckConstraint("mail_attempts >= 0", name="mail_attempts_counted"),
        Index("ix_notification_user_id_read_at", "user_id", "read_at"),
        Index("ix_notification_mail_state_mail_next_at", "mail_state", "mail_next_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[Kind] = mapped_column(EnumText(Kind, 20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))   # None: a citizen
    nomination_id: Mapped[int | None] = mapped_column(ForeignKey("nomination.id"), index=True)
    council_session_id: Mapped[int | None] = mapped_column(ForeignKey("council_session.id"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("public_comment.id"), index=True)
    item_count: Mapped[int] = mapped_column(default=1)   # nominations of one action (a proposal) told at once
    # what the message says, frozen when it happened: names, reason, numbers, dates (no contact data)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    link_endpoint: Mapped[str] = mapped_column(String(60), default="")   # the recipient's page of the subject
    link_args: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    mail_to: Mapped[str | None] = mapped_column(String(254))   # the address when it was written
    mail_state: Mapped[MailState] = mapped_column(EnumText(MailState, 10), default=MailState.PENDING)
    mail_attempts: Mapped[int] = mapped_column(default=0)
    mail_next_at: Mapped[datetime] = mapped_column(default=utcnow)
    mail_claimed_at: Mapped[datetime | None]
    mail_sent_at: Mapped[datetime | None]
    mail_error: Mapped[str | None] = mapped_column(Text)
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("notification.id"))   # the digest that carried it

    user: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Notification {self.id} {self.kind} → {self.user_id or 'citizen'} {self.mail_state}>"
