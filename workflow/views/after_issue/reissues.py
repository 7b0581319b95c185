"""Cấp lại: the secretariat records a request to replace a lost or damaged certificate; after a
confirmation page the certificate gets a new code, signed when the authority issues the decision's missing
files. Printing one certificate (the authority's print page) is audited by services.corrections.record_print."""
from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...forms.after_issue import ReissueForm
from ...models import Certificate
from ...rules.errors import ValidationFailed
from ...rules.permissions import Role
from ...rules.states import State
from ...services import clock, corrections, decisions
from ..helpers import (authority_ids_of, done, form_errors, nomination_of_my_authority, refusal_beside_field,
                       role_required, scoped_or_404)
from . import bp


def certificate_of_my_authority(certificate_id: int) -> Certificate:
    return scoped_or_404(Certificate, certificate_id, lambda c: c.authority_id
                         in authority_ids_of(current_user, Role.SECRETARIAT))


@bp.get("/secretariat/nominations/<int:nomination_id>/reissue")
@role_required(Role.SECRETARIAT)
def reissue_for(nomination_id: int):
    """From the nomination's page: its certificate's replacement page."""
    certificate = decisions.certificate_of(db.session, nomination_of_my_authority(nomination_id, Role.SECRETARIAT))
    if certificate is None:
        abort(404)
    return redirect(url_for(".reissue", certificate_id=certificate.id))


@bp.route("/secretariat/certificates/<int:certificate_id>/reissue", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def reissue(certificate_id: int):
    certificate = certificate_of_my_authority(certificate_id)
    posted = request.method == "POST"
    form = ReissueForm(data=None if posted else {"requested_on": clock.today()})
    context = {"form": form, "certificate": certificate, "line": certificate.line,
               "allowed": certificate.line.nomination.state == State.AWARDED and not certificate.revoked}
    if not (context["allowed"] and form.validate_on_submit()):
        form_errors(form)
        return render_template("after_issue/reissue.html", **context), 400 if posted else 200
    if not form.issue.data:
        return render_template("after_issue/reissue_confirm.html", **context)
    try:
        made = corrections.reissue(db.session, certificate, by=current_user._get_current_object(),
                                   reason=form.reason.data, requested_by=form.requested_by.data,
                                   requested_on=form.requested_on.data, note=form.note.data or "")
    except ValidationFailed as error:
        refusal_beside_field(form, error)
        return render_template("after_issue/reissue.html", **context), 400
    return done(_("Đã ghi nhận cấp lại lần %(n)s: bằng mới mang mã %(code)s, được ký số khi người có thẩm quyền "
                  "phát hành các tệp còn thiếu của Quyết định số %(number)s.", n=made.number, code=made.new_code,
                  number=certificate.line.decision.number), "after_issue.reissue", certificate_id=certificate.id)
