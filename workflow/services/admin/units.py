"""The administrative tree: create and update units with their effective dates and successors (units merge
and end; their history stays). Never imports flask; never commits."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from ...models import Unit, UnitKind, User
from .common import assign, created, invalid, record, require_admin, taken, text, values_of

DEFAULT_VALID_FROM = date(1900, 1, 1)  # "in force before the records", as the model's default says


@dataclass
class UnitData:
    code: str
    name: str
    kind: str
    parent: Unit | None = None
    valid_from: date = DEFAULT_VALID_FROM
    valid_to: date | None = None
    successor: Unit | None = None
    headcount: int | None = None   # staff or residents, for awards per 1,000 head; None = unknown


def create_unit(session: Session, data: UnitData, *, by: User) -> Unit:
    require_admin(by)
    values = _validated(session, data, None)
    unit = Unit(**values)
    session.add(unit)
    session.flush()
    record(session, by=by, object_type="unit", object_id=unit.id, changes=created(values))
    return unit


def update_unit(session: Session, unit: Unit, data: UnitData, *, by: User) -> dict:
    """Apply the new values; one audit event listing each changed field, none when nothing changed."""
    require_admin(by)
    changes = assign(unit, _validated(session, data, unit))
    if changes:
        session.flush()
        record(session, by=by, object_type="unit", object_id=unit.id, changes=changes)
    return changes


def _validated(session: Session, data: UnitData, current: Unit | None) -> dict:
    values = values_of(data)
    values["code"] = text(data.code, "code", "Cần nhập mã đơn vị.", max_length=40)
    values["name"] = text(data.name, "name", "Cần nhập tên đơn vị.", max_length=200)
    if taken(session, Unit.code, values["code"], current):
        raise invalid(f"Mã đơn vị «{values['code']}» đã được dùng cho đơn vị khác.", "code")
    if data.kind not in set(UnitKind):
        raise invalid("Loại đơn vị không hợp lệ.", "kind")
    values["valid_from"] = data.valid_from or DEFAULT_VALID_FROM
    if data.valid_to is not None and data.valid_to < values["valid_from"]:
        raise invalid("Ngày kết thúc không được trước ngày bắt đầu hiệu lực.", "valid_to")
    if data.headcount is not None and data.headcount < 1:
        raise invalid("Số cán bộ hoặc số dân phải là số nguyên dương; để trống nếu chưa biết.", "headcount")
    _check_parent(data.parent, current)
    _check_successor(data, current)
    return values


def _check_parent(parent: Unit | None, current: Unit | None) -> None:
    if current is not None and current.parent_periods and parent is not current.parent:
        # one answer: with dated parents, parent_id mirrors the open period and moves only with it
        raise invalid("Đơn vị này có cấp trên theo thời gian: hãy đổi cấp trên từ một ngày.", "parent")
    if parent is None or current is None:
        return
    if parent is current:
        raise invalid("Đơn vị cấp trên không thể là chính đơn vị này.", "parent")
    if current in parent.ancestors():
        raise invalid(f"«{parent.name}» đang là đơn vị cấp dưới của đơn vị này, không thể làm cấp trên.", "parent")


def _check_successor(data: UnitData, current: Unit | None) -> None:
    successor = data.successor
    if successor is None:
        return
    if current is not None and successor is current:
        raise invalid("Đơn vị kế thừa không thể là chính đơn vị này.", "successor")
    if data.valid_to is None:
        raise invalid("Chỉ chọn đơn vị kế thừa khi đơn vị có ngày kết thúc hiệu lực.", "successor")
    unit, seen = successor, set()
    while unit is not None and unit.id not in seen:  # a chain leading back here would never resolve
        if current is not None and unit is current:
            raise invalid(f"«{successor.name}» đang được đơn vị này kế thừa; không thể kế thừa vòng tròn.",
                          "successor")
        seen.add(unit.id)
        unit = unit.successor
