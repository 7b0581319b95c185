"""The authority area (placeholder index until its screens land)."""
from flask import Blueprint, render_template

from ..rules.permissions import Role
from .helpers import role_required

bp = Blueprint("authority", __name__)


@bp.get("/")
@role_required(Role.AUTHORITY)
def index():
    return render_template("authority/index.html")
