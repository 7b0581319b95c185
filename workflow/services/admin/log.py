"""Reading the audit trail for the administrator's log viewer and its CSV export. Read-only: changes
nothing, never flushes; never imports flask."""
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ...models import AuditEvent, User
from ...rules.permissions import ROLE_LABELS
from ..clock import LOCAL_TZ

# What the object types of the trail are called (the table names the services record).
OBJECT_TYPE_LABELS = {
    "nomination": "Hồ sơ đề nghị", "council_session": "Phiên họp Hội đồng", "agenda_item": "Nội dung biểu quyết",
    "decision_draft": "Dự thảo quyết định", "decision": "Quyết định", "certificate": "Bằng / giấy khen",
    "public_notice": "Thông báo công khai", "public_comment": "Ý kiến nhân dân", "unit": "Đơn vị",
    "user_account": "Tài khoản", "role_grant": "Vai trò", "award_type": "Hình thức khen thưởng",
    "campaign": "Phong trào / đợt xét", "indicator": "Chỉ tiêu", "target": "Chỉ tiêu giao đơn vị",
    "calendar_day": "Lịch ngày nghỉ / làm bù", "base_salary": "Lương cơ sở",
}
# What the catalogue's fields are called, for the changes column on screen (the CSV keeps the field names).
FIELD_LABELS = {
    "code": "Mã", "name": "Tên", "kind": "Loại", "parent": "Cấp trên", "valid_from": "Hiệu lực từ",
    "valid_to": "Kết thúc", "successor": "Đơn vị kế thừa", "username": "Tên đăng nhập", "full_name": "Họ và tên",
    "unit": "Đơn vị", "user": "Tài khoản", "role": "Vai trò", "authority": "Cấp có thẩm quyền",
    "active": "Đang hoạt động", "password": "Mật khẩu", "certificate_title": "Tiêu đề trên bằng",
    "category": "Loại khen thưởng", "individual_allowed": "Khen cá nhân", "collective_allowed": "Khen tập thể",
    "household_allowed": "Khen hộ gia đình", "quorum_num": "Tỷ lệ dự họp: tử số", "quorum_den": "Tỷ lệ dự họp: mẫu số",
    "threshold_pct": "Ngưỡng đồng ý (%)", "denominator": "Tỷ lệ tính trên", "ballot": "Hình thức biểu quyết",
    "disclosure_required": "Bắt buộc công khai", "notice_working_days": "Số ngày công khai",
    "coefficient_individual": "Hệ số cá nhân", "coefficient_collective": "Hệ số tập thể",
    "coefficient_household": "Hệ số hộ gia đình", "certificate_layout": "Mẫu bằng", "legal_basis": "Căn cứ",
    "appraisal_checklist": "Danh mục thẩm định", "effective_from": "Hiệu lực từ", "effective_to": "Hết hiệu lực",
    "description": "Mô tả", "period_start": "Bắt đầu", "period_end": "Kết thúc",
    "nomination_deadline": "Hạn nộp hồ sơ", "is_public": "Công khai", "award_types": "Hình thức được xét",
    "campaign": "Phong trào", "indicator": "Chỉ tiêu", "measure_unit": "Đơn vị tính", "value": "Giá trị",
    "comparator": "Cách tính", "day": "Ngày", "note": "Ghi chú", "amount": "Mức lương cơ sở",
}
VISIBILITY_LABELS = {"public": "Công khai", "internal": "Nội bộ"}
EVENT_ROLE_LABELS = {str(role): label for role, label in ROLE_LABELS.items()} | {"citizen": "Công dân"}


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
