"""The authority's acts: issuing a numbered decision (with prize money, golden-book numbers and
certificates, all in one transaction, and its signed files: in that transaction, or for a large decision by a
background job queued in it), refusing a line, revoking an award."""
import base64
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (Authority, BaseSalary, BaseSalaryStatus, Certificate, Decision, DecisionDraft, DecisionLine,
                      DraftStatus, JobKind, Nomination, Signer, User, legal_basis_lines_on)
from ..rules import in_force, new_rural
from ..rules.classification import decision_subject
from ..rules.errors import Conflict, InvalidTransition, ValidationFailed
from ..rules.nominees import NomineeKind
from ..rules.prize import base_salary_on, format_coefficient, format_vnd, prize_amount, salary_warnings
from ..rules.states import NEW_RURAL, Action, State
from . import audit, clock, documents, jobs, office_register, recognition, recoveries, register
from .office_register import NOTHING_ENTERED, NumberSource
from .lifecycle import apply, authorize, check, require_distinct, require_text, transition

GOLDEN_BOOK = "golden_book"


def prepare_draft(session: Session, nominations: Sequence[Nomination], *, by: User, signer: Signer,
                  decision_date: date, title: str = "", proposal: str = "",
                  now: datetime | None = None) -> DecisionDraft:
    """The secretariat puts endorsed nominations before the authority; nothing is numbered yet."""
    if not nominations:
        raise ValidationFailed("Chọn ít nhất một hồ sơ đã được Hội đồng đề nghị.")
    require_distinct(nominations)
    for nomination in nominations:
        authorize(by, Action.PREPARE_DECISION, nomination)
        if nomination.state != State.ENDORSED:
            raise InvalidTransition(f"Hồ sơ «{nomination.nominee.full_name}» chưa ở trạng thái "
                                    f"«{nomination.procedure.state_label(State.ENDORSED)}».")
    authority = _single_authority(nominations)
    _single_procedure(nominations)
    refusals = recognition.decision_refusals(session, nominations)
    if refusals:
        raise InvalidTransition("Chưa ban hành được quyết định công nhận: " + " ".join(refusals))
    _check_in_force(authority, nominations, signer, decision_date)
    draft = DecisionDraft(authority=authority, title=title.strip() or _default_title(nominations, decision_date),
                          proposal=proposal.strip(), decision_date=decision_date, signer=signer,
                          prepared_by_id=by.id, prepared_at=now or clock.now(), nominations=list(nominations))
    session.add(draft)
    session.flush()
    audit.record(session, by=by, action=Action.PREPARE_DECISION, object_type="decision_draft", object_id=draft.id,
                 changes={"nominations": [n.id for n in nominations], "decision_date": decision_date,
                          "signer": signer.full_name}, now=now)
    return draft


@dataclass(frozen=True)
class IssueResult:
    """What issuing did: the decision (its number), its certificates, and its signed files: how many were
    signed in the transaction, or how many wait for the background job queued with it."""

    decision: Decision
    files_signed: int = 0
    files_scheduled: int = 0

    @property
    def number(self) -> str:
        return self.decision.number

    @property
    def certificates(self) -> tuple[Certificate, ...]:
        return tuple(line.certificate for line in self.decision.lines)

    @property
    def in_background(self) -> bool:
        return self.files_scheduled > 0


def issue(session: Session, draft: DecisionDraft, *, by: User, expected_versions: Mapping[int, int],
          press: documents.Press, numbering: NumberSource = NOTHING_ENTERED, now: datetime | None = None) -> IssueResult:
    """Ban hành: the draft exactly as the authority confirmed it becomes a numbered decision, then its signed
    files. A few are signed in this transaction (a failure leaves no half decision); more take minutes, so a
    job is written in this same transaction (the outbox) and handed to a worker once the caller commits.
    `numbering`: the number entered from the office's register, or the document system (services/office_register)."""
    if press.signer is None:   # before anything is numbered: without a signing key nothing is issued
        raise ValidationFailed("Chưa có khóa ký số để phát hành văn bản.")
    pending = {n.id for n in draft.nominations if n.state == State.ENDORSED}
    if draft.status == DraftStatus.OPEN and set(expected_versions) != pending:
        raise Conflict("Danh sách hồ sơ của dự thảo đã thay đổi sau khi bạn mở trang xác nhận. Vui lòng tải lại.")
    decision = issue_draft(session, draft, by=by, expected_versions=expected_versions, numbering=numbering, now=now)
    if press.signs_inline(len(decision.lines)):
        return IssueResult(decision, files_signed=documents.issue(session, decision, press=press, by=by, now=now))
    jobs.queue(session, JobKind.ISSUE_DECISION, decision.id, by=by, base_url=press.public_base_url, now=now)
    return IssueResult(decision, files_scheduled=documents.files_pending(decision))


def issue_draft(session: Session, draft: DecisionDraft, *, by: User, expected_versions: Mapping[int, int],
                numbering: NumberSource = NOTHING_ENTERED, now: datetime | None = None) -> Decision:
    """The authority issues the draft as prepared; lines refused meanwhile are left out."""
    if draft.status != DraftStatus.OPEN:
        raise InvalidTransition("Dự thảo này đã được ban hành.")
    pending = [n for n in draft.nominations if n.state == State.ENDORSED]
    decision = decide(session, pending, by=by, signer=draft.signer, decision_date=draft.decision_date,
                      expected_versions=expected_versions, title=draft.title, proposal=draft.proposal,
                      numbering=numbering, now=now)
    draft.status, draft.decision_id = DraftStatus.ISSUED, decision.id
    session.flush()
    return decision


def preview(session: Session, draft: DecisionDraft, *, by: User) -> bytes:
    """The decision this draft would become if issued now (its lines still endorsed, their prizes at the
    decision date), as a PDF marked DỰ THẢO and unsigned, for the authority to read before issuing. Nothing
    is numbered, stored or audited."""
    from certificates import render_decision
    return render_decision(preview_data(session, draft, by=by))


def preview_data(session: Session, draft: DecisionDraft, *, by: User, action: Action = Action.DECIDE):
    """What `preview` prints (the PDF, and the Word copy of services/word_documents.py): one answer for the
    draft's lines, prizes, legal basis in force on its date and signer. `action`: who reads it, the authority
    that decides or the secretariat that prepares the decision (Action.PREPARE_DECISION)."""
    if draft.status != DraftStatus.OPEN:
        raise InvalidTransition("Dự thảo này đã được ban hành.")
    pending = [n for n in draft.nominations if n.state == State.ENDORSED]
    if not pending:
        raise InvalidTransition("Không còn hồ sơ nào trong dự thảo để ban hành.")
    for nomination in pending:
        authorize(by, action, nomination)
    base_salary = _base_salary(session, draft.decision_date)
    lines = [documents.PrintedLine.proposed(n, prize_amount(_coefficient(n), base_salary)) for n in pending]
    return documents.draft_data(draft, lines, legal_basis=_legal_basis(pending, draft.decision_date))


def decide(session: Session, nominations: Sequence[Nomination], *, by: User, signer: Signer, decision_date: date,
           expected_versions: Mapping[int, int], title: str = "", proposal: str = "",
           numbering: NumberSource = NOTHING_ENTERED, now: datetime | None = None) -> Decision:
    """Issue one decision for endorsed nominations: its number (last of the checks, so a refusal takes no number
    from the office's register), then for each line the prize, the golden-book number and the certificate, and
    move the nomination to awarded."""
    if not nominations:
        raise ValidationFailed("Chọn ít nhất một hồ sơ để ra quyết định.")
    require_distinct(nominations)
    targets = [check(n, Action.DECIDE, by=by, expected_version=expected_versions.get(n.id, -1)) for n in nominations]
    authority = _single_authority(nominations)
    _single_procedure(nominations)
    refusals = recognition.decision_refusals(session, nominations)
    if refusals:
        raise InvalidTransition("Chưa ban hành được quyết định công nhận: " + " ".join(refusals))
    _check_in_force(authority, nominations, signer, decision_date)
    base_salary = _base_salary(session, decision_date)
    title = title.strip() or _default_title(nominations, decision_date)
    assigned = office_register.assign(session, authority, decision_date, numbering, title=title)
    number = assigned.number
    decision = Decision(
        authority=authority, year=number.year, seq=number.seq, number=str(number), number_source=assigned.source,
        decision_date=decision_date, title=title, legal_basis=_legal_basis(nominations, decision_date),
        proposal=proposal.strip(), signer=signer, signer_name=signer.full_name, signing_form=signer.signing_form,
        signer_title=signer.title, issued_by_id=by.id, issued_at=now or clock.now())
    office_register.claim(session, decision)
    for position, (nomination, target) in enumerate(zip(nominations, targets, strict=True), start=1):
        line = _line(session, decision, nomination, position, base_salary)
        apply(session, nomination, Action.DECIDE, target, by=by, now=now, changes={
            "decision": decision.number, "decision_date": decision_date, "signer": signer.full_name,
            "prize_amount": line.prize_amount, "golden_book_no": line.certificate.golden_book_no}
            | office_register.source_changes(assigned))
    return decision


def _line(session: Session, decision: Decision, nomination: Nomination, position: int,
          base_salary: int) -> DecisionLine:
    coefficient = _coefficient(nomination)
    golden_book_no = _allocate(session, decision.authority.id, GOLDEN_BOOK)
    # the line joins decision.lines at once; no lazy load may flush before it is in the session
    with session.no_autoflush:
        line = DecisionLine(
            decision=decision, nomination=nomination, position=position, recipient_name=nomination.nominee.full_name,
            recipient_line=nomination.nominee.public_line(), award_type=nomination.award_type,
            coefficient=coefficient, base_salary=base_salary, prize_amount=prize_amount(coefficient, base_salary))
        session.add(line)
        line.certificate = Certificate(authority_id=decision.authority.id, verify_code=new_verify_code(),
                                       golden_book_no=golden_book_no)
        register.index(line)  # the public register's date and search words
    return line


def refuse(session: Session, nomination: Nomination, *, by: User, expected_version: int, reason: str,
           now: datetime | None = None) -> None:
    """Không khen thưởng: the reason is required and the proposing unit sees it."""
    reason = require_text(reason, "Cần nêu lý do không khen thưởng.")
    transition(session, nomination, Action.REFUSE, by=by, expected_version=expected_version, reason=reason,
               now=now, outcome_reason=reason)


def revoke(session: Session, nomination: Nomination, *, by: User, expected_version: int, reason: str,
           revoking_decision_no: str, recover: recoveries.ToRecover | None = None,
           now: datetime | None = None) -> None:
    """Thu hồi: the award and its certificate are annulled by a later decision, visibly everywhere; what is
    to be given back (objects, prize money) opens a recovery for the secretariat."""
    target = check(nomination, Action.REVOKE, by=by, expected_version=expected_version)
    reason = require_text(reason, "Cần nêu lý do thu hồi.")
    number = require_text(revoking_decision_no, "Cần ghi số quyết định thu hồi.")
    certificate = certificate_of(session, nomination)
    recovery = None
    if certificate is not None:
        certificate.revoked, certificate.revoked_at = True, now or clock.now()
        certificate.revocation_reason, certificate.revoking_decision_no = reason, number
        if recover is not None:
            recovery = recoveries.open_recovery(session, certificate.line, recover, revoking_decision_no=number,
                                                now=now)
    changes = {"revoking_decision_no": number}
    if recovery is not None:
        changes |= {"recovery_id": recovery.id, "recover_items": recovery.items,
                    "recover_amount": recovery.money_amount}
    apply(session, nomination, Action.REVOKE, target, by=by, reason=reason, now=now,
          changes=changes, revocation_reason=reason, revoking_decision_no=number)


def certificate_of(session: Session, nomination: Nomination) -> Certificate | None:
    return session.scalar(select(Certificate).join(DecisionLine).where(DecisionLine.nomination_id == nomination.id))


def prize_preview(session: Session, nomination: Nomination, on: date) -> tuple[int, str]:
    """The prize a decision dated `on` would give, and how it is computed, for the draft screen."""
    base = _base_salary(session, on)
    coefficient = _coefficient(nomination)
    amount = prize_amount(coefficient, base)
    return amount, f"{format_coefficient(coefficient)} × {format_vnd(base)} = {format_vnd(amount)}"


def next_number_preview(session: Session, authority: Authority, on: date) -> str | None:
    """The number the issuer's own counter would give next; None when the office's register or the document
    system gives it at issue time."""
    return office_register.preview(session, authority, on)


_allocate = office_register.allocate   # the golden book's and the council minutes' counters


def base_salary_warnings(session: Session, on: date, max_age_days: int) -> list[str]:
    """The decision screens' warnings about the base salary for a decision dated `on` (rules/prize.py)."""
    rows = session.execute(select(BaseSalary.valid_from, BaseSalary.amount, BaseSalary.status, BaseSalary.source)).all()
    return salary_warnings([(f, a) for f, a, status, _ in rows if status == BaseSalaryStatus.CONFIRMED],
                           [(f, a, src) for f, a, status, src in rows if status == BaseSalaryStatus.REPORTED],
                           on, max_age_days)


def _base_salary(session: Session, on: date) -> int:
    """The confirmed base salary in force on `on`: a reported rate is not applied until it is confirmed."""
    rows = session.execute(select(BaseSalary.valid_from, BaseSalary.amount)
                           .where(BaseSalary.status == BaseSalaryStatus.CONFIRMED)).all()
    try:
        return base_salary_on([tuple(r) for r in rows], on)
    except LookupError as exc:
        raise ValidationFailed(str(exc)) from exc


def _coefficient(nomination: Nomination):
    return nomination.award_type.coefficient_for(NomineeKind(nomination.nominee.kind))


def _check_in_force(authority: Authority, nominations: Sequence[Nomination], signer: Signer, on: date) -> None:
    """On the decision date: the authority and every award type in force, and the signer one of the
    authority's signers then (in_force.refusal names the successor)."""
    if signer.authority_id != authority.id or not signer.active:
        raise ValidationFailed("Người ký không thuộc cấp có thẩm quyền ban hành quyết định.", field="signer_id")
    in_force.require([(authority, "cấp có thẩm quyền")] + [(n.award_type, "hình thức") for n in nominations]
                     + [(signer, "người ký")], on, field="signer_id")


def _single_authority(nominations: Sequence[Nomination]) -> Authority:
    authorities = {n.award_type.authority for n in nominations}
    if len(authorities) != 1:
        raise ValidationFailed("Các hồ sơ trong một quyết định phải cùng một cấp có thẩm quyền.")
    return authorities.pop()


def _single_procedure(nominations: Sequence[Nomination]) -> None:
    """One decision, one procedure: a commendation and a recognition are different acts; recognitions of
    different levels too (the title names the level)."""
    if len({n.procedure.code for n in nominations}) != 1:
        raise ValidationFailed("Không gộp hồ sơ khen thưởng và hồ sơ đề nghị công nhận trong một quyết định.")
    if nominations[0].procedure is NEW_RURAL and len({n.award_type.new_rural_level for n in nominations}) != 1:
        raise ValidationFailed("Mỗi quyết định công nhận chỉ công nhận một mức (đạt chuẩn, nâng cao hoặc kiểu mẫu).")


def _default_title(nominations: Sequence[Nomination], on: date | None = None) -> str:
    """«Về việc tặng danh hiệu “…”» for a title, «Về việc tặng Bằng khen …» for a form; «Về việc công nhận xã …
    đạt chuẩn nông thôn mới nâng cao năm …» for a recognition."""
    first = nominations[0]
    if first.procedure is NEW_RURAL:
        year = (on or max(n.period_to for n in nominations)).year
        return new_rural.decision_title(new_rural.Level(first.award_type.new_rural_level),
                                        (n.nominee.full_name for n in nominations), year)
    return decision_subject((n.award_type.name, n.award_type.category) for n in nominations)


def _legal_basis(nominations: Sequence[Nomination], on: date) -> str:
    """The basis in force on the decision date; once issued, `decision.legal_basis` keeps it as printed."""
    return "\n".join(legal_basis_lines_on((n.award_type for n in nominations), on))


def new_verify_code() -> str:
    """16 base32 characters, 80 random bits: unguessable, and legible printed under the QR code."""
    return base64.b32encode(secrets.token_bytes(10)).decode()
