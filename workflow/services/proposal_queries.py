"""Read-only questions about proposals, one named query each: a unit's proposals, the proposals an authority's
secretariat has received, and the award types an imported list may name (those unit_queries.award_type_offers
says a campaign offers today, by folded name)."""
from datetime import date

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session, selectinload

from ..models import AwardType, Campaign, Nomination, Proposal
from ..rules.folding import fold
from ..rules.states import State
from .unit_queries import award_type_offers


def proposals_of(unit_ids: set[int]) -> Select:
    """A unit's proposals, newest letter first (with their lines' states, for each one's derived state)."""
    return (select(Proposal).where(Proposal.proposing_unit_id.in_(unit_ids)).options(*_LISTED)
            .order_by(Proposal.letter_date.desc(), Proposal.id.desc()))


def lines_of(proposal: Proposal) -> Select:
    """A proposal's lines in list order, with what a row of the lines table shows."""
    return (select(Nomination).where(Nomination.proposal_id == proposal.id).order_by(Nomination.id)
            .options(selectinload(Nomination.nominee), selectinload(Nomination.award_type)))


def proposals_received(authority_ids: set[int]) -> Select:
    """Proposals with a line the authority's secretariat has received (a line sent at least once)."""
    sent = exists().where(Nomination.proposal_id == Proposal.id, Nomination.state != State.DRAFT)
    return (select(Proposal).join(Campaign, Campaign.id == Proposal.campaign_id)
            .where(Campaign.authority_id.in_(authority_ids), sent).options(*_LISTED)
            .order_by(Proposal.letter_date.desc(), Proposal.id.desc()))


def free_drafts(unit_ids: set[int]) -> Select:
    """Drafts of the units not yet on any proposal: what «Lập tờ trình từ hồ sơ nháp» may gather."""
    return (select(Nomination).where(Nomination.proposing_unit_id.in_(unit_ids), Nomination.state == State.DRAFT,
                                     Nomination.proposal_id.is_(None))
            .options(selectinload(Nomination.nominee), selectinload(Nomination.award_type),
                     selectinload(Nomination.campaign))
            .order_by(Nomination.campaign_id, Nomination.id))


_LISTED = (selectinload(Proposal.lines), selectinload(Proposal.proposing_unit), selectinload(Proposal.campaign))


def offered_award_types(session: Session, campaign: Campaign, on: date) -> list[AwardType]:
    return [award_type for award_type, campaign_ids in award_type_offers(session, on) if campaign.id in campaign_ids]


def award_names(session: Session, campaign: Campaign, on: date) -> dict[str, AwardType]:
    """Folded name → award type, loaded once for a whole list."""
    return {fold(award_type.name): award_type for award_type in offered_award_types(session, campaign, on)}
