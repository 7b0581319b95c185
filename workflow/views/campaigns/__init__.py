"""The movement dashboard at /campaigns: the public page of each public campaign (targets against results,
statistics, charts) with its Excel, CSV and PDF exports; the staff variant with internal figures for the
secretariat, the authority and the administrator; the secretariat's result entry; the administrator's
choice of award types that count towards an indicator.

Views load (404), authorise (403), validate, call one service, commit, redirect. Public responses are
cached for a minute; anything rendered for a signed-in user stays private.
"""
from datetime import date
from functools import partial

from flask import Blueprint, abort, current_app, request
from flask_babel import gettext
from flask_login import current_user

from ...extensions import db
from ...models import Campaign
from ...rules.permissions import Role
from ...rules.states import STATE_LABELS
from ...rules.targets import PROGRESS_LABELS, target_text
from ...services import clock, movement
from ...services.movement.tables import display
from ...templating import Translated

bp = Blueprint("campaigns", __name__)

MAX_ID = 2**31 - 1
PUBLIC_MAX_AGE = 60


@bp.context_processor
def _helpers() -> dict:
    return {"PROGRESS_LABELS": Translated(PROGRESS_LABELS), "MOVEMENT_STATE_LABELS": Translated(STATE_LABELS),
            "fmt": display, "target_text": partial(target_text, gettext=gettext),
            "unit_label": partial(movement.unit_label, gettext=gettext),
            "history_notes": lambda item: item.history_notes(gettext)}


@bp.after_request
def _cache_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if "Cache-Control" in response.headers:
        return response
    public = (response.status_code == 200 and request.method == "GET" and not current_user.is_authenticated
              and not (request.view_args or {}).get("internal"))
    response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}" if public else "private, no-store"
    return response


def get_campaign(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id) if 0 < campaign_id <= MAX_ID else None
    if campaign is None:
        abort(404)
    return campaign


def is_staff(user, campaign: Campaign) -> bool:
    """Who sees the internal figures: the campaign authority's secretariat and signers, and the admin."""
    if not user.is_authenticated:
        return False
    actor = user.actor()
    return actor.has(Role.ADMIN) or any(actor.has(role, authority_id=campaign.authority_id)
                                        for role in (Role.SECRETARIAT, Role.AUTHORITY))


def campaign_for(campaign_id: int, internal: bool) -> Campaign:
    """The campaign this audience may see: a hidden campaign answers 404 to the public, and the internal
    variant asks for a sign-in (401, turned into the login page) and then the staff role (403)."""
    campaign = get_campaign(campaign_id)
    if internal:
        if not current_user.is_authenticated:
            abort(current_app.login_manager.unauthorized())
        if not is_staff(current_user, campaign):
            abort(403)
    elif not campaign.is_public:
        abort(404)
    return campaign


def build(campaign: Campaign, on: date | None, internal: bool) -> movement.Dashboard:
    today = clock.today()
    return movement.dashboard(db.session, campaign, on=on or movement.default_date(campaign, today), today=today,
                              internal=internal)


from . import dashboard, deadline, results  # noqa: F401  (their routes join bp)
