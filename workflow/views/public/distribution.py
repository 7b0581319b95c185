"""Public statistics on how recognition is distributed (issue 17): per statistics year and authority, awards by
level, gender, proposing unit per head and award type, the share of proposals refused or objected to, and the red
flags raised; the same figures as CSV and JSON (services.distribution, one named query per figure)."""
import csv
import io
import json

from flask import Response, abort, current_app, render_template, request

from ...extensions import db
from ...rules.red_flags import CODE_LABELS
from ...services import clock, distribution, red_flags
from . import bp, public_for

MAX_AGE = 300


def _year() -> tuple[int, list[int]]:
    known = distribution.years(db.session)
    today = clock.today()
    default = known[0] if known else today.year + (today.month == 12)
    year = request.args.get("nam", default, type=int) or default
    return min(max(year, 1900), 9999), known


def _figures(year: int) -> list[distribution.Figures]:
    return distribution.figures(db.session, year, red_flags.settings_from(current_app.config))


@bp.get("/thong-ke")
@public_for(60)
def distribution_page():
    year, known = _year()
    return render_template("public/distribution.html", year=year, years=known, figures=_figures(year),
                           LEVEL_LABELS=distribution.LEVEL_LABELS, GENDER_LABELS=distribution.GENDER_LABELS,
                           FLAG_LABELS=CODE_LABELS, VERIFIED_NOTE=distribution.VERIFIED_NOTE)


def _known(year: int) -> int:
    """An absurd year in the path is a missing page, not a crash."""
    if not 1900 <= year <= 9999:
        abort(404)
    return year


@bp.get("/thong-ke/<int:year>.csv")
@public_for(MAX_AGE)
def distribution_csv(year: int):
    year = _known(year)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=distribution.FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(distribution.open_rows(_figures(year)))
    return Response("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="vinhdanh-thong-ke-{year}.csv"'})


@bp.get("/thong-ke/<int:year>.json")
@public_for(MAX_AGE)
def distribution_json(year: int):
    year = _known(year)
    body = json.dumps(distribution.open_rows(_figures(year)), ensure_ascii=False, indent=1)
    return Response(body, content_type="application/json; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="vinhdanh-thong-ke-{year}.json"'})
