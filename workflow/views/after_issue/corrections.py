"""Đính chính: the authority corrects one line of an issued decision by a numbered correcting decision,
after a confirmation page (it cannot be undone)."""
from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ... import press
from ...extensions import db
from ...forms.after_issue import CorrectionForm
from ...models import DecisionLine
from ...rules.errors import ValidationFailed
from ...rules.permissions import Role
from ...rules.states import State
from ...services import clock, corrections, decisions, lookups
from ..helpers import done, form_errors, nomination_of_my_authority, numbering_from, refusal_beside_field, role_required
from . import bp


def line_of_my_authority(nomination_id: int) -> DecisionLine:
    """The decided line of a nomination of an authority this user signs for (404 otherwise)."""
    certificate = decisions.certificate_of(db.session, nomination_of_my_authority(nomination_id, Role.AUTHORITY))
    if certificate is None:
        abort(404)
    return certificate.line


@bp.route("/authority/nominations/<int:nomination_id>/correct", methods=["GET", "POST"])
@role_required(Role.AUTHORITY)
def correct(nomination_id: int):
    line = line_of_my_authority(nomination_id)
    posted = request.method == "POST"
    form = CorrectionForm(data=None if posted else {
        "name": line.recipient_name, "recipient_line": line.recipient_line, "decision_date": clock.today()})
    on = form.decision_date.data or clock.today()
    signers = lookups.active_signers(db.session, {line.decision.authority_id}, on)
    form.signer_id.choices = [SelectChoice(s.id, f"{s.signing_form} {s.title} {s.full_name}".strip()) for s in signers]
    context = {"form": form, "line": line, "allowed": line.nomination.state == State.AWARDED,
               "number": decisions.next_number_preview(db.session, line.decision.authority, on)}
    if not (context["allowed"] and form.validate_on_submit()):
        form_errors(form)
        return render_template("after_issue/correct.html", **context), 400 if posted else 200
    if not form.issue.data:   # the first post: show what will be issued, and ask again
        return render_template("after_issue/correct_confirm.html", **context)
    try:
        decision = corrections.correct(
            db.session, [corrections.Change(line, form.name.data, form.recipient_line.data or "")],
            by=current_user._get_current_object(), signer=next(s for s in signers if s.id == form.signer_id.data),
            decision_date=form.decision_date.data, reason=form.reason.data, press=press.press(),
            numbering=numbering_from(form, line.decision.authority))
    except ValidationFailed as error:
        refusal_beside_field(form, error)
        return render_template("after_issue/correct.html", **context), 400
    return done(_("Đã ban hành Quyết định số %(number)s đính chính khen thưởng của «%(name)s».",
                  number=decision.number, name=line.recipient_name),
                "authority.decision", decision_id=line.decision_id)
