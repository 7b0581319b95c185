"""Changes of law and of organisation over time (issue 15): an authority's validity and successor, a signer's
dates, a new legal basis for an award type from a date, and a unit's parent changed from a date. Each records
one CONFIGURE audit event. Never imports flask; never commits."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from ...models import Authority, AwardType, LegalBasis, Signer, Unit, UnitParent, User
from .common import assign, created, invalid, record, require_admin, text

SINCE_THE_RECORDS = date(1900, 1, 1)
ONE_DAY = timedelta(days=1)


@dataclass
class Validity:
    valid_from: date | None = None
    valid_to: date | None = None


def update_authority(session: Session, authority: Authority, validity: Validity, *, successor: Authority | None,
                     by: User) -> dict:
    """End an authority (and name who takes over) or correct its dates."""
    require_admin(by)
    values = _period(validity)
    if successor is not None:
        if values["valid_to"] is None:
            raise invalid("Chỉ chọn cấp kế thừa khi cấp có thẩm quyền có ngày kết thúc.", "successor")
        no_cycle(authority, successor, "Cấp kế thừa không thể dẫn vòng về chính cấp này.")
    changes = assign(authority, values | {"successor": successor})
    if changes:
        session.flush()
        record(session, by=by, object_type="authority", object_id=authority.id, changes=changes)
    return changes


def add_signer(session: Session, authority: Authority, *, full_name: str, title: str, signing_form: str,
               validity: Validity, by: User) -> Signer:
    require_admin(by)
    values = {"full_name": text(full_name, "full_name", "Cần nhập họ tên người ký.", max_length=120),
              "title": text(title, "title", "Cần nhập chức vụ (ví dụ: CHỦ TỊCH).", max_length=120),
              "signing_form": text(signing_form, "signing_form", "", max_length=60, required=False)} \
        | _period(validity)
    signer = Signer(authority=authority, **values)
    session.add(signer)
    session.flush()
    record(session, by=by, object_type="signer", object_id=signer.id,
           changes=created(values | {"authority": authority}))
    return signer


def update_signer(session: Session, signer: Signer, validity: Validity, *, by: User) -> dict:
    """Who may sign from when to when: a signer whose term ends is no longer offered after its last day."""
    require_admin(by)
    changes = assign(signer, _period(validity))
    if changes:
        session.flush()
        record(session, by=by, object_type="signer", object_id=signer.id, changes=changes)
    return changes


def add_legal_basis(session: Session, award_type: AwardType, *, valid_from: date, body: str, source: str = "",
                    by: User) -> LegalBasis:
    """A change of law: the new "Căn cứ …" lines apply from `valid_from`; the basis in force until then ends the
    day before. A row may not start on or before the start of the one in force (correct that one instead)."""
    require_admin(by)
    body = "\n".join(line.strip() for line in text(body, "body", "Cần nhập các dòng «Căn cứ …».",
                                                   max_length=5000).splitlines() if line.strip())
    if valid_from is None:
        raise invalid("Cần nhập ngày áp dụng.", "valid_from")
    current = next((b for b in award_type.legal_bases if b.valid_to is None), None)
    if any(b.valid_from >= valid_from for b in award_type.legal_bases):
        raise invalid("Đã có căn cứ áp dụng từ ngày này hoặc sau ngày này; hãy chọn ngày sau căn cứ mới nhất.",
                      "valid_from")
    basis = LegalBasis(award_type=award_type, valid_from=valid_from, body=body,
                       source=text(source, "source", "", max_length=300, required=False))
    if current is not None:
        current.valid_to = valid_from - ONE_DAY
    session.add(basis)
    session.flush()
    record(session, by=by, object_type="award_type", object_id=award_type.id, changes={
        "legal_basis": {"old": current.body if current else None, "new": body},
        "legal_basis_from": {"old": None, "new": valid_from}})
    return basis


def set_parent(session: Session, unit: Unit, parent: Unit | None, from_date: date, *, by: User) -> UnitParent | None:
    """From `from_date` the unit's parent is `parent` (None: no parent, e.g. it becomes a province): the open
    period ends the day before, a new open period starts, and `unit.parent_id` mirrors it. Refused when a dated
    period already starts on or after that day (overlap) or the parent is the unit or below it on that day."""
    require_admin(by)
    if from_date is None:
        raise invalid("Cần nhập ngày áp dụng.", "valid_from")
    if parent is not None and (parent is unit or unit in parent.ancestors_on(from_date)):
        raise invalid(f"«{parent.name}» là chính đơn vị này hoặc đơn vị cấp dưới của nó vào ngày "
                      f"{from_date:%d/%m/%Y}; không thể làm cấp trên.", "parent")
    periods = unit.parent_periods
    if any(p.valid_from >= from_date for p in periods):
        raise invalid("Đã có cấp trên ghi nhận từ ngày này hoặc sau ngày này; không được chồng thời gian.",
                      "valid_from")
    old = unit.parent_on(from_date)
    if not periods and unit.parent is not None:   # an undated parent becomes the period that now ends
        periods.append(UnitParent(parent=unit.parent, valid_from=unit.valid_from))
    for period in periods:
        if period.valid_to is None or period.valid_to >= from_date:
            period.valid_to = from_date - ONE_DAY
    new = UnitParent(parent=parent, valid_from=from_date) if parent is not None else None
    if new is not None:
        periods.append(new)
    unit.parent = parent
    session.flush()
    record(session, by=by, object_type="unit", object_id=unit.id, changes={
        "parent": {"old": old.code if old else None, "new": parent.code if parent else None},
        "parent_from": {"old": None, "new": from_date}})
    return new


def _period(validity: Validity) -> dict:
    valid_from = validity.valid_from or SINCE_THE_RECORDS
    if validity.valid_to is not None and validity.valid_to < valid_from:
        raise invalid("Ngày kết thúc không được trước ngày bắt đầu hiệu lực.", "valid_to")
    return {"valid_from": valid_from, "valid_to": validity.valid_to}


def no_cycle(current, successor, message: str) -> None:
    thing, seen = successor, set()
    while thing is not None and thing.id not in seen:
        if thing is current:
            raise invalid(message, "successor")
        seen.add(thing.id)
        thing = thing.successor
