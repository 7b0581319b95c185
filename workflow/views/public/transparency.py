"""Transparency of the audit trail: the chain head (hash and count) with how to check it, and the public
export as JSON lines (public events in full, internal ones as link-only stubs)."""
from flask import Response, render_template, stream_with_context

from ...extensions import db
from ...services import transparency_log
from ...services.transparency import as_line, export, head
from . import bp, public_for

EXPORT_NAME = "vinhdanh-nhat-ky-cong-khai.jsonl"


@bp.get("/transparency")
def transparency():
    return render_template("public/transparency.html", head=head(db.session), export_name=EXPORT_NAME,
                           checkpoint=transparency_log.latest(db.session))


@bp.get("/transparency/audit-public.jsonl")
@public_for(60)
def audit_export():
    chain = head(db.session)
    lines = stream_with_context(as_line(record) for record in export(db.session, chain.seq))
    return Response(lines, content_type="application/x-ndjson; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{EXPORT_NAME}"',
        "X-Audit-Head-Seq": str(chain.seq), "X-Audit-Head-Hash": chain.hash})
