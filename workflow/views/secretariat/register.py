"""The staff's register (sổ khen thưởng): every decision line of the secretariat's authorities, awarded or
revoked since, newest decision first; searched without accents as the public register is, filtered, printed and
downloaded as Excel from one query (services.staff_lists.register)."""
from ...extensions import db
from ...rules.i18n import N_
from ...rules.permissions import Role
from ...rules.states import STATE_LABELS, State
from ...services import staff_lists
from .. import lists
from ..helpers import role_required
from . import bp
from ._common import my_authorities

REGISTER_STATES = {State.AWARDED: STATE_LABELS[State.AWARDED], State.REVOKED: STATE_LABELS[State.REVOKED]}


@bp.get("/register")
@role_required(Role.SECRETARIAT)
def register():
    form, filters = lists.filter_form(my_authorities(), REGISTER_STATES)
    listing = staff_lists.register(db.session, my_authorities(), filters, N_("Sổ khen thưởng"))
    return lists.respond(listing, form, "secretariat/register.html", "so-khen-thuong")
