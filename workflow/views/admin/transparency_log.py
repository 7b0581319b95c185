"""Signing a checkpoint of the transparency log now (the workers sign one every LOG_CHECKPOINT_SECONDS when the log
grew): a confirmation page, then one service call; recorded in the audit trail."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from certificates.public_keys import KeyNotConfigured

from ...extensions import db
from ...forms.admin import ConfirmForm
from ...log_key import log_signer
from ...rules.permissions import Role
from ...services import log_tree, transparency_log
from ..helpers import done, role_required
from . import bp


@bp.route("/transparency/checkpoint", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def checkpoint():
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            made = transparency_log.sign_on_demand(db.session, log_signer(), by=current_user._get_current_object())
        except KeyNotConfigured as error:
            flash(str(error), "error")
            return redirect(url_for("admin.checkpoint"))
        return done(_("Đã ký điểm kiểm chứng: %(size)d sự kiện công khai.", size=made.size), "admin.checkpoint")
    return render_template("admin/checkpoint_confirm.html", form=form, tree_size=log_tree.size(db.session),
                           latest=transparency_log.latest(db.session))
