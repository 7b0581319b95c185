"""Appraisal (thẩm định): the queue of nominations being appraised, and the appraisal page with the award
type's checklist, the nominee's prior awards and the duplicate-achievement warning."""
from flask import current_app, render_template
from flask_babel import gettext
from flask_login import current_user

from ...extensions import db
from ...forms.secretariat import DEFAULT_CHECKLIST, appraisal_form
from ...rules.errors import DomainError
from ...rules.permissions import Role
from ...rules.states import Action, State
from ...rules.i18n import N_
from ...services import field_checks, lookups, nominations, recognition, red_flags, staff_lists
from .. import lists
from ..helpers import ActionBar, done, form_errors, may, refusal_beside_field, role_required
from . import bp
from ._common import my_authorities, nomination_or_404


@bp.get("/appraisal")
@role_required(Role.SECRETARIAT)
def appraisal_list():
    form, filters = lists.filter_form(my_authorities(), None)
    listing = staff_lists.nominations(db.session, my_authorities(), [State.IN_APPRAISAL], filters,
                                      N_("Hồ sơ đang thẩm định"))
    return lists.respond(listing, form, "secretariat/appraisal_list.html", "tham-dinh",
                         actions=ActionBar(Role.SECRETARIAT, only={Action.APPRAISE, Action.RETURN}))


@bp.route("/nominations/<int:nomination_id>/appraisal", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def appraisal(nomination_id: int):
    nomination = nomination_or_404(nomination_id)
    items = nomination.award_type.checklist_items()
    form = appraisal_form(items or list(DEFAULT_CHECKLIST))
    if form.validate_on_submit():
        try:
            nominations.appraise(db.session, nomination, by=current_user, body=form.body.data,
                                 checklist=form.checklist())
            return done(gettext("Đã ghi ý kiến thẩm định."), ".appraisal", nomination_id=nomination.id)
        except DomainError as error:
            refusal_beside_field(form, error, default="body")
    form_errors(form)
    bar = ActionBar(Role.SECRETARIAT, exclude={Action.APPRAISE})  # this page is the appraisal
    return render_template("secretariat/appraisal.html", nomination=nomination, form=form,
                           actions=bar(nomination), may_appraise=may(nomination, Action.APPRAISE, Role.SECRETARIAT),
                           own_checklist=bool(items), prior=lookups.prior_awards(db.session, nomination),
                           duplicates=lookups.duplicate_claims(db.session, nomination),
                           field_checks=field_checks.panel(db.session, nomination),
                           recognition=recognition.panel(db.session, nomination),
                           flags=red_flags.flags_for(db.session, nomination, red_flags.settings_from(current_app.config)))
