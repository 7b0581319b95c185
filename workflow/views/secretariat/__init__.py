"""The secretariat's area (Ban/Phòng Thi đua – Khen thưởng, the council's standing body), scoped to the
authorities the user is secretariat of: intake, appraisal, public notices and comments, council sessions
and decision drafts. One module per stage; each view loads, authorises, validates, calls one service,
commits and redirects."""
from flask import Blueprint, render_template

from ...extensions import db
from ...forms.secretariat import COMMENT_KIND_LABELS, COMMENT_STATUS_LABELS, RESOLUTION_LABELS, UPHOLD_OUTCOMES
from ...rules.nominees import NOMINEE_KIND_LABELS
from ...rules.permissions import Role
from ...services import clock, lookups
from ...templating import Translated
from ..helpers import role_required
from ._common import my_authorities

bp = Blueprint("secretariat", __name__)


@bp.context_processor
def labels():
    return {"COMMENT_KIND_LABELS": COMMENT_KIND_LABELS, "COMMENT_STATUS_LABELS": COMMENT_STATUS_LABELS,
            "RESOLUTION_LABELS": RESOLUTION_LABELS, "UPHOLD_OUTCOMES": UPHOLD_OUTCOMES,
            "NOMINEE_KIND_LABELS": Translated(NOMINEE_KIND_LABELS),
            "ATTACHMENT_KIND_LABELS": Translated(lookups.ATTACHMENT_KIND_LABELS),
            "today": clock.today()}   # the queues mark a dossier past its processing due date


@bp.get("/")
@role_required(Role.SECRETARIAT)
def index():
    counts = lookups.overview(db.session, my_authorities(), clock.today())
    return render_template("secretariat/index.html", counts=counts)


from . import (appraisal, comments, drafts, field_checks, intake, nominations, notices, processing,  # noqa: F401
               proposals, recognition, register, sessions)  # (registers the routes)
