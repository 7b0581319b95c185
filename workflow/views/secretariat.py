"""The secretariat area (placeholder index until its screens land)."""
from flask import Blueprint, render_template

from ..rules.permissions import Role
from .helpers import role_required

bp = Blueprint("secretariat", __name__)


@bp.get("/")
@role_required(Role.SECRETARIAT)
def index():
    return render_template("secretariat/index.html")
