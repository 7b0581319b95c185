"""The register of recognitions (sổ vàng khen thưởng công khai): search and filters with keyset pages, one
recognition with its public timeline, and the decisions with their full recipient lists."""
import time

from flask import abort, current_app, render_template, request
from flask_babel import format_number

from ...extensions import db
from ...forms.public import RegisterFilterForm
from ...services import register
from ..helpers import send_stored
from . import LIST_MAX_AGE, bp, paginate, public_for
from .verify import pdf_stored, stored_file_checks

FILTER_ARGS = ("q", "year", "campaign", "award_type", "unit")  # carried by the pager and the downloads


@bp.get("/recognitions")
def recognitions():
    options_stamp, options = register_options()
    form, filters = register_filters(options)
    after = register.Cursor.parse(request.args.get("after"))
    page = register.search(db.session, filters, after=after, limit=register.PAGE_SIZE, cards=True)
    args = {name: value for name in FILTER_ARGS if (value := request.args.get(name, "").strip())}
    return render_template("public/recognitions.html", form=form, filters=filters, page=page, after=after,
                           args=args, options_stamp=options_stamp, LIST_MAX_AGE=LIST_MAX_AGE,
                           matches=_matches(filters, page, after), COUNT_CAP=register.COUNT_CAP)


@bp.app_template_filter("thousands")
def thousands(value: int) -> str:
    """10000 → "10.000" in Vietnamese, "10,000" in English."""
    return format_number(value)


def register_filters(options: register.Options | None = None) -> tuple[RegisterFilterForm, register.Filters]:
    """The request's filters, read one way for the page and for its downloads (open_data): a wrong choice
    means "any"; only an overlong text is reported."""
    form = RegisterFilterForm(request.args, options=options)
    form.validate()
    return form, form.filters()


def _matches(filters: register.Filters, page: register.Page, after: register.Cursor | None) -> int | None:
    """How many lines the search found (for "download these N results"), None when nothing narrows it. A
    first page without a next one has them all; otherwise they are counted by the search's own statement."""
    if not filters.active:
        return None
    if after is None and page.next_cursor is None:
        return len(page.rows)
    return register.count(db.session, filters, cap=register.COUNT_CAP)


def register_options() -> tuple[float, register.Options]:
    """The filters' choices change with a new year, campaign, award type or unit: rare. Each process keeps
    them for as long as the page may be cached anyway; the time they were read tells the unfiltered form's
    cached fragment which choices it shows."""
    cached = current_app.extensions.get("public_register_options")
    if cached is None or time.monotonic() - cached[0] > LIST_MAX_AGE:
        cached = (time.monotonic(), register.filter_options(db.session))
        current_app.extensions["public_register_options"] = cached
    return cached


@bp.get("/recognitions/<int:line_id>")
def recognition(line_id: int):
    row = register.recognition(db.session, line_id) or abort(404)
    return render_template("public/recognition.html", row=row, pdf_stored=pdf_stored(row.pdf_sha256),
                           events=register.public_timeline(db.session, row.nomination_id))


@bp.get("/decisions")
def decisions():
    return render_template("public/decisions.html", page=paginate(register.decisions_query()))


@bp.get("/decisions/<int:decision_id>")
def decision(decision_id: int):
    found = register.decision(db.session, decision_id) or abort(404)
    stored = pdf_stored(found.pdf_sha256)
    return render_template("public/decision.html", decision=found, pdf_stored=stored,
                           pdf_checked=request.args.get("pdf") == "khop",
                           checks=stored_file_checks(found.pdf_sha256) if stored else None,
                           recipients=register.recipients(db.session, found.id),
                           corrections=register.corrections(db.session, found.id))


@bp.get("/decisions/<int:decision_id>/decision.pdf")
@public_for(300)
def decision_pdf(decision_id: int):
    """The signed decision as issued."""
    found = register.decision(db.session, decision_id)
    if found is None or not pdf_stored(found.pdf_sha256):
        abort(404)
    return send_stored(found.pdf_sha256, f"quyet-dinh-{found.number.replace('/', '-')}.pdf", public=True)
