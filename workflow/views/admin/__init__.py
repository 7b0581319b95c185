"""The administrator's area at /admin: the catalogue (units, accounts and roles, award types, campaigns with
indicators and targets, the calendar, the base salary table) and the audit log viewer. Every view is
admin-only; every change goes through services.admin. There is no screen that edits workflow records."""
from decimal import Decimal

from flask import Blueprint, render_template

from ...extensions import db
from ...forms import admin as labels
from ...rules.permissions import Role
from ...services import clock
from ...services.admin.log import EVENT_ROLE_LABELS, FIELD_LABELS, OBJECT_TYPE_LABELS, VISIBILITY_LABELS
from ...services.admin.overview import overview
from ...templating import Translated
from ..helpers import role_required

bp = Blueprint("admin", __name__)


@bp.context_processor
def _labels() -> dict:
    """The catalogue's vocabularies, for every admin template."""
    return {"UNIT_KIND_LABELS": labels.UNIT_KIND_LABELS, "CATEGORY_LABELS": labels.CATEGORY_LABELS,
            "DENOMINATOR_LABELS": labels.DENOMINATOR_LABELS, "BALLOT_LABELS": labels.BALLOT_LABELS,
            "LAYOUT_LABELS": labels.LAYOUT_LABELS, "COMPARATOR_LABELS": labels.COMPARATOR_LABELS,
            "CALENDAR_KIND_LABELS": labels.CALENDAR_KIND_LABELS,
            "OBJECT_TYPE_LABELS": Translated(OBJECT_TYPE_LABELS), "EVENT_ROLE_LABELS": Translated(EVENT_ROLE_LABELS),
            "FIELD_LABELS": Translated(FIELD_LABELS), "VISIBILITY_LABELS": Translated(VISIBILITY_LABELS),
            "today": clock.today(), "number": number}


def number(value) -> str:
    """70.00 → "70", 66.67 → "66,67": decimals as Vietnamese writes them."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f").replace(".", ",")


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    return render_template("admin/index.html", counts=overview(db.session, clock.today()))


from . import api_clients, audit, award_types, campaigns, dating, jobs, tables, units, users  # noqa: F401  (their routes join bp)
from . import transparency_log  # noqa: F401  (issue 19: sign a checkpoint now)
