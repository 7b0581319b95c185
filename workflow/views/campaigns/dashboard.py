"""The dashboard pages and their exports. Every route exists twice: public, and under /internal for the
staff (the same figures plus nominations not yet public, the overdue list and where results came from).
The public rule sits lower so it is registered first: url_for without `internal` builds the public URL."""
from datetime import UTC, datetime

from flask import Response, abort, get_template_attribute, render_template, request
from flask_babel import force_locale
from flask_login import current_user
from sqlalchemy import select

from ...extensions import db, limiter
from ...forms.campaigns import DateFilterForm
from ...models import Campaign
from ...services import campaigns, clock, movement, verified_results
from ...services.movement import export
from ...services.movement.results import may_record
from ..helpers import paginate
from . import bp, build, campaign_for, is_staff
from .charts import all_charts
from .figures import Asked, asked, figures
from .pages import ListPage

OVERDUE_PER_PAGE = 25
REPORT_PDFS_PER_IP = "4 per minute"   # about a second of CPU each, and public: no one may keep a core busy


@bp.get("/")
def index():
    page = paginate(select(Campaign).where(Campaign.is_public.is_(True))
                    .order_by(Campaign.period_end.desc(), Campaign.id.desc()))
    today = clock.today()
    verified = {indicator.id: len(verified_results.counted(db.session, indicator, movement.default_date(c, today)))
                for c in page.items for indicator in c.indicators}
    return render_template("campaigns/index.html", page=page, verified=verified)


@bp.get("/<int:campaign_id>/internal", defaults={"internal": True})
@bp.get("/<int:campaign_id>", defaults={"internal": False})
def dashboard(campaign_id: int, internal: bool):
    a, form = _asked(campaign_id, internal)
    late = movement.overdue_now(db.session, a.campaign, today=clock.today()) if internal else []
    overdue = ListPage(late, request.args.get("overdue_page", 1, type=int) or 1, OVERDUE_PER_PAGE)
    return render_template("campaigns/dashboard.html", d=a, form=form, figures=figures(a), overdue=overdue,
                           staff=is_staff(current_user, a.campaign),
                           deadline=campaigns.deadline_on(a.campaign, clock.today()),
                           may_extend=campaigns.may_extend(current_user, a.campaign),
                           may_record=current_user.is_authenticated and may_record(current_user, a.campaign))


def _asked(campaign_id: int, internal: bool) -> tuple[Asked, DateFilterForm]:
    """The campaign and the date asked (?on=); a date that does not parse is shown as an error beside the
    date field and the default date is used."""
    campaign = campaign_for(campaign_id, internal)
    form = DateFilterForm(formdata=request.args)
    form.validate()
    a = asked(campaign, None if form.on.errors else form.on.data, internal)
    if not form.on.errors:
        form.on.data = a.on   # the field shows the date the figures are for, the default one included
    return a, form


def _read(campaign_id: int, internal: bool):
    """The whole dashboard on the date asked, for the exports (computed each time: they are rarer)."""
    a, form = _asked(campaign_id, internal)
    return build(a.campaign, a.on, internal), form


@bp.get("/<int:campaign_id>/internal/report.xlsx", defaults={"internal": True})
@bp.get("/<int:campaign_id>/report.xlsx", defaults={"internal": False})
def report_xlsx(campaign_id: int, internal: bool):
    d, _ = _read(campaign_id, internal)
    return _file(export.xlsx(d, generated=_local_now()),
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _name(d, "xlsx"))


@bp.get("/<int:campaign_id>/internal/report.zip", defaults={"internal": True})
@bp.get("/<int:campaign_id>/report.zip", defaults={"internal": False})
def report_zip(campaign_id: int, internal: bool):
    d, _ = _read(campaign_id, internal)
    return _file(export.csv_zip(d), "application/zip", _name(d, "zip"))


@bp.get("/<int:campaign_id>/internal/csv/<string:key>.csv", defaults={"internal": True})
@bp.get("/<int:campaign_id>/csv/<string:key>.csv", defaults={"internal": False})
def report_csv(campaign_id: int, key: str, internal: bool):
    d, _ = _read(campaign_id, internal)
    table = export.table_by_key(d, key)
    if table is None:
        abort(404)
    return _file(export.csv_text(table).encode("utf-8"), "text/csv", _name(d, "csv", key))


@bp.get("/<int:campaign_id>/internal/report.pdf", defaults={"internal": True})
@bp.get("/<int:campaign_id>/report.pdf", defaults={"internal": False})
@limiter.limit(REPORT_PDFS_PER_IP)
def report_pdf(campaign_id: int, internal: bool):
    d, _ = _read(campaign_id, internal)
    draw = get_template_attribute("campaigns/_charts.html", "bars")
    # the report is an official record, in Vietnamese whatever language the reader chose for the pages; so are
    # the Excel and CSV files (services.movement.tables writes their headers in Vietnamese)
    with force_locale("vi"):
        charts = [(c.title, str(draw(c))) for c in all_charts(d).values() if c.bars]
    return _file(export.report_pdf(d, charts=charts, generated=_local_now()), "application/pdf", _name(d, "pdf"))


def _local_now() -> datetime:
    return clock.now().replace(tzinfo=UTC).astimezone(clock.LOCAL_TZ).replace(tzinfo=None)


def _name(d, extension: str, key: str = "bao-cao") -> str:
    scope = "-noi-bo" if d.internal else ""
    return f"phong-trao-{d.campaign.id}-{key}{scope}-{d.on:%Y%m%d}.{extension}"


def _file(data: bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
