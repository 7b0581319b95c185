"""Campaigns (phong trào / đợt xét) with the award types they allow, their indicators (chỉ tiêu) and the
targets set per unit. Never imports flask; never commits."""
import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from ...models import Authority, AwardType, Campaign, Comparator, Indicator, Target, Unit, User
from .common import assign, created, invalid, record, removed, require_admin, taken, text, values_of

INDICATOR_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
MAX_TARGET = 1_000_000


@dataclass
class CampaignData:
    name: str
    authority: Authority | None
    period_start: date | None
    period_end: date | None
    description: str = ""
    nomination_deadline: date | None = None
    is_public: bool = True
    award_types: list[AwardType] = field(default_factory=list)


def create_campaign(session: Session, data: CampaignData, *, by: User) -> Campaign:
    require_admin(by)
    values = _validated(data)
    campaign = Campaign(**values)
    session.add(campaign)
    session.flush()
    record(session, by=by, object_type="campaign", object_id=campaign.id, changes=created(values))
    return campaign


def update_campaign(session: Session, campaign: Campaign, data: CampaignData, *, by: User) -> dict:
    require_admin(by)
    changes = assign(campaign, _validated(data))
    if changes:
        session.flush()
        record(session, by=by, object_type="campaign", object_id=campaign.id, changes=changes)
    return changes


def _validated(data: CampaignData) -> dict:
    values = values_of(data)
    values["name"] = text(data.name, "name", "Cần nhập tên phong trào / đợt xét.", max_length=300)
    values["description"] = (data.description or "").strip()
    if data.authority is None:
        raise invalid("Cần chọn cấp có thẩm quyền khen thưởng.", "authority")
    if data.period_start is None:
        raise invalid("Cần nhập ngày bắt đầu.", "period_start")
    if data.period_end is None:
        raise invalid("Cần nhập ngày kết thúc.", "period_end")
    if data.period_end < data.period_start:
        raise invalid("Ngày kết thúc không được trước ngày bắt đầu.", "period_end")
    if data.nomination_deadline is not None and data.nomination_deadline < data.period_start:
        raise invalid("Hạn nộp hồ sơ không được trước ngày bắt đầu phong trào.", "nomination_deadline")
    if not data.award_types:
        raise invalid("Cần chọn ít nhất một hình thức khen thưởng được xét trong đợt.", "award_types")
    values["award_types"] = sorted(set(data.award_types), key=lambda t: t.id)
    return values


def create_indicator(session: Session, campaign: Campaign, *, by: User, code: str, name: str,
                     measure_unit: str = "xã") -> Indicator:
    require_admin(by)
    values = _indicator_values(session, campaign, None, code, name, measure_unit)
    indicator = Indicator(campaign=campaign, **values)
    session.add(indicator)
    session.flush()
    record(session, by=by, object_type="indicator", object_id=indicator.id,
           changes=created({"campaign": campaign.name} | values))
    return indicator


def update_indicator(session: Session, indicator: Indicator, *, by: User, code: str, name: str,
                     measure_unit: str) -> dict:
    require_admin(by)
    changes = assign(indicator, _indicator_values(session, indicator.campaign, indicator, code, name, measure_unit))
    if changes:
        session.flush()
        record(session, by=by, object_type="indicator", object_id=indicator.id, changes=changes)
    return changes


def _indicator_values(session: Session, campaign: Campaign, current: Indicator | None, code: str, name: str,
                      measure_unit: str) -> dict:
    code = (code or "").strip()
    if not INDICATOR_CODE.fullmatch(code):
        raise invalid("Mã chỉ tiêu gồm 1–40 ký tự: chữ không dấu, chữ số và các dấu . _ -", "code")
    if taken(session, Indicator.code, code, current, where=[Indicator.campaign_id == campaign.id]):
        raise invalid(f"Phong trào này đã có chỉ tiêu mã «{code}».", "code")
    return {"code": code, "name": text(name, "name", "Cần nhập tên chỉ tiêu.", max_length=300),
            "measure_unit": text(measure_unit, "measure_unit", "Cần nhập đơn vị tính (ví dụ: xã).", max_length=40)}


def set_target(session: Session, indicator: Indicator, *, by: User, unit: Unit | None, value: int | None,
               comparator: str) -> Target:
    """The unit's target for the indicator: created, or changed when the unit already has one."""
    require_admin(by)
    if unit is None:
        raise invalid("Cần chọn đơn vị được giao chỉ tiêu.", "unit")
    if value is None or not 0 <= value <= MAX_TARGET:
        raise invalid(f"Giá trị chỉ tiêu phải là số nguyên từ 0 đến {MAX_TARGET:,}.".replace(",", "."), "value")
    if comparator not in set(Comparator):
        raise invalid("Cách so sánh không hợp lệ.", "comparator")
    target = next((t for t in indicator.targets if t.unit_id == unit.id), None)
    if target is None:
        target = Target(indicator=indicator, unit=unit, value=value, comparator=comparator)
        session.add(target)
        session.flush()
        changes = created({"indicator": indicator.code, "unit": unit, "value": value, "comparator": comparator})
    else:
        changes = assign(target, {"value": value, "comparator": comparator})
        session.flush()
    if changes:
        record(session, by=by, object_type="target", object_id=target.id, changes=changes)
    return target


def remove_target(session: Session, target: Target, *, by: User) -> None:
    require_admin(by)
    changes = removed({"indicator": target.indicator.code, "unit": target.unit, "value": target.value,
                       "comparator": target.comparator})
    target_id = target.id
    target.indicator.targets.remove(target)
    session.delete(target)
    session.flush()
    record(session, by=by, object_type="target", object_id=target_id, changes=changes)
