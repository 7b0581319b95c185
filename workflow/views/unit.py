"""The unit area (placeholder index until its screens land)."""
from flask import Blueprint, render_template

from ..rules.permissions import Role
from .helpers import role_required

bp = Blueprint("unit", __name__)


@bp.get("/")
@role_required(Role.UNIT_OFFICER)
def index():
    return render_template("unit/index.html")
