"""Which nominations: an authority's queue in given states (intake, appraisal, endorsed, …)."""
from collections.abc import Iterable

from sqlalchemy import Select, select

from ...models import AwardType, Nomination
from ...rules.states import State


def of_authorities(authority_ids: Iterable[int]) -> Select:
    """The nominations these authorities decide (through their award types), oldest first."""
    return (select(Nomination).join(AwardType, Nomination.award_type_id == AwardType.id)
            .where(AwardType.authority_id.in_(list(authority_ids))).order_by(Nomination.id))


def in_states(authority_ids: Iterable[int], *states: State) -> Select:
    """The nominations of these authorities in these states, oldest first (a queue)."""
    return of_authorities(authority_ids).where(Nomination.state.in_([str(s) for s in states]))
