"""Which nominations: an authority's queue in given states (intake, appraisal, endorsed, …), most urgent first,
and the dossiers past their processing due date (the inbox and the movement dashboard both ask `overdue`)."""
from collections.abc import Iterable
from datetime import date

from sqlalchemy import Select, select

from ...models import AwardType, Decision, DecisionLine, Nomination
from ...rules.states import State

# Waiting on the secretariat, the council or the authority: the processing clock runs. A returned dossier waits on
# its unit (its clock is paused); a decided or withdrawn one has stopped.
IN_PROCESS = frozenset({State.SUBMITTED, State.IN_APPRAISAL, State.IN_PUBLIC_NOTICE, State.IN_COUNCIL,
                        State.ENDORSED})


def of_authorities(authority_ids: Iterable[int]) -> Select:
    """The nominations these authorities decide (through their award types), oldest first."""
    return (select(Nomination).join(AwardType, Nomination.award_type_id == AwardType.id)
            .where(AwardType.authority_id.in_(list(authority_ids))).order_by(Nomination.id))


def in_states(authority_ids: Iterable[int], *states: State) -> Select:
    """The nominations of these authorities in these states, most urgent first (a queue)."""
    return by_urgency(of_authorities(authority_ids).where(Nomination.state.in_([str(s) for s in states])))


def by_urgency(query: Select) -> Select:
    """Overdue first, then the nearest processing due date; dossiers without a running clock last, oldest first."""
    due = Nomination.processing_due_on
    return query.order_by(None).order_by(due.is_(None), due, Nomination.id)


def in_process(authority_ids: Iterable[int] | None = None) -> Select:
    """Dossiers whose processing clock runs, most urgent first; all authorities' when none are named."""
    query = select(Nomination) if authority_ids is None else of_authorities(authority_ids)
    return by_urgency(query.where(Nomination.state.in_([str(s) for s in IN_PROCESS]),
                                  Nomination.processing_due_on.is_not(None)))


def overdue(today: date, authority_ids: Iterable[int] | None = None) -> Select:
    """Dossiers in process whose due date has passed on `today`, most overdue first: the one answer to
    "quá hạn xử lý" for the secretariat's inbox and the campaign dashboard."""
    return in_process(authority_ids).where(Nomination.processing_due_on < today)


def prior_awards(nomination: Nomination) -> Select:
    """(Nomination, decision number, decision date) of the same nominee's other nominations that were awarded
    (or awarded and then revoked), newest decision first: the appraisal page's list and the register's titles
    that count for a title's prerequisites."""
    return (select(Nomination, Decision.number, Decision.decision_date)
            .outerjoin(DecisionLine, DecisionLine.nomination_id == Nomination.id)
            .outerjoin(Decision, Decision.id == DecisionLine.decision_id)
            .where(Nomination.nominee_key == nomination.nominee_key, Nomination.id != nomination.id,
                   Nomination.state.in_([str(State.AWARDED), str(State.REVOKED)]))
            .order_by(Decision.decision_date.desc(), Nomination.id.desc()))
