"""Read-only questions the unit officer's screens ask: their nominations (filtered, searched), the units under
theirs, the campaigns and award types a nomination may name, and which actions they may take now.
Changes nothing; never imports flask.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from ..models import AuditEvent, AwardType, Campaign, Nomination, Nominee, Unit, units_valid_on
from ..rules.folding import fold
from ..rules.nominees import NomineeKind
from ..rules.states import Action, State


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to; None means "any"."""

    state: State | None = None
    campaign_id: int | None = None
    text: str = ""

    @property
    def active(self) -> bool:
        return bool(self.state or self.campaign_id or self.text.strip())


def nominations_of(session: Session, unit_ids: set[int], filters: Filters = Filters()) -> Select:
    """The units' nominations, newest first, narrowed by `filters` (a query, for the paginator)."""
    query = select(Nomination).where(Nomination.proposing_unit_id.in_(unit_ids))
    if filters.state:
        query = query.where(Nomination.state == str(filters.state))
    if filters.campaign_id:
        query = query.where(Nomination.campaign_id == filters.campaign_id)
    if filters.text.strip():
        query = query.where(Nomination.id.in_(_named_like(session, unit_ids, filters.text)))
    # the list shows each row's nominee, award, campaign and unit: load them in four queries, not 4 × 20
    return query.options(selectinload(Nomination.nominee), selectinload(Nomination.award_type),
                         selectinload(Nomination.campaign), selectinload(Nomination.proposing_unit)
                         ).order_by(Nomination.id.desc())


def _named_like(session: Session, unit_ids: set[int], text: str) -> list[int]:
    """Ids of the units' nominations whose nominee's name contains `text`, ignoring case and diacritics
    (đ folds to d). Folded in Python, the same on SQLite and PostgreSQL; a unit has at most a few thousand."""
    needle = fold(text)
    rows = session.execute(select(Nomination.id, Nominee.full_name).join(Nominee, Nomination.nominee_id == Nominee.id)
                           .where(Nomination.proposing_unit_id.in_(unit_ids)))
    return [nomination_id for nomination_id, name in rows if needle in fold(name)]


def state_counts(session: Session, unit_ids: set[int]) -> dict[str, int]:
    rows = session.execute(select(Nomination.state, func.count()).where(Nomination.proposing_unit_id.in_(unit_ids))
                           .group_by(Nomination.state))
    return dict(rows.all())


def campaigns(session: Session) -> list[Campaign]:
    """Every campaign, the latest first: the service, not the list, decides what a campaign accepts."""
    return list(session.scalars(select(Campaign).order_by(Campaign.period_end.desc(), Campaign.id)))


def award_type_offers(session: Session, on: date) -> list[tuple[AwardType, list[int]]]:
    """Award types in force on `on` that some campaign allows, each with the ids of those campaigns."""
    offered: dict[AwardType, list[int]] = defaultdict(list)
    for campaign in campaigns(session):
        for award_type in campaign.award_types:
            if award_type.is_effective_on(on):
                offered[award_type].append(campaign.id)
    return sorted(offered.items(), key=lambda item: item[0].id)


def allowed_kinds(award_type: AwardType) -> list[NomineeKind]:
    return [kind for kind in NomineeKind if award_type.allows(kind)]


def units_under(session: Session, unit_ids: set[int], on: date) -> list[Unit]:
    """Units in force on `on` below any of `unit_ids` in the tree (children, their children, …)."""
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units_valid_on(session, on):
        children[unit.parent_id].append(unit)
    found, frontier = [], list(unit_ids)
    while frontier:
        for child in children.pop(frontier.pop(), []):
            found.append(child)
            frontier.append(child.id)
    return sorted(found, key=lambda unit: (fold(unit.name), unit.id))


def my_units(session: Session, unit_ids: set[int]) -> list[Unit]:
    return list(session.scalars(select(Unit).where(Unit.id.in_(unit_ids)).order_by(Unit.name)))



def last_event_reason(session: Session, nomination: Nomination, action: Action) -> str | None:
    """The reason recorded with the latest `action` on the nomination (e.g. why it was withdrawn)."""
    return session.scalar(select(AuditEvent.reason).where(
        AuditEvent.object_type == "nomination", AuditEvent.object_id == nomination.id,
        AuditEvent.action == str(action)).order_by(AuditEvent.seq.desc()).limit(1))
