"""Integration API clients (issue 18): the administrator issues a unit's system its bearer token (shown once,
kept as a hash), sees its recent calls, and revokes it. Every change goes through services.api_clients."""
from flask import make_response, render_template
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...forms.admin import ApiClientForm, ConfirmForm
from ...models import ApiClient, Unit
from ...rules.errors import DomainError
from ...rules.permissions import Role
from ...services import api_clients
from ..helpers import done, form_errors, role_required
from . import bp
from .common import get_or_404, refusal_beside_field, unit_choices


@bp.route("/api-clients", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def api_clients_list():
    form = ApiClientForm()
    form.unit.choices = unit_choices()
    if form.validate_on_submit():
        try:
            issued = api_clients.issue(db.session, by=current_user, name=form.name.data,
                                       unit=get_or_404(Unit, int(form.unit.data)), scopes=form.scopes.data,
                                       webhook_url=form.webhook_url.data or "")
        except DomainError as error:
            refusal_beside_field(form, error)
        else:
            db.session.commit()
            response = make_response(render_template("admin/api_client_issued.html", issued=issued))
            response.headers["Cache-Control"] = "no-store"   # the token is on this page, once
            return response
    form_errors(form)
    return render_template("admin/api_clients.html", form=form, revoke_form=ConfirmForm(),
                           clients=db.session.scalars(api_clients.listing()).all())


@bp.get("/api-clients/<int:client_id>")
@role_required(Role.ADMIN)
def api_client(client_id: int):
    client = get_or_404(ApiClient, client_id)
    return render_template("admin/api_client.html", client=client, revoke_form=ConfirmForm(),
                           calls=api_clients.recent_calls(db.session, client.id))


@bp.post("/api-clients/<int:client_id>/revoke")
@role_required(Role.ADMIN)
def api_client_revoke(client_id: int):
    client, form = get_or_404(ApiClient, client_id), ConfirmForm()
    if form.validate_on_submit() and client.active:   # a second click finds it revoked already: same answer
        api_clients.revoke(db.session, client, by=current_user)
    return done(_("Đã thu hồi mã truy cập của «%(name)s»; ứng dụng không gọi được API nữa.", name=client.name),
                "admin.api_client", client_id=client.id)
