"""One recognition, its public timeline, the decisions with their recipient lists, and certificate
verification. Read-only; what leaves here is a public projection (name, position and unit, never a birth
date, ID number or contact), so a template cannot reach a private field by accident.
"""
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload, undefer

from ...models import AuditEvent, Certificate, Decision, DecisionLine
from ...rules.i18n import NC_, N_
from ...rules.permissions import ROLE_LABELS, Role
from ...rules.states import Action, State
from .. import audit
from .search import MAX_ID, _register_select

VERIFY_CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def recognition(session: Session, line_id: int):
    """The register row of one line (a Row: row.recipient_name…), or None."""
    if not 0 < line_id <= MAX_ID:
        return None
    return session.connection().execute(_register_select().where(DecisionLine.id == line_id)).one_or_none()


@dataclass(frozen=True)
class TimelineEntry:
    """Told in message ids: the page translates `label` (in the message context "timeline": an event, where
    the same Vietnamese elsewhere names a state or a button), `who`, and `detail` % `params`; the params are
    data (numbers, dates, codes), never words."""
    occurred_at: datetime
    action: str
    label: str
    who: str
    detail: str = ""
    reason: str | None = None
    receipt_code: str | None = None
    notice_id: int | None = None
    params: dict[str, Any] = field(default_factory=dict)


def public_timeline(session: Session, nomination_id: int) -> list[TimelineEntry]:
    """The nomination's public audit events, told plainly: who acted by role (never a staff member's
    name), comments by receipt code only, the council's counts only."""
    return [_entry(event) for event in audit.events_for(session, "nomination", nomination_id, public_only=True)]


def _entry(event: AuditEvent) -> TimelineEntry:
    changes: dict[str, Any] = event.changes or {}
    label, detail, params = _TELLERS.get(event.action, _untold)(changes)
    return TimelineEntry(occurred_at=event.occurred_at, action=event.action, label=label, who=_who(event.role),
                         detail=detail, params=params,
                         reason=event.reason, receipt_code=changes.get("receipt_code"),
                         notice_id=changes.get("notice_id"))


def _who(role: str) -> str:
    """By role, never by name: the public sees which body acted."""
    if role == "citizen":
        return N_("Công dân")
    return ROLE_LABELS[Role(role)] if role in {str(r) for r in Role} else role


def _vn(iso: Any) -> str:
    try:
        return date.fromisoformat(str(iso)).strftime("%d/%m/%Y")
    except ValueError:
        return str(iso)


# The council's result in one sentence per case, so a translation never has to assemble Vietnamese pieces.
_TALLY = {
    (True, False): N_("%(present)s/%(members)s thành viên có mặt; đồng ý %(agree)s, không đồng ý %(disagree)s, "
                      "không biểu quyết %(abstain)s: thông qua."),
    (False, False): N_("%(present)s/%(members)s thành viên có mặt; đồng ý %(agree)s, không đồng ý %(disagree)s, "
                       "không biểu quyết %(abstain)s: không thông qua."),
    (True, True): N_("%(present)s/%(members)s thành viên có mặt, %(recused)s thành viên không biểu quyết vì thuộc "
                     "đơn vị đề nghị; đồng ý %(agree)s, không đồng ý %(disagree)s, không biểu quyết %(abstain)s: "
                     "thông qua."),
    (False, True): N_("%(present)s/%(members)s thành viên có mặt, %(recused)s thành viên không biểu quyết vì "
                      "thuộc đơn vị đề nghị; đồng ý %(agree)s, không đồng ý %(disagree)s, không biểu quyết "
                      "%(abstain)s: không thông qua."),
}


def _tally(c: dict) -> tuple[str, str, dict]:
    counts = {key: c.get(key) for key in ("present", "members", "recused", "agree", "disagree", "abstain")}
    return (NC_("timeline", "Hội đồng Thi đua – Khen thưởng biểu quyết"), _TALLY[bool(c.get("passed")), bool(c.get("recused"))],
            counts)


def _receipt(label: str):
    return lambda c: (label, N_("Mã tiếp nhận %(code)s."), {"code": c.get("receipt_code")})


def _untold(c: dict) -> tuple[str, str, dict]:
    """A public event this module has no words for yet: said generally, never by its code."""
    return NC_("timeline", "Cập nhật hồ sơ"), "", {}


def _issued(c: dict) -> tuple[str, str, dict]:
    """The signed PDF of the nominee's certificate (the decision's own PDF is an event of the decision)."""
    return (NC_("timeline", "Cấp bằng khen, giấy khen có chữ ký số"),
            N_("Theo Quyết định số %(number)s; số sổ vàng %(book)s."),
            {"number": c.get("decision"), "book": c.get("golden_book_no")})


_TELLERS = {
    Action.SUBMIT: lambda c: (NC_("timeline", "Đơn vị gửi hồ sơ đề nghị khen thưởng"), N_("Lần gửi thứ %(revision)s."),
                              {"revision": c.get("revision", 1)}),
    Action.RESUBMIT: lambda c: (NC_("timeline", "Đơn vị gửi lại hồ sơ sau khi bổ sung"), N_("Lần gửi thứ %(revision)s."),
                                {"revision": c.get("revision")}),
    Action.OPEN_NOTICE: lambda c: (NC_("timeline", "Công khai lấy ý kiến Nhân dân"),
                                   N_("Từ %(start)s đến hết %(end)s (%(days)s ngày làm việc)."),
                                   {"start": _vn(c.get("start_date")), "end": _vn(c.get("end_date")),
                                    "days": c.get("working_days")}),
    Action.RECEIVE_COMMENT: _receipt(NC_("timeline", "Tiếp nhận ý kiến Nhân dân")),
    Action.ANSWER_COMMENT: _receipt(NC_("timeline", "Công bố trả lời ý kiến")),
    Action.CORRECT_ANSWER: _receipt(NC_("timeline", "Đính chính trả lời ý kiến")),
    Action.UPHOLD_OBJECTION: _receipt(NC_("timeline", "Chấp nhận ý kiến phản ánh")),
    Action.TALLY: _tally,
    Action.DECIDE: lambda c: (NC_("timeline", "Quyết định khen thưởng"), N_("Quyết định số %(number)s ngày %(day)s."),
                              {"number": c.get("decision"), "day": _vn(c.get("decision_date"))}),
    Action.REFUSE: lambda c: (NC_("timeline", "Không khen thưởng"), "", {}),
    Action.REVOKE: lambda c: (NC_("timeline", "Thu hồi khen thưởng"), N_("Theo Quyết định số %(number)s."),
                              {"number": c.get("revoking_decision_no")}),
    Action.ISSUE_PDF: _issued,
}


# --- decisions ------------------------------------------------------------------------------------------

def decisions_query() -> Select:
    """Every decision, newest first (for the paginator)."""
    return (select(Decision).options(undefer(Decision.line_count), joinedload(Decision.authority))
            .order_by(Decision.decision_date.desc(), Decision.id.desc()))


def decision(session: Session, decision_id: int) -> Decision | None:
    return session.get(Decision, decision_id) if 0 < decision_id <= MAX_ID else None


def recipients(session: Session, decision_id: int) -> list:
    """The decision's full recipient list in its order, with each line's present status."""
    query = _register_select().where(DecisionLine.decision_id == decision_id).order_by(DecisionLine.position)
    return list(session.connection().execute(query.add_columns(DecisionLine.position)).all())


def latest_decisions(session: Session, limit: int = 5) -> list[Decision]:
    return list(session.scalars(decisions_query().limit(limit)))


# --- verification -----------------------------------------------------------------------------------------

def clean_code(text: str | None) -> str:
    """A verification code as printed or pasted: spaces and dashes dropped, upper case; a pasted link
    gives its last path segment."""
    text = (text or "").strip().rstrip("/").rsplit("/", 1)[-1]
    return "".join(ch for ch in text.upper() if ch not in " -\t")[:40]


def is_code(code: str) -> bool:
    return len(code) == 16 and set(code) <= VERIFY_CODE_CHARS


@dataclass(frozen=True)
class Verification:
    code: str
    valid: bool
    row: Any                        # the register row (a Row)
    golden_book_no: int
    revoked_at: datetime | None
    revocation_reason: str | None
    revoking_decision_no: str | None
    pdf_sha256: str | None

    @property
    def status(self) -> str:
        return "valid" if self.valid else "revoked"


def verification(session: Session, code: str) -> Verification | None:
    """The certificate behind a code, or None (unknown). Revoked when the certificate or its award is."""
    if not is_code(code):
        return None
    certificate = session.scalar(select(Certificate).where(Certificate.verify_code == code))
    if certificate is None:
        return None
    row = recognition(session, certificate.decision_line_id)
    revoked = certificate.revoked or row.state == State.REVOKED
    return Verification(code=code, valid=not revoked, row=row, golden_book_no=certificate.golden_book_no,
                        revoked_at=certificate.revoked_at,
                        revocation_reason=certificate.revocation_reason or row.revocation_reason,
                        revoking_decision_no=certificate.revoking_decision_no or row.revoking_decision_no,
                        pdf_sha256=certificate.pdf_sha256)


def code_for_pdf(session: Session, sha256: str) -> str | None:
    """The verification code of the certificate whose issued PDF has this hash, if any."""
    return session.scalar(select(Certificate.verify_code).where(Certificate.pdf_sha256 == sha256))
