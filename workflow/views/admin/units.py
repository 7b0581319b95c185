"""Units of the administrative tree: list (in force / ended), create, edit with end date and successor."""
from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from ...extensions import db
from ...forms.admin import UnitFilterForm, UnitForm
from ...models import Unit
from ...rules.errors import DomainError
from ...rules.permissions import Role
from ...services import admin, clock
from ...services.admin import UnitData
from ...services.admin.units import DEFAULT_VALID_FROM
from ..helpers import done, form_errors, paginate, role_required
from . import bp
from .common import get_or_404, refusal_beside_field, row, unit_choices


@bp.get("/units")
@role_required(Role.ADMIN)
def units():
    form = UnitFilterForm(formdata=request.args)
    query, today = select(Unit), clock.today()
    if form.status.data == "valid":
        query = query.where(Unit.valid_from <= today, or_(Unit.valid_to.is_(None), Unit.valid_to >= today))
    elif form.status.data == "ended":
        query = query.where(Unit.valid_to < today)
    if form.q.data:
        query = query.where(or_(Unit.name.ilike(f"%{form.q.data.strip()}%"), Unit.code.ilike(f"%{form.q.data.strip()}%")))
    page = paginate(query.order_by(Unit.code))
    return render_template("admin/units.html", page=page, form=form, filtered=bool(form.status.data or form.q.data))


@bp.route("/units/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def unit_new():
    form = _form(UnitForm(), None)
    if form.validate_on_submit():
        try:
            unit = admin.create_unit(db.session, _data(form), by=current_user)
            return done(_("Đã thêm đơn vị «%(name)s».", name=unit.name), "admin.units")
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    return render_template("admin/unit_form.html", form=form, unit=None)


@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def unit_edit(unit_id: int):
    unit = get_or_404(Unit, unit_id)
    form = _form(UnitForm(code=unit.code, name=unit.name, kind=unit.kind, parent=unit.parent_id,
                          valid_from=None if unit.valid_from == DEFAULT_VALID_FROM else unit.valid_from, valid_to=unit.valid_to, successor=unit.successor_id,
                          headcount=unit.headcount), unit)
    if form.validate_on_submit():
        try:
            changes = admin.update_unit(db.session, unit, _data(form), by=current_user)
            return done(_("Đã lưu đơn vị «%(name)s».", name=unit.name) if changes else _("Không có thay đổi nào."),
                        "admin.units")
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    return render_template("admin/unit_form.html", form=form, unit=unit)


def _form(form: UnitForm, unit: Unit | None) -> UnitForm:
    form.parent.choices = unit_choices(exclude=unit, blank=_("— Không có (cấp cao nhất) —"))
    form.successor.choices = unit_choices(exclude=unit, blank=_("— Không có —"))
    return form


def _data(form: UnitForm) -> UnitData:
    return UnitData(code=form.code.data, name=form.name.data, kind=form.kind.data, parent=row(Unit, form.parent.data),
                    valid_from=form.valid_from.data, valid_to=form.valid_to.data,
                    successor=row(Unit, form.successor.data), headcount=form.headcount.data)
