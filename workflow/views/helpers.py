"""What every staff view shares: role guards, scoped loading (another unit's object answers 404, so its
existence does not leak), pagination and the one-action-one-commit pattern."""
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import Select

from ..extensions import db
from ..models import Nomination
from ..rules.permissions import Role

PER_PAGE = 20
MAX_PAGE = 100_000  # an absurd ?page= would overflow the database's integer offset (a 500)


def role_required(role: Role) -> Callable:
    """Signed in (else redirect to /login) and holding `role` (else 403)."""
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapper(*args: Any, **kwargs: Any):
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorator


def unit_ids_of(user, role: Role = Role.UNIT_OFFICER) -> set[int]:
    return {g.unit_id for g in user.grants if g.role == role and g.unit_id is not None}


def authority_ids_of(user, role: Role) -> set[int]:
    return {g.authority_id for g in user.grants if g.role == role and g.authority_id is not None}


def nomination_of_my_unit(nomination_id: int) -> Nomination:
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None or nomination.proposing_unit_id not in unit_ids_of(current_user):
        abort(404)
    return nomination


def nomination_of_my_authority(nomination_id: int, role: Role) -> Nomination:
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None or nomination.award_type.authority_id not in authority_ids_of(current_user, role):
        abort(404)
    return nomination


def paginate(query: Select, per_page: int = PER_PAGE, page_arg: str = "page"):
    """Flask-SQLAlchemy's paginator; a page beyond the end shows the last page rather than a 404.
    `page_arg` names the query parameter, so one page can carry several paginated lists."""
    page = min(max(request.args.get(page_arg, 1, type=int) or 1, 1), MAX_PAGE)
    pagination = db.paginate(query, page=page, per_page=per_page, error_out=False)
    if not pagination.items and pagination.pages and page > pagination.pages:
        pagination = db.paginate(query, page=pagination.pages, per_page=per_page, error_out=False)
    return pagination


def done(message: str, endpoint: str, **values: Any):
    """Commit the action's transaction, say so, and redirect (post/redirect/get)."""
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(endpoint, **values))


def form_errors(form) -> None:
    """Form errors are shown beside each field; this also flashes a summary for screen readers."""
    if form.errors:
        flash(gettext("Vui lòng kiểm tra lại các trường được đánh dấu."), "error")
