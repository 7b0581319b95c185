"""Reminders in working days before a deadline (a notice window ending, a dossier's processing due date, a
council session), and the daily digest of the users who chose one. Run once a day by
`flask notifications remind`; running it twice on a day tells nobody twice. Never imports flask; never commits."""
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import CouncilSession, JobKind, Nomination, Notification, SessionStatus, User
from ..rules.notifications import Audience, Kind, MailState
from ..rules.states import State
from . import clock, jobs, notifications
from .calendar import working_calendar
from .queries.notices import latest_end

IN_SECRETARIAT_HANDS = (State.SUBMITTED, State.IN_APPRAISAL, State.IN_PUBLIC_NOTICE)


def remind(session: Session, *, today: date | None = None, within: int = 2,
           now: datetime | None = None) -> list[Notification]:
    """Every deadline from today to `within` working days ahead, told to whom it concerns, once."""
    today = today or clock.today()
    calendar = working_calendar(session)
    horizon = calendar.add_working_days(today, within)
    told = _already_told(session)
    written: list[Notification] = []

    def tell(user: User, audience: Audience, deadline: str, due: date, nomination=None, council_id=None):
        key = (user.id, deadline, due.isoformat(), nomination.id if nomination else None, council_id)
        if key in told:
            return
        told.add(key)
        params = {"deadline": deadline, "due_on": due.isoformat(),
                  "days_left": calendar.working_days_between(today, due)}
        if nomination is not None:
            params |= notifications._about(nomination)
        written.append(notifications.deadline(session, user, audience, params, nomination=nomination,
                                              council_id=council_id, now=now))

    ending = select(Nomination, latest_end().label("end")).where(
        Nomination.state == State.IN_PUBLIC_NOTICE, latest_end().between(today, horizon))
    for nomination, end in session.execute(ending).all():
        for user in notifications.recipients(session, Audience.SECRETARIAT, nomination):
            tell(user, Audience.SECRETARIAT, "notice_ends", end, nomination)
    due = select(Nomination).where(Nomination.state.in_(IN_SECRETARIAT_HANDS),
                                   Nomination.processing_due_on.between(today, horizon))
    for nomination in session.scalars(due):
        for user in notifications.recipients(session, Audience.SECRETARIAT, nomination):
            tell(user, Audience.SECRETARIAT, "processing_due", nomination.processing_due_on, nomination)
    meetings = select(CouncilSession).where(CouncilSession.status == SessionStatus.OPEN,
                                            CouncilSession.meeting_date.between(today, horizon))
    for council in session.scalars(meetings):
        for member in council.members:
            if member.user.active:
                tell(member.user, Audience.MEMBERS, "session", council.meeting_date, council_id=council.id)
    return written


def _already_told(session: Session) -> set[tuple]:
    rows = session.scalars(select(Notification).where(Notification.kind == Kind.DEADLINE))
    return {(n.user_id, n.params.get("deadline"), n.params.get("due_on"), n.nomination_id, n.council_session_id)
            for n in rows}


def digest(session: Session, *, now: datetime | None = None) -> list[Notification]:
    """One summary mail per user whose notifications wait for their digest; those are then carried by it."""
    waiting = session.scalars(select(Notification).where(Notification.mail_state == MailState.DIGEST)
                              .order_by(Notification.user_id, Notification.id)).all()
    by_user: dict[int, list[Notification]] = {}
    for notification in waiting:
        by_user.setdefault(notification.user_id, []).append(notification)
    written = []
    for user_id, items in by_user.items():
        user = session.get(User, user_id)
        summary = Notification(kind=Kind.DIGEST, user_id=user_id, params={"count": len(items)},
                               created_at=now or clock.now(), mail_next_at=now or clock.now(), mail_to=user.email,
                               mail_state=MailState.PENDING if user.email else MailState.NONE,
                               link_endpoint="notifications.index")
        session.add(summary)
        session.flush()
        for item in items:
            item.mail_state, item.digest_id = MailState.DIGESTED, summary.id
        written.append(summary)
    if any(n.mail_state == MailState.PENDING for n in written):
        jobs.queue(session, JobKind.SEND_MAIL, written[0].id, by=None, now=now)
    session.flush()
    return written


def send_waiting(session: Session, *, now: datetime | None = None) -> int:
    """Hand the mail worker what waits in the outbox (after an SMTP server was configured, or a long outage)."""
    first = session.scalar(select(Notification.id).where(Notification.mail_state == MailState.PENDING)
                           .order_by(Notification.id).limit(1))
    if first is None:
        return 0
    jobs.queue(session, JobKind.SEND_MAIL, first, by=None, now=now)
    return first
