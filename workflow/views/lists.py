"""What the staff lists share: the search and filter form read into services.staff_lists.ListFilters, and one
answer in three shapes from the same Listing: the page (paginated), the print view (?print=1: every row, no
navigation) and the Excel download (?format=xlsx: every row). Used by the secretariat's and the authority's
lists; imports no other view module."""
import math
from datetime import date
from itertools import islice

from flask import Response, render_template, request
from flask_babel import gettext

from ..extensions import db
from ..forms.lists import ListFilterForm
from ..services import clock, queries, staff_lists
from ..services.staff_lists import ListFilters, Listing
from ..templating import vn_date
from .helpers import MAX_PAGE, PER_PAGE, paginate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filter_form(authority_ids: set[int], states: dict | None) -> tuple[ListFilterForm, ListFilters]:
    """The GET form with its choices, and the filters it holds; a value that is not a choice is ignored
    (and said beside its field), never a 500."""
    args = request.args.copy()
    if "status" in args and "state" not in args:   # the comments list's links before the search: ?status=…
        args["state"] = args["status"]
    form = ListFilterForm(args).with_choices(staff_lists.filter_options(db.session, authority_ids), states)
    form.validate()
    value = lambda name: None if name not in form or form[name].errors else form[name].data
    return form, ListFilters(q=value("q") or "", campaign_id=value("campaign"), unit_id=value("unit"),
                             award_type_id=value("award_type"), state=value("state") or "")


class RowsPage:
    """A page of a list that is not one entity per row: a queue searched by folded words (its matching rows,
    counted as read), or the register's Row objects (counted and sliced in SQL). What the pagination macro reads."""

    def __init__(self, page: int, per_page: int, total: int):
        self.total, self.per_page = total, per_page
        self.pages = math.ceil(total / per_page)
        self.page = min(page, self.pages) if self.pages else 1
        self.has_prev, self.has_next = self.page > 1, self.page < self.pages
        self.prev_num, self.next_num = self.page - 1, self.page + 1
        self.items: list = []

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @classmethod
    def of_rows(cls, rows, page: int, per_page: int) -> "RowsPage":
        matched = list(rows)
        result = cls(page, per_page, len(matched))
        result.items = list(islice(matched, result.offset, result.offset + per_page))
        return result

    @classmethod
    def of_query(cls, query, page: int, per_page: int) -> "RowsPage":
        result = cls(page, per_page, queries.count(db.session, query))
        result.items = list(db.session.execute(query.offset(result.offset).limit(per_page)))
        return result


def respond(listing: Listing, form: ListFilterForm, template: str, filename: str, **context) -> Response | str:
    """The list's page, its print view or its workbook, as the query string asks."""
    if request.args.get("format") == "xlsx":
        return download(listing, filename)
    if request.args.get("print"):
        return render_template("lists/print.html", listing=listing, rows=printed_rows(listing),
                               heading=heading(listing))
    return render_template(template, page=page_of(listing), form=form, listing=listing, **context)


def printed_rows(listing: Listing):
    """Each row as the print view shows it: the workbook's cells, dates written dd/mm/yyyy."""
    for row in listing.rows(db.session):
        yield [vn_date(v) if isinstance(v, date) else v for v in (c.cell(row, gettext) for c in listing.columns)]


def page_of(listing: Listing):
    number = min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
    if listing.keep is not None:
        return RowsPage.of_rows(listing.rows(db.session), number, PER_PAGE)
    return paginate(listing.query) if listing.scalars else RowsPage.of_query(listing.query, number, PER_PAGE)


def heading(listing: Listing) -> list[str]:
    """What the print view and the workbook say above the rows: the list, its search and filters, the date."""
    lines = [gettext(listing.title)]
    f = listing.filters
    if f.q.strip():
        lines.append(gettext("Tìm: «%(q)s»", q=f.q.strip()))
    if f.active and (f.campaign_id or f.unit_id or f.award_type_id or f.state):
        lines.append(gettext("Có áp dụng bộ lọc (phong trào, đơn vị, hình thức hoặc trạng thái)."))
    lines.append(gettext("Lập ngày %(day)s", day=f"{clock.today():%d/%m/%Y}"))
    return lines


def download(listing: Listing, filename: str) -> Response:
    data = staff_lists.xlsx(db.session, listing, heading=heading(listing), translate=gettext)
    response = Response(data, mimetype=XLSX)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}-{clock.today():%Y%m%d}.xlsx"'
    return response


