"""Notifications: written in the transaction of the action they report (the outbox), so a committed action
always has them and a refused one never does; one send_mail job per transaction hands them to the mail worker
after the commit (workflow/mail.py). Also the inbox's questions (unread count, listing) and its two changes
(read, unsubscribe). Plain SQLAlchemy: never imports flask; never commits."""
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session, scoped_session

from ..models import CouncilSession, JobKind, Nomination, Notification, PublicComment, RoleGrant, SessionMember, User
from ..rules.notifications import Audience, Kind, MailState, rules_for
from ..rules.permissions import Role
from ..rules.states import Action, State
from . import clock, jobs

KEY = "vinhdanh.notifications"   # in Session.info: (root transaction, {coalescing key: Notification}, job queued)
NAMES_KEPT = 20                  # nominee names listed in one notification of a many-line action

# the recipient's page of one nomination; of several (a proposal, a decision) the list
ONE_PAGE = {Audience.UNIT: "unit.nomination", Audience.SECRETARIAT: "secretariat.nomination",
            Audience.AUTHORITY: "authority.index", Audience.MEMBERS: "council.session"}
MANY_PAGE = {Audience.UNIT: "unit.index", Audience.SECRETARIAT: "secretariat.index",
             Audience.AUTHORITY: "authority.index", Audience.MEMBERS: "council.session"}


# --- the events ---------------------------------------------------------------------------------------------

def nomination_changed(session: Session, nomination: Nomination, action: Action, source: State, target: State, *,
                       by: User | None, reason: str | None = None, changes: dict[str, Any] | None = None,
                       now: datetime | None = None) -> list[Notification]:
    """Called by lifecycle.apply, the one path of every state change: whom this change tells, told now."""
    changes = changes or {}
    council_id = changes.get("council_session_id")
    written = []
    for rule in rules_for(action, source, target):
        people = _recipients_once(session, rule.audience, nomination, council_id)
        params = _about(nomination) | _details(action, target, reason, changes)
        for user in people:
            if by is None or user.id != by.id:
                written.append(_tell(session, rule.kind, user, rule.audience, params, nomination=nomination,
                                     council_id=council_id, now=now))
    return written


def session_called(session: Session, council: CouncilSession, *, by: User,
                   now: datetime | None = None) -> list[Notification]:
    """The members called to a new council session, with its date."""
    params = {"session": council.title, "meeting_date": council.meeting_date.isoformat()}
    return [_tell(session, Kind.SESSION_CALLED, member.user, Audience.MEMBERS, params, council_id=council.id,
                  now=now) for member in council.members if member.user_id != by.id and member.user.active]


def comment_received(session: Session, comment: PublicComment, *, now: datetime | None = None) -> list[Notification]:
    """The secretariat of the nomination's authority: a comment waits for its answer. No contact data."""
    nomination = comment.nomination
    params = _about(nomination) | {"receipt_code": comment.receipt_code}
    return [_tell(session, Kind.COMMENT_RECEIVED, user, Audience.SECRETARIAT, params, nomination=nomination,
                  comment=comment, endpoint="secretariat.comment", args={"comment_id": comment.id}, now=now)
            for user in recipients(session, Audience.SECRETARIAT, nomination)]


def comment_answered(session: Session, comment: PublicComment, *, by: User, now: datetime | None = None,
                     citizen_only: bool = False) -> list[Notification]:
    """The proposing unit sees the published answer; the citizen is told only if they asked to be."""
    nomination = comment.nomination
    params = _about(nomination) | {"receipt_code": comment.receipt_code, "answer": comment.answer or ""}
    told = [_tell(session, Kind.COMMENT_ANSWERED, user, Audience.UNIT, params, nomination=nomination,
                  comment=comment, now=now)
            for user in recipients(session, Audience.UNIT, nomination) if user.id != by.id and not citizen_only]
    if comment.notify_email:
        told.append(_tell(session, Kind.COMMENT_ANSWERED, None, Audience.CITIZEN, params, nomination=nomination,
                          comment=comment, endpoint="public.receipt", args={"code": comment.receipt_code},
                          now=now))
    return told


def deadline(session: Session, user: User, audience: Audience, params: dict[str, Any], *,
             nomination: Nomination | None = None, council_id: int | None = None,
             now: datetime | None = None) -> Notification:
    """A reminder (services/reminders.py decides who and when)."""
    return _tell(session, Kind.DEADLINE, user, audience, params, nomination=nomination, council_id=council_id,
                 now=now, coalesce=False)


# --- who ----------------------------------------------------------------------------------------------------

def recipients(session: Session, audience: Audience, nomination: Nomination | None = None, *,
               council_id: int | None = None, authority_id: int | None = None) -> list[User]:
    """The active users an audience names for this nomination: its own unit's officers (never another unit's),
    its authority's secretariat or signers, the members called to the session (except its unit's own)."""
    if audience == Audience.MEMBERS:
        query = (select(User).join(SessionMember, SessionMember.user_id == User.id)
                 .where(SessionMember.session_id == council_id))
        if nomination is not None:
            query = query.where(func.coalesce(SessionMember.unit_id, -1) != nomination.proposing_unit_id)
    elif audience == Audience.UNIT:
        query = select(User).join(RoleGrant).where(RoleGrant.role == Role.UNIT_OFFICER,
                                                   RoleGrant.unit_id == nomination.proposing_unit_id)
    else:
        role = Role.SECRETARIAT if audience == Audience.SECRETARIAT else Role.AUTHORITY
        authority_id = authority_id or nomination.award_type.authority_id
        query = select(User).join(RoleGrant).where(RoleGrant.role == role, RoleGrant.authority_id == authority_id)
    return list(session.scalars(query.where(User.active.is_(True)).order_by(User.id)).unique())


def _recipients_once(session: Session, audience: Audience, nomination: Nomination,
                     council_id: int | None) -> list[User]:
    """recipients(), asked once per transaction for each audience and scope: a decision of 500 lines tells the
    same unit officers 500 times over."""
    cache = _pending(session)["people"]
    key = (audience, nomination.proposing_unit_id, nomination.award_type.authority_id, council_id)
    if key not in cache:
        cache[key] = recipients(session, audience, nomination, council_id=council_id)
    return cache[key]


# --- writing one --------------------------------------------------------------------------------------------

def _tell(session: Session, kind: Kind, user: User | None, audience: Audience, params: dict[str, Any], *,
          nomination: Nomination | None = None, council_id: int | None = None,
          comment: PublicComment | None = None, endpoint: str | None = None, args: dict[str, Any] | None = None,
          now: datetime | None = None, coalesce: bool = True) -> Notification:
    """One notification, or, when the same transaction already told this recipient the same thing about another
    nomination (a proposal's lines, a decision's), that one counting one more."""
    pending = _pending(session)
    key = (user.id if user else comment.id, kind, audience)
    same = pending["told"].get(key) if coalesce else None
    if same is not None and same in session and same.nomination_id != (nomination.id if nomination else None):
        _count_one_more(same, params, audience)
        return same
    notification = Notification(
        kind=kind, user_id=user.id if user else None, nomination_id=nomination.id if nomination else None,
        council_session_id=council_id, comment_id=comment.id if comment else None, params=params,
        link_endpoint=endpoint or ONE_PAGE.get(audience, ""), link_args=args or _link_args(audience, nomination,
                                                                                            council_id),
        created_at=now or clock.now(), mail_next_at=now or clock.now(), **_mail_fields(user, comment))
    session.add(notification)
    session.flush()
    if coalesce:
        pending["told"][key] = notification
    if notification.mail_state == MailState.PENDING and not pending["queued"]:
        jobs.queue(session, JobKind.SEND_MAIL, notification.id, by=None, now=now)
        pending["queued"] = True
    return notification


def _pending(session: Session) -> dict[str, Any]:
    """What this transaction wrote so far (a new transaction starts empty)."""
    real = session() if isinstance(session, scoped_session) else session
    root = real.get_transaction()
    current = real.info.get(KEY)
    if current is None or current["transaction"] is not root:
        current = real.info[KEY] = {"transaction": root, "told": {}, "queued": False, "people": {}}
    return current


def _count_one_more(notification: Notification, params: dict[str, Any], audience: Audience) -> None:
    names = list(notification.params.get("names", [notification.params.get("nominee", "")]))
    if len(names) < NAMES_KEPT:
        names.append(params.get("nominee", ""))
    notification.params = notification.params | {"names": names}
    notification.item_count += 1
    notification.link_endpoint = MANY_PAGE.get(audience, notification.link_endpoint)
    if audience != Audience.MEMBERS:
        notification.link_args = {}


def _mail_fields(user: User | None, comment: PublicComment | None) -> dict[str, Any]:
    address = user.email if user is not None else comment.notify_email
    if not address:
        return {"mail_to": None, "mail_state": MailState.NONE}
    waits = user is not None and user.daily_digest
    return {"mail_to": address, "mail_state": MailState.DIGEST if waits else MailState.PENDING}


def _link_args(audience: Audience, nomination: Nomination | None, council_id: int | None) -> dict[str, Any]:
    if audience == Audience.MEMBERS:
        return {"session_id": council_id} if council_id else {}
    if nomination is None or audience == Audience.AUTHORITY:
        return {}
    return {"nomination_id": nomination.id}


def _about(nomination: Nomination) -> dict[str, Any]:
    return {"nominee": nomination.nominee.full_name, "award": nomination.award_type.name,
            "unit": nomination.proposing_unit.name}


def _details(action: Action, target: State, reason: str | None, changes: dict[str, Any]) -> dict[str, Any]:
    details: dict[str, Any] = {"action": str(action), "state": str(target)}
    if reason:
        details["reason"] = reason
    for name in ("decision", "decision_date", "revoking_decision_no", "end_date", "start_date"):
        if changes.get(name) is not None:
            details[name] = str(changes[name])
    return details


# --- the inbox ----------------------------------------------------------------------------------------------

def inbox(user: User, *, unread_only: bool = False) -> Select:
    """The user's notifications, newest first (the daily digests are mail only)."""
    query = select(Notification).where(Notification.user_id == user.id, Notification.kind != Kind.DIGEST)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return query.order_by(Notification.id.desc())


def unread_count(session: Session, user: User) -> int:
    """The header's badge."""
    return session.scalar(select(func.count()).select_from(inbox(user, unread_only=True).order_by(None)
                                                           .subquery())) or 0


def mark_read(session: Session, notification: Notification, *, by: User, now: datetime | None = None) -> None:
    """Only the recipient reads their own (others get NotAllowed from the view's 404)."""
    if notification.user_id == by.id and notification.read_at is None:
        notification.read_at = now or clock.now()
        session.flush()


def mark_all_read(session: Session, *, by: User, now: datetime | None = None) -> int:
    return session.execute(update(Notification).where(
        Notification.user_id == by.id, Notification.read_at.is_(None), Notification.kind != Kind.DIGEST)
        .values(read_at=now or clock.now()).execution_options(synchronize_session=False)).rowcount


def unsubscribe(session: Session, comment: PublicComment) -> int:
    """The citizen's link: no more mail about this comment; what has not left yet stays home."""
    comment.notify_email = None
    cancelled = session.execute(update(Notification).where(
        Notification.comment_id == comment.id, Notification.user_id.is_(None),
        Notification.mail_state == MailState.PENDING).values(mail_state=MailState.CANCELLED)
        .execution_options(synchronize_session=False)).rowcount
    session.flush()
    return cancelled


def for_user(session: Session, user: User, ids: Iterable[int]) -> list[Notification]:
    return list(session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                           Notification.id.in_(list(ids)))))
