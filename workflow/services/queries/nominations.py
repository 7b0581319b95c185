"""Which nominations: an authority's queue in given states (intake, appraisal, endorsed, …), most urgent first,
and the dossiers past their processing due date (the inbox and the movement dashboard both ask `overdue`)."""
from collections.abc import Iterable
from datetime import date

from sqlalchemy import Integer, Select, String, Text, literal, select, union_all

from ...models import AwardType, Decision, DecisionLine, HistoricalAward, HistoricalImport, Nomination
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
    """The same nominee's awards, newest decision first: their other nominations that were awarded (or awarded
    and then revoked), and the awards imported from the old golden book (HistoricalAward, by the same nominee
    key). Rows of (award_type, period_from, period_to, state, revocation_reason, decision_number, decision_date,
    imported_from, nomination_id): imported_from is the imported file's name (None for our own register),
    nomination_id None for an imported award. The appraisal page's list and the register's titles that count for
    a title's prerequisites."""
    ours = (select(AwardType.name.label("award_type"), Nomination.period_from, Nomination.period_to,
                   Nomination.state.label("state"), Nomination.revocation_reason,
                   Decision.number.label("decision_number"), Decision.decision_date.label("decision_date"),
                   literal(None, String).label("imported_from"), Nomination.id.label("nomination_id"))
            .join(AwardType, AwardType.id == Nomination.award_type_id)
            .outerjoin(DecisionLine, DecisionLine.nomination_id == Nomination.id)
            .outerjoin(Decision, Decision.id == DecisionLine.decision_id)
            .where(Nomination.nominee_key == nomination.nominee_key, Nomination.id != nomination.id,
                   Nomination.state.in_([str(State.AWARDED), str(State.REVOKED)])))
    imported = (select(AwardType.name, HistoricalAward.period_from, HistoricalAward.period_to,
                       literal(str(State.AWARDED)), literal(None, Text), HistoricalAward.decision_number,
                       HistoricalAward.decision_date, HistoricalImport.filename, literal(None, Integer))
                .join(AwardType, AwardType.id == HistoricalAward.award_type_id)
                .join(HistoricalImport, HistoricalImport.id == HistoricalAward.import_id)
                .where(HistoricalAward.nominee_key == nomination.nominee_key))
    both = union_all(ours, imported).subquery()
    return select(both).order_by(both.c.decision_date.desc(), both.c.nomination_id.desc())
