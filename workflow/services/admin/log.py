"""Reading the audit trail for the administrator's log viewer and its CSV export. Read-only: changes
nothing, never flushes; never imports flask."""
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ...models import (AgendaItem, AuditEvent, AwardType, Campaign, CouncilSession, Decision, DecisionDraft, Indicator,
                       Nomination, Nominee, PublicNotice, RoleGrant, Target, Unit, User)
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
    "job": N_("Việc chạy nền"), "file_store": N_("Kho tệp"), "authority": N_("Cấp có thẩm quyền"),
    "signer": N_("Người ký"), "proposal": N_("Tờ trình"),
    "historical_import": N_("Nhập sổ vàng cũ"), "api_client": N_("Ứng dụng kết nối API"),
    "log_checkpoint": N_("Điểm kiểm chứng nhật ký minh bạch"),
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
    "written_ballot_allowed": N_("Thành viên vắng mặt được gửi phiếu bầu bằng văn bản"),
    "disclosure_required": N_("Bắt buộc công khai"), "field_check_required": N_("Bắt buộc thẩm tra thực tế"),
    "notice_working_days": N_("Số ngày công khai"),
    "processing_working_days": N_("Thời hạn giải quyết (ngày làm việc)"),
    "coefficient_individual": N_("Hệ số cá nhân"), "coefficient_collective": N_("Hệ số tập thể"),
    "coefficient_household": N_("Hệ số hộ gia đình"), "certificate_layout": N_("Mẫu bằng"), "legal_basis": N_("Căn cứ"),
    "legal_basis_from": N_("Căn cứ áp dụng từ"), "parent_from": N_("Cấp trên từ ngày"),
    "signing_form": N_("Thể thức ký"), "title": N_("Chức vụ"),
    "appraisal_checklist": N_("Danh mục thẩm định"), "prerequisites": N_("Điều kiện xét danh hiệu"),
    "required_documents": N_("Giấy tờ bắt buộc"),
    "headcount": N_("Số cán bộ hoặc số dân"), "exclusive_achievement": N_("Một thành tích chỉ một hình thức"),
    "requires_recognition_type": N_("Bắt buộc có kết quả đã được công nhận"),
    "effective_from": N_("Hiệu lực từ"),
    "effective_to": N_("Hết hiệu lực"), "description": N_("Mô tả"), "period_start": N_("Bắt đầu"),
    "period_end": N_("Kết thúc"), "nomination_deadline": N_("Hạn nộp hồ sơ"), "is_public": N_("Công khai"),
    "award_types": N_("Hình thức được xét"), "campaign": N_("Phong trào"), "indicator": N_("Chỉ tiêu"),
    "measure_unit": N_("Đơn vị tính"), "value": N_("Giá trị"), "comparator": N_("Cách tính"), "day": N_("Ngày"),
    "size": N_("Số sự kiện công khai"), "root": N_("Mã băm gốc"),
    "note": N_("Ghi chú"), "amount": N_("Mức lương cơ sở"), "as_of": N_("Số liệu đến ngày"), "source": N_("Nguồn số liệu"),
    # the workflow's events (nominations, notices, comments, council, decisions, documents)
    "award_type": N_("Hình thức khen thưởng"), "nominee": N_("Đối tượng"), "revision": N_("Lần gửi"),
    "processing_due_on": N_("Hạn xử lý"), "processing_days_left": N_("Số ngày làm việc còn lại"),
    "new_deadline": N_("Hạn nhận hồ sơ mới"), "previous": N_("Hạn trước đó"), "extension_id": N_("Mã gia hạn"),
    "status": N_("Tình trạng"),
    "attachment_id": N_("Mã số tệp"), "filename": N_("Tên tệp"), "sha256": N_("Mã băm SHA-256"),
    "public": N_("Công khai"), "review_id": N_("Mã số ý kiến thẩm định"), "checklist": N_("Danh mục thẩm định"),
    "notice_id": N_("Thông báo công khai số"), "start_date": N_("Bắt đầu"), "end_date": N_("Hạn cuối"),
    "working_days": N_("Số ngày làm việc"), "receipt_code": N_("Mã tiếp nhận"), "classification": N_("Phân loại"),
    "resolution": N_("Kết quả xem xét"), "members": N_("Thành viên"), "meeting_date": N_("Ngày họp"),
    "council_session_id": N_("Phiên họp số"), "present": N_("Có mặt"), "nomination_id": N_("Hồ sơ"),
    "choice": N_("Lựa chọn"), "items": N_("Các hồ sơ biểu quyết"), "recused": N_("Không biểu quyết vì có liên quan"),
    "recused_absent": N_("Vắng mặt, không biểu quyết vì có liên quan"),
    "written": N_("Phiếu bằng văn bản"), "member": N_("Thành viên gửi phiếu"), "scan": N_("Bản quét phiếu (SHA-256)"),
    "relation": N_("Quan hệ khai báo"),
    "agree": N_("Đồng ý"), "disagree": N_("Không đồng ý"), "abstain": N_("Không biểu quyết"),
    "quorum_met": N_("Đủ số thành viên dự họp"), "passed": N_("Thông qua"), "nominations": N_("Các hồ sơ"),
    "decision_date": N_("Ngày quyết định"), "signer": N_("Người ký"), "decision": N_("Quyết định số"),
    "prize_amount": N_("Tiền thưởng"), "golden_book_no": N_("Số sổ vàng"), "revoking_decision_no": N_("Quyết định thu hồi số"),
    "document": N_("Văn bản"), "bytes": N_("Dung lượng (byte)"), "print_job": N_("Lượt in số"),
    "certificates": N_("Số bằng"), "overlay": N_("In chồng lên phôi"), "paper": N_("Khổ giấy"),
    "offset_mm": N_("Dịch lề (mm)"), "achievement_summary": N_("Tóm tắt thành tích"),
    "letter_no": N_("Số Tờ trình"), "letter_date": N_("Ngày Tờ trình"),
    "chair": N_("Chủ tọa phiên họp"), "minutes_number": N_("Số biên bản"),
    "rule": N_("Quy tắc biểu quyết áp dụng"), "quorum": N_("Tỷ lệ dự họp tối thiểu"),
    # `flask files check --clean`
    "removed": N_("Số tệp đã xóa"), "store": N_("Kho tệp"), "older_than_hours": N_("Chỉ xóa tệp cũ hơn (giờ)"),
    "files": N_("Các tệp"),
}
VISIBILITY_LABELS = {"public": N_("Công khai"), "internal": N_("Nội bộ")}
EMPTY = N_("(chưa có)")   # an empty old or new value: "(chưa có) → Phường", never "∅ → ward"
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


# The name each kind of object is known by on screen: (model, its name column). An object without one (a
# calendar row, a salary row, a result) is named by its type and number alone.
def _name_columns() -> dict:
    nominee = select(Nominee.full_name).where(Nominee.id == Nomination.nominee_id).scalar_subquery()
    return {
        "nomination": (Nomination, nominee), "unit": (Unit, Unit.name), "user_account": (User, User.full_name),
        "award_type": (AwardType, AwardType.name), "campaign": (Campaign, Campaign.name),
        "indicator": (Indicator, Indicator.name), "decision": (Decision, Decision.number),
        "decision_draft": (DecisionDraft, DecisionDraft.title), "public_notice": (PublicNotice, PublicNotice.title),
        "council_session": (CouncilSession, CouncilSession.title),
        "role_grant": (RoleGrant, select(User.full_name).where(User.id == RoleGrant.user_id).scalar_subquery()),
        "target": (Target, select(Unit.name).where(Unit.id == Target.unit_id).scalar_subquery()),
        "agenda_item": (AgendaItem, select(Nominee.full_name).join(Nomination, Nomination.nominee_id == Nominee.id)
                        .where(Nomination.id == AgendaItem.nomination_id).scalar_subquery()),
    }


def object_names(session: Session, events_: list[AuditEvent]) -> dict[tuple[str, int], str]:
    """A human name for each object on a page of events ("Hồ sơ đề nghị số 7 — Nguyễn Văn A"), and for the
    nominations and people whose ids the events' changes list (a session's members, a draft's nominations).
    One query per kind of object on the page; an object since deleted (a revoked role) has no name."""
    wanted: dict[str, set[int]] = {}
    for event in events_:
        if event.object_id is not None:
            wanted.setdefault(event.object_type, set()).add(event.object_id)
        for field, kind in ID_LISTS.items():
            value = (event.changes or {}).get(field)
            if isinstance(value, list) and (field, event.object_type) in ID_LIST_OWNERS:
                wanted.setdefault(kind, set()).update(v for v in value if isinstance(v, int))
            elif isinstance(value, int) and not isinstance(value, bool) and field == "nomination_id":
                wanted.setdefault(kind, set()).add(value)
    columns, names = _name_columns(), {}
    for kind, ids in wanted.items():
        if kind in columns:
            model, name = columns[kind]
            names |= {(kind, i): str(n) for i, n in session.execute(select(model.id, name).where(model.id.in_(ids)))
                      if n is not None}
    return names


# Changes whose values are ids of other objects: the field, what kind of object its ids are, and the object
# types whose events use the field that way (elsewhere "members" and "present" are counts).
ID_LISTS = {"members": "user_account", "present": "user_account", "items": "nomination", "nominations": "nomination",
            "nomination_id": "nomination", "chair": "user_account"}
ID_LIST_OWNERS = frozenset({("members", "council_session"), ("present", "council_session"),
                            ("chair", "council_session"),
                            ("items", "council_session"), ("nominations", "decision_draft")})


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
