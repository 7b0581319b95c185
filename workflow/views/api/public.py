"""Public reads: what the public pages show, through the same queries (services.register, services.transparency,
services.movement), as JSON. No sign-in; the fields are the open data's (no private one)."""
from datetime import date
from itertools import islice

from flask import request
from flask_babel import gettext as _
from sqlalchemy import select, tuple_

from ...extensions import db
from ...models import Campaign, Decision, PublicNotice
from ...services import clock, movement, register
from ...services.movement.tables import tables
from ...services.transparency import export, head
from ...urls import public_url_for
from . import as_json, arg_int, bp, cursor, load_or_404, page, page_limit, refuse
from .shapes import (campaign_item, decision_item, notice_detail, notice_item, recognition_item, table_item,
                     timeline_item, verification_item)

MAX_QUERY_CHARS = 200


@bp.get("/recognitions")
def recognitions():
    after = cursor(str, int)
    found = register.search(db.session, _filters(), after=_register_cursor(after), limit=page_limit())
    last = found.next_cursor
    return as_json(page([recognition_item(row) for row in found.rows],
                        (last.decision_date.isoformat(), last.line_id) if last else None))


def _filters() -> register.Filters:
    q = request.args.get("q", "")
    if len(q) > MAX_QUERY_CHARS:
        refuse(400, _("Từ khóa tìm kiếm tối đa %(n)s ký tự.", n=MAX_QUERY_CHARS))
    return register.Filters(q=q, year=arg_int("year", minimum=1900, maximum=2100), campaign_id=arg_int("campaign"),
                            award_type_id=arg_int("award_type"), unit_id=arg_int("unit"))


def _register_cursor(values: tuple | None) -> register.Cursor | None:
    if values is None:
        return None
    parsed = register.Cursor.parse(f"{values[0]}.{values[1]}")
    if parsed is None:
        refuse(400, _("Con trỏ phân trang «cursor» không hợp lệ: hãy dùng đúng giá trị next_cursor đã nhận."))
    return parsed


@bp.get("/recognitions/<int:line_id>")
def recognition(line_id: int):
    row = load_or_404(register.recognition(db.session, line_id))
    timeline = [timeline_item(entry) for entry in register.public_timeline(db.session, row.nomination_id)]
    return as_json(recognition_item(row) | {"timeline": timeline})


@bp.get("/decisions")
def decisions():
    query = register.decisions_query()
    if (after := cursor(str, int)) is not None:
        query = query.where(tuple_(Decision.decision_date, Decision.id) < (_day(after[0]), after[1]))
    found = list(db.session.scalars(query.limit(page_limit() + 1)))
    return as_json(_keyset_page(found, decision_item, lambda d: (d.decision_date.isoformat(), d.id)))


@bp.get("/decisions/<int:decision_id>")
def decision(decision_id: int):
    found = load_or_404(register.decision(db.session, decision_id))
    recipients = [recognition_item(row) for row in register.recipients(db.session, found.id)]
    return as_json(decision_item(found) | {"recipients": recipients})


@bp.get("/notices")
def notices():
    """Open notices (all of them, the public page's list), or the archive (`status=archived`) by pages."""
    today, after, status = clock.today(), cursor(str, int), request.args.get("status", "open")
    page_limit()   # read (and checked) whatever the status: the open notices are one page
    if status == "open":
        return as_json(page([notice_item(s.notice, s.remaining) for s in register.open_notices(db.session, today)],
                            None))
    if status != "archived":
        refuse(400, _("Tham số «status» chỉ nhận open hoặc archived."))
    query = register.archived_notices(today)
    if after is not None:
        query = query.where(tuple_(PublicNotice.end_date, PublicNotice.id) < (_day(after[0]), after[1]))
    found = list(db.session.scalars(query.limit(page_limit() + 1)))
    return as_json(_keyset_page(found, lambda n: notice_item(n, 0), lambda n: (n.end_date.isoformat(), n.id)))


@bp.get("/notices/<int:notice_id>")
def notice(notice_id: int):
    found = load_or_404(register.notice(db.session, notice_id))
    return as_json(notice_detail(register.notice_view(db.session, found, clock.today())))


@bp.get("/campaigns")
def campaigns():
    page_limit(), cursor(int)   # checked like every list's, though the public campaigns are one page
    summaries = register.notices.campaigns(db.session, clock.today())
    return as_json(page([campaign_item(summary) for summary in summaries], None))


@bp.get("/campaigns/<int:campaign_id>/results")
def campaign_results(campaign_id: int):
    """The public dashboard's tables (the same the page and its CSV files show), on today or `on`."""
    campaign = load_or_404(_public_campaign(campaign_id))
    today = clock.today()
    on = _day(request.args["on"]) if "on" in request.args else movement.default_date(campaign, today)
    dashboard = movement.dashboard(db.session, campaign, on=on, today=today, internal=False)
    return as_json({"campaign_id": campaign.id, "name": campaign.name, "on": on,
                    "tables": [table_item(table) for table in tables(dashboard)]})


def _public_campaign(campaign_id: int) -> Campaign | None:
    return db.session.scalar(select(Campaign).where(Campaign.id == campaign_id, Campaign.is_public.is_(True)))


@bp.get("/certificates/<code>")
def certificate(code: str):
    """A certificate's status by its verification code (the QR code): valid, revoked, corrected or replaced."""
    found = load_or_404(register.verification(db.session, register.clean_code(code)))
    return as_json(verification_item(found, public_url_for("public.verify", code=found.code)))


@bp.get("/audit-events")
def audit_events():
    """The audit chain in order, public events in full and internal ones as stubs (the transparency export),
    by pages: `cursor` continues after the last event of the previous page."""
    after = cursor(int)
    chain = head(db.session)
    limit = page_limit()
    events = list(islice(export(db.session, chain.seq, batch=limit + 1, after=after[0] if after else 0), limit + 1))
    more = len(events) > limit
    events = events[:limit]
    return as_json(page(events, (events[-1]["seq"],) if more else None) | {"head": {"seq": chain.seq,
                                                                                   "hash": chain.hash}})


def _keyset_page(found: list, shape, key) -> dict:
    limit = page_limit()
    rows = found[:limit]
    return page([shape(row) for row in rows], key(rows[-1]) if len(found) > limit and rows else None)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        refuse(400, _("Ngày phải viết theo dạng năm-tháng-ngày (YYYY-MM-DD)."))

