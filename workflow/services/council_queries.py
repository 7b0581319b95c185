"""Read-only queries of the council and authority areas: the sessions a member sits on, the summary sheet of
each agenda item as that member sees it, the authority's open drafts, waiting nominations and decisions.
Changes nothing; never imports flask.
"""
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, undefer

from ..models import (AgendaItem, Ballot, CouncilSession, Decision, DecisionDraft, ItemResult, Nomination,
                      PrintJob, PublicComment, SessionMember, SessionStatus, User, legal_basis_lines_on)
from ..rules.i18n import N_
from ..rules.states import State
from ..rules.tally import BallotKind, Reason, TallyResult, tally
from . import decisions, queries
from .council import recusal_of

ABSENT = N_("Theo điểm danh, bạn vắng mặt tại phiên họp này nên không tham gia biểu quyết.")
NOT_A_VOTER = N_("Bạn không có tên trong danh sách thành viên được triệu tập dự phiên họp này.")


# --- the council member's area ---------------------------------------------------------------------------

def sessions_of_member(user_id: int) -> Select:
    """The sessions the user was called to, newest first."""
    return (select(CouncilSession).join(SessionMember, SessionMember.session_id == CouncilSession.id)
            .where(SessionMember.user_id == user_id)
            .order_by(CouncilSession.meeting_date.desc(), CouncilSession.id.desc()))


def agenda(council_id: int) -> Select:
    return select(AgendaItem).where(AgendaItem.session_id == council_id).order_by(AgendaItem.position)


def page_of(session: Session, item: AgendaItem, per_page: int) -> int:
    """The agenda page (1-based) an item appears on, so a vote returns the member to it."""
    before = session.scalar(select(func.count()).select_from(AgendaItem).where(
        AgendaItem.session_id == item.session_id, AgendaItem.position < item.position))
    return before // per_page + 1


@dataclass(frozen=True)
class Sheet:
    """Phiếu tóm tắt: one agenda item as a member sees it — the nomination, the public comments on it, and
    where the member stands (recused, absent, voted, or free to vote)."""

    item: AgendaItem
    comments: list[PublicComment]
    blocked: Reason | None  # why this member may not vote on the item, if so (a sentence to translate)
    voted: bool
    choice: str | None     # the member's own choice: open ballots only, never for a secret ballot

    @property
    def nomination(self) -> Nomination:
        return self.item.nomination

    @property
    def secret(self) -> bool:
        return self.item.ballot == BallotKind.SECRET

    @property
    def may_vote(self) -> bool:
        return (self.blocked is None and not self.voted and self.item.session.is_open
                and self.item.result == ItemResult.PENDING and self.nomination.state == State.IN_COUNCIL)


def sheets(session: Session, items: Sequence[AgendaItem], user: User, *, with_comments: bool = True) -> list[Sheet]:
    nomination_ids = [item.nomination_id for item in items]
    comments = comments_by_nomination(session, nomination_ids) if with_comments else {}
    ballots = dict(session.execute(select(Ballot.item_id, Ballot.choice).where(
        Ballot.user_id == user.id, Ballot.item_id.in_([item.id for item in items]))).all())
    return [Sheet(item=item, comments=comments.get(item.nomination_id, []), blocked=_blocked(item, user),
                  voted=item.id in ballots, choice=ballots.get(item.id)) for item in items]


def _blocked(item: AgendaItem, user: User) -> Reason | None:
    member = item.session.member(user.id)
    if member is None:
        return Reason(NOT_A_VOTER)
    return recusal_of(item, user) or (None if member.present else Reason(ABSENT))


def awaiting_ballot(session: Session, user: User) -> list[AgendaItem]:
    """The items of open sessions this member may vote on now (not recused, present, not yet voted): the
    dashboard counts them by the very predicate the session page uses to show the ballot form."""
    items = session.scalars(select(AgendaItem).join(CouncilSession).join(
        SessionMember, SessionMember.session_id == CouncilSession.id).where(
        CouncilSession.status == SessionStatus.OPEN, SessionMember.user_id == user.id,
        SessionMember.present.is_(True)).order_by(AgendaItem.id)).all()
    return [sheet.item for sheet in sheets(session, items, user, with_comments=False) if sheet.may_vote]


def comments_by_nomination(session: Session, nomination_ids: Iterable[int]) -> dict[int, list[PublicComment]]:
    """Citizens' comments with their published answers; the view shows neither name nor contact data."""
    grouped: dict[int, list[PublicComment]] = defaultdict(list)
    for comment in session.scalars(select(PublicComment).where(PublicComment.nomination_id.in_(list(nomination_ids)))
                                   .order_by(PublicComment.received_at, PublicComment.id)):
        grouped[comment.nomination_id].append(comment)
    return grouped


def recorded_tally(item: AgendaItem) -> TallyResult | None:
    """The tally of a closed item, recomputed from the numbers it recorded and the rule frozen on it, so a page
    can say why in its reader's language. None before the tally, and for a record whose stored outcome these do
    not give (an item tallied before its rule was frozen, under an award type edited since): it keeps its
    stored sentence."""
    count = item.recorded_count()
    if count is None or item.result == ItemResult.PENDING:
        return None
    try:
        result = tally(item.rule(), count)
    except ValueError:
        return None
    return result if result.passed == (item.result == ItemResult.PASSED) else None


def failed_item_of(session: Session, nomination: Nomination) -> AgendaItem | None:
    """The agenda item whose tally the nomination failed (its latest), if the council is why it was not awarded."""
    return session.scalar(select(AgendaItem).where(AgendaItem.nomination_id == nomination.id,
                                                   AgendaItem.result == ItemResult.FAILED)
                          .order_by(AgendaItem.id.desc()).limit(1))


def ballots_cast(session: Session, item_ids: Iterable[int]) -> dict[int, int]:
    """How many members have voted on each item so far (who took part is recorded, never who chose what)."""
    return dict(session.execute(select(Ballot.item_id, func.count()).where(Ballot.item_id.in_(list(item_ids)))
                                .group_by(Ballot.item_id)).all())


# --- the authority's area --------------------------------------------------------------------------------

def open_drafts(authority_ids: set[int]) -> Select:
    """The drafts waiting for the authority: the one answer the secretariat's index counts too."""
    return queries.drafts.open_drafts(authority_ids)


def endorsed_without_draft(authority_ids: set[int]) -> Select:
    """Nominations the council endorsed that no open draft carries yet (queries.drafts, shared with the
    secretariat's screens)."""
    return queries.drafts.endorsed_without_draft(authority_ids)


def issued_decisions(authority_ids: set[int]) -> Select:
    return (select(Decision).where(Decision.authority_id.in_(authority_ids)).options(undefer(Decision.line_count))
            .order_by(Decision.decision_date.desc(), Decision.id.desc()))


def print_jobs(session: Session, decision: Decision, limit: int = 5) -> list[PrintJob]:
    """The decision's latest print batches, newest first."""
    return list(session.scalars(select(PrintJob).where(PrintJob.decision_id == decision.id)
                                .order_by(PrintJob.id.desc()).limit(limit)))


open_draft_of = queries.drafts.open_draft_of   # the authority's screens ask the one query the others ask


@dataclass(frozen=True)
class DraftLine:
    """One line of a draft as the authority reviews it: endorsed lines carry the prize they would get."""

    nomination: Nomination
    amount: int | None
    explanation: str

    @property
    def pending(self) -> bool:
        return self.nomination.state == State.ENDORSED


def draft_lines(session: Session, draft: DecisionDraft) -> list[DraftLine]:
    lines = []
    for nomination in draft.nominations:
        if nomination.state == State.ENDORSED:
            amount, explanation = decisions.prize_preview(session, nomination, draft.decision_date)
            lines.append(DraftLine(nomination, amount, explanation))
        else:
            lines.append(DraftLine(nomination, None, ""))
    return lines


def legal_basis_lines(nominations: Iterable[Nomination], on: date) -> list[str]:
    """The "Căn cứ …" lines in force on `on` (the decision date) for the award types, each once."""
    return legal_basis_lines_on((n.award_type for n in nominations), on)


def number_preview(session: Session, draft: DecisionDraft) -> str:
    return decisions.next_number_preview(session, draft.authority, draft.decision_date)
