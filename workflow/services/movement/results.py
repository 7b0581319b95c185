"""Entering the movement's figures: the secretariat records what a unit reached for an indicator on a date
(or corrects it, or removes a wrong entry), and the administrator chooses which award types count towards
an indicator. One audit event per change, in the caller's transaction. Never imports flask; never commits.
"""
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import AwardType, Campaign, Indicator, IndicatorResult, Unit, User
from ...rules.errors import NotAllowed, ValidationFailed
from ...rules.permissions import Role
from ...rules.states import Action
from .. import audit, clock
from ..admin.common import record as record_configuration
from ..admin.common import require_admin

MAX_VALUE = 1_000_000
SECRETARIAT_ONLY = "Chỉ Thường trực Hội đồng Thi đua – Khen thưởng của cấp có thẩm quyền được nhập kết quả."


def may_record(user: User | None, campaign: Campaign) -> bool:
    return user is not None and user.is_active and user.actor().has(Role.SECRETARIAT,
                                                                     authority_id=campaign.authority_id)


def record_result(session: Session, indicator: Indicator, *, by: User, unit: Unit | None, value: int | None,
                  as_of: date | None, source: str | None, note: str | None = "", today: date | None = None,
                  now: datetime | None = None) -> IndicatorResult:
    """The unit's figure on `as_of`: a new result, or a correction of the one already entered for that date."""
    if not may_record(by, indicator.campaign):
        raise NotAllowed(SECRETARIAT_ONLY)
    values = _validated(indicator, unit, value, as_of, source, note, today or clock.today())
    result = session.scalar(select(IndicatorResult).where(
        IndicatorResult.indicator_id == indicator.id, IndicatorResult.unit_id == unit.id,
        IndicatorResult.as_of == as_of))
    if result is None:
        result = IndicatorResult(indicator=indicator, unit=unit, as_of=as_of, entered_by=by,
                                 entered_at=now or clock.now(), **values)
        session.add(result)
        session.flush()
        changes = {"indicator": {"old": None, "new": indicator.code}, "unit": {"old": None, "new": unit.code},
                   "as_of": {"old": None, "new": as_of}} | {k: {"old": None, "new": v} for k, v in values.items()}
    else:
        changes = {k: {"old": getattr(result, k), "new": v} for k, v in values.items() if getattr(result, k) != v}
        if not changes:
            return result
        for name, change in changes.items():
            setattr(result, name, change["new"])
        result.entered_by, result.entered_at = by, now or clock.now()
        session.flush()
    audit.record(session, by=by, action=Action.RECORD_RESULT, object_type="indicator_result", object_id=result.id,
                 changes=changes, now=now)
    return result


def _validated(indicator: Indicator, unit: Unit | None, value: int | None, as_of: date | None,
               source: str | None, note: str | None, today: date) -> dict:
    if unit is None or all(t.unit_id != unit.id for t in indicator.targets):
        raise ValidationFailed("Cần chọn một đơn vị đã được giao chỉ tiêu này.", field="unit")
    if value is None or not 0 <= value <= MAX_VALUE:
        raise ValidationFailed(f"Kết quả phải là số nguyên từ 0 đến {MAX_VALUE:,}.".replace(",", "."), field="value")
    if as_of is None:
        raise ValidationFailed("Cần nhập ngày của số liệu.", field="as_of")
    if as_of > today:
        raise ValidationFailed("Ngày của số liệu không được sau hôm nay.", field="as_of")
    if not unit.is_valid_on(as_of):
        raise ValidationFailed(_outside(unit, as_of), field="as_of")
    source = (source or "").strip()
    if not source:
        raise ValidationFailed("Cần ghi nguồn số liệu (ví dụ: số và ngày báo cáo).", field="source")
    if len(source) > 300 or len(note or "") > 2000:
        raise ValidationFailed("Nguồn số liệu tối đa 300 ký tự, ghi chú tối đa 2.000 ký tự.", field="source")
    return {"value": value, "source": source, "note": (note or "").strip()}


def _outside(unit: Unit, as_of: date) -> str:
    if unit.valid_to is not None and as_of > unit.valid_to:
        heir = f"; số liệu sau ngày đó thuộc {unit.successor.name}" if unit.successor else ""
        return f"{unit.name} đã kết thúc ngày {unit.valid_to:%d/%m/%Y}{heir}."
    return f"{unit.name} chỉ có từ ngày {unit.valid_from:%d/%m/%Y}."


def remove_result(session: Session, result: IndicatorResult, *, by: User, now: datetime | None = None) -> None:
    """Remove a wrong entry; the audit trail keeps what it said."""
    if not may_record(by, result.indicator.campaign):
        raise NotAllowed(SECRETARIAT_ONLY)
    changes = {"indicator": {"old": result.indicator.code, "new": None}, "unit": {"old": result.unit.code, "new": None},
               "as_of": {"old": result.as_of, "new": None}, "value": {"old": result.value, "new": None},
               "source": {"old": result.source, "new": None}}
    result_id = result.id
    session.delete(result)
    session.flush()
    audit.record(session, by=by, action=Action.RECORD_RESULT, object_type="indicator_result", object_id=result_id,
                 changes=changes, now=now)


def set_counted_award_types(session: Session, indicator: Indicator, award_types: list[AwardType], *,
                            by: User) -> bool:
    """Which award types count towards the indicator: only those the campaign allows. True when changed."""
    require_admin(by)
    allowed = {t.id for t in indicator.campaign.award_types}
    if any(t.id not in allowed for t in award_types):
        raise ValidationFailed("Chỉ chọn được hình thức khen thưởng mà phong trào này xét.", field="award_types")
    old = sorted(t.code for t in indicator.counted_award_types)
    new = sorted({t.id: t for t in award_types}.values(), key=lambda t: t.id)
    if old == sorted(t.code for t in new):
        return False
    indicator.counted_award_types = new
    session.flush()
    record_configuration(session, by=by, object_type="indicator", object_id=indicator.id,
                         changes={"counted_award_types": {"old": old, "new": [t.code for t in new]}})
    return True
