"""One recognition, its public timeline, the decisions with their recipient lists, and certificate
verification. Read-only; what leaves here is a public projection (name, position and unit, never a birth
date, ID number or contact), so a template cannot reach a private field by accident.
"""
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload, undefer

from ...models import AuditEvent, Certificate, CertificateReissue, Decision, DecisionLine, LineCorrection
from ...rules.i18n import NC_, N_
from ...rules.permissions import ROLE_LABELS, Role
from ...rules.states import Action, State
from .. import audit, clock
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
    Action.CORRECT_DECISION: lambda c: (NC_("timeline", "Đính chính quyết định khen thưởng"),
                                        N_("Quyết định số %(number)s ngày %(day)s đính chính Quyết định số "
                                           "%(original)s; bằng mới mang mã %(code)s."),
                                        {"number": c.get("decision"), "day": _vn(c.get("decision_date")),
                                         "original": c.get("corrects"), "code": c.get("new_code")}),
    Action.REISSUE_CERTIFICATE: lambda c: (NC_("timeline", "Cấp lại bằng khen"),
                                           N_("Cấp lại lần %(number)s; bằng mới mang mã %(code)s."),
                                           {"number": c.get("number"), "code": c.get("new_code")}),
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


def corrections(session: Session, decision_id: int) -> list[LineCorrection]:
    """The lines a correcting decision corrected, and the corrections of a decision's own lines (issue 16),
    in the order they were made: the decision page shows both."""
    return list(session.scalars(select(LineCorrection)
                                .join(DecisionLine, DecisionLine.id == LineCorrection.decision_line_id)
                                .where((LineCorrection.decision_id == decision_id)
                                       | (DecisionLine.decision_id == decision_id)).order_by(LineCorrection.id)))


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
class Succession:
    """How one certificate code led to another (issue 16): a correcting decision (đính chính) or a replacement
    (cấp lại). Seen from the old code it says what superseded it; from the new code, what it stands in for."""

    kind: str                       # "corrected" | "replaced"
    old_code: str
    new_code: str
    on: date                        # the correcting decision's date, or the day the replacement was recorded
    reason: str = ""                # a correction's reason (public, as the decision's)
    decision_id: int | None = None  # the correcting decision
    decision_number: str = ""
    old_name: str = ""              # the wording the old certificate carried
    old_line: str = ""
    number: int = 0                 # cấp lại lần N
    title: str = ""                 # "Bằng khen", "Giấy khen": what the certificate is called


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
    superseded_by: Succession | None = None   # this code was corrected or replaced: the paper is not the current one
    stands_for: Succession | None = None      # this code corrects or replaces an earlier one

    @property
    def status(self) -> str:
        if self.superseded_by is not None:
            return self.superseded_by.kind
        return "valid" if self.valid else "revoked"


def verification(session: Session, code: str) -> Verification | None:
    """The certificate behind a code, or None (unknown). Revoked when the certificate or its award is; a code a
    correction or a replacement superseded still answers, saying by what."""
    if not is_code(code):
        return None
    certificate = session.scalar(select(Certificate).where(Certificate.verify_code == code))
    superseded = None
    if certificate is None:
        superseded = _superseded(session, code)
        if superseded is None:
            return None
        certificate, superseded = superseded
    row = recognition(session, certificate.decision_line_id)
    revoked = certificate.revoked or row.state == State.REVOKED
    return Verification(code=code, valid=not revoked and superseded is None, row=row,
                        golden_book_no=certificate.golden_book_no, revoked_at=certificate.revoked_at,
                        revocation_reason=(certificate.revocation_reason or row.revocation_reason)
                        if revoked else None,
                        revoking_decision_no=(certificate.revoking_decision_no or row.revoking_decision_no)
                        if revoked else None,
                        # a superseded file is not served as if current: the page links the certificate in force
                        pdf_sha256=None if superseded else certificate.pdf_sha256,
                        superseded_by=superseded, stands_for=None if superseded else _stands_for(session, code))


def _superseded(session: Session, code: str) -> tuple[Certificate, Succession] | None:
    correction = session.scalar(select(LineCorrection).where(LineCorrection.old_code == code))
    if correction is not None:
        return correction.certificate, _corrected(correction)
    reissue = session.scalar(select(CertificateReissue).where(CertificateReissue.old_code == code))
    if reissue is not None:
        return reissue.certificate, _replaced(reissue)
    return None


def _stands_for(session: Session, code: str) -> Succession | None:
    correction = session.scalar(select(LineCorrection).where(LineCorrection.new_code == code))
    if correction is not None:
        return _corrected(correction)
    reissue = session.scalar(select(CertificateReissue).where(CertificateReissue.new_code == code))
    return _replaced(reissue) if reissue is not None else None


def _corrected(c: LineCorrection) -> Succession:
    return Succession("corrected", c.old_code, c.new_code, c.decision.decision_date, reason=c.reason,
                      decision_id=c.decision_id, decision_number=c.decision.number, old_name=c.old_name,
                      old_line=c.old_line, title=_title(c.certificate))


def _replaced(r: CertificateReissue) -> Succession:
    return Succession("replaced", r.old_code, r.new_code, clock.local_date(r.recorded_at), number=r.number,
                      title=_title(r.certificate))


def _title(certificate: Certificate) -> str:
    return (certificate.line.award_type.certificate_title or "Bằng khen").capitalize()


def code_for_pdf(session: Session, sha256: str) -> str | None:
    """The verification code of the certificate whose issued PDF has this hash, if any."""
    return (session.scalar(select(Certificate.verify_code).where(Certificate.pdf_sha256 == sha256))
            # a file signed before a correction or a replacement: its own (superseded) code, whose page says so
            or session.scalar(select(LineCorrection.old_code).where(LineCorrection.old_pdf_sha256 == sha256))
            or session.scalar(select(CertificateReissue.old_code).where(CertificateReissue.old_pdf_sha256 == sha256)))
