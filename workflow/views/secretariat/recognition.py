"""The appraisal of a commune's recognition dossier (xét, công nhận xã đạt chuẩn nông thôn mới): its criteria
table, survey and field checks, and the conclusion (đạt: to the authority; không đạt: with the reason)."""
from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...forms.recognition import ConcludeForm
from ...rules.errors import DomainError
from ...rules.permissions import Role
from ...rules.states import NEW_RURAL, Action, State
from ...services import field_checks, recognition
from ..helpers import done, form_errors, may, role_required
from . import bp
from ._common import nomination_or_404


@bp.route("/nominations/<int:nomination_id>/ket-luan-tham-dinh", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def conclude_appraisal(nomination_id: int):
    nomination = nomination_or_404(nomination_id)
    if nomination.procedure is not NEW_RURAL:
        abort(404)
    form, refusal = ConcludeForm(data={"version": nomination.version} if request.method == "GET" else None), None
    if form.validate_on_submit():
        try:
            recognition.conclude_appraisal(db.session, nomination, by=current_user, expected_version=form.version.data,
                                           outcome=State(form.outcome.data), reason=form.reason.data or "")
            return done(_("Đã ghi kết luận thẩm định."), ".conclude_appraisal", nomination_id=nomination.id)
        except DomainError as error:
            db.session.rollback()
            refusal = error.message
    form_errors(form)
    return render_template(
        "recognition/conclude.html", nomination=nomination, form=form, refusal=refusal,
        panel=recognition.panel(db.session, nomination), checks=field_checks.panel(db.session, nomination),
        may_conclude=may(nomination, Action.CONCLUDE_APPRAISAL, Role.SECRETARIAT),
    ), 400 if request.method == "POST" else 200
