"""The calendar's extra days off and make-up working days, and the base salary table (rows are only added,
after a confirmation: decisions are computed from them)."""
from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...extensions import db
from ...forms.admin import BaseSalaryForm, CalendarDayForm, ConfirmForm
from ...models import BaseSalary, CalendarDay
from ...rules.errors import DomainError
from ...rules.permissions import Role
from ...services import admin
from ..helpers import done, form_errors, paginate, role_required
from . import bp
from .common import get_or_404, refusal_beside_field


@bp.route("/calendar", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def calendar():
    form = CalendarDayForm()
    if form.validate_on_submit():
        try:
            row = admin.add_calendar_day(db.session, by=current_user, day=form.day.data, kind=form.kind.data,
                                         note=form.note.data)
            return done(_("Đã thêm ngày %(day)s vào lịch.", day=f"{row.day:%d/%m/%Y}"), "admin.calendar")
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    page = paginate(select(CalendarDay).order_by(CalendarDay.day.desc()))
    return render_template("admin/calendar.html", page=page, form=form)


@bp.route("/calendar/<int:day_id>/remove", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def calendar_remove(day_id: int):
    row, form = get_or_404(CalendarDay, day_id), ConfirmForm()
    if form.validate_on_submit():
        admin.remove_calendar_day(db.session, row, by=current_user)
        return done(_("Đã xóa ngày %(day)s khỏi lịch.", day=f"{row.day:%d/%m/%Y}"), "admin.calendar")
    return render_template("admin/calendar_remove.html", row=row, form=form)


@bp.route("/base-salary", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def base_salary():
    """Two steps: the filled form shows a confirmation page; only the confirmed post adds the row."""
    form = BaseSalaryForm()
    if form.validate_on_submit():
        values = {"valid_from": form.valid_from.data, "amount": form.amount.data, "legal_basis": form.legal_basis.data,
                  "status": form.status.data, "source": form.source.data}
        try:
            if form.confirmed.data != "yes":
                admin.check_base_salary(db.session, **values)  # refuse now rather than after the confirmation
                return render_template("admin/base_salary_confirm.html", form=form)
            row = admin.add_base_salary(db.session, by=current_user, **values)
            return done(_("Đã thêm mức lương cơ sở áp dụng từ ngày %(day)s.", day=f"{row.valid_from:%d/%m/%Y}"),
                        "admin.base_salary")
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    form.confirmed.data = ""  # the form shown again always asks for confirmation first
    page = paginate(select(BaseSalary).order_by(BaseSalary.valid_from.desc()))
    return render_template("admin/base_salary.html", page=page, form=form, confirm=ConfirmForm())


@bp.post("/base-salary/<int:row_id>/confirm")
@role_required(Role.ADMIN)
def confirm_base_salary(row_id: int):
    """A reported rate becomes the one applied from its date, once its text is in force."""
    row = get_or_404(BaseSalary, row_id)
    if ConfirmForm().validate_on_submit():
        admin.confirm_base_salary(db.session, row, by=current_user)
        return done(_("Đã xác nhận mức lương cơ sở áp dụng từ ngày %(day)s.", day=f"{row.valid_from:%d/%m/%Y}"),
                    "admin.base_salary")
    return redirect(url_for("admin.base_salary"))
