"""Template helpers: labels of states and roles, Vietnamese date and money formats, the staff areas."""
from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import lru_cache

from flask import Flask, g, request, session, url_for
from flask_babel import get_locale, get_translations, gettext, pgettext
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from .rules.field_checks import CONCLUSION_LABELS
from .rules.i18n import N_
from .rules.permissions import ROLE_LABELS, Role
from .rules.prize import format_coefficient, format_vnd
from .rules.states import ACTION_CONTEXT, ACTION_LABELS, STATE_LABELS, Procedure, State
from .services.clock import LOCAL_TZ

# The staff areas, in the order the navigation shows them: (role, endpoint, label).
STAFF_AREAS = (
    (Role.UNIT_OFFICER, "unit.index", N_("Đơn vị")),
    (Role.SECRETARIAT, "secretariat.index", N_("Thường trực TĐKT")),
    (Role.COUNCIL_MEMBER, "council.index", N_("Hội đồng")),
    (Role.AUTHORITY, "authority.index", N_("Lãnh đạo ký")),
    (Role.ADMIN, "admin.index", N_("Quản trị")),
)


@lru_cache(maxsize=4096)  # a page of the register shows a few dates fifty times
def vn_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def vn_datetime(value: datetime | None) -> str:
    """Stored naive UTC, shown in Việt Nam time."""
    return value.replace(tzinfo=UTC).astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M") if value else ""


class Translated(Mapping):
    """A label table whose values are translated when read (the Vietnamese label is the message id), in a
    message context when its markers give one (NC_)."""

    def __init__(self, labels: Mapping, context: str | None = None) -> None:
        self._labels, self._context = labels, context

    def __getitem__(self, key):
        label = self._labels[key]
        return pgettext(self._context, label) if self._context else gettext(label)

    def __iter__(self):
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)


def state_label(value: str | None, procedure: Procedure | None = None) -> str:
    """A state in words, in the nomination's procedure's words when given (`n.state|state_label(n.procedure)`)."""
    if not value:
        return ""
    return gettext(procedure.state_label(value) if procedure else STATE_LABELS.get(State(value), value))


def page_url(endpoint: str, page_arg: str, number: int) -> str:
    """This page's URL with another page number. Query keys url_for would read as its own options
    (`_scheme`, `_external`, …) or that clash with the route's arguments are dropped, not obeyed."""
    view_args = request.view_args or {}
    args = {k: v for k, v in request.args.items() if not k.startswith("_") and k not in view_args}
    return url_for(endpoint, **view_args, **{**args, page_arg: number})


def select_locale() -> str:
    """Vietnamese first: English only when the user chose it."""
    return session.get("lang", "vi")


def _page_translations():
    """The request's catalogue, kept per locale for the request: Flask-Babel would resolve the context, the
    locale and the domain again on every `_()`, and a public page says `_()` a few dozen times. Not kept any
    longer: an imported macro module outlives the request (Jinja caches it)."""
    locale = get_locale()   # per locale: force_locale() inside a request (the Vietnamese PDF report) still works
    cache = g.setdefault("_translations", {})
    if locale not in cache:
        cache[locale] = get_translations()
    return cache[locale]


def _formatted(eval_ctx: EvalContext, text: str, variables: dict) -> str:
    # as Jinja's "newstyle" gettext: always %-formatted (so "%%" is "%"); in an escaping template the message
    # (ours, from the catalogue) is markup and the variables are escaped by Markup's %
    return (Markup(text) if eval_ctx.autoescape else text) % variables  # nosec B704


# The templates' _(), gettext(), ngettext(), pgettext() and npgettext(). Jinja's own newstyle wrappers take
# the whole template context, which makes Jinja copy the context for every call inside a block or loop that
# has set a variable; these take only the evaluation context. Positional-only, so a placeholder may be
# called "message" or "context".
@pass_eval_context
def _gettext(eval_ctx: EvalContext, message: str, /, **variables) -> str:
    return _formatted(eval_ctx, _page_translations().ugettext(message), variables)


@pass_eval_context
def _ngettext(eval_ctx: EvalContext, singular: str, plural: str, num: int, /, **variables) -> str:
    variables.setdefault("num", num)
    return _formatted(eval_ctx, _page_translations().ungettext(singular, plural, num), variables)


@pass_eval_context
def _pgettext(eval_ctx: EvalContext, context: str, message: str, /, **variables) -> str:
    return _formatted(eval_ctx, _page_translations().upgettext(context, message), variables)


@pass_eval_context
def _npgettext(eval_ctx: EvalContext, context: str, singular: str, plural: str, num: int, /, **variables) -> str:
    variables.setdefault("num", num)
    return _formatted(eval_ctx, _page_translations().unpgettext(context, singular, plural, num), variables)


def verified_citation(nomination):
    """The verified result a nomination (or a nomination's id) cites (services.verified_results), or None; no
    query for a nomination that cites nothing."""
    from .extensions import db
    from .services import verified_results
    if isinstance(nomination, int):
        return verified_results.citation_for(db.session, nomination)
    if nomination is None or nomination.verified_result_id is None:
        return None
    return verified_results.citation_for(db.session, nomination.id)


def init_app(app: Flask) -> None:
    # replaces what Flask-Babel installed; newstyle: a {% trans %} tag would call these with its variables
    app.jinja_env.newstyle_gettext = True
    app.jinja_env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext,
                                 npgettext=_npgettext)
    app.jinja_env.filters.update(iso_date=date.isoformat, vn_date=vn_date, vn_datetime=vn_datetime, vnd=format_vnd, state_label=state_label,
                                 coefficient=format_coefficient)
    app.jinja_env.globals.update(ROLE_LABELS=Translated(ROLE_LABELS), ACTION_LABELS=Translated(ACTION_LABELS, ACTION_CONTEXT),
                                 STATE_LABELS=Translated(STATE_LABELS),
                                 FIELD_CHECK_CONCLUSIONS=Translated(CONCLUSION_LABELS),
                                 STAFF_AREAS=STAFF_AREAS, get_locale=get_locale,
                                 page_url=page_url, verified_citation=verified_citation)
