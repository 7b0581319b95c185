"""Public pages, no login (DESIGN.md §5): home, notices and citizens' comments, the register of
recognitions, decisions, certificate verification, the audit chain's transparency page and open data.

One module per group of pages. Views load (404), validate, call one service, commit, redirect. Every
response says how it may be cached: lists are public for a minute, forms and receipts are never stored,
and anything rendered for a signed-in user or carrying a session change stays private.
"""
from collections.abc import Callable
from functools import wraps

from flask import Blueprint, make_response, request, session
from flask_login import current_user
from sqlalchemy import Select

from ...extensions import db
from ...rules.i18n import N_
from ...rules.nominees import NOMINEE_KIND_LABELS
from ...templating import Translated

bp = Blueprint("public", __name__)

LIST_MAX_AGE = 60
MAX_PAGE = 100_000


# What the public reads for a comment's progress and a recognition's status.
COMMENT_STATUS = {"received": N_("Đã tiếp nhận"), "under_review": N_("Đang xem xét"), "answered": N_("Đã trả lời")}
RESOLUTIONS = {"upheld": N_("Ý kiến phản ánh được chấp nhận"), "rejected": N_("Ý kiến phản ánh không được chấp nhận"),
               "noted": N_("Đã ghi nhận ý kiến")}


@bp.record_once
def _setup(state) -> None:
    """The labels as template globals (macros imported without context see them)."""
    state.app.jinja_env.globals.update(PUBLIC_COMMENT_STATUS=Translated(COMMENT_STATUS),
                                       PUBLIC_RESOLUTIONS=Translated(RESOLUTIONS),
                                       PUBLIC_NOMINEE_KINDS=Translated(NOMINEE_KIND_LABELS))


@bp.after_request
def cache_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if "Cache-Control" in response.headers:
        return response
    if current_user.is_authenticated or session.modified or response.status_code != 200:
        response.headers["Cache-Control"] = "private, no-cache"
    else:
        response.headers["Cache-Control"] = f"public, max-age={LIST_MAX_AGE}"
    return response


def no_store(view: Callable) -> Callable:
    """Forms (a CSRF token) and receipts: never kept by a browser or a proxy."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        return response
    return wrapper


def paginate(query: Select, per_page: int = 20):
    """The staff helper's paginator, with the page number bounded first: an absurd ?page= would overflow
    the database's integer (views.helpers.paginate does not bound it)."""
    page = request.args.get("page", 1, type=int) or 1
    page = min(max(page, 1), MAX_PAGE)
    pagination = db.paginate(query, page=page, per_page=per_page, error_out=False)
    if not pagination.items and pagination.pages and page > pagination.pages:
        pagination = db.paginate(query, page=pagination.pages, per_page=per_page, error_out=False)
    return pagination


def public_for(seconds: int) -> Callable:
    """Feeds, open data and files: public, for longer than the lists."""
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            response = make_response(view(*args, **kwargs))
            if response.status_code == 200:
                response.headers["Cache-Control"] = f"public, max-age={seconds}"
            return response
        return wrapper
    return decorator


from . import distribution, home, notices, open_data, register, transparency, verify  # noqa: F401 (registers the routes)
from . import transparency_log  # noqa: F401 (issue 19: the transparency log's checkpoints and proofs)
from . import credentials  # noqa: F401 (issue 19: the credentials, the status list, the QR check)
