"""Which nominations: an authority's queue in given states (intake, appraisal, endorsed, …)."""
from collections.abc import Iterable

from sqlalchemy import Select, select

from ...models import AwardType, Decision, DecisionLine, Nomination
from ...rules.states import State


def of_authorities(authority_ids: Iterable[int]) -> Select:
    """The nominations these authorities decide (through their award types), oldest first."""
    return (select(Nomination).join(AwardType, Nomination.award_type_id == AwardType.id)
            .where(AwardType.authority_id.in_(list(authority_ids))).order_by(Nomination.id))


def in_states(authority_ids: Iterable[int], *states: State) -> Select:
    """The nominations of these authorities in these states, oldest first (a queue)."""
    return of_authorities(authority_ids).where(Nomination.state.in_([str(s) for s in states]))


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
