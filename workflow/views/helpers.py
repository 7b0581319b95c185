"""What every staff view shares, one copy each: role guards, scoped loading (another unit's or authority's
object answers 404, so its existence does not leak), pagination, the one-action-one-commit pattern, a
service's refusal shown beside its field, sending a stored file, and the action buttons of a nomination."""
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import wraps
from io import BytesIO
from typing import Any, TypeVar

from flask import abort, current_app, flash, redirect, request, send_file, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import Select

from ..extensions import db
from ..models import Nomination
from ..rules.errors import DomainError
from ..rules.i18n import N_
from ..rules.permissions import Role, available
from ..rules.states import Action, Procedure, ProcedureCode
from ..files import file_store
from ..services import decisions, office_register
from ..services.blobs import LocalFileStore

PER_PAGE = 20
MAX_PAGE = 100_000  # an absurd ?page= would overflow the database's integer offset (a 500)
MAX_ID = 2**31 - 1  # the URL converter takes any length; the database's integer does not
T = TypeVar("T")


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


def scoped_or_404(model: type[T], object_id: int, in_scope: Callable[[T], bool] = lambda found: True) -> T:
    """The row if it exists and `in_scope(row)` holds; otherwise 404, the same answer for "no such row" and
    "not yours", so another unit's or authority's objects do not even show that they exist."""
    found = db.session.get(model, object_id) if 0 < object_id <= MAX_ID else None
    if found is None or not in_scope(found):
        abort(404)
    return found


def nomination_of_my_unit(nomination_id: int) -> Nomination:
    return scoped_or_404(Nomination, nomination_id, lambda n: n.proposing_unit_id in unit_ids_of(current_user))


def nomination_of_my_authority(nomination_id: int, role: Role) -> Nomination:
    return scoped_or_404(Nomination, nomination_id,
                         lambda n: n.award_type.authority_id in authority_ids_of(current_user, role))


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


def refusal_beside_field(form, error: DomainError, fields: Mapping[str, str] | None = None,
                         default: str | None = None) -> None:
    """Undo the failed attempt and put the service's sentence beside the field it is about: the error's own
    field (through `fields` when the service names it differently from the form), else `default`, else above
    the form."""
    db.session.rollback()
    name = error.field if fields is None else fields.get(error.field or "")
    name = name if name and name in form else default
    if name and name in form:
        form[name].errors = [*form[name].errors, error.message]
    else:
        form.form_errors.append(error.message)


def send_stored(sha256: str | None, filename: str, *, mimetype: str = "application/pdf", public: bool = False):
    """A file from the blob store, or 404 when it is not there. Always a download, never rendered inline, and
    never sniffed into HTML by the browser. A staff file is private and never cached; a public one may be
    (its view's cache header says how long)."""
    store = file_store()
    try:
        size = store.size(sha256 or "")
    except ValueError:
        abort(404)
    if size is None:
        abort(404)
    # the local store hands werkzeug the path (ranges, sendfile); the database one a file read slice by slice
    source = store.path(sha256) if isinstance(store, LocalFileStore) else store.open(sha256)
    response = send_file(source, mimetype=mimetype, as_attachment=True, download_name=filename, etag=sha256,
                         max_age=300 if public else 0)
    if response.status_code == 200:
        response.content_length = size
    return _sent(response, public)


def send_made_pdf(data: bytes, filename: str, *, inline: bool = False, public: bool = False, etag: str | None = None):
    """A PDF made for this request (a draft, a print, a revoked copy), never stored: the same headers as a
    stored file."""
    return _sent(send_file(BytesIO(data), mimetype="application/pdf", as_attachment=not inline,
                           download_name=filename, etag=etag or False, max_age=300 if public else 0), public)


def send_made(made):
    """A document made for this request (services.word_documents.MadeFile: a Word copy, a report), never
    stored: downloaded under its Vietnamese name (Content-Disposition filename*, UTF-8), never cached."""
    return _sent(send_file(BytesIO(made.data), mimetype=made.mimetype, as_attachment=True,
                           download_name=made.filename, etag=False, max_age=0), False)


def _sent(response, public: bool):
    response.headers["X-Content-Type-Options"] = "nosniff"
    if not public:
        response.headers["Cache-Control"] = "private, no-store"
    return response


# --- the action buttons of a nomination -------------------------------------------------------------------

@dataclass(frozen=True)
class ActionPage:
    """The page that carries an action out: a form or a confirmation page, never a bare POST."""

    endpoint: str
    style: str = ""          # the button's look: "primary", "danger" or plain
    selection: bool = False  # the page takes a list's selection (?sel=id:version) rather than the id
    named: str = N_("%(action)s: %(name)s")  # what the button says for screen readers in a list of many


# One mapping, action → the page that carries it out, in the order buttons are shown; which of them a user
# sees is rules.permissions.available()'s answer.
ACTION_PAGES: dict[Action, ActionPage] = {
    Action.EDIT: ActionPage("unit.edit"),
    Action.SUBMIT: ActionPage("unit.submit", "primary"),
    Action.RESUBMIT: ActionPage("unit.submit", "primary"),
    Action.WITHDRAW: ActionPage("unit.withdraw", "danger"),
    Action.ACCEPT: ActionPage("secretariat.accept", "primary"),
    Action.RETURN: ActionPage("secretariat.return_", "danger"),
    Action.APPRAISE: ActionPage("secretariat.appraisal"),
    Action.OPEN_NOTICE: ActionPage("secretariat.notice_new", selection=True),
    Action.REFUSE: ActionPage("authority.refuse", "danger"),
    Action.REVOKE: ActionPage("authority.revoke", "danger", named=N_("Thu hồi khen thưởng của %(name)s")),
    Action.CORRECT_DECISION: ActionPage("after_issue.correct", named=N_("Đính chính khen thưởng của %(name)s")),
    Action.REISSUE_CERTIFICATE: ActionPage("after_issue.reissue_for"),
}


@dataclass(frozen=True)
class ActionButton:
    action: Action
    url: str
    style: str
    named: str


# A procedure's own pages for some actions (the new-rural commune posts its self-assessment on its own page).
PROCEDURE_PAGES: dict[ProcedureCode, dict[Action, ActionPage]] = {
    ProcedureCode.NEW_RURAL: {
        Action.RECORD_SELF_ASSESSMENT: ActionPage("unit.self_assessment"),
        Action.RECORD_SURVEY: ActionPage("unit.survey"),
        Action.OPEN_NOTICE: ActionPage("unit.post_self_assessment", "primary"),
        Action.CONCLUDE_APPRAISAL: ActionPage("secretariat.conclude_appraisal", "primary"),
    },
}


def pages_for(procedure: Procedure) -> dict[Action, ActionPage]:
    return ACTION_PAGES | PROCEDURE_PAGES.get(procedure.code, {})


def action_button(nomination: Nomination, action: Action) -> ActionButton:
    page = pages_for(nomination.procedure)[action]
    args = {"sel": f"{nomination.id}:{nomination.version}"} if page.selection else {"nomination_id": nomination.id}
    return ActionButton(action, url_for(page.endpoint, **args), page.style, page.named)


class ActionBar:
    """The buttons a staff page shows for a nomination, for templates' `action_bar(n, actions(n))`: what
    rules.permissions.available() offers the signed-in user in `role` now, narrowed to `only` (a queue's row
    shows the next steps, not all) and without `exclude` (the page one is on)."""

    def __init__(self, role: Role, *, only: Collection[Action] | None = None, exclude: Collection[Action] = ()):
        self.role, self.only, self.exclude = role, only, exclude
        self.actor = current_user.actor()

    def actions(self, nomination: Nomination) -> list[Action]:
        return [a for a in available(self.actor, nomination.facts(), role=self.role)
                if (self.only is None or a in self.only) and a not in self.exclude]

    def __call__(self, nomination: Nomination) -> list[ActionButton]:
        allowed = self.actions(nomination)
        return [action_button(nomination, a) for a in pages_for(nomination.procedure) if a in allowed]

    def allows(self, nomination: Nomination, action: Action) -> bool:
        return action in self.actions(nomination)


def may(nomination: Nomination, action: Action, role: Role) -> bool:
    """Whether the signed-in user may take `action` on the nomination now (a form page asks before it shows
    its form)."""
    return ActionBar(role).allows(nomination, action)


def salary_warnings(draft) -> list[str]:
    """The base salary warnings of the decision screens (the secretariat's draft, the authority's draft and issue
    pages) for the draft's decision date, with the configured BASE_SALARY_MAX_AGE_DAYS."""
    return decisions.base_salary_warnings(db.session, draft.decision_date,
                                          current_app.config["BASE_SALARY_MAX_AGE_DAYS"])


def numbering_from(form, authority) -> office_register.NumberSource:
    """Where an act's number comes from, as the issuing form brings it: the number the clerical officer entered from
    the office's register, and the document system's client when the issuer takes its numbers from one."""
    return office_register.NumberSource(entered=form.register_number.data, system=office_register.system_for(
        authority, timeout=current_app.config["DOCUMENT_SYSTEM_TIMEOUT"]))
