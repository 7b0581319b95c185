"""The API's objects, built from what the public queries return: stable field names (docs/API.md and the
OpenAPI document list them), dates as ISO 8601, labels in the reader's language. A recognition is the open
data's record (services.register.open_data), so the API, the CSV and the JSON files say the same."""
from typing import Any

from flask_babel import gettext, pgettext

from ...models import Decision, Nomination, Proposal, PublicNotice
from ...services.movement.tables import Table
from ...services.register import NoticeView, TimelineEntry, Verification, open_data
from ...services.register.notices import CampaignSummary, decision_title
from ...urls import public_url_for


def recognition_item(row: Any) -> dict[str, Any]:
    verify = public_url_for("public.verify", code=row.verify_code) if row.verify_code else None
    url = public_url_for("public.recognition", line_id=row.id) if not row.imported else None
    return open_data.record(row, url=url or "", verify_url=verify) | {"decision_id": row.decision_id}


def timeline_item(entry: TimelineEntry) -> dict[str, Any]:
    return {"occurred_at": entry.occurred_at, "action": entry.action, "label": pgettext("timeline", entry.label),
            "who": gettext(entry.who), "detail": gettext(entry.detail, **entry.params) if entry.detail else "",
            "reason": entry.reason, "receipt_code": entry.receipt_code, "notice_id": entry.notice_id}


def decision_item(decision: Decision) -> dict[str, Any]:
    signer = " ".join(p for p in (decision.signing_form, decision.signer_title, decision.signer_name) if p)
    return {"id": decision.id, "number": decision.number, "decision_date": decision.decision_date,
            "title": decision.title, "full_title": decision_title(decision), "authority": decision.authority.name,
            "signer": signer, "recipients_count": decision.line_count,
            "url": public_url_for("public.decision", decision_id=decision.id)}


def notice_item(notice: PublicNotice, remaining: int) -> dict[str, Any]:
    return {"id": notice.id, "title": notice.title, "authority": notice.authority.name,
            "campaign_id": notice.campaign_id, "start_date": notice.start_date, "end_date": notice.end_date,
            "working_days": notice.working_days, "remaining_working_days": remaining,
            "nominees_count": len(notice.items), "url": public_url_for("public.notice", notice_id=notice.id)}


def notice_detail(view: NoticeView) -> dict[str, Any]:
    return notice_item(view.notice, view.remaining) | {
        "is_open": view.is_open, "how_to_comment": view.notice.how_to_comment, "legal_basis": view.legal_basis,
        "nominees": [{
            "nomination_id": n.nomination_id, "name": n.name, "line": n.line, "kind": gettext(n.kind),
            "award_type": n.award_type, "proposing_unit": n.proposing_unit, "achievement_summary": n.summary,
            "period_from": n.period_from, "period_to": n.period_to, "state": n.state, "recognition_id": n.line_id,
            "can_comment": n.can_comment,
            "attachments": [{"id": i, "filename": name, "size": size,
                             "url": public_url_for("public.attachment", attachment_id=i)} for i, name, size in n.attachments],
            "answers": [{"receipt_code": a.receipt_code, "status": a.status, "received_at": a.received_at,
                         "resolution": a.resolution, "answer": a.answer, "answered_at": a.answered_at}
                        for a in n.answers]} for n in view.nominees]}


def campaign_item(summary: CampaignSummary) -> dict[str, Any]:
    c = summary.campaign
    return {"id": c.id, "name": c.name, "description": c.description, "authority": c.authority.name,
            "period_start": c.period_start, "period_end": c.period_end,
            "nomination_deadline": c.nomination_deadline, "open_for_nominations": summary.open_for_nominations,
            "disclosed": summary.disclosed, "awarded": summary.awarded, "revoked": summary.revoked,
            "url": public_url_for("campaigns.dashboard", campaign_id=c.id)}


def table_item(table: Table) -> dict[str, Any]:
    return {"key": table.key, "title": table.title, "columns": [column.header for column in table.columns],
            "rows": [[_cell(value) for value in row] for row in table.rows]}


def _cell(value: Any) -> Any:
    """A table's cell as JSON takes it: text, number, date or null (an enum or a label as its text)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return float(value) if hasattr(value, "as_integer_ratio") else str(value)


def verification_item(found: Verification, url: str) -> dict[str, Any]:
    successor = found.superseded_by or found.stands_for
    return {"code": found.code, "status": found.status, "golden_book_no": found.golden_book_no,
            "revoked_at": found.revoked_at, "revocation_reason": found.revocation_reason,
            "revoking_decision_no": found.revoking_decision_no, "url": url,
            "superseded_by": found.superseded_by.new_code if found.superseded_by else None,
            "stands_for": found.stands_for.old_code if found.stands_for else None,
            "succession_date": successor.on if successor else None,
            "recognition": recognition_item(found.row)}


def proposal_item(proposal: Proposal) -> dict[str, Any]:
    return {"id": proposal.id, "number": proposal.number, "letter_date": proposal.letter_date,
            "campaign_id": proposal.campaign_id, "proposing_unit_id": proposal.proposing_unit_id,
            "state": str(proposal.state), "version": proposal.version, "created_at": proposal.created_at,
            "nominations": [nomination_item(line) for line in proposal.lines]}


def nomination_item(nomination: Nomination) -> dict[str, Any]:
    return {"id": nomination.id, "nominee_name": nomination.nominee.full_name,
            "nominee_kind": nomination.nominee.kind, "award_type_id": nomination.award_type_id,
            "award_type": nomination.award_type.name, "state": str(nomination.state),
            "state_label": gettext(nomination.procedure.state_label(nomination.state)),
            "return_reason": nomination.return_reason, "version": nomination.version,
            "attachments": [{"id": a.id, "filename": a.filename, "kind": a.kind, "sha256": a.sha256,
                             "public": a.is_public} for a in nomination.attachments]}
