"""The authority's documents as files. Each certificate and the decision itself are rendered by the
`certificates` package from the records, signed once when the decision is issued, and kept in the blob
store under their sha256, which the certificate or decision row and the public audit trail both record.
Re-downloads serve that file; nothing is re-signed (a revoked certificate is served as a copy stamped
"ĐÃ THU HỒI"; its signed file stays the record). A draft decision renders unsigned, marked DỰ THẢO.
Printing is a separate, unsigned render (the full certificate or only its text for pre-printed blanks),
refused for a revoked certificate.

Plain Python: the Press (signing key, blob store, public address, print defaults) is handed in by the
caller (workflow/press.py builds it from the app's configuration)."""
from __future__ import annotations

import errno
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, object_session

from ..models import (AwardType, Certificate, CouncilSession, Decision, DecisionDraft, DecisionLine, JobKind,
                      Nomination, PrintJob, PrintJobStatus, User)
from ..rules import new_rural
from ..rules.after_issue import reissue_note
from ..rules.classification import awards_phrase
from ..rules.errors import InvalidTransition, NotAllowed, ValidationFailed
from ..rules.permissions import NominationFacts, can
from ..rules.states import ACTION_LABELS, Action, ProcedureCode
from ..rules.i18n import vietnamese
from ..rules.tally import DENOMINATOR_RULES, WRITTEN_RULE, Denominator, percent
from . import audit, clock, credentials, field_checks, jobs
from .blobs import FileStore

if TYPE_CHECKING:  # the certificates package loads WeasyPrint and pyHanko; only the press needs them
    from certificates import CertificateData, DecisionData
    from certificates.minutes import MinutesData
    from certificates.public_keys import SigningKey
    from certificates.signing import Report, Signer

PAPER_CHOICES = ("", "400x300", "a4", "a3")
MAX_OFFSET_MM = Decimal(50)
ACHIEVEMENT_MAX = 260   # longer summaries do not fit the certificate's achievement line


@dataclass(frozen=True)
class PrintSettings:
    """How a certificate is put on paper: the full design or only its text (overlay, for pre-printed
    blanks), the paper ("" = the layout's own), and the printer's calibration offsets in millimetres."""

    overlay: bool = False
    paper: str = ""
    offset_x_mm: Decimal = Decimal(0)
    offset_y_mm: Decimal = Decimal(0)
    red: str = "#c8102e"
    gold: str = "#b8860b"

    @classmethod
    def parse(cls, *, overlay: object = False, paper: object = "", offset_x_mm: object = 0,
              offset_y_mm: object = 0, base: PrintSettings | None = None) -> PrintSettings:
        """From form or query values, refusing what a printer cannot do with a Vietnamese message."""
        paper = str(paper or "").strip().lower()
        if paper not in PAPER_CHOICES:
            raise ValidationFailed("Khổ giấy không hợp lệ.", field="paper")
        offsets = []
        for name, value in (("offset_x_mm", offset_x_mm), ("offset_y_mm", offset_y_mm)):
            try:
                number = Decimal(str(value if value not in (None, "") else 0).strip().replace(",", "."))
            except (InvalidOperation, ValueError):
                raise ValidationFailed("Độ lệch phải là một số (mm), ví dụ 1,5 hoặc -2.", field=name) from None
            if not number.is_finite() or abs(number) > MAX_OFFSET_MM:
                raise ValidationFailed(f"Độ lệch phải trong khoảng ±{MAX_OFFSET_MM} mm.", field=name)
            number = number.quantize(Decimal("0.1"))
            offsets.append(number)
        base = base or cls()
        return replace(base, overlay=bool(overlay), paper=paper, offset_x_mm=offsets[0], offset_y_mm=offsets[1])


@dataclass
class Press:
    """What issuing and printing need from outside the database: the issuer's signing key (loaded once per
    process), the content-addressed store, the public address the QR codes point to, print defaults, and,
    for issuing a decision, how many lines are signed in the request; with `in_background` a larger decision's
    files are signed by a queued job (workflow/press.py `issuing()`), otherwise all in the transaction."""

    signer: Signer | None        # None when only printing (unsigned)
    store: FileStore
    public_base_url: str
    defaults: PrintSettings = field(default_factory=PrintSettings)
    sign_inline_max: int | None = None   # more lines than this: signed by a background job
    in_background: bool = False          # may queue the signing of a large decision (services/jobs.py)
    render_workers: int = 1              # >1: certificates rendered ahead in that many processes (a job worker)
    warm_renderers: bool = False         # keep those processes for the next job (a job worker's lifetime)
    issuer_key: SigningKey | None = None  # signs the credentials and the QR codes' statements (issue 19)

    def signs_inline(self, lines: int) -> bool:
        return not self.in_background or self.sign_inline_max is None or lines <= self.sign_inline_max

    def verify_url(self, code: str) -> str:
        return f"{self.public_base_url.rstrip('/')}/verify/{code}"


# --- from records to the certificates package's data ---------------------------------------------------------

def certificate_data(certificate: Certificate, *, verify_url: str, settings: PrintSettings = PrintSettings(),
                     issuer_key: SigningKey | None = None) -> CertificateData:
    """What the certificate prints; with the issuer's key its QR code also carries the signed statement."""
    from certificates import CertificateData

    line = certificate.line
    decision, award_type = line.decision, line.award_type
    return CertificateData(
        recipient=line.recipient_name, unit_line=line.recipient_line,
        achievement=achievement_line(line.nomination.achievement_summary, line.nomination.campaign.name),
        issuer_title=decision.authority.issuer_title, issuer_organ=decision.authority.organ_name,
        certificate_title=award_type.certificate_title or "BẰNG KHEN",
        award_verb="TẶNG DANH HIỆU" if award_type.category == "title" else "TẶNG",
        decision_number=decision.number, decision_date=decision.decision_date,
        golden_book_no=certificate.golden_book_no, place_name=decision.authority.place_name,
        signing_form=decision.signing_form, signer_title=decision.signer_title, signer_name=decision.signer_name,
        verify_url=verify_url, verify_code=certificate.verify_code, layout=award_type.certificate_layout,
        qr_statement=credentials.signed_statement(certificate, issuer_key),
        reissue_note=_reissue_note(certificate),
        paper=settings.paper, overlay=settings.overlay, offset_x_mm=float(settings.offset_x_mm),
        offset_y_mm=float(settings.offset_y_mm), red=settings.red, gold=settings.gold)


def _reissue_note(certificate: Certificate) -> str:
    """"Cấp lại lần N ngày …" on a replacement (issue 16), from its last reissue; "" otherwise."""
    reissues = getattr(certificate, "reissues", None) or []
    if not reissues:
        return ""
    last = reissues[-1]
    return reissue_note(last.number, clock.local_date(last.recorded_at))


def achievement_line(summary: str, campaign_name: str) -> str:
    """The certificate's one achievement sentence: the summary's first sentence when it is the usual
    "Đã có thành tích …" and fits; otherwise the movement it was earned in."""
    first = re.split(r"(?<=[.;:])\s", " ".join(summary.split()), maxsplit=1)[0].rstrip(".;: ")
    if first.lower().startswith("đã có thành tích") and len(first) <= ACHIEVEMENT_MAX:
        return first
    return f"Đã có thành tích xuất sắc trong phong trào thi đua “{campaign_name}”"


@dataclass(frozen=True)
class PrintedLine:
    """One recipient as a decision prints it: an issued line, or a draft's line before anything is numbered
    (no golden-book number yet)."""

    name: str
    unit_line: str
    award_type: AwardType
    prize_amount: int
    kind: str
    campaign: str
    golden_book_no: str | int = ""

    @classmethod
    def issued(cls, line: DecisionLine) -> PrintedLine:
        return cls(line.recipient_name, line.recipient_line, line.award_type, line.prize_amount,
                   line.nomination.nominee.kind, line.nomination.campaign.name, line.certificate.golden_book_no)

    @classmethod
    def proposed(cls, nomination: Nomination, prize_amount: int) -> PrintedLine:
        return cls(nomination.nominee.full_name, nomination.nominee.public_line(), nomination.award_type,
                   prize_amount, nomination.nominee.kind, nomination.campaign.name)


def decision_data(decision: Decision) -> DecisionData:
    return _decision_data(decision.authority, [PrintedLine.issued(line) for line in decision.lines],
                          number=decision.number, decision_date=decision.decision_date, title=decision.title,
                          legal_basis=decision.legal_basis, proposal=decision.proposal,
                          signer=(decision.signing_form, decision.signer_title, decision.signer_name))


def draft_data(draft: DecisionDraft, lines: list[PrintedLine], *, legal_basis: str) -> DecisionData:
    """The decision a draft would become, to read before issuing: no number yet (it is given at issuance,
    as on a paper dự thảo: "Số: …/QĐ-UBND"), no golden-book numbers, marked DỰ THẢO on every page."""
    signer = draft.signer
    return _decision_data(draft.authority, lines, number=f"…/{draft.authority.decision_suffix}",
                          decision_date=draft.decision_date, title=draft.title, legal_basis=legal_basis,
                          proposal=draft.proposal, signer=(signer.signing_form, signer.title, signer.full_name),
                          draft=True)


def _decision_data(authority, lines: list[PrintedLine], *, number: str, decision_date, title: str,
                   legal_basis: str, proposal: str, signer: tuple[str, str, str], draft: bool = False
                   ) -> DecisionData:
    from certificates import DecisionData, Recipient

    awards = awards_phrase((line.award_type.name, line.award_type.category) for line in lines)
    campaigns = sorted({line.campaign for line in lines})
    movement = f" trong phong trào thi đua “{campaigns[0]}”" if len(campaigns) == 1 else ""
    signing_form, signer_title, signer_name = signer
    return DecisionData(
        organ_name=_organ_lines(authority.organ_name), number=number, place_name=authority.place_name,
        decision_date=decision_date, summary=title, authority_title=authority.issuer_title,
        issuer_name=authority.name, legal_basis=tuple(basis_lines(legal_basis)),
        proposal=_sentence(proposal),
        award_text=_recognition_text(lines, decision_date) or (f"Tặng {awards} cho {_recipients_phrase(lines)} "
                                                                f"đã có thành tích xuất sắc{movement}"),
        recipients=tuple(Recipient(name=line.name, unit_line=line.unit_line,
                                   award=line.award_type.certificate_title.capitalize() or line.award_type.name,
                                   prize_money=line.prize_amount, golden_book_no=line.golden_book_no)
                         for line in lines),
        article2=(f"Chánh Văn phòng {_sentence_case(authority.organ_name, authority.place_name)}, Thủ trưởng các "
                  f"cơ quan, đơn vị có liên quan và {_named_in_article_1(lines)} có tên tại Điều 1 chịu trách nhiệm "
                  "thi hành Quyết định này kể từ ngày ký./."),
        copy_to=("Như Điều 2;", "Lưu: VT."), signing_form=signing_form, signer_title=signer_title,
        signer_name=signer_name, draft=draft)


def _recognition_text(lines: list[PrintedLine], decision_date) -> str | None:
    """Điều 1 of a recognition (xét, công nhận xã đạt chuẩn nông thôn mới): «Công nhận xã … đạt chuẩn … năm …»."""
    award_type = lines[0].award_type
    if award_type.procedure_code != ProcedureCode.NEW_RURAL:
        return None
    return new_rural.recognition_sentence(new_rural.Level(award_type.new_rural_level), (line.name for line in lines),
                                          decision_date.year)


def _named_in_article_1(lines: list[PrintedLine]) -> str:
    if lines[0].award_type.procedure_code == ProcedureCode.NEW_RURAL:
        return "Chủ tịch Ủy ban nhân dân các xã"
    return "các tập thể, cá nhân"


def _organ_lines(organ: str) -> str:
    """"ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU" → two lines, as the header block prints it."""
    head = "ỦY BAN NHÂN DÂN"
    return f"{head}\n{organ[len(head):].strip()}" if organ.upper().startswith(head) and organ[len(head):].strip() else organ


def _sentence_case(organ: str, place: str) -> str:
    """"ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU" → "Ủy ban nhân dân tỉnh Bạc Liêu", as it reads inside a sentence."""
    text = organ.lower().replace(place.lower(), place) if place else organ.lower()
    return text[:1].upper() + text[1:]


def basis_lines(text: str) -> Iterable[str]:
    """Stored "Căn cứ …" text as the printed lines, each ending in ";" (the decision, the proposal letter)."""
    for raw in text.splitlines():
        line = raw.strip()
        if line:
            yield line if line.endswith((";", ".")) else line + ";"


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text.endswith(".") else text + "."


def _recipients_phrase(lines: list[PrintedLine]) -> str:
    kinds = {line.kind for line in lines}
    words = {"collective": "tập thể", "individual": "cá nhân", "household": "hộ gia đình"}
    named = [words[k] for k in ("collective", "individual", "household") if k in kinds]
    if len(lines) == 1:
        return lines[0].name
    return ", ".join(f"các {w}" if i == 0 else w for i, w in enumerate(named))


def minutes_data(meeting: CouncilSession) -> MinutesData:
    """The closed session's record, in the words of the minutes (Vietnamese: the minutes are a record): its
    number, the place and date, each item's tally under the rule frozen on it, and the signers' names."""
    from certificates.minutes import MinutesData, MinutesItem, MinutesMember

    from .council import recusal_lines  # council → decisions → documents: imported when used

    if meeting.is_open:
        raise InvalidTransition("Phiên họp chưa kết thúc: biên bản có kết quả kiểm phiếu sau khi Thường trực "
                                "Hội đồng kết thúc phiên họp.")
    ballots = {"secret": "Bỏ phiếu kín", "open": "Biểu quyết công khai"}
    outcomes = {"passed": "Thông qua", "failed": "Không thông qua"}
    checks = field_checks.panels(object_session(meeting), [item.nomination for item in meeting.items])
    return MinutesData(
        organ_name=meeting.authority.organ_name, council_name="HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
        place_name=meeting.place_name, meeting_date=meeting.meeting_date, title=meeting.title,
        authority_name=meeting.authority.name,
        closed_at=clock.local_time(meeting.closed_at) if meeting.closed_at else None, number=meeting.minutes_number or "",
        secretary=meeting.closed_by.full_name if meeting.closed_by else "",
        chair=meeting.chair.full_name if meeting.chair else "",
        members=tuple(MinutesMember(m.user.full_name, m.user.unit.name if m.user.unit else "", m.present)
                      for m in meeting.members),
        items=tuple(MinutesItem(
            position=item.position, nominee=item.nomination.nominee.full_name,
            nominee_line=item.nomination.nominee.public_line(), award=item.nomination.award_type.name,
            proposing_unit=item.nomination.proposing_unit.name, ballot=ballots.get(item.ballot, item.ballot),
            recused=item.recused_count or 0, agree=item.agree, disagree=item.disagree, abstain=item.abstain,
            outcome=outcomes.get(item.result, "Chưa kiểm phiếu"), reason=item.result_reason or "",
            written=item.written_count or 0, recusals=recusal_lines(item),
            flags=tuple(flag["sentence"] for flag in item.flags_seen or ()),
            field_checks=tuple(field_checks.minutes_line(c) for c in checks[item.nomination_id].checks))
            for item in meeting.items),
        rules=tuple((name, _rule_sentences(item, ballots)) for name, item in meeting.rules_applied()))


def _rule_sentences(rule, ballots: dict[str, str]) -> tuple[str, ...]:
    """The rule frozen on an agenda item, in the minutes' words (the same sentences as the minutes page)."""
    base = vietnamese(DENOMINATOR_RULES[Denominator(rule.denominator)])
    written = (vietnamese(WRITTEN_RULE),) if rule.written_allowed else ()
    return ((f"Điều kiện họp: ít nhất {rule.quorum_num}/{rule.quorum_den} tổng số thành viên Hội đồng "
             "có mặt."),
            f"Ngưỡng thông qua: từ {percent(rule.threshold_pct)} số phiếu đồng ý trở lên, tính trên {base}.",
            f"Hình thức: {ballots.get(rule.ballot, rule.ballot).lower()}.", *written)


# --- issuing: sign once, store, record ------------------------------------------------------------------------

@dataclass(frozen=True)
class Signed:
    """A signed file made for a row that had none (a certificate, or the decision itself), not stored yet."""

    document: str                 # "certificate" | "decision"
    row_id: int
    nomination_id: int | None     # the certificate's nomination, whose history shows the issue
    golden_book_no: str | None
    pdf: bytes
    code: str | None = None       # a certificate's verification code, and the credential its PDF carries
    credential: bytes | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


def issue(session: Session, decision: Decision, *, press: Press, by: User, now: datetime | None = None,
          limit: int | None = None) -> int:
    """Render, sign and store the decision's PDF and each of its certificates that has no file yet (a
    revoked certificate is never rendered again), at most `limit` files. Records each file's sha256 on its
    row and, publicly, in the audit trail, in the caller's transaction. Returns the number of files issued.

    Each row is claimed with `UPDATE … WHERE pdf_sha256 IS NULL`: when two issuers race (the background
    signer and the button on the page), the second finds the row taken, records nothing and keeps the
    first file, so a certificate never has two different signed files."""
    return store_signed(session, decision, list(sign_missing(session, decision, press=press, by=by, limit=limit)),
                        press=press, by=by, now=now)


def sign_missing(session: Session, decision: Decision, *, press: Press, by: User,
                 limit: int | None = None) -> Iterator[Signed]:
    """The signed files the decision still lacks (its certificates in order, then the decision), at most
    `limit`; writes nothing but each certificate's place in the status list (credentials.entry). Which rows lack
    a file is read now, and each certificate's credential signed (embedded in its PDF before the PDF signature);
    the files are rendered as they are asked for (press.render_workers processes render ahead while this one
    signs: certificates/batch.py)."""
    _authorize(by, Action.ISSUE_PDF, decision)
    if press.signer is None:
        raise ValidationFailed("Chưa có khóa ký số để phát hành văn bản.")
    if press.issuer_key is None:
        raise ValidationFailed("Chưa có khóa ký chứng nhận điện tử của cơ quan ban hành (ISSUER_KEY_PATH), nên chưa "
                               "thể phát hành văn bản. Quản trị hệ thống chạy `flask --app wsgi keys dev-generate` "
                               "(môi trường thử) hoặc cấu hình tệp khóa Ed25519 của cơ quan.")
    pending = [line.certificate for line in decision.lines
               if not line.certificate.pdf_sha256 and not line.certificate.revoked][:limit]
    facts = [(c.id, c.line.nomination_id, c.golden_book_no, c.verify_code,
              credentials.issue_credential(session, c, key=press.issuer_key, base_url=press.public_base_url,
                                           achievement=_achievement(c))) for c in pending]
    items = [certificate_data(c, verify_url=press.verify_url(c.verify_code), settings=press.defaults,
                              issuer_key=press.issuer_key) for c in pending]
    # a correcting decision lists no recipients: its act is the record, no award list is rendered for it
    with_decision = not decision.pdf_sha256 and bool(decision.lines) and (limit is None or len(pending) < limit)
    return _signed(session, decision.id, facts, items, with_decision, press)


def _signed(session: Session, decision_id: int, facts: list, items: list, with_decision: bool,
            press: Press) -> Iterator[Signed]:
    from certificates import render, render_and_sign, render_decision

    signer = _EmbeddingSigner(press.signer, [credential for *_, credential in facts])
    if press.render_workers > 1 and len(items) > 1:
        pdfs = render_and_sign(items, signer, workers=press.render_workers, warm=press.warm_renderers)
    else:
        pdfs = (signer.sign(render(item)) for item in items)
    for (row_id, nomination_id, golden_book_no, code, credential), pdf in zip(facts, pdfs, strict=True):
        yield Signed("certificate", row_id, nomination_id, golden_book_no, pdf, code, credential)
    if with_decision:
        decision = session.get(Decision, decision_id)
        yield Signed("decision", decision_id, None, None, press.signer.sign(render_decision(decision_data(decision))))


class _EmbeddingSigner:
    """Signs each certificate's PDF after embedding its credential (in order): the PDF signature covers it."""

    def __init__(self, signer, credentials_in_order: list[bytes]):
        self.signer, self.pending = signer, iter(credentials_in_order)

    def sign(self, pdf: bytes) -> bytes:
        from certificates.credentials import embed
        return self.signer.sign(embed(pdf, next(self.pending)))


def _achievement(certificate: Certificate) -> str:
    nomination = certificate.line.nomination
    return achievement_line(nomination.achievement_summary, nomination.campaign.name)


def store_signed(session: Session, decision: Decision, signed: Iterable[Signed], *, press: Press, by: User,
                 now: datetime | None = None) -> int:
    """Store each signed file and claim its row, with its public audit event, in the caller's transaction;
    a row another issuer claimed first keeps its file and ours is discarded. Returns the files issued. If
    anything fails, the files this call added to a local store are removed (the caller rolls back)."""
    _authorize(by, Action.ISSUE_PDF, decision)
    issued, written = 0, []
    try:
        for each in signed:
            model = Certificate if each.document == "certificate" else Decision
            if not _store_and_claim(session, model, each.row_id, press.store, each.pdf, written):
                continue
            if each.credential is not None:
                credentials.keep_credential(session, each.code, each.credential)
            changes = {"document": each.document, "decision": decision.number}
            if each.document == "certificate":
                changes["golden_book_no"] = each.golden_book_no
            audit.record(session, by=by, action=Action.ISSUE_PDF,
                         object_type="nomination" if each.document == "certificate" else "decision",
                         object_id=each.nomination_id if each.document == "certificate" else each.row_id,
                         now=now, changes={**changes, "sha256": each.sha256, "bytes": len(each.pdf)})
            issued += 1
        session.flush()
    except BaseException:
        # the caller rolls back, so the claims made here are undone: no file stored here may stay as an orphan
        if not press.store.transactional:   # a database store's rows go with the rollback
            for sha256 in written:
                press.store.discard(sha256)
        raise
    return issued


def _store_and_claim(session: Session, model, row_id: int, store: FileStore, pdf: bytes,
                     written: list[str]) -> bool:
    """Store a freshly signed file and claim the row for it. A file this call adds to the store is noted in
    `written` (removed if the transaction fails); when another issuer claimed the row first, ours is
    referenced by nothing and deleted at once."""
    new = not store.exists(hashlib.sha256(pdf).hexdigest())
    sha256 = store.put(pdf)
    if new:
        written.append(sha256)
    if _claim(session, model, row_id, sha256):
        return True
    if new:
        store.discard(written.pop())
    return False


def _claim(session: Session, model, row_id: int, sha256: str) -> bool:
    """Set the row's file if it has none yet; refresh the object either way."""
    claimed = session.execute(update(model).where(model.id == row_id, model.pdf_sha256.is_(None))
                              .values(pdf_sha256=sha256).execution_options(synchronize_session=False)).rowcount
    session.refresh(session.get(model, row_id), ["pdf_sha256"])
    return claimed == 1


def queue_missing(session: Session, decision: Decision, *, by: User, base_url: str = "",
                  now: datetime | None = None):
    """The "issue the missing files" button: a background job signs them (in small batches, each committed),
    never the request; again after a failure (space freed, key configured)."""
    _authorize(by, Action.ISSUE_PDF, decision)
    if not files_pending(decision):
        raise InvalidTransition("Mọi văn bản của quyết định này đã có tệp PDF có chữ ký số.")
    return jobs.queue(session, JobKind.ISSUE_DECISION, decision.id, by=by, base_url=base_url, now=now)


def files_pending(decision: Decision) -> int:
    """How many of the decision's files (certificates in force, the decision) are not issued yet."""
    return (sum(1 for line in decision.lines if not line.certificate.pdf_sha256 and not line.certificate.revoked)
            + (0 if decision.pdf_sha256 or not decision.lines else 1))


def printable(certificate: Certificate, *, press: Press, settings: PrintSettings) -> bytes:
    """An unsigned render for the printer (e.g. only the text, onto a pre-printed blank). The signed file
    stays the record. A revoked certificate is not printed again."""
    refuse_if_revoked(certificate)
    from certificates import render
    return render(certificate_data(certificate, verify_url=press.verify_url(certificate.verify_code), settings=settings,
                                   issuer_key=press.issuer_key))


def refuse_if_revoked(certificate: Certificate) -> None:
    if certificate.revoked:
        raise InvalidTransition(f"Bằng khen số sổ vàng {certificate.golden_book_no} đã bị thu hồi theo Quyết định "
                                f"số {certificate.revoking_decision_no}; không in lại.")


# --- serving a revoked certificate ------------------------------------------------------------------------------

def revoked_copy(store: FileStore, sha256: str, *, revoking_decision_no: str | None,
                 revoked_at: datetime | None) -> bytes:
    """What is served for a revoked certificate: its issued file with a red "ĐÃ THU HỒI" stamp (the revoking
    decision and the date) over every page, unsigned. The stored signed file is not touched: it stays the
    record, still verifiable. Remembered per process, since a public link may be fetched often."""
    day = clock.local_date(revoked_at or clock.now())   # the day in Việt Nam, not in UTC
    key = (sha256, revoking_decision_no or "(không ghi số)", day)   # the name is the content, whatever the store
    with _stamped_lock:
        if key in _stamped:
            _stamped.move_to_end(key)
            return _stamped[key]
    from certificates.stamp import stamp_revoked
    pdf = stamp_revoked(store.read(sha256), decision_number=key[1], revoked_on=day)
    with _stamped_lock:
        _stamped[key] = pdf
        while len(_stamped) > 16:
            _stamped.popitem(last=False)
    return pdf


_stamped: OrderedDict[tuple[str, str, date], bytes] = OrderedDict()
_stamped_lock = threading.Lock()


# --- printing a whole decision in the background --------------------------------------------------------------

def request_print(session: Session, decision: Decision, *, by: User, settings: PrintSettings,
                  base_url: str = "", now: datetime | None = None) -> PrintJob:
    """Queue a printable PDF of all the decision's certificates still in force: the print job and its
    background job (the outbox row) in the caller's transaction; a worker runs it (run_print_job), so the
    request returns at once."""
    _authorize(by, Action.PRINT_CERTIFICATES, decision)
    total = sum(1 for line in decision.lines if not line.certificate.revoked)
    if total == 0:
        raise InvalidTransition("Quyết định này không còn bằng khen nào còn hiệu lực để in.")
    job = PrintJob(decision=decision, requested_by_id=by.id, requested_at=now or clock.now(), total=total,
                   overlay=settings.overlay, paper=settings.paper, offset_x_mm=settings.offset_x_mm,
                   offset_y_mm=settings.offset_y_mm)
    session.add(job)
    session.flush()
    audit.record(session, by=by, action=Action.PRINT_CERTIFICATES, object_type="decision", object_id=decision.id,
                 changes={"decision": decision.number, "print_job": job.id, "certificates": total,
                          "overlay": settings.overlay, "paper": settings.paper or "mặc định",
                          "offset_mm": [str(settings.offset_x_mm), str(settings.offset_y_mm)]}, now=now)
    jobs.queue(session, JobKind.PRINT, job.id, by=by, base_url=base_url, now=now)
    return job


def run_print_job(session: Session, job_id: int, *, press: Press, chunk_size: int = 100, workers: int = 2,
                  heartbeat: Callable[[], None] | None = None) -> None:
    """Render the job's certificates in chunks (worker processes), updating its progress after each chunk
    (and reporting `heartbeat`, which raises if the job was taken from this worker), and store the result.
    Started again from the beginning when a previous worker died or an administrator retries it. Commits as
    it goes: it runs outside any request, in its own session (workflow/jobs)."""
    from certificates import write_batch

    job = session.get(PrintJob, job_id)
    if job is None or job.status == PrintJobStatus.DONE:
        return
    job.status, job.done, job.error, job.finished_at = PrintJobStatus.RUNNING, 0, None, None
    session.commit()
    try:
        settings = replace(press.defaults, overlay=job.overlay, paper=job.paper, offset_x_mm=job.offset_x_mm,
                           offset_y_mm=job.offset_y_mm)
        items = [certificate_data(line.certificate, verify_url=press.verify_url(line.certificate.verify_code),
                                  settings=settings, issuer_key=press.issuer_key)
                 for line in job.decision.lines if not line.certificate.revoked]
        job.total = len(items)
        session.commit()

        def progress(done: int, total: int) -> None:
            job.done = done
            session.commit()
            if heartbeat is not None:
                heartbeat()

        with press.store.writer() as out:   # its temporary file is removed if anything below fails
            write_batch(items, out, chunk_size=chunk_size, workers=workers, progress=progress)
        job.pdf_sha256 = out.sha256
        job.status, job.finished_at = PrintJobStatus.DONE, clock.now()
        session.commit()
    except Exception as error:
        session.rollback()
        job = session.get(PrintJob, job_id)
        job.status, job.finished_at = PrintJobStatus.FAILED, clock.now()
        job.error = print_failure(error)
        session.commit()
        raise


def print_failure(error: BaseException) -> str:
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return "Không tạo được bản in: ổ đĩa lưu trữ đã đầy. Vui lòng báo quản trị hệ thống giải phóng dung lượng."
    return f"Không tạo được bản in ({type(error).__name__}). Vui lòng thử lại hoặc báo quản trị hệ thống."


# --- checking a file against the record -----------------------------------------------------------------------

@dataclass(frozen=True)
class FileCheck:
    """The three checks of a PDF (signature intact, signer is the issuer, sha256 matches the record) and the
    record it matched, if any."""

    report: Report
    certificate: Certificate | None = None
    decision: Decision | None = None

    @property
    def record_found(self) -> bool:
        return self.certificate is not None or self.decision is not None


def check_file(session: Session, pdf: bytes, *, expected_issuer, trust_roots: list | None = None,
               issuer_public=None, base_url: str = "") -> FileCheck:
    """Which issued document this file claims to be is found by its sha256; a file altered after issuance
    matches no record, and then its sha256 check fails against nothing (shown as "không khớp"). With
    `trust_roots`, every signature's chain must reach one of them (the report lists each signature). With the
    issuer's public key (`issuer_public`), a credential the file carries is checked too (issue 19)."""
    from certificates.signing import Check, verify

    digest = hashlib.sha256(pdf).hexdigest()
    certificate = session.scalar(select(Certificate).where(Certificate.pdf_sha256 == digest))
    decision = None if certificate else session.scalar(select(Decision).where(Decision.pdf_sha256 == digest))
    if certificate or decision:
        report = verify(pdf, expected_issuer, expected_sha256=digest, trust_roots=trust_roots)
    else:
        report = verify(pdf, expected_issuer, trust_roots=trust_roots)
        report = replace(report, checks=(*report.checks, Check(
            "sha256_matches", "Tệp trùng khớp với bản đã lưu (SHA-256)", False,
            f"không có văn bản nào đã phát hành với sha256 {digest}")))
    # a certificate issued with a credential must still carry it; one signed before issue 19 never had one
    issued_with = (certificate is not None
                   and credentials.stored_credential(session, certificate.verify_code) is not None)
    credential = _credential_check(pdf, issuer_public, base_url, expected=issued_with)
    if credential is not None:
        report = replace(report, checks=(*report.checks, credential))
    return FileCheck(report, certificate, decision)


CREDENTIAL_CHECK = "Chứng nhận điện tử đính kèm (W3C VC, eddsa-jcs-2022) hợp lệ"


def _credential_check(pdf: bytes, issuer_public, base_url: str, *, expected: bool):
    """The embedded credential's check: its proof holds under the issuer's key. None when there is nothing to say
    (no key given, or a file without one that is not an issued certificate)."""
    from certificates.credentials import embedded
    from certificates.signing import Check

    if issuer_public is None:
        return None
    found = embedded(pdf)
    if found is None:
        missing = Check("credential_valid", CREDENTIAL_CHECK, False, "tệp không mang chứng nhận điện tử")
        return missing if expected else None
    problem = credentials.check_credential(found, issuer_public, base_url=base_url)
    return Check("credential_valid", CREDENTIAL_CHECK, problem is None, problem or "")


def without_files(session: Session) -> list[Decision]:
    """Decisions with a certificate (in force) or the decision itself not yet issued as a file: e.g. made
    before signing was configured; `flask certificates issue-missing` issues them."""
    return list(session.scalars(
        select(Decision).where(or_(Decision.pdf_sha256.is_(None) & Decision.id.in_(select(DecisionLine.decision_id)),
                                   Decision.id.in_(
            select(DecisionLine.decision_id).join(Certificate).where(
                Certificate.pdf_sha256.is_(None), Certificate.revoked.is_(False))))).order_by(Decision.id)))


def _authorize(by: User | None, action: Action, decision: Decision) -> None:
    facts = NominationFacts(proposing_unit_id=-1, authority_id=decision.authority_id)
    if by is None or not can(by.actor(), action, facts):
        raise NotAllowed(f"Bạn không có quyền «{ACTION_LABELS[action]}» đối với quyết định này.")
