"""Hooks only the browser tests may call: moving the system's clock, so a journey can step past a notice's
working-day window without waiting for it.

A route is registered only when the app is a testing app (TESTING) *and* the config asks for the hooks
(TEST_HOOKS). A development or production app never has the URL at all, so a request there is a 404 like
any unknown page. Imports nothing from views or services but the clock.
"""
from flask import Blueprint, Flask, abort, jsonify, request

from .extensions import csrf
from .services import clock

bp = Blueprint("testing_hooks", __name__)
MAX_DAYS = 3660  # ten years either way: enough for any window, and no integer overflow in timedelta


@bp.post("/clock/advance")
def advance_clock():
    """Move the clock `days` days forward (a form or query field); answers the new local date."""
    try:
        days = int(request.values.get("days", ""))
    except ValueError:
        abort(400)
    if not -MAX_DAYS <= days <= MAX_DAYS:
        abort(400)
    clock.advance(days)
    return jsonify(today=clock.today().isoformat())


@bp.post("/clock/reset")
def reset_clock():
    clock.advance(reset=True)
    return jsonify(today=clock.today().isoformat())


def enabled(app: Flask) -> bool:
    return bool(app.config.get("TESTING")) and bool(app.config.get("TEST_HOOKS"))


def init_app(app: Flask) -> None:
    if not enabled(app):
        return
    # the caller is a test driving the server, not a person with a form: there is no page to carry a token
    csrf.exempt(bp)
    app.register_blueprint(bp, url_prefix="/_test")
