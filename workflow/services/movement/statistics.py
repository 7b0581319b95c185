"""A campaign's nominations in figures: how many stand in each state, awards by year, unit and award type,
the shares of awards to people working directly in production and to women, processing times in working
days from submission to decision, and what is still open past its processing due date. Read-only.

Statistics describe the records as they stand now; only the targets' progress follows a chosen date.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from ...models import AuditEvent, AwardType, Campaign, DecisionLine, Gender, Nomination, Nominee, Unit
from ...rules.calendar import WorkingCalendar
from ...rules.classification import CATEGORY_NAMES, FORM, category_name
from ...rules.i18n import N_
from ...rules.nominees import NomineeKind
from ...rules.states import PUBLIC_STATES, Action, State
from ...rules.targets import median, percent, percentile
from .. import clock
from ...rules.processing import working_days_late
from ..queries import nominations as nomination_queries
from ..queries import notices

# Every state but the draft (a unit's own unsent work), in lifecycle order.
STAFF_STATES = [s for s in State if s is not State.DRAFT]
# What the public table always lists: the states of disclosed nominations, and their outcomes.
PUBLIC_USUAL = PUBLIC_STATES | {State.NOT_AWARDED}
# Waiting on the secretariat, the council or the authority. A returned nomination waits on its unit.
OPEN_STATES = nomination_queries.IN_PROCESS


def by_state(session: Session, campaign: Campaign, *, internal: bool) -> list[tuple[State, int]]:
    """Nominations by their state now, in lifecycle order. The staff count every one sent; the public count
    those it has seen (disclosed for comments, or decided), as the home page does, whatever became of
    them since. The usual states are listed even at zero."""
    query = select(Nomination.state, func.count()).where(Nomination.campaign_id == campaign.id,
                                                         Nomination.state != State.DRAFT)
    if not internal:
        query = query.where(notices.ever_disclosed() | exists().where(DecisionLine.nomination_id == Nomination.id))
    counts = dict(session.execute(query.group_by(Nomination.state)).all())
    usual = STAFF_STATES if internal else PUBLIC_USUAL
    return [(state, counts.get(str(state), 0)) for state in State if state in usual or counts.get(str(state))]


@dataclass(frozen=True)
class AwardCount:
    year: int
    unit: str              # the proposing unit
    award_type: str
    awarded: int           # in force
    revoked: int
    category: str = CATEGORY_NAMES[FORM]   # danh hiệu thi đua or hình thức khen thưởng, counted apart


def awards(session: Session, campaign: Campaign) -> list[AwardCount]:
    """Decision lines of the campaign by decision year, proposing unit and award type; each row says whether its
    award type is a title or a form, so the two are totalled apart (`totals(rows, "category")`)."""
    found = session.execute(
        select(DecisionLine.decision_date, Unit.name, AwardType.name, Nomination.state, AwardType.category)
        .join(Nomination, DecisionLine.nomination_id == Nomination.id)
        .join(Unit, Nomination.proposing_unit_id == Unit.id)
        .join(AwardType, Nomination.award_type_id == AwardType.id)
        .where(Nomination.campaign_id == campaign.id))
    counts: dict[tuple[int, str, str, str], Counter] = defaultdict(Counter)
    for decided, unit, award_type, state, category in found:
        counts[(decided.year, unit, award_type, category_name(category))][state == State.REVOKED] += 1
    return [AwardCount(year, unit, award_type, c[False], c[True], category)
            for (year, unit, award_type, category), c in sorted(counts.items())]


def award_totals(session: Session) -> dict[int, tuple[int, int]]:
    """Decision lines per campaign as (in force, revoked): what the home page says of each campaign, counted as
    `awards` counts them for the campaign's dashboard, so the two pages give the same figures."""
    revoked = Nomination.state == State.REVOKED
    found = session.execute(select(Nomination.campaign_id, revoked, func.count())
                            .join(DecisionLine, DecisionLine.nomination_id == Nomination.id)
                            .group_by(Nomination.campaign_id, revoked))
    totals_: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for campaign_id, is_revoked, count in found:
        totals_[campaign_id][1 if is_revoked else 0] += count
    return {campaign_id: (in_force, gone) for campaign_id, (in_force, gone) in totals_.items()}


def totals(rows: list[AwardCount], key: str) -> list[tuple[str | int, int, int]]:
    """The awards summed over one of year / unit / award_type / category: (value, awarded, revoked)."""
    summed: dict[str | int, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        summed[getattr(row, key)][0] += row.awarded
        summed[getattr(row, key)][1] += row.revoked
    return [(value, a, r) for value, (a, r) in sorted(summed.items())]


@dataclass(frozen=True)
class Share:
    label: str
    part: int
    whole: int
    short: str = ""     # the label in a chart

    @property
    def percent(self) -> Decimal | None:
        return percent(self.part, self.whole)


def shares(session: Session, campaign: Campaign) -> list[Share]:
    """Among awards in force to individuals and households: those working directly in production (trực tiếp
    lao động, sản xuất: the law asks that they be favoured); among individuals whose gender is recorded:
    women."""
    found = session.execute(
        select(Nominee.kind, Nominee.works_in_production, Nominee.gender)
        .join(Nomination, Nomination.nominee_id == Nominee.id)
        .join(DecisionLine, DecisionLine.nomination_id == Nomination.id)
        .where(Nomination.campaign_id == campaign.id, Nomination.state == State.AWARDED,
               Nominee.kind.in_([NomineeKind.INDIVIDUAL, NomineeKind.HOUSEHOLD]))).all()
    genders = [gender for kind, _, gender in found if kind == NomineeKind.INDIVIDUAL and gender is not None]
    return [Share(N_("Cá nhân, hộ gia đình trực tiếp lao động, sản xuất"), sum(1 for _, p, _ in found if p),
                  len(found), N_("Trực tiếp lao động, sản xuất")),
            Share(N_("Nữ (trong số cá nhân có ghi giới tính)"), sum(1 for g in genders if g == Gender.FEMALE),
                  len(genders), N_("Nữ"))]


@dataclass(frozen=True)
class ProcessingTime:
    award_type: str | None   # None: every award type together
    decided: int
    median: Decimal | None
    p90: int | None
    longest: int | None
    over_limit: int          # decided after their processing due date


def processing_times(session: Session, campaign: Campaign, calendar: WorkingCalendar) -> list[ProcessingTime]:
    """Working days from submission to the decision that settled it (awarded, later revoked or not, or
    refused by the authority), per award type and then all together; late: decided after the due date."""
    days: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    for award_type, submitted, due_on, decided in _decided(session, campaign):
        late = due_on is not None and decided > due_on
        days[award_type].append((calendar.working_days_between(clock.local_date(submitted), decided), late))
    rows = [_times(name, values) for name, values in sorted(days.items())]
    return rows + [_times(None, [d for values in days.values() for d in values])] if rows else []


def _decided(session: Session, campaign: Campaign) -> list[tuple[str, object, date | None, date]]:
    base = (select(AwardType.name, Nomination.submitted_at, Nomination.processing_due_on)
            .join(AwardType, Nomination.award_type_id == AwardType.id)
            .where(Nomination.campaign_id == campaign.id, Nomination.submitted_at.is_not(None)))
    awarded = session.execute(base.add_columns(DecisionLine.decision_date)
                              .join(DecisionLine, DecisionLine.nomination_id == Nomination.id)).all()
    refused = session.execute(base.add_columns(AuditEvent.occurred_at).join(AuditEvent, (
        AuditEvent.object_type == "nomination") & (AuditEvent.object_id == Nomination.id) & (
        AuditEvent.action == str(Action.REFUSE)))).all()
    return [tuple(r) for r in awarded] + [(name, sub, due, clock.local_date(at)) for name, sub, due, at in refused]


def _times(award_type: str | None, found: list[tuple[int, bool]]) -> ProcessingTime:
    values = [days for days, _ in found]
    return ProcessingTime(award_type, len(values), median(values), percentile(values, 90), max(values),
                          sum(1 for _, late in found if late))


def allowance(campaign: Campaign) -> int | None:
    """The processing time of the campaign's award types when they share one (drawn as the charts' limit line);
    None when they differ (each dossier is still measured against its own award type's)."""
    values = {t.processing_working_days for t in campaign.award_types}
    return values.pop() if len(values) == 1 else None


@dataclass(frozen=True)
class OverdueItem:
    nomination_id: int
    nominee: str
    award_type: str
    unit: str
    state: str
    submitted_on: date
    due_on: date
    working_days: int        # working days past the due date


def overdue(session: Session, campaign: Campaign, calendar: WorkingCalendar, today: date) -> list[OverdueItem]:
    """The campaign's dossiers past their processing due date, most overdue first: the inbox's query
    (queries.nominations.overdue) narrowed to the campaign, so the two lists agree."""
    late = nomination_queries.overdue(today).where(Nomination.campaign_id == campaign.id).subquery()
    found = session.execute(
        select(late.c.id, Nominee.full_name, AwardType.name, Unit.name, late.c.state, late.c.submitted_at,
               late.c.processing_due_on)
        .select_from(late)
        .join(Nominee, late.c.nominee_id == Nominee.id)
        .join(AwardType, late.c.award_type_id == AwardType.id)
        .join(Unit, late.c.proposing_unit_id == Unit.id)
        .order_by(late.c.processing_due_on, late.c.id))
    return [OverdueItem(nomination_id, nominee, award_type, unit, state,
                        clock.local_date(submitted) if submitted else due_on, due_on,
                        working_days_late(calendar, due_on, today))
            for nomination_id, nominee, award_type, unit, state, submitted, due_on in found]
