"""Template helpers: labels of states and roles, Vietnamese date and money formats."""
from datetime import date

from flask import Flask

from .rules.permissions import ROLE_LABELS
from .rules.prize import format_vnd
from .rules.states import ACTION_LABELS, STATE_LABELS, State


def vn_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def init_app(app: Flask) -> None:
    app.jinja_env.filters["vn_date"] = vn_date
    app.jinja_env.filters["vnd"] = format_vnd
    app.jinja_env.filters["state_label"] = lambda s: STATE_LABELS.get(State(s), s) if s else ""
    app.jinja_env.globals.update(ROLE_LABELS=ROLE_LABELS, ACTION_LABELS=ACTION_LABELS, STATE_LABELS=STATE_LABELS)
