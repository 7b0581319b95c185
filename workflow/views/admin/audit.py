"""The audit log viewer (nhật ký) and its CSV export: filter by action, object, actor, visibility and local
date range; newest first. Read-only: the trail is append-only and nobody edits it, the administrator
included."""
import csv
import io
from collections.abc import Iterator

from flask import Response, render_template, request, stream_with_context

from ...extensions import db
from ...forms.admin import AuditFilterForm
from ...rules.permissions import Role
from ...rules.spreadsheet import csv_cell
from ...rules.states import ACTION_LABELS, STATE_LABELS
from ...services import clock
from ...services.admin.log import (
    EVENT_ROLE_LABELS,
    OBJECT_TYPE_LABELS,
    VISIBILITY_LABELS,
    LogFilter,
    all_usernames,
    changes_text,
    events,
    object_names,
    stream,
    usernames,
)
from ...templating import vn_datetime
from ..helpers import paginate, role_required
from . import audit_labels, bp

PER_PAGE = 50
# The export is a record kept with the province's files: Vietnamese headers, whatever language the screen is in.
CSV_HEADER = ("Số thứ tự", "Thời điểm (giờ Việt Nam)", "Người thực hiện", "Tên đăng nhập", "Vai trò", "Thao tác",
              "Loại đối tượng", "Mã số đối tượng", "Từ trạng thái", "Sang trạng thái", "Lý do", "Thay đổi",
              "Phạm vi", "Mã băm")


@bp.get("/audit")
@role_required(Role.ADMIN)
def audit():
    form = AuditFilterForm(formdata=request.args)
    log_filter = _filter(form)
    page = paginate(events(log_filter), per_page=PER_PAGE)
    return render_template("admin/audit.html", form=form, page=page, filtered=log_filter.active,
                           usernames=usernames(db.session, page.items), names=object_names(db.session, page.items),
                           shown=audit_labels)


@bp.get("/audit.csv")
@role_required(Role.ADMIN)
def audit_csv():
    log_filter = _filter(AuditFilterForm(formdata=request.args))
    filename = f"nhat-ky-{clock.today():%Y%m%d}.csv"
    return Response(stream_with_context(_csv_lines(log_filter)), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _filter(form: AuditFilterForm) -> LogFilter:
    """An invalid field is left out of the filter (its message shows beside it) rather than failing the page."""
    form.validate()

    def ok(field):
        return None if field.errors else field.data
    return LogFilter(action=ok(form.action) or "", object_type=ok(form.object_type) or "",
                     object_id=ok(form.object_id), actor=(ok(form.actor) or "").strip(),
                     visibility=ok(form.visibility) or "", date_from=ok(form.date_from), date_to=ok(form.date_to))


def _csv_lines(log_filter: LogFilter) -> Iterator[str]:
    """UTF-8 with a BOM, so Excel reads the Vietnamese; one line at a time, so a long trail streams."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(CSV_HEADER)
    names = all_usernames(db.session)  # read before the stream opens its cursor
    for event in stream(db.session, log_filter):
        writer.writerow([_cell(value) for value in _csv_row(event, names)])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _csv_row(event, names: dict[int, str]) -> list:
    return [event.seq, vn_datetime(event.occurred_at), event.actor_name, names.get(event.actor_id, ""),
            EVENT_ROLE_LABELS.get(event.role, event.role), ACTION_LABELS.get(event.action, event.action),
            OBJECT_TYPE_LABELS.get(event.object_type, event.object_type), event.object_id,
            STATE_LABELS.get(event.from_state, event.from_state or ""),
            STATE_LABELS.get(event.to_state, event.to_state or ""), event.reason or "", changes_text(event.changes),
            VISIBILITY_LABELS.get(event.visibility, event.visibility), event.hash]


def _cell(value):
    """A commenter's or an officer's text must never run as a formula (rules.spreadsheet)."""
    return "" if value is None else csv_cell(value)
