"""Reading the audit trail for the administrator's log viewer and its CSV export. Read-only: changes
nothing, never flushes; never imports flask."""
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ...models import AuditEvent, User
from ...rules.i18n import N_
from ...rules.permissions import ROLE_LABELS
from ..clock import LOCAL_TZ

# What the object types of the trail are called (the table names the services record).
OBJECT_TYPE_LABELS = {
    "nomination": N_("Hồ sơ đề nghị"), "council_session": N_("Phiên họp Hội đồng"),
    "agenda_item": N_("Nội dung biểu quyết"), "decision_draft": N_("Dự thảo quyết định"), "decision": N_("Quyết định"),
    "certificate": N_("Bằng / giấy khen"), "public_notice": N_("Thông báo công khai"),
    "public_comment": N_("Ý kiến nhân dân"), "unit": N_("Đơn vị"), "user_account": N_("Tài khoản"),
    "role_grant": N_("Vai trò"), "award_type": N_("Hình thức khen thưởng"), "campaign": N_("Phong trào / đợt xét"),
    "indicator": N_("Chỉ tiêu"), "target": N_("Chỉ tiêu giao đơn vị"), "calendar_day": N_("Lịch ngày nghỉ / làm bù"),
    "base_salary": N_("Lương cơ sở"), "indicator_result": N_("Kết quả thực hiện chỉ tiêu"),
}
# What the catalogue's fields are called, for the changes column on screen (the CSV keeps the field names).
FIELD_LABELS = {
    "code": N_("Mã"), "name": N_("Tên"), "kind": N_("Loại"), "parent": N_("Cấp trên"), "valid_from": N_("Hiệu lực từ"),
    "valid_to": N_("Kết thúc"), "successor": N_("Đơn vị kế thừa"), "username": N_("Tên đăng nhập"),
    "full_name": N_("Họ và tên"), "unit": N_("Đơn vị"), "user": N_("Tài khoản"), "role": N_("Vai trò"),
    "authority": N_("Cấp có thẩm quyền"), "active": N_("Đang hoạt động"), "password": N_("Mật khẩu"),
    "certificate_title": N_("Tiêu đề trên bằng"), "category": N_("Loại khen thưởng"),
    "individual_allowed": N_("Khen cá nhân"), "collective_allowed": N_("Khen tập thể"),
    "household_allowed": N_("Khen hộ gia đình"), "quorum_num": N_("Tỷ lệ dự họp: tử số"),
    "quorum_den": N_("Tỷ lệ dự họp: mẫu số"), "threshold_pct": N_("Ngưỡng đồng ý (%)"),
    "denominator": N_("Tỷ lệ tính trên"), "ballot": N_("Hình thức biểu quyết"),
    "disclosure_required": N_("Bắt buộc công khai"), "notice_working_days": N_("Số ngày công khai"),
    "coefficient_individual": N_("Hệ số cá nhân"), "coefficient_collective": N_("Hệ số tập thể"),
    "coefficient_household": N_("Hệ số hộ gia đình"), "certificate_layout": N_("Mẫu bằng"), "legal_basis": N_("Căn cứ"),
    "appraisal_checklist": N_("Danh mục thẩm định"), "effective_from": N_("Hiệu lực từ"),
    "effective_to": N_("Hết hiệu lực"), "description": N_("Mô tả"), "period_start": N_("Bắt đầu"),
    "period_end": N_("Kết thúc"), "nomination_deadline": N_("Hạn nộp hồ sơ"), "is_public": N_("Công khai"),
    "award_types": N_("Hình thức được xét"), "campaign": N_("Phong trào"), "indicator": N_("Chỉ tiêu"),
    "measure_unit": N_("Đơn vị tính"), "value": N_("Giá trị"), "comparator": N_("Cách tính"), "day": N_("Ngày"),
    "note": N_("Ghi chú"), "amount": N_("Mức lương cơ sở"), "as_of": N_("Số liệu đến ngày"), "source": N_("Nguồn số liệu"),
}
VISIBILITY_LABELS = {"public": N_("Công khai"), "internal": N_("Nội bộ")}
EVENT_ROLE_LABELS = {str(role): label for role, label in ROLE_LABELS.items()} | {"citizen": N_("Công dân")}


@dataclass(frozen=True)
class LogFilter:
    action: str = ""
    object_type: str = ""
    object_id: int | None = None
    actor: str = ""            # a username
    visibility: str = ""
    date_from: date | None = None  # local dates, inclusive
    date_to: date | None = None

    @property
    def active(self) -> bool:
        return any((self.action, self.object_type, self.object_id is not None, self.actor, self.visibility,
                    self.date_from, self.date_to))


def events(f: LogFilter) -> Select:
    """The filtered events, newest first."""
    query = select(AuditEvent)
    if f.action:
        query = query.where(AuditEvent.action == f.action)
    if f.object_type:
        query = query.where(AuditEvent.object_type == f.object_type)
    if f.object_id is not None:
        query = query.where(AuditEvent.object_id == f.object_id)
    if f.actor:
        query = query.where(AuditEvent.actor_id.in_(select(User.id).where(User.username == f.actor.strip().lower())))
    if f.visibility:
        query = query.where(AuditEvent.visibility == f.visibility)
    if f.date_from and f.date_from > date.min:  # the calendar's first and last days have no midnight in UTC
        query = query.where(AuditEvent.occurred_at >= utc_start_of(f.date_from))
    if f.date_to and f.date_to < date.max:
        query = query.where(AuditEvent.occurred_at < utc_start_of(f.date_to + timedelta(days=1)))
    return query.order_by(AuditEvent.seq.desc())


def utc_start_of(day: date) -> datetime:
    """Midnight of a Việt Nam date, as the naive UTC the trail stores."""
    return datetime.combine(day, time.min, LOCAL_TZ).astimezone(UTC).replace(tzinfo=None)


def usernames(session: Session, events_: list[AuditEvent]) -> dict[int, str]:
    """The username of each actor on a page of events (the trail stores the id and the full name)."""
    ids = {e.actor_id for e in events_ if e.actor_id is not None}
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.username).where(User.id.in_(ids))).all())


def all_usernames(session: Session) -> dict[int, str]:
    return dict(session.execute(select(User.id, User.username)).all())


def stream(session: Session, f: LogFilter, batch: int = 500) -> Iterator[AuditEvent]:
    """Every filtered event, newest first, read in batches so a long trail never sits in memory at once."""
    yield from session.scalars(events(f).execution_options(yield_per=batch))


def changes_text(changes: dict[str, Any] | None) -> str:
    """`field: old → new; …`, one line, as the CSV and the screen show it."""
    parts = []
    for name, change in (changes or {}).items():
        if isinstance(change, dict) and set(change) == {"old", "new"}:
            parts.append(f"{name}: {_shown(change['old'])} → {_shown(change['new'])}")
        else:
            parts.append(f"{name}: {_shown(change)}")
    return "; ".join(parts)


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "∅"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value) or "∅"
    return str(value)
