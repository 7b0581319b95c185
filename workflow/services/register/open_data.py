"""The register as open data: one flat record per decision line, the same fields the pages show and no
private one (no birth date, ID number, address, gender, contact, ballot). CSV and JSON share FIELDS; the CSV
row's text cells go through rules.spreadsheet (a name starting with "=" is never run as a formula), the JSON
keeps every value exactly."""
from typing import Any

from ...rules.spreadsheet import csv_cell
from ...rules.states import State

FIELDS = (
    "id", "recipient_name", "recipient_line", "nominee_kind", "award_type", "status", "decision_number",
    "decision_date", "signer", "authority", "campaign", "proposing_unit", "achievement_summary", "period_from",
    "period_to", "prize_amount", "revoking_decision_no", "revocation_reason", "url", "verify_url", "imported",
)


def record(row: Any, *, url: str, verify_url: str | None) -> dict[str, Any]:
    """A register row (services.register.search) as an open-data record; dates as ISO 8601."""
    signer = " ".join(part for part in (row.signing_form, row.signer_title, row.signer_name) if part)
    revoked = row.state == State.REVOKED
    return {
        "id": row.id, "recipient_name": row.recipient_name, "recipient_line": row.recipient_line,
        "nominee_kind": row.nominee_kind, "award_type": row.award_type,
        "status": "revoked" if revoked else "awarded", "decision_number": row.decision_number,
        "decision_date": row.decision_date.isoformat(), "signer": signer, "authority": row.authority,
        "campaign": row.campaign, "proposing_unit": row.proposing_unit,
        "achievement_summary": row.achievement_summary, "period_from": row.period_from.isoformat(),
        "period_to": row.period_to.isoformat(), "prize_amount": row.prize_amount,
        "revoking_decision_no": row.revoking_decision_no if revoked else None,
        "revocation_reason": row.revocation_reason if revoked else None,
        "url": url if not row.imported else None, "verify_url": verify_url,
        "imported": bool(row.imported),   # from the old golden book (issue 16): campaign says so, no certificate
    }


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    """An open-data record as a CSV row: a text a spreadsheet would run as a formula gets a leading apostrophe
    ("'- Tham gia…"); numbers, dates and links are unchanged."""
    return {field: csv_cell(value) for field, value in record.items()}
