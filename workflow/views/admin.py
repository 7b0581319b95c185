"""The admin area (placeholder index until its screens land)."""
from flask import Blueprint, render_template

from ..rules.permissions import Role
from .helpers import role_required

bp = Blueprint("admin", __name__)


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    return render_template("admin/index.html")
