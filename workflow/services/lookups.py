"""Read-only queries the secretariat's screens share: queues and counts, a resubmission's field-by-field diff,
the nominee's prior awards, duplicate claims, the council agenda's candidates and a tally preview.

Changes nothing and never flushes; never imports flask. Queries are returned as `Select` where a screen
paginates them.
"""
import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from datetime import date, datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ..models import (AgendaItem, CouncilSession, Nomination,
                      NominationRevision, NoticeItem, PublicComment, PublicNotice, SessionStatus, Signer, Unit)
from ..rules.i18n import N_
from ..rules.nominees import NOMINEE_KIND_LABELS, NomineeKind
from ..rules.states import CLAIMING_STATES, State
from ..rules.tally import TallyResult, tally
from . import queries, verified_results
from .council import current_count, entitled_count
from .council_queries import ballots_cast
from .notices import latest_notice, unanswered_objections

# The labels of a revision snapshot's fields (services.nominations.snapshot_fields), in display order.
FIELD_LABELS = {
    "achievement_summary": N_("Tóm tắt thành tích"),
    "period_from": N_("Thành tích từ ngày"),
    "period_to": N_("Thành tích đến ngày"),
    "letter_no": N_("Số Tờ trình"),
    "letter_date": N_("Ngày Tờ trình"),
    "nominee.kind": N_("Loại đối tượng"),
    "nominee.full_name": N_("Họ tên / tên tập thể"),
    "nominee.position": N_("Chức vụ"),
    "nominee.workplace": N_("Đơn vị công tác / địa chỉ công khai"),
    "nominee.unit_id": N_("Tập thể là đơn vị"),
    "nominee.gender": N_("Giới tính"),
    "nominee.works_in_production": N_("Trực tiếp lao động, sản xuất"),
    "nominee.birth_date": N_("Ngày sinh (không công khai)"),
    "nominee.id_number": N_("Số CCCD (không công khai)"),
    "nominee.address": N_("Địa chỉ (không công khai)"),
    "evidence": N_("Minh chứng điều kiện xét danh hiệu"),
    "verified_result_id": N_("Kết quả đã được công nhận"),
    "attachments": N_("Tệp đính kèm"),
}
ATTACHMENT_KIND_LABELS = {"achievement_report": N_("Báo cáo thành tích"), "minutes": N_("Biên bản bình xét"),
                          "initiative": N_("Giấy chứng nhận sáng kiến"), "other": N_("Tài liệu khác"),
                          "comment_evidence": N_("Tài liệu kèm ý kiến")}
GENDER_LABELS = {"female": N_("Nữ"), "male": N_("Nam")}
# A duplicate claim is another nomination that still claims the achievement and has left the unit's desk.
LIVE_CLAIMS = frozenset(CLAIMING_STATES - {State.DRAFT})


def _states(states: Iterable[State]) -> list[str]:
    return [str(s) for s in states]


# The queue of an authority's nominations in given states, and counting a query: the one answer in
# services.queries, re-exported under the names the secretariat's views use.
nominations_in = queries.nominations.in_states
_count = queries.count


@dataclass(frozen=True)
class Overview:
    submitted: int
    in_appraisal: int
    in_notice: int
    windows_over: int
    unanswered: int
    open_sessions: int
    endorsed: int
    open_drafts: int
    overdue: int


def overview(session: Session, authority_ids: set[int], today: date) -> Overview:
    """The counts of the secretariat's index page."""
    return Overview(
        submitted=_count(session, nominations_in(authority_ids, State.SUBMITTED)),
        in_appraisal=_count(session, nominations_in(authority_ids, State.IN_APPRAISAL)),
        in_notice=_count(session, nominations_in(authority_ids, State.IN_PUBLIC_NOTICE)),
        windows_over=_count(session, queries.notices.window_over(authority_ids, today)),
        unanswered=_count(session, comments_of(authority_ids, unanswered=True)),
        open_sessions=_count(session, sessions_of(authority_ids).where(CouncilSession.status == SessionStatus.OPEN)),
        endorsed=_count(session, queries.drafts.endorsed_without_draft(authority_ids)),
        open_drafts=_count(session, queries.drafts.open_drafts(authority_ids)),
        overdue=_count(session, queries.nominations.overdue(today, authority_ids)))


# --- a resubmission's diff ---------------------------------------------------------------------------

# A run of words in one side of a diff, and whether it changed (deleted on the old side, inserted on the new).
Part = tuple[str, bool]
_TOKENS = re.compile(r"\s+|\S+")


def word_diff(old: str, new: str) -> tuple[tuple[Part, ...], tuple[Part, ...]]:
    """Both texts cut into runs of words, the runs that differ marked: a paragraph with one word changed
    marks that word only. Plain strings: the template escapes them (no markup is built here)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    old_parts: list[Part] = []
    new_parts: list[Part] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        _extend(old_parts, a[i1:i2], op != "equal")
        _extend(new_parts, b[j1:j2], op != "equal")
    return tuple(old_parts), tuple(new_parts)


def _extend(parts: list[Part], tokens: list[str], changed: bool) -> None:
    """Append tokens as one run; a changed run keeps the spaces around it outside the mark."""
    if not tokens:
        return
    text = "".join(tokens)
    if changed:
        core = text.strip()
        lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        for piece, flag in ((lead, False), (core, bool(core)), (trail, False)):
            if piece:
                _append(parts, piece, flag)
    else:
        _append(parts, text, False)


def _append(parts: list[Part], text: str, changed: bool) -> None:
    if parts and parts[-1][1] == changed:
        parts[-1] = (parts[-1][0] + text, changed)
    else:
        parts.append((text, changed))


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str

    @property
    def parts(self) -> tuple[tuple[Part, ...], tuple[Part, ...]]:
        """(old runs, new runs) of a word-level diff (see word_diff)."""
        return word_diff(self.old, self.new)


@dataclass(frozen=True)
class RevisionDiff:
    old_revision: int
    new_revision: int
    old_at: datetime
    new_at: datetime
    changes: list[FieldChange]


def revision_diff(session: Session, nomination: Nomination) -> RevisionDiff | None:
    """The latest submitted snapshot against the one before it, field by field; None before a resubmission."""
    rows = session.scalars(select(NominationRevision).where(NominationRevision.nomination_id == nomination.id)
                           .order_by(NominationRevision.revision.desc()).limit(2)).all()
    if len(rows) < 2:
        return None
    new, old = rows
    names = list(FIELD_LABELS) + sorted((set(old.snapshot) | set(new.snapshot)) - set(FIELD_LABELS))
    changes = [FieldChange(name, FIELD_LABELS.get(name, name), _shown(session, name, old.snapshot.get(name)),
                           _shown(session, name, new.snapshot.get(name)))
               for name in names if old.snapshot.get(name) != new.snapshot.get(name)]
    return RevisionDiff(old.revision, new.revision, old.created_at, new.created_at, changes)


def _shown(session: Session, name: str, value) -> str:
    """A snapshot value as a person reads it."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return N_("Có") if value else N_("Không")
    if name == "attachments":
        return "; ".join(_attachment_line(entry) for entry in value)
    if name == "evidence":
        return "; ".join(value)
    if name == "verified_result_id":
        cited = verified_results.citations(session, [int(value)]).get(int(value))
        return cited.result.label if cited else f"#{value}"
    if name == "nominee.unit_id":
        unit = session.get(Unit, int(value))
        return unit.name if unit else str(value)
    if name == "nominee.kind":
        return NOMINEE_KIND_LABELS.get(NomineeKind(value), value)
    if name == "nominee.gender":
        return GENDER_LABELS.get(value, value)
    if name.endswith(("_date", "period_from", "period_to")):
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    return str(value)


def _attachment_line(entry: str) -> str:
    kind, _, rest = entry.partition(":")
    filename = rest.rsplit(":", 1)[0]
    return f"{filename} ({ATTACHMENT_KIND_LABELS.get(kind, kind)})"


# --- appraisal: prior awards and duplicate claims --------------------------------------------------------

@dataclass(frozen=True)
class PriorAward:
    award_type: str
    period_from: date
    period_to: date
    state: str
    revocation_reason: str | None
    decision_number: str | None
    decision_date: date | None
    imported_from: str | None     # the golden book file an imported award came from
    nomination_id: int | None


def prior_awards(session: Session, nomination: Nomination) -> list[PriorAward]:
    """Other nominations of the same nominee that were awarded (or awarded and then revoked), and its awards
    imported from the old golden book."""
    rows = session.execute(queries.nominations.prior_awards(nomination)).all()
    return [PriorAward(*row) for row in rows]


def duplicate_claims(session: Session, nomination: Nomination) -> list[Nomination]:
    """Other live nominations of the same nominee for the same award type whose periods overlap
    ("không khen nhiều lần cho một thành tích")."""
    return list(session.scalars(select(Nomination).where(
        Nomination.nominee_key == nomination.nominee_key, Nomination.award_type_id == nomination.award_type_id,
        Nomination.id != nomination.id, Nomination.state.in_(_states(LIVE_CLAIMS)),
        Nomination.period_from <= nomination.period_to, Nomination.period_to >= nomination.period_from)
        .order_by(Nomination.id)))


# --- notices and comments --------------------------------------------------------------------------------

def notices_of(authority_ids: set[int]) -> Select:
    return (select(PublicNotice).where(PublicNotice.authority_id.in_(authority_ids))
            .order_by(PublicNotice.start_date.desc(), PublicNotice.id.desc()))


def comments_of(authority_ids: set[int], *, status: str | None = None, notice_id: int | None = None,
                unanswered: bool = False) -> Select:
    query = (queries.notices.unanswered_comments(authority_ids) if unanswered
             else queries.notices.comments_of(authority_ids))
    if status:
        query = query.where(PublicComment.status == status)
    if notice_id is not None:
        query = query.where(PublicComment.notice_id == notice_id)
    return query


def notice_items(notice: PublicNotice) -> Select:
    return (select(Nomination).join(NoticeItem, NoticeItem.nomination_id == Nomination.id)
            .where(NoticeItem.notice_id == notice.id).order_by(NoticeItem.id))



# --- council sessions ------------------------------------------------------------------------------------

def sessions_of(authority_ids: set[int]) -> Select:
    return (select(CouncilSession).where(CouncilSession.authority_id.in_(authority_ids))
            .order_by(CouncilSession.meeting_date.desc(), CouncilSession.id.desc()))


def agenda_of(council: CouncilSession) -> Select:
    return select(AgendaItem).where(AgendaItem.session_id == council.id).order_by(AgendaItem.position)


def agenda_candidates(authority_id: int, today: date) -> Select:
    """Nominations that may go to this authority's council (queries.council.agenda_candidates)."""
    return queries.council.agenda_candidates({authority_id}, today)


def still_disclosed(session: Session, authority_id: int, today: date) -> int:
    """How many of the authority's nominations are still inside their (latest) notice window."""
    return _count(session, queries.notices.window_open({authority_id}, today))


@dataclass(frozen=True)
class Candidate:
    nomination: Nomination
    notice: PublicNotice | None
    pending: list[PublicComment]  # objections without a published answer: they block the council


def candidates(session: Session, nominations: Iterable[Nomination]) -> list[Candidate]:
    return [Candidate(n, latest_notice(session, n), unanswered_objections(session, n)) for n in nominations]


@dataclass(frozen=True)
class TallyPreview:
    item: AgendaItem
    result: TallyResult | None  # None for a secret ballot: its outcome is revealed only by closing the session
    cast: int                   # ballots received so far
    entitled: int               # members who may vote on the item (present, not recused)

    @property
    def target(self) -> State | None:
        if self.result is None:
            return None
        return State.ENDORSED if self.result.passed else State.NOT_AWARDED


def tally_preview(session: Session, council: CouncilSession) -> list[TallyPreview]:
    """What closing the session would decide for each openly voted item, by the rule frozen on the item. A secret
    ballot's counts and outcome stay unseen until the session is closed: only its participation is shown."""
    cast = ballots_cast(session, [item.id for item in council.items])
    return [TallyPreview(item, None if item.secret else tally(item.rule(), current_count(item)),
                         cast.get(item.id, 0), entitled_count(item)) for item in council.items]


# --- decision drafts -------------------------------------------------------------------------------------

# Every draft (open or issued, newest first) and the endorsed nominations no open draft carries yet: the
# questions the authority's index asks too, answered once in services.queries.drafts.
drafts_of = queries.drafts.of_authorities
endorsed_without_draft = queries.drafts.endorsed_without_draft


def active_signers(session: Session, authority_ids: set[int], on: date) -> list[Signer]:
    """Signers who may sign on `on` (the decision date): active and within their dates (Signer.is_valid_on)."""
    return list(session.scalars(select(Signer).where(
        Signer.authority_id.in_(authority_ids), Signer.active.is_(True), Signer.valid_from <= on,
        Signer.valid_to.is_(None) | (Signer.valid_to >= on)).order_by(Signer.id)))
