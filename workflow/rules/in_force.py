"""In force on the day (issue 15): whether a unit, an authority, an award type or a signer may act on a date, as
one Vietnamese sentence naming the successor when there is one, or None when it may.

Pure: works on anything with the attributes named below (the models, or plain objects in tests); imports
neither SQLAlchemy nor Flask. Every service that acts on a date asks here, with the action's own date.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from .errors import InvalidTransition


@dataclass(frozen=True)
class Period:
    """A validity period, both ends inclusive; `end` None is open-ended."""

    start: date | None
    end: date | None

    def covers(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


def period_of(thing: object) -> Period:
    """The period of a unit/authority/signer (valid_from/valid_to) or an award type (effective_from/_to)."""
    if hasattr(thing, "effective_from"):
        return Period(thing.effective_from, thing.effective_to)
    return Period(getattr(thing, "valid_from", None), getattr(thing, "valid_to", None))


def is_in_force(thing: object, on: date) -> bool:
    return period_of(thing).covers(on)


def standing_for(thing, on: date):
    """What stands for `thing` on `on`: itself while in force, else the first in force along its successors'
    chain; None when it did not exist yet, or ended without a successor in force (units, authorities)."""
    current, seen = thing, set()
    while current is not None and id(current) not in seen:
        period = period_of(current)
        if period.covers(on):
            return current
        if period.start is not None and on < period.start:
            return None
        seen.add(id(current))
        current = getattr(current, "successor", None)
    return None


def refusal(thing: object, on: date, *, what: str = "") -> str | None:
    """None when `thing` is in force on `on`; else why not, naming its successor when it has one:
    "Huyện Vĩnh Lợi đã kết thúc hoạt động từ ngày 01/07/2025; đơn vị kế thừa: Tỉnh Cà Mau."
    `what` names the kind in the successor clause ("đơn vị", "cấp có thẩm quyền", "hình thức")."""
    period = period_of(thing)
    if period.covers(on):
        return None
    name = _capitalised(_display_name(thing))
    if period.start is not None and on < period.start:
        return f"{name} chỉ có hiệu lực từ ngày {period.start:%d/%m/%Y}, chưa được thực hiện vào ngày {on:%d/%m/%Y}."
    verb = {"AwardType": "đã hết hiệu lực", "LegalBasis": "đã hết hiệu lực",
            "Signer": "đã hết thời gian được ký"}.get(type(thing).__name__, "đã kết thúc hoạt động")
    ended = f"{name} {verb} từ ngày {period.end + _ONE_DAY:%d/%m/%Y}"
    successor = getattr(thing, "successor", None)
    if successor is None:
        return f"{ended}."
    return f"{ended}; {what or _kind(thing)} kế thừa: {_display_name(successor)}."


def first_refusal(checks: list[tuple[object, str]], on: date) -> str | None:
    """The first refusal among (thing, kind word) pairs, e.g. the unit, then the award type, then the authority."""
    for thing, what in checks:
        reason = refusal(thing, on, what=what)
        if reason:
            return reason
    return None


def require(checks: list[tuple[object, str]], on: date, *, field: str | None = None) -> None:
    """Raise InvalidTransition with the first refusal: the guard every service calls with its action's date."""
    reason = first_refusal(checks, on)
    if reason:
        raise InvalidTransition(reason, field=field)


def _display_name(thing: object) -> str:
    return getattr(thing, "name", None) or getattr(thing, "full_name", None) or str(thing)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _kind(thing: object) -> str:
    return {"Unit": "đơn vị", "Authority": "cấp có thẩm quyền", "AwardType": "hình thức",
            "Signer": "người ký"}.get(type(thing).__name__, "đơn vị")


_ONE_DAY = timedelta(days=1)
