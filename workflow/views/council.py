"""The council area (placeholder index until its screens land)."""
from flask import Blueprint, render_template

from ..rules.permissions import Role
from .helpers import role_required

bp = Blueprint("council", __name__)


@bp.get("/")
@role_required(Role.COUNCIL_MEMBER)
def index():
    return render_template("council/index.html")
