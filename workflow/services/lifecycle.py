"""The one path every nomination state change takes: version check, permission, transition table,
then the change, its audit event and its notifications in the caller's transaction.

Services call `check()` first (nothing changed yet, so a refusal writes nothing), run their own guards,
then `apply()`.
"""
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..models import Nomination, User
from ..rules.errors import Conflict, NotAllowed, ValidationFailed
from ..rules.permissions import can
from ..rules.states import Action, State
from . import audit, notifications, webhooks


def authorize(by: User | None, action: Action, nomination: Nomination) -> None:
    if by is None or not can(by.actor(), action, nomination.facts()):
        raise NotAllowed(f"Bạn không có quyền «{nomination.procedure.action_label(action)}» đối với hồ sơ này.")


def check(nomination: Nomination, action: Action, *, by: User | None, expected_version: int,
          chosen: State | None = None) -> State:
    """Refuse early (Conflict, NotAllowed, InvalidTransition) and return the target state."""
    if nomination.version != expected_version:
        raise Conflict()
    authorize(by, action, nomination)
    return nomination.procedure.next_state(nomination.state, action, chosen)


def apply(session: Session, nomination: Nomination, action: Action, target: State, *, by: User | None,
          reason: str | None = None, changes: dict[str, Any] | None = None, now: datetime | None = None,
          **fields: Any) -> None:
    """Set the new state and fields, flush under the optimistic lock, record the audit event, and write the
    notifications it calls for (the outbox: same transaction, delivered after the commit)."""
    source = nomination.state
    for name, value in fields.items():
        setattr(nomination, name, value)
    nomination.state = target
    flush_or_conflict(session)
    audit.record(session, by=by, action=action, object_type="nomination", object_id=nomination.id,
                 from_state=source, to_state=target, changes=changes, reason=reason, now=now,
                 procedure=nomination.procedure)
    notifications.nomination_changed(session, nomination, action, source, target, by=by, reason=reason,
                                     changes=changes, now=now)
    if source != target:   # the unit's integration clients are told, in this transaction (issue 18)
        webhooks.status_changed(session, nomination, action=action, source=source, target=target, reason=reason,
                                now=now)


def transition(session: Session, nomination: Nomination, action: Action, *, by: User | None,
               expected_version: int, chosen: State | None = None, **kwargs: Any) -> None:
    """check() then apply(), for actions without guards of their own."""
    target = check(nomination, action, by=by, expected_version=expected_version, chosen=chosen)
    apply(session, nomination, action, target, by=by, **kwargs)


def flush_or_conflict(session: Session) -> None:
    """A concurrent writer got there first when the versioned UPDATE matches no row."""
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict() from exc


def require_text(value: str | None, message: str, *, field: str | None = None) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(message, field=field)
    return text


def require_distinct(items, message: str = "Một hồ sơ được chọn hai lần trong cùng một thao tác.") -> None:
    """A crafted form may repeat an id: refuse it here rather than on a unique constraint (a 500)."""
    ids = [item.id for item in items]
    if len(ids) != len(set(ids)):
        raise ValidationFailed(message)
