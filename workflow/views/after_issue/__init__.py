"""After issue (issue 16): the authority's correcting decision of an issued line, the secretariat's
replacement of a lost or damaged certificate, its list of open recoveries of revoked awards, and the import of
the old golden book. One blueprint
beside the authority's and the secretariat's areas (their URLs, their roles); each view loads, authorises,
validates, calls one service, commits and redirects."""
from flask import Blueprint

from ...rules.after_issue import REISSUE_REASON_LABELS
from ...templating import Translated

bp = Blueprint("after_issue", __name__)


@bp.context_processor
def labels() -> dict:
    return {"REISSUE_REASON_LABELS": Translated(REISSUE_REASON_LABELS)}

from . import corrections, history, recoveries, reissues  # noqa: F401 (registers the routes)
