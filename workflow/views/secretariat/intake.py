"""Intake: the queue of submitted nominations, accepting one (after a confirmation page, like every other
step) or returning it, and accepting many at once (select, confirm on a page that lists exactly what will
change, apply all or nothing)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext, pgettext
from flask_login import current_user

from ...extensions import db
from ...forms.common import BulkForm
from ...forms.secretariat import AcceptForm, ReturnForm
from ...rules.permissions import Role
from ...rules.states import ACTION_CONTEXT, ACTION_LABELS, TRANSITIONS, Action, State
from ...rules.i18n import N_
from ...services import nominations, staff_lists
from .. import lists
from ..helpers import ActionBar, done, form_errors, may, role_required
from . import bp
from ._common import as_bulk, my_authorities, nomination_or_404, parse_bulk, parse_selection, run_batch, selected


@bp.get("/intake")
@role_required(Role.SECRETARIAT)
def intake():
    """The queue, searchable and filterable; ?print=1 prints it, ?format=xlsx downloads it (views.lists)."""
    form, filters = lists.filter_form(my_authorities(), None)
    listing = staff_lists.nominations(db.session, my_authorities(), [State.SUBMITTED], filters,
                                      N_("Hồ sơ chờ tiếp nhận"))
    return lists.respond(listing, form, "secretariat/intake.html", "tiep-nhan",
                         actions=ActionBar(Role.SECRETARIAT, only={Action.ACCEPT, Action.RETURN}))


@bp.route("/nominations/<int:nomination_id>/accept", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def accept(nomination_id: int):
    """GET: the confirmation page, carrying the version seen; POST: accept it, if that is still the version."""
    nomination = nomination_or_404(nomination_id)
    form = AcceptForm(data={"version": nomination.version} if request.method == "GET" else None)
    if form.validate_on_submit():
        nominations.accept(db.session, nomination, by=current_user, expected_version=form.version.data)
        return done(_("Đã tiếp nhận hồ sơ «%(name)s»; hồ sơ chuyển sang thẩm định.",
                      name=nomination.nominee.full_name), ".nomination", nomination_id=nomination.id)
    if request.method == "POST":
        flash(_("Thao tác không hợp lệ; vui lòng tải lại trang và thử lại."), "error")
        return redirect(url_for(".nomination", nomination_id=nomination.id))
    return render_template("secretariat/accept.html", nomination=nomination, form=form,
                           allowed=may(nomination, Action.ACCEPT, Role.SECRETARIAT),
                           target=TRANSITIONS[Action.ACCEPT].target)


@bp.route("/nominations/<int:nomination_id>/return", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def return_(nomination_id: int):
    nomination = nomination_or_404(nomination_id)
    form = ReturnForm(version=nomination.version)
    if form.validate_on_submit():
        nominations.return_(db.session, nomination, by=current_user, expected_version=form.version.data,
                            reason=form.reason.data)
        return done(_("Đã trả lại hồ sơ «%(name)s» để đơn vị bổ sung.", name=nomination.nominee.full_name),
                    ".nomination", nomination_id=nomination.id)
    form_errors(form)
    return render_template("secretariat/return.html", nomination=nomination, form=form)


@bp.get("/intake/accept")
@role_required(Role.SECRETARIAT)
def bulk_accept_confirm():
    selection = parse_selection(request.args.getlist("sel"))
    if not selection:
        flash(_("Chưa chọn hồ sơ nào. Đánh dấu các hồ sơ cần tiếp nhận rồi bấm lại."), "error")
        return redirect(url_for(".intake"))
    rows = selected(selection)
    return render_template("secretariat/bulk_confirm.html", rows=rows, selection=selection,
                           form=BulkForm(**as_bulk(selection)),
                           action=Action.ACCEPT, target=State.IN_APPRAISAL, source=State.SUBMITTED,
                           post_to=url_for(".bulk_accept"), back=url_for(".intake"))


@bp.post("/intake/accept")
@role_required(Role.SECRETARIAT)
def bulk_accept():
    form = BulkForm()
    selection = parse_bulk(form.ids.data, form.versions.data) if form.validate_on_submit() else {}
    if not selection:
        flash(_("Chưa chọn hồ sơ nào."), "error")
        return redirect(url_for(".intake"))
    rows = selected(selection)
    refusal = run_batch(rows, lambda n: nominations.accept(db.session, n, by=current_user,
                                                           expected_version=selection[n.id]))
    if refusal:
        flash(refusal, "error")
        return redirect(url_for(".intake"))
    return done(ngettext("%(action)s: đã tiếp nhận %(num)d hồ sơ.",
                         "%(action)s: đã tiếp nhận %(num)d hồ sơ.", len(rows), action=pgettext(ACTION_CONTEXT, ACTION_LABELS[Action.ACCEPT])),
                ".appraisal_list")
