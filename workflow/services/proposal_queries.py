"""Read-only questions about proposals, one named query each: a unit's proposals, the proposals an authority's
secretariat has received, and the award types an imported list may name (those unit_queries.award_type_offers
says a campaign offers today, by folded name)."""
from datetime import date

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session

from ..models import AwardType, Campaign, Nomination, Proposal
from ..rules.folding import fold
from ..rules.states import State
from .unit_queries import award_type_offers


def proposals_of(unit_ids: set[int]) -> Select:
    """A unit's proposals, newest letter first."""
    return (select(Proposal).where(Proposal.proposing_unit_id.in_(unit_ids))
            .order_by(Proposal.letter_date.desc(), Proposal.id.desc()))


def proposals_received(authority_ids: set[int]) -> Select:
    """Proposals with a line the authority's secretariat has received (a line sent at least once)."""
    sent = exists().where(Nomination.proposal_id == Proposal.id, Nomination.state != State.DRAFT)
    return (select(Proposal).join(Campaign, Campaign.id == Proposal.campaign_id)
            .where(Campaign.authority_id.in_(authority_ids), sent)
            .order_by(Proposal.letter_date.desc(), Proposal.id.desc()))


def offered_award_types(session: Session, campaign: Campaign, on: date) -> list[AwardType]:
    return [award_type for award_type, campaign_ids in award_type_offers(session, on) if campaign.id in campaign_ids]


def award_names(session: Session, campaign: Campaign, on: date) -> dict[str, AwardType]:
    """Folded name → award type, loaded once for a whole list."""
    return {fold(award_type.name): award_type for award_type in offered_award_types(session, campaign, on)}
