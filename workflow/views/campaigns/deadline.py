"""The secretariat of a campaign's authority extends its nomination deadline (reason, new date). The extension is
audited and shown on the public campaign page; services.campaigns.deadline_on answers which deadline is in force."""
from flask import abort, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...extensions import db
from ...forms.campaigns import ExtensionForm
from ...rules.errors import DomainError
from ...services import campaigns, clock
from ..helpers import done, form_errors
from . import bp, get_campaign
from .results import refusal_beside_field


@bp.route("/<int:campaign_id>/deadline", methods=["GET", "POST"])
@login_required
def extend_deadline(campaign_id: int):
    campaign = get_campaign(campaign_id)
    if not campaigns.may_extend(current_user, campaign):
        abort(403)
    form = ExtensionForm()
    if form.validate_on_submit():
        try:
            extension = campaigns.extend_deadline(db.session, campaign, by=current_user,
                                                  new_deadline=form.new_deadline.data, reason=form.reason.data)
            return done(_("Đã gia hạn nhận hồ sơ đến ngày %(day)s.", day=f"{extension.new_deadline:%d/%m/%Y}"),
                        "campaigns.dashboard", campaign_id=campaign.id)
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    return render_template("campaigns/deadline.html", campaign=campaign, form=form,
                           deadline=campaigns.deadline_on(campaign, clock.today()))
