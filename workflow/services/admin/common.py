"""What every administrator service shares: the admin check, field-tagged validation errors, the diff of
old → new values and the one CONFIGURE audit event per change. Never imports flask; never commits."""
from collections.abc import Iterable, Mapping
from dataclasses import fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import User
from ...rules.errors import NotAllowed, ValidationFailed
from ...rules.permissions import Role
from ...rules.states import Action
from .. import audit

ADMIN_ONLY = "Chỉ quản trị hệ thống được thay đổi danh mục này."
# Shown in the audit trail instead of a secret (password hash, session token).
HIDDEN = "***"

Changes = dict[str, dict[str, Any]]


def require_admin(by: User | None) -> None:
    """Refuse before anything changes: a refused call writes nothing."""
    if by is None or not by.active or not by.has_role(Role.ADMIN):
        raise NotAllowed(ADMIN_ONLY)


def invalid(message: str, field: str | None = None) -> ValidationFailed:
    """A ValidationFailed that names the form field it belongs beside (None: the form as a whole)."""
    return ValidationFailed(message, field=field)


def text(value: str | None, field: str, message: str, *, max_length: int, required: bool = True) -> str:
    """Trimmed text, required unless told otherwise, never longer than the column."""
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise invalid(message, field)
    if len(cleaned) > max_length:
        raise invalid(f"Tối đa {max_length} ký tự (hiện có {len(cleaned)}).", field)
    return cleaned


def taken(session: Session, column, value: Any, current: Any = None, *, where: Iterable = ()) -> bool:
    """Whether another row (not `current`) already holds `value` in a unique `column`."""
    entity = column.class_
    query = select(entity.id).where(column == value, *where)
    if current is not None and current.id is not None:
        query = query.where(entity.id != current.id)
    return session.scalar(query.limit(1)) is not None


def values_of(data: Any) -> dict[str, Any]:
    """A dataclass's fields as a dict, rows kept as they are (dataclasses.asdict would deep-copy them)."""
    return {f.name: getattr(data, f.name) for f in fields(data)}


def label(value: Any) -> Any:
    """How a value reads in the audit trail: related rows by their code or name, lists item by item."""
    if isinstance(value, list | tuple | set | frozenset):
        return [label(v) for v in value]
    for attribute in ("code", "username", "name"):
        if hasattr(value, "__table__") and hasattr(value, attribute):
            return getattr(value, attribute)
    return value


def created(values: Mapping[str, Any]) -> Changes:
    return {name: {"old": None, "new": label(value)} for name, value in values.items()}


def removed(values: Mapping[str, Any]) -> Changes:
    return {name: {"old": label(value), "new": None} for name, value in values.items()}


def assign(obj: Any, values: Mapping[str, Any]) -> Changes:
    """Set each attribute that differs and return what changed, old → new. Lists compare as sets."""
    changes: Changes = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if _same(old, new):
            continue
        changes[name] = {"old": label(old), "new": label(new)}
        setattr(obj, name, list(new) if isinstance(new, list | tuple) else new)
    return changes


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, list | tuple) or isinstance(new, list | tuple):
        return {id(v) for v in old or ()} == {id(v) for v in new or ()}
    return old is new if hasattr(old, "__table__") or hasattr(new, "__table__") else old == new


def record(session: Session, *, by: User, object_type: str, object_id: int | None, changes: Changes,
           reason: str | None = None) -> None:
    """The one audit event of an administrator's change, in the caller's transaction."""
    audit.record(session, by=by, action=Action.CONFIGURE, object_type=object_type, object_id=object_id,
                 changes=changes, reason=reason)
