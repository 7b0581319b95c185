"""Báo cáo thống kê hằng năm at /reports: the page listing the five statistical forms (biểu 0601–0605) for a
chosen year with their totals, and each form's XLSX download; for the secretariat and the administrator."""
from functools import wraps

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user, login_required

from ..extensions import db
from ..identity import agency
from ..rules.annual_report import FORMS_BY_CODE, period
from ..rules.permissions import Role
from ..services import clock, statistics

bp = Blueprint("reports", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_YEAR = 2000


def staff_only(view):
    """Signed in, and the secretariat or the administrator (else 403)."""
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not (current_user.has_role(Role.SECRETARIAT) or current_user.has_role(Role.ADMIN)):
            abort(403)
        return view(*args, **kwargs)
    return wrapper


def _year() -> int:
    """The ?year= asked for, within reason; else this statistics year (a December counts towards the next)."""
    today = clock.today()
    current = today.year + 1 if today.month == 12 else today.year
    year = request.args.get("year", current, type=int) or current
    return year if FIRST_YEAR <= year <= current else current


@bp.get("/")
@staff_only
def index():
    year = _year()
    current = clock.today().year + (1 if clock.today().month == 12 else 0)
    return render_template("reports/index.html", year=year, first_last=period(year),
                           totals=statistics.totals(db.session, year), years=range(current, FIRST_YEAR - 1, -1))


@bp.get("/<code>.xlsx")
@staff_only
def download(code: str):
    form = FORMS_BY_CODE.get(code) or abort(404)
    year = _year()
    data = statistics.workbook(db.session, form, year, made_on=clock.today(),
                               reporting_unit=statistics.reporting_unit(db.session, clock.today()) or agency().name)
    response = Response(data, mimetype=XLSX)
    response.headers["Content-Disposition"] = f'attachment; filename="bieu-{form.code}-nam-{year}.xlsx"'
    return response


