"""The secretariat's inbox by processing time: every dossier whose clock runs, most urgent first (overdue, then the
nearest due date), with its due date. The movement dashboard's overdue list is the same query narrowed to a
campaign (services.queries.nominations.overdue)."""
from flask import render_template

from ...rules.permissions import Role
from ...services import queries
from ..helpers import paginate, role_required
from . import bp
from ._common import my_authorities


@bp.get("/processing")
@role_required(Role.SECRETARIAT)
def processing():
    page = paginate(queries.nominations.in_process(my_authorities()))
    return render_template("secretariat/processing.html", page=page)
