"""Public notices (thông báo công khai lấy ý kiến): opening one for a batch of nominations in appraisal
(form, then a preview with the computed end date, then open), the list of notices and a notice's page.
The end date is computed in working days when the notice opens and is never edited afterwards."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...forms.secretariat import NoticeForm
from ...models import Nomination
from ...rules.errors import DomainError
from ...rules.permissions import Role
from ...rules.states import Action, State
from ...services import clock, lookups, notices
from ...services.calendar import working_calendar
from ..helpers import done, form_errors, may, paginate, role_required
from . import bp
from ._common import as_bulk, my_authorities, notice_or_404, parse_bulk, parse_selection, selected

# The title is published on the public pages, so it stays Vietnamese whatever language the staff member reads.
DEFAULT_TITLE = "Thông báo công khai lấy ý kiến Nhân dân về danh sách đề nghị khen thưởng"


def minimum_days(rows: list[Nomination]) -> int:
    """The longest minimum window among the selected award types, and at least one working day."""
    return max([1] + [n.award_type.notice_working_days for n in rows])


@bp.get("/notices/new")
@role_required(Role.SECRETARIAT)
def notice_new():
    selection = parse_selection(request.args.getlist("sel"))
    if not selection:
        flash(_("Chưa chọn hồ sơ nào. Đánh dấu các hồ sơ cần công khai trong danh sách thẩm định."), "error")
        return redirect(url_for(".appraisal_list"))
    rows = selected(selection)
    return _form_page(NoticeForm(title=DEFAULT_TITLE, working_days=minimum_days(rows), **as_bulk(selection)), rows)


@bp.post("/notices/new")
@role_required(Role.SECRETARIAT)
def notice_open():
    """Stage `preview` shows the computed end date and what will change; stage `confirm` opens the notice."""
    form = NoticeForm()
    selection = parse_bulk(form.ids.data, form.versions.data)
    rows = selected(selection)
    form.minimum = minimum_days(rows)
    if not rows or form.stage == "edit" or not form.validate_on_submit():
        form_errors(form)
        return _form_page(form, rows)
    if form.stage == "preview":
        return _preview_page(form, rows)
    try:
        notice = notices.open_notice(db.session, rows, by=current_user, title=form.title.data,
                                     expected_versions=selection, working_days=form.working_days.data,
                                     how_to_comment=form.how_to_comment.data or "", today=clock.today())
    except DomainError as error:
        db.session.rollback()
        return _form_page(form, rows, error.message)
    return done(_("Đã mở thông báo công khai; nhận ý kiến đến hết ngày %(date)s.", date=f"{notice.end_date:%d/%m/%Y}"),
                ".notice", notice_id=notice.id)


def _stale(rows: list[Nomination]) -> set[int]:
    """The selected nominations that may no longer be disclosed (someone moved them on meanwhile)."""
    return {n.id for n in rows if not may(n, Action.OPEN_NOTICE, Role.SECRETARIAT)}


def _form_page(form: NoticeForm, rows: list[Nomination], error: str | None = None):
    return render_template("secretariat/notice_form.html", form=form, rows=rows, minimum=minimum_days(rows),
                           error=error, stale=_stale(rows))


def _preview_page(form: NoticeForm, rows: list[Nomination]):
    today = clock.today()
    end = working_calendar(db.session).add_working_days(today, form.working_days.data)
    return render_template("secretariat/notice_confirm.html", form=form, rows=rows, start=today, end=end,
                           action=Action.OPEN_NOTICE, target=State.IN_PUBLIC_NOTICE, stale=_stale(rows))


@bp.get("/notices")
@role_required(Role.SECRETARIAT)
def notices_list():
    page = paginate(lookups.notices_of(my_authorities()))
    return render_template("secretariat/notices.html", page=page, today=clock.today())


@bp.get("/notices/<int:notice_id>")
@role_required(Role.SECRETARIAT)
def notice(notice_id: int):
    notice = notice_or_404(notice_id)
    items = paginate(lookups.notice_items(notice))
    comments = paginate(lookups.comments_of(my_authorities(), notice_id=notice.id), page_arg="cpage")
    return render_template("secretariat/notice.html", notice=notice, items=items, comments=comments,
                           today=clock.today())
