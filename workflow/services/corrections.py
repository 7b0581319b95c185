"""After issue: the authority's correcting decision (đính chính) of issued lines, and the secretariat's
replacement (cấp lại) of a lost or damaged certificate. Either gives the line's certificate a new code and
leaves it to be signed again through the decision's usual path (documents.issue, or the job behind the
decision page's "issue the missing files"); the superseded code is kept so /verify can say what replaced it.
Never imports flask; never commits."""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import (Certificate, CertificateReissue, Decision, DecisionLine, LineCorrection, ReissueReason, Signer,
                      User)
from ..rules import in_force
from ..rules.after_issue import correction_title
from ..rules.errors import Conflict, InvalidTransition, ValidationFailed
from ..rules.states import Action, State
from . import audit, clock, documents, office_register, register
from .decisions import new_verify_code
from .lifecycle import authorize, require_distinct, require_text


@dataclass(frozen=True)
class Change:
    """What a correction writes on one line: the recipient's name and the line under it (position, unit)."""

    line: DecisionLine
    name: str
    recipient_line: str


def correct(session: Session, changes: Sequence[Change], *, by: User, signer: Signer, decision_date: date,
            reason: str, press: documents.Press | None = None,
            numbering: office_register.NumberSource = office_register.NOTHING_ENTERED,
            now: datetime | None = None) -> Decision:
    """Ban hành quyết định đính chính: a decision numbered like any other (the issuer's counter, the office's
    register or the document system: services/office_register), whose lines' wording
    changes in the register (the old wording kept in line_correction), each line's certificate getting a new
    code, signed at once when a signing press is given (otherwise left for the decision's missing files)."""
    if not changes:
        raise ValidationFailed("Chọn ít nhất một dòng quyết định cần đính chính.")
    require_distinct([c.line for c in changes], "Một dòng quyết định được chọn hai lần.")
    reason = require_text(reason, "Cần nêu lý do đính chính.", field="reason")
    authority = _check_lines(changes, by)
    if signer.authority_id != authority.id or not signer.active:
        raise ValidationFailed("Người ký không thuộc cấp có thẩm quyền ban hành quyết định.", field="signer_id")
    in_force.require([(authority, "cấp có thẩm quyền"), (signer, "người ký")], decision_date, field="signer_id")
    originals = sorted({c.line.decision for c in changes}, key=lambda d: (d.decision_date, d.id))
    title = correction_title((d.number, d.decision_date) for d in originals)
    assigned = office_register.assign(session, authority, decision_date, numbering, title=title)
    number = assigned.number
    decision = Decision(
        authority=authority, year=number.year, seq=number.seq, number=str(number), number_source=assigned.source,
        decision_date=decision_date, title=title, legal_basis=originals[0].legal_basis,
        proposal="", signer=signer, signer_name=signer.full_name, signing_form=signer.signing_form,
        signer_title=signer.title, issued_by_id=by.id, issued_at=now or clock.now())
    office_register.claim(session, decision)
    corrections = [_correct_line(session, decision, change, reason, by=by, now=now) for change in changes]
    audit.record(session, by=by, action=Action.CORRECT_DECISION, object_type="decision", object_id=decision.id,
                 reason=reason, now=now, changes={
                     "decision": decision.number, "corrects": [d.number for d in originals],
                     "corrected_decision_ids": [d.id for d in originals],
                     "lines": [c.decision_line_id for c in corrections],
                     "certificates": [{"old_code": c.old_code, "new_code": c.new_code} for c in corrections]}
                 | office_register.source_changes(assigned))
    if press is not None and press.signer is not None:
        for original in originals:
            documents.issue(session, original, press=press, by=by, now=now)
    return decision


def _check_lines(changes: Sequence[Change], by: User):
    authorities = set()
    for change in changes:
        nomination, certificate = change.line.nomination, change.line.certificate
        authorize(by, Action.CORRECT_DECISION, nomination)
        if nomination.state != State.AWARDED or certificate.revoked:
            raise InvalidTransition(f"Khen thưởng của «{change.line.recipient_name}» đã bị thu hồi; không đính chính.")
        name = require_text(change.name, "Cần nhập họ và tên (hoặc tên tập thể) sau đính chính.", field="name")
        if len(name) > 200 or len(change.recipient_line.strip()) > 300:
            raise ValidationFailed("Tên hoặc chức vụ, đơn vị sau đính chính quá dài.", field="name")
        if (name, change.recipient_line.strip()) == (change.line.recipient_name, change.line.recipient_line):
            raise ValidationFailed(f"Nội dung đính chính của «{name}» không khác nội dung đã ban hành.", field="name")
        authorities.add(change.line.decision.authority)
    if len(authorities) != 1:
        raise ValidationFailed("Các dòng được đính chính phải do cùng một cấp có thẩm quyền ban hành.")
    return authorities.pop()


def _correct_line(session: Session, decision: Decision, change: Change, reason: str, *, by: User,
                  now: datetime | None) -> LineCorrection:
    line, certificate = change.line, change.line.certificate
    correction = LineCorrection(
        decision=decision, line=line, certificate=certificate, old_name=line.recipient_name,
        old_line=line.recipient_line, new_name=change.name.strip(), new_line=change.recipient_line.strip(),
        reason=reason, old_code=certificate.verify_code, old_pdf_sha256=certificate.pdf_sha256,
        new_code=new_verify_code())
    session.add(correction)
    line.recipient_name, line.recipient_line = correction.new_name, correction.new_line
    register.index(line)   # the register finds the corrected wording
    certificate.verify_code, certificate.pdf_sha256 = correction.new_code, None
    _flush_once(session)
    audit.record(session, by=by, action=Action.CORRECT_DECISION, object_type="nomination",
                 object_id=line.nomination_id, reason=reason, now=now, changes={
                     "decision": decision.number, "decision_date": decision.decision_date,
                     "corrects": line.decision.number, "correction_id": correction.id, "decision_id": decision.id,
                     "line_id": line.id, "certificate_id": certificate.id, "old_code": correction.old_code,
                     "new_code": correction.new_code, "old_name": correction.old_name,
                     "new_name": correction.new_name, "old_line": correction.old_line,
                     "new_line": correction.new_line})
    return correction


# --- replacement (cấp lại) --------------------------------------------------------------------------------------

def reissue(session: Session, certificate: Certificate, *, by: User, reason: ReissueReason | str, requested_by: str,
            requested_on: date, note: str = "", now: datetime | None = None) -> CertificateReissue:
    """Cấp lại: the same decision, line and content under a new code (marked "Cấp lại lần N ngày …" when
    signed); the old code's page says it was replaced. The award stands: a revoked one is not reissued."""
    nomination = certificate.line.nomination
    authorize(by, Action.REISSUE_CERTIFICATE, nomination)
    if certificate.revoked or nomination.state != State.AWARDED:
        raise InvalidTransition("Khen thưởng này đã bị thu hồi; không cấp lại bằng.")
    if reason not in {str(r) for r in ReissueReason}:
        raise ValidationFailed("Chọn lý do cấp lại: mất hoặc hư hỏng.", field="reason")
    requested_by = require_text(requested_by, "Cần ghi người hoặc cơ quan đề nghị cấp lại.", field="requested_by")
    if requested_on > clock.local_date(now or clock.now()):
        raise ValidationFailed("Ngày đề nghị không được sau hôm nay.", field="requested_on")
    number = (session.scalar(select(func.max(CertificateReissue.number))
                             .where(CertificateReissue.certificate_id == certificate.id)) or 0) + 1
    reissued = CertificateReissue(
        certificate=certificate, number=number, reason=ReissueReason(reason), requested_by=requested_by[:200],
        requested_on=requested_on, note=(note or "").strip(), old_code=certificate.verify_code,
        old_pdf_sha256=certificate.pdf_sha256, new_code=new_verify_code(), recorded_by_id=by.id,
        recorded_at=now or clock.now())
    session.add(reissued)
    certificate.verify_code, certificate.pdf_sha256 = reissued.new_code, None
    _flush_once(session)
    audit.record(session, by=by, action=Action.REISSUE_CERTIFICATE, object_type="nomination",
                 object_id=nomination.id, now=now, changes={
                     "certificate_id": certificate.id, "reissue_id": reissued.id, "number": number,
                     # public event: who asked (a person's name) stays on the reissue row, not in the public trail
                     "reason": str(reissued.reason), "requested_on": requested_on,
                     "old_code": reissued.old_code, "new_code": reissued.new_code,
                     "decision": certificate.line.decision.number, "golden_book_no": certificate.golden_book_no})
    return reissued


def _flush_once(session: Session) -> None:
    """Two people superseding the same code at once: the second finds the code taken (old_code is unique) and gets
    the usual "đã có người xử lý trước" conflict, never a second successor of one code."""
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict() from exc


def record_print(session: Session, certificate: Certificate, *, by: User, settings: documents.PrintSettings,
                 now: datetime | None = None) -> None:
    """Who printed one certificate, when, how (a replacement's print above all): one internal audit event."""
    documents.refuse_if_revoked(certificate)
    authorize(by, Action.PRINT_CERTIFICATES, certificate.line.nomination)
    last = certificate.reissues[-1].number if certificate.reissues else 0
    audit.record(session, by=by, action=Action.PRINT_CERTIFICATES, object_type="certificate", object_id=certificate.id,
                 now=now, changes={"verify_code": certificate.verify_code,
                                   "golden_book_no": certificate.golden_book_no, "reissue_number": last,
                                   "overlay": settings.overlay, "paper": settings.paper or "mặc định"})
