"""Delivering the notifications' e-mail: the send_mail job's handler (workflow/jobs/runner.py). Each message is
claimed in the database (committed) before it is handed to the SMTP server and marked sent (committed) right
after the server accepts it, so no message is sent twice by two workers, and a worker that dies leaves its
message to be taken again. Retries wait longer each time; a refusal for good (a bad address) is recorded.
Without MAIL_SERVER nothing is sent: the mail waits in the outbox and the inbox shows every notification.

Standard library only: smtplib and email.message.EmailMessage."""
from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable
from typing import Self
from datetime import UTC, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from flask import Flask, render_template
from flask_babel import force_locale
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import and_, or_, select, update

from .extensions import db
from .models import Job, Notification
from .notification_text import describe
from .rules.notifications import Kind, MailState, message_id, retry_pause
from .services import clock
from .urls import public_url_for

log = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "vinhdanh.unsubscribe-comment"


class MailUnavailable(Exception):
    """The SMTP server could not take the message now (down, disconnected, 4xx): try again later."""


def configured(app: Flask) -> bool:
    return bool(app.config.get("MAIL_SERVER"))


# --- the job --------------------------------------------------------------------------------------------------

def deliver(app: Flask, job: Job, beat: Callable[[], None]) -> None:
    """Send every message due, MAIL_BATCH between heartbeats, over one connection. A transient failure releases
    the message for a later try and fails the job's attempt (the runner queues it again, with its backoff)."""
    if not configured(app):
        return
    with Postman(app) as postman:
        while ids := due(app):
            for notification_id in ids:
                send_one(app, postman, notification_id)
            beat()


def due(app: Flask) -> list[int]:
    """Messages to send now: waiting and due, or claimed by a worker silent for MAIL_CLAIM_STALE_SECONDS."""
    now = clock.now()
    stale = now - timedelta(seconds=app.config["MAIL_CLAIM_STALE_SECONDS"])
    return list(db.session.scalars(select(Notification.id).where(_sendable(now, stale))
                                   .order_by(Notification.id).limit(app.config["MAIL_BATCH"])))


def _sendable(now, stale):
    return or_(and_(Notification.mail_state == MailState.PENDING, Notification.mail_next_at <= now),
               and_(Notification.mail_state == MailState.SENDING, Notification.mail_claimed_at < stale))


def send_one(app: Flask, postman: Postman, notification_id: int) -> str | None:
    """Claim, send, record. Returns the message's state afterwards, or None if another worker has it."""
    now = clock.now()
    stale = now - timedelta(seconds=app.config["MAIL_CLAIM_STALE_SECONDS"])
    claimed = db.session.execute(update(Notification).where(Notification.id == notification_id, _sendable(now, stale))
                                 .values(mail_state=MailState.SENDING, mail_claimed_at=now,
                                         mail_attempts=Notification.mail_attempts + 1)
                                 .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    if claimed != 1:
        return None
    notification = db.session.get(Notification, notification_id)
    db.session.refresh(notification)
    try:
        postman.send(compose(app, notification))
    except smtplib.SMTPResponseException as error:
        if error.smtp_code >= 500:
            return _record(notification_id, MailState.FAILED, error=_said(error))
        _release(app, notification, _said(error))
        raise MailUnavailable(_said(error)) from error
    except smtplib.SMTPRecipientsRefused as error:
        return _record(notification_id, MailState.FAILED, error=str(error.recipients)[:500])
    except (smtplib.SMTPException, OSError) as error:
        _release(app, notification, f"{type(error).__name__}: {error}")
        raise MailUnavailable(str(error)) from error
    return _record(notification_id, MailState.SENT, sent_at=clock.now())


def _said(error: smtplib.SMTPResponseException) -> str:
    message = error.smtp_error.decode("utf-8", "replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
    return f"{error.smtp_code} {message}"[:500]


def _release(app: Flask, notification: Notification, error: str) -> None:
    """Back to the outbox for a later try, or failed once MAIL_MAX_ATTEMPTS are spent."""
    attempts = notification.mail_attempts
    if attempts >= app.config["MAIL_MAX_ATTEMPTS"]:
        _record(notification.id, MailState.FAILED, error=f"Đã thử {attempts} lần: {error}")
        return
    _record(notification.id, MailState.PENDING, error=error, next_at=clock.now() + retry_pause(attempts))


def _record(notification_id: int, state: MailState, *, error: str | None = None, sent_at=None,
            next_at=None) -> str:
    values = {"mail_state": state, "mail_error": error}
    if sent_at is not None:
        values["mail_sent_at"] = sent_at
    if next_at is not None:
        values["mail_next_at"] = next_at
    db.session.execute(update(Notification).where(Notification.id == notification_id,
                                                  Notification.mail_state == MailState.SENDING)
                       .values(**values).execution_options(synchronize_session=False))
    db.session.commit()
    return str(state)


# --- the message ----------------------------------------------------------------------------------------------

def compose(app: Flask, notification: Notification) -> EmailMessage:
    """The message, in Vietnamese whatever the sender's page language: subject, plain-text body in UTF-8, the
    absolute link of the subject's page, a Message-ID of the notification's own, an unsubscribe link for a
    citizen."""
    sender = app.config["MAIL_FROM"]
    domain = parseaddr(sender)[1].rpartition("@")[2] or "vinhdanh.local"
    with force_locale("vi"):
        described = describe(notification)
        items = [describe(each) for each in _digested(notification)] if notification.kind == Kind.DIGEST else []
        unsubscribe = unsubscribe_url(app, notification.comment_id) if notification.user_id is None else ""
        body = render_template("mail/notification.txt", notification=notification, described=described,
                               items=items, unsubscribe=unsubscribe,
                               inbox=public_url_for("notifications.index") if notification.user_id else "")
    message = EmailMessage()
    message["Subject"] = f"[Vinh danh] {described.title}"
    message["From"] = sender
    message["To"] = notification.mail_to
    message["Date"] = format_datetime(notification.created_at.replace(tzinfo=UTC))
    message["Message-ID"] = message_id(notification.id, domain)
    message["Auto-Submitted"] = "auto-generated"
    message["X-Vinhdanh-Notification"] = f"{notification.id} {notification.kind}"
    if unsubscribe:
        message["List-Unsubscribe"] = f"<{unsubscribe}>"
    message.set_content(body, charset="utf-8")
    return message


def _digested(digest: Notification) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.digest_id == digest.id)
                                   .order_by(Notification.id)))


def unsubscribe_token(app: Flask, comment_id: int) -> str:
    return URLSafeSerializer(app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT).dumps(comment_id)


def unsubscribe_url(app: Flask, comment_id: int | None) -> str:
    return public_url_for("notifications.unsubscribe", token=unsubscribe_token(app, comment_id)) if comment_id else ""


def comment_of_token(app: Flask, token: str) -> int | None:
    try:
        value = URLSafeSerializer(app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT).loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) else None


# --- the connection -------------------------------------------------------------------------------------------

class Postman:
    """One SMTP connection for a run of messages, opened at the first one, reopened after a failure."""

    def __init__(self, app: Flask) -> None:
        self.config = app.config
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def send(self, message: EmailMessage) -> None:
        if self.smtp is None:
            self.smtp = self._connect()
        try:
            self.smtp.send_message(message)
        except (smtplib.SMTPServerDisconnected, OSError):
            self.close()
            raise

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        if c["MAIL_SECURITY"] == "ssl":
            smtp = smtplib.SMTP_SSL(c["MAIL_SERVER"], c["MAIL_PORT"], timeout=c["MAIL_TIMEOUT"],
                                    context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(c["MAIL_SERVER"], c["MAIL_PORT"], timeout=c["MAIL_TIMEOUT"])
            if c["MAIL_SECURITY"] == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        if c["MAIL_USERNAME"]:
            smtp.login(c["MAIL_USERNAME"], c["MAIL_PASSWORD"])
        return smtp

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None
