"""The award-type catalogue and its rules: list, create, edit."""
from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from ...extensions import db
from ...forms.admin import AwardTypeForm
from ...models import Authority, AwardType, Nomination
from ...rules.errors import DomainError
from ...rules.permissions import Role
from ...rules.states import ProcedureCode
from ...services import admin
from ...services.admin import AwardTypeData
from ..helpers import done, form_errors, paginate, role_required
from . import bp
from wtforms.fields.choices import SelectChoice

from .common import NONE, authority_choices, award_type_choices, get_or_404, refusal_beside_field, row


@bp.get("/award-types")
@role_required(Role.ADMIN)
def award_types():
    page = paginate(select(AwardType).order_by(AwardType.authority_id, AwardType.code))
    return render_template("admin/award_types.html", page=page)


@bp.route("/award-types/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def award_type_new():
    form = _choices(AwardTypeForm(data=_initial(AwardTypeData("", "", "", "form", None))))
    if form.validate_on_submit():
        try:
            award_type = admin.create_award_type(db.session, _data(form), by=current_user)
            return done(_("Đã thêm «%(name)s».", name=award_type.name), "admin.award_types")
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    return render_template("admin/award_type_form.html", form=form, award_type=None, in_use=0)


@bp.route("/award-types/<int:award_type_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def award_type_edit(award_type_id: int):
    award_type = get_or_404(AwardType, award_type_id)
    form = _choices(AwardTypeForm(data=_initial(award_type)))
    if form.validate_on_submit():
        try:
            changes = admin.update_award_type(db.session, award_type, _data(form), by=current_user)
            return done(_("Đã lưu «%(name)s».", name=award_type.name) if changes else _("Không có thay đổi nào."),
                        "admin.award_types")
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    in_use = db.session.scalar(select(func.count()).select_from(Nomination)
                               .where(Nomination.award_type_id == award_type.id))
    return render_template("admin/award_type_form.html", form=form, award_type=award_type, in_use=in_use)


FIELDS = tuple(AwardTypeData.__dataclass_fields__)


def _initial(source) -> dict:
    values = {name: getattr(source, name) for name in FIELDS}
    return values | {"authority": source.authority.id if source.authority else None,
                     "successor": source.successor.id if source.successor else None,
                     "requires_recognition_type": (source.requires_recognition_type.id
                                                   if source.requires_recognition_type else None)}


def _choices(form: AwardTypeForm) -> AwardTypeForm:
    form.authority.choices = authority_choices(blank=_("— Chọn cấp có thẩm quyền —"))
    form.successor.choices = [SelectChoice("", NONE)] + award_type_choices()
    form.requires_recognition_type.choices = [SelectChoice("", NONE)] + award_type_choices(ProcedureCode.NEW_RURAL)
    return form


def _data(form: AwardTypeForm) -> AwardTypeData:
    values = {name: form[name].data for name in FIELDS}
    return AwardTypeData(**values | {"authority": row(Authority, form.authority.data),
                                     "successor": row(AwardType, form.successor.data),
                                     "requires_recognition_type": row(AwardType, form.requires_recognition_type.data)})
