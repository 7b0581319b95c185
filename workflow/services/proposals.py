"""Proposals (Tờ trình kèm danh sách): made by hand or from an imported list, then submitted, returned and
resubmitted as one. Every line moves through its own service (services.nominations, hence lifecycle's one
audited path and the processing clock), all in the caller's transaction: a line that cannot move raises, naming
it, and the caller's rollback undoes the lines already moved. The proposal gets one audit event of its own.
Never commits; imports no Flask.
"""
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from ..models import Campaign, Nomination, Proposal, Unit, User
from ..rules.errors import Conflict, DomainError, InvalidTransition, NotAllowed, ValidationFailed
from ..rules.files import safe_filename
from ..rules.nominee_list import Problem, RowFields, where_field
from ..rules.permissions import NominationFacts, can
from ..rules.proposals import ProposalState
from ..rules.states import ACTION_LABELS, Action, State
from . import audit, clock, nominations
from .blobs import FileStore
from .lifecycle import flush_or_conflict, require_text
from .nominations import NominationData

# Lines the secretariat holds and may return as one; lines further on (in notice, in council) block the return.
RETURNABLE = frozenset({State.SUBMITTED, State.IN_APPRAISAL})
BEYOND_RETURN = frozenset({State.IN_PUBLIC_NOTICE, State.IN_COUNCIL, State.ENDORSED})
SENDABLE = frozenset({State.DRAFT, State.RETURNED})
SCAN_STATES = frozenset({ProposalState.EMPTY, ProposalState.DRAFT, ProposalState.RETURNED,
                         ProposalState.PARTLY_RETURNED})


@dataclass(frozen=True)
class Header:
    """The letter itself: number and symbol as typed («45/TTr-UBND»), date, who signs it and their title."""

    number: str
    letter_date: date | None
    signer_name: str
    signer_title: str


@dataclass
class ListLine:
    """One row of an imported list: the form's reading of it (`row`), the nomination it asks for when the form
    found nothing wrong, and the column letters for messages."""

    row: RowFields
    data: NominationData | None
    letters: dict[str, str] = field(default_factory=dict)


@dataclass
class ImportOutcome:
    proposal: Proposal
    saved: list[Nomination]
    problems: list[Problem]


class ListRefused(ValidationFailed):
    """Some rows are wrong: nothing is kept. `problems` lists each one by row and column."""

    def __init__(self, problems: list[Problem], valid_rows: int):
        self.problems, self.valid_rows = problems, valid_rows
        super().__init__(f"Danh sách có {len(problems)} lỗi ở {len({p.row for p in problems})} dòng; chưa lưu gì.")


def create(session: Session, *, by: User, campaign: Campaign, proposing_unit: Unit, header: Header,
           lines: Sequence[Nomination] = (), now: datetime | None = None) -> Proposal:
    """A new proposal of the officer's own unit, optionally gathering draft nominations already made."""
    if by is None or not can(by.actor(), Action.CREATE, NominationFacts(proposing_unit.id, campaign.authority_id)):
        raise NotAllowed("Bạn chỉ được lập tờ trình cho đơn vị của mình.")
    number = require_text(header.number, "Cần nhập số, ký hiệu Tờ trình.", field="number")
    if len(number) > 60:
        raise ValidationFailed("Số, ký hiệu Tờ trình tối đa 60 ký tự.", field="number")
    if header.letter_date is None:
        raise ValidationFailed("Cần nhập ngày Tờ trình.", field="letter_date")
    proposal = Proposal(number=number, letter_date=header.letter_date, campaign=campaign,
                        proposing_unit=proposing_unit, created_by=by, created_at=now or clock.now(),
                        signer_name=require_text(header.signer_name, "Cần nhập người ký Tờ trình.",
                                                 field="signer_name"),
                        signer_title=require_text(header.signer_title, "Cần nhập chức vụ người ký.",
                                                  field="signer_title"))
    session.add(proposal)
    session.flush()
    for line in lines:
        _gather(session, proposal, line, by=by, now=now)
    session.flush()
    audit.record(session, by=by, action=Action.CREATE, object_type="proposal", object_id=proposal.id,
                 to_state=str(ProposalState.DRAFT), now=now,
                 changes={"number": proposal.number, "letter_date": proposal.letter_date.isoformat(),
                          "lines": [line.id for line in lines]})
    return proposal


def import_list(session: Session, *, by: User, campaign: Campaign, proposing_unit: Unit, header: Header,
                lines: Sequence[ListLine], file_sha256: str, keep_valid: bool = False,
                now: datetime | None = None) -> ImportOutcome:
    """A new proposal whose lines are the list's rows, each made by nominations.create (so checked by exactly its
    rules). Any problem refuses the whole list (ListRefused, nothing kept once the caller rolls back) unless
    `keep_valid`: then the valid rows are saved as drafts and the others listed. One audit event for the import."""
    if not lines:
        raise ValidationFailed("Danh sách không có dòng nào; hãy điền từ dòng đầu tiên dưới tiêu đề của tệp mẫu.")
    proposal = create(session, by=by, campaign=campaign, proposing_unit=proposing_unit, header=header, now=now)
    problems = [problem for line in lines for problem in line.row.problems]
    saved = []
    for line in lines:
        if line.row.problems or line.data is None:
            continue
        data = replace(line.data, letter_no=proposal.number, letter_date=proposal.letter_date)
        try:
            with session.begin_nested():
                saved.append(nominations.create(session, by=by, campaign=campaign, proposing_unit=proposing_unit,
                                                data=data, now=now, proposal_id=proposal.id))
        except NotAllowed:
            raise
        except ValidationFailed as refusal:
            problems.append(where_field(line.row, line.letters, refusal.field, refusal.message))
    if problems and not (keep_valid and saved):
        raise ListRefused(sorted(problems, key=lambda p: (p.row, p.column)), len(saved))
    proposal.import_sha256, proposal.import_rows = file_sha256, len(lines)
    session.flush()
    audit.record(session, by=by, action=Action.IMPORT_LIST, object_type="proposal", object_id=proposal.id, now=now,
                 changes={"sha256": file_sha256, "rows": len(lines), "saved": len(saved),
                          "refused_rows": sorted({p.row for p in problems})})
    return ImportOutcome(proposal, saved, sorted(problems, key=lambda p: (p.row, p.column)))


def submit(session: Session, proposal: Proposal, *, by: User, expected_version: int,
           now: datetime | None = None) -> list[Nomination]:
    """Gửi tờ trình: every draft line is submitted and every returned line resubmitted, as one."""
    _check(proposal, by, Action.SUBMIT, expected_version)
    moves = sendable_lines(proposal)
    if not moves:
        raise InvalidTransition("Tờ trình không có dòng nào là bản nháp hoặc bị trả lại để gửi.")
    again = any(line.state == State.RETURNED for line in moves)
    for line in moves:
        service = nominations.resubmit if line.state == State.RETURNED else nominations.submit
        with _naming(proposal, line):
            service(session, line, by=by, expected_version=line.version, now=now)
    _record(session, proposal, Action.RESUBMIT if again else Action.SUBMIT, by=by, lines=moves, now=now)
    return moves


def return_(session: Session, proposal: Proposal, *, by: User, expected_version: int, reason: str,
            now: datetime | None = None) -> list[Nomination]:
    """Trả lại cả tờ trình: every line the secretariat holds goes back to the unit with the same reason. A line
    already put to the public or the council cannot be returned, and refuses the whole action."""
    _check(proposal, by, Action.RETURN, expected_version)
    reason = require_text(reason, "Cần nêu lý do trả lại tờ trình.", field="reason")
    blocking = [line for line in proposal.lines if line.state in BEYOND_RETURN]
    if blocking:
        raise InvalidTransition("Không trả lại được cả tờ trình: " + "; ".join(
            f"{_line_name(proposal, line)} đã chuyển sang bước sau" for line in blocking) + ".")
    moves = [line for line in proposal.lines if line.state in RETURNABLE]
    if not moves:
        raise InvalidTransition("Tờ trình không có dòng nào đang chờ tiếp nhận hoặc thẩm định để trả lại.")
    for line in moves:
        with _naming(proposal, line):
            nominations.return_(session, line, by=by, expected_version=line.version, reason=reason, now=now)
    _record(session, proposal, Action.RETURN, by=by, lines=moves, now=now, reason=reason)
    return moves


def attach_scan(session: Session, proposal: Proposal, *, by: User, store: FileStore, filename: str, data: bytes,
                expected_version: int, now: datetime | None = None) -> None:
    """The signed letter's scan (PDF or image), while the unit may still change the proposal."""
    _check(proposal, by, Action.ADD_ATTACHMENT, expected_version)
    if not may_attach_scan(proposal):
        raise InvalidTransition("Chỉ đính kèm bản quét khi tờ trình đang soạn hoặc bị trả lại.")
    content_type = nominations.checked_upload(data, field="scan")
    proposal.scan_sha256 = store.put(data)
    proposal.scan_filename = safe_filename(filename, content_type)
    flush_or_conflict(session)
    audit.record(session, by=by, action=Action.ADD_ATTACHMENT, object_type="proposal", object_id=proposal.id,
                 changes={"filename": proposal.scan_filename, "sha256": proposal.scan_sha256}, now=now)


def sendable_lines(proposal: Proposal) -> list[Nomination]:
    """The lines «Gửi tờ trình» would move: drafts (submitted) and returned ones (resubmitted)."""
    return [line for line in proposal.lines if line.state in SENDABLE]


def may_attach_scan(proposal: Proposal) -> bool:
    return proposal.state in SCAN_STATES


def facts(proposal: Proposal) -> NominationFacts:
    return NominationFacts(proposal.proposing_unit_id, proposal.campaign.authority_id)


# --- helpers -----------------------------------------------------------------------------------------------

def _check(proposal: Proposal, by: User | None, action: Action, expected_version: int) -> None:
    if proposal.version != expected_version:
        raise Conflict("Tờ trình đã có người xử lý trước. Vui lòng tải lại trang và thử lại.")
    if by is None or not can(by.actor(), action, facts(proposal)):
        raise NotAllowed(f"Bạn không có quyền «{ACTION_LABELS[action]}» đối với tờ trình này.")


def _gather(session: Session, proposal: Proposal, line: Nomination, *, by: User, now: datetime | None) -> None:
    """A free draft joins the proposal; its letter number and date become the proposal's, through the audited
    edit (the grouping itself is recorded in the proposal's own event)."""
    if line.proposing_unit_id != proposal.proposing_unit_id or line.campaign_id != proposal.campaign_id:
        raise ValidationFailed(f"Hồ sơ «{line.nominee.full_name}» không cùng đơn vị đề nghị và đợt xét với tờ trình.")
    if line.state != State.DRAFT or line.proposal_id is not None:
        raise ValidationFailed(f"Hồ sơ «{line.nominee.full_name}» không còn là bản nháp tự do để đưa vào tờ trình.")
    line.proposal_id = proposal.id
    nominations.edit(session, line, by=by, expected_version=line.version, now=now,
                     changes={"letter_no": proposal.number, "letter_date": proposal.letter_date})


def _line_name(proposal: Proposal, line: Nomination) -> str:
    position = next(i for i, other in enumerate(proposal.lines, start=1) if other.id == line.id)
    return f"dòng {position} «{line.nominee.full_name}» (hồ sơ số {line.id})"


@contextmanager
def _naming(proposal: Proposal, line: Nomination) -> Iterator[None]:
    """A line's refusal, re-raised as the same kind of error with the line named in front."""
    try:
        yield
    except DomainError as error:
        raise type(error)(f"Chưa thực hiện được với cả tờ trình: {_line_name(proposal, line)}: {error.message}",
                          field=error.field) from error


def _record(session: Session, proposal: Proposal, action: Action, *, by: User, lines: Sequence[Nomination],
            now: datetime | None, reason: str | None = None) -> None:
    """Bump the proposal's version (a second click on a stale page is a conflict) and record its own event."""
    flag_modified(proposal, "number")
    flush_or_conflict(session)
    audit.record(session, by=by, action=action, object_type="proposal", object_id=proposal.id, reason=reason,
                 to_state=str(proposal.state), now=now,
                 changes={"number": proposal.number, "lines": [line.id for line in lines]})
