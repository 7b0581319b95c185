"""Thẩm tra thực tế: the nomination's field checks and the form recording one (never edited afterwards: a wrong
check is corrected by recording another), and the download of their photos and minutes."""
from flask import render_template, request
from flask_babel import gettext
from flask_login import current_user

from ...extensions import db
from ...files import file_store
from ...forms.field_checks import FieldCheckForm
from ...models import FieldCheckFile
from ...rules.errors import DomainError
from ...rules.permissions import Role
from ...rules.states import Action
from ...services import field_checks
from ..helpers import done, form_errors, may, refusal_beside_field, role_required, scoped_or_404, send_stored
from . import bp
from ._common import nomination_or_404


@bp.route("/nominations/<int:nomination_id>/field-checks", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def field_checks_page(nomination_id: int):
    nomination = nomination_or_404(nomination_id)
    form = FieldCheckForm()
    if form.validate_on_submit():
        try:
            field_checks.record(db.session, nomination, by=current_user, data=form.data_of(), files=form.uploads(),
                                store=file_store())
            return done(gettext("Đã ghi biên bản thẩm tra thực tế."), ".field_checks_page",
                        nomination_id=nomination.id)
        except DomainError as error:
            refusal_beside_field(form, error, default="place")
    form_errors(form)
    return render_template("secretariat/field_checks.html", nomination=nomination, form=form,
                           panel=field_checks.panel(db.session, nomination),
                           may_record=may(nomination, Action.RECORD_FIELD_CHECK, Role.SECRETARIAT)
                           ), 400 if request.method == "POST" else 200


@bp.get("/nominations/<int:nomination_id>/field-checks/files/<int:file_id>")
@role_required(Role.SECRETARIAT)
def field_check_file(nomination_id: int, file_id: int):
    nomination = nomination_or_404(nomination_id)
    item = scoped_or_404(FieldCheckFile, file_id, lambda f: f.field_check.nomination_id == nomination.id)
    return send_stored(item.sha256, item.filename, mimetype=item.content_type)
