"""The two dated tables the rules read: the calendar's extra days off and make-up working days (notice
windows count working days) and the base salary (prize money = coefficient × base salary). Base salary
rows are only ever added: decisions already issued were computed from them. Never imports flask."""
from datetime import date

from sqlalchemy.orm import Session

from ...models import BaseSalary, BaseSalaryStatus, CalendarDay, CalendarDayKind, User
from ...rules.calendar import WorkingCalendar
from .common import assign, created, invalid, record, removed, require_admin, taken, text

KIND_LABELS = {CalendarDayKind.DAY_OFF: "Ngày nghỉ bổ sung", CalendarDayKind.MAKEUP_WORKDAY: "Ngày làm việc bù"}
MAX_BASE_SALARY = 1_000_000_000


def add_calendar_day(session: Session, *, by: User, day: date | None, kind: str, note: str) -> CalendarDay:
    """An extra day off on a statutory working day, or a make-up working day on a statutory day off."""
    require_admin(by)
    if day is None:
        raise invalid("Cần nhập ngày.", "day")
    if kind not in set(CalendarDayKind):
        raise invalid("Loại ngày không hợp lệ.", "kind")
    if taken(session, CalendarDay.day, day):
        raise invalid(f"Ngày {day:%d/%m/%Y} đã có trong lịch; hãy xóa dòng cũ trước nếu muốn đổi.", "day")
    _check_useful(day, CalendarDayKind(kind))
    note = text(note, "note", "Cần ghi chú lý do, ví dụ: «Làm bù cho ngày nghỉ thứ Sáu 02/05/2025».",
                max_length=200)
    row = CalendarDay(day=day, kind=str(kind), note=note)
    session.add(row)
    session.flush()
    record(session, by=by, object_type="calendar_day", object_id=row.id,
           changes=created({"day": day, "kind": str(kind), "note": note}))
    return row


def _check_useful(day: date, kind: CalendarDayKind) -> None:
    """Against the statutory calendar alone: weekends and public holidays."""
    statutory_working = WorkingCalendar().is_working_day(day)
    if kind is CalendarDayKind.MAKEUP_WORKDAY and statutory_working:
        raise invalid(f"Ngày {day:%d/%m/%Y} vốn là ngày làm việc; ngày làm bù phải là thứ Bảy, Chủ nhật "
                      "hoặc ngày lễ.", "day")
    if kind is CalendarDayKind.DAY_OFF and not statutory_working:
        raise invalid(f"Ngày {day:%d/%m/%Y} vốn đã là ngày nghỉ (cuối tuần hoặc ngày lễ).", "day")


def remove_calendar_day(session: Session, row: CalendarDay, *, by: User) -> None:
    require_admin(by)
    changes = removed({"day": row.day, "kind": row.kind, "note": row.note})
    row_id = row.id
    session.delete(row)
    session.flush()
    record(session, by=by, object_type="calendar_day", object_id=row_id, changes=changes)


def check_base_salary(session: Session, *, valid_from: date | None, amount: int | None,
                      legal_basis: str = "", status: str = BaseSalaryStatus.CONFIRMED, source: str = "") -> str:
    """Refuse what add_base_salary would refuse, changing nothing (for the confirmation page); returns the
    cleaned legal basis."""
    if status not in set(BaseSalaryStatus):
        raise invalid("Tình trạng không hợp lệ.", "status")
    if status == BaseSalaryStatus.REPORTED and not (source or "").strip():
        raise invalid("Mức mới công bố cần ghi nguồn thông tin (văn bản, ngày công bố).", "source")
    if valid_from is None:
        raise invalid("Cần nhập ngày áp dụng.", "valid_from")
    if taken(session, BaseSalary.valid_from, valid_from):
        raise invalid(f"Đã có mức lương cơ sở áp dụng từ ngày {valid_from:%d/%m/%Y}.", "valid_from")
    if amount is None or not 0 < amount <= MAX_BASE_SALARY:
        raise invalid("Mức lương cơ sở phải là số tiền lớn hơn 0 đồng.", "amount")
    return text(legal_basis, "legal_basis", "", max_length=200, required=False)


def add_base_salary(session: Session, *, by: User, valid_from: date | None, amount: int | None,
                    legal_basis: str = "", status: str = BaseSalaryStatus.CONFIRMED, source: str = "") -> BaseSalary:
    """A confirmed row is applied to prize money from its date; a reported one (announced, not yet in a text in
    force) is only warned of on the decision screens until confirm_base_salary."""
    require_admin(by)
    legal_basis = check_base_salary(session, valid_from=valid_from, amount=amount, legal_basis=legal_basis,
                                    status=status, source=source)
    source = (source or "").strip()
    row = BaseSalary(valid_from=valid_from, amount=amount, legal_basis=legal_basis, status=status, source=source)
    session.add(row)
    session.flush()
    record(session, by=by, object_type="base_salary", object_id=row.id,
           changes=created({"valid_from": valid_from, "amount": amount, "legal_basis": legal_basis,
                            "status": status, "source": source}))
    return row


def confirm_base_salary(session: Session, row: BaseSalary, *, by: User, legal_basis: str = "") -> None:
    """A reported rate becomes confirmed (the text that sets it is in force): prize money uses it from its date."""
    require_admin(by)
    if row.status != BaseSalaryStatus.REPORTED:
        raise invalid("Mức lương cơ sở này đã được xác nhận.", "status")
    legal_basis = text(legal_basis or row.legal_basis, "legal_basis", "", max_length=200, required=False)
    changes = assign(row, {"status": BaseSalaryStatus.CONFIRMED.value, "legal_basis": legal_basis})
    session.flush()
    record(session, by=by, object_type="base_salary", object_id=row.id, changes=changes)
