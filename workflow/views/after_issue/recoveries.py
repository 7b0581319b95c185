"""Thu hồi hiện vật, tiền thưởng: the secretariat's list of open recoveries (searchable, paginated) and the
page that records one as recovered."""
from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...forms.after_issue import RecoveryForm
from ...forms.common import SearchForm
from ...models import Recovery
from ...rules.errors import ValidationFailed
from ...rules.permissions import Role
from ...services import clock, recoveries
from ..helpers import (authority_ids_of, done, form_errors, paginate, refusal_beside_field, role_required,
                       scoped_or_404)
from . import bp


def my_authorities() -> set[int]:
    return authority_ids_of(current_user, Role.SECRETARIAT)


@bp.get("/secretariat/recoveries")
@role_required(Role.SECRETARIAT)
def recovery_list():
    search = SearchForm(request.args)
    q = (search.q.data or "") if search.validate() else ""
    return render_template("after_issue/recoveries.html", search=search, q=q,
                           page=paginate(recoveries.open_recoveries(my_authorities(), q)))


@bp.route("/secretariat/recoveries/<int:recovery_id>", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def record_recovery(recovery_id: int):
    recovery = scoped_or_404(Recovery, recovery_id, lambda r: r.authority_id in my_authorities())
    form = RecoveryForm(data=None if request.method == "POST" else {"recovered_on": clock.today()})
    if not (recovery.is_open and form.validate_on_submit()):
        form_errors(form)
        return render_template("after_issue/recovery.html", form=form, recovery=recovery), \
            400 if request.method == "POST" else 200
    try:
        recoveries.record_recovered(db.session, recovery, by=current_user._get_current_object(),
                                    recovered_on=form.recovered_on.data, receipt_no=form.receipt_no.data or "",
                                    note=form.note.data or "")
    except ValidationFailed as error:
        refusal_beside_field(form, error)
        return render_template("after_issue/recovery.html", form=form, recovery=recovery), 400
    return done(_("Đã ghi nhận thu hồi hiện vật, tiền thưởng của «%(name)s».", name=recovery.line.recipient_name),
                "after_issue.recovery_list")
