"""Decision drafts: the open ones (before the authority), and the endorsed nominations no open draft
carries yet. The secretariat's lists, its index, and the authority's index ask the same questions here."""
from collections.abc import Iterable

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ...models import DecisionDraft, Nomination
from ...models.decisions import DraftStatus, decision_draft_item
from ...rules.states import State
from . import nominations


def of_authorities(authority_ids: Iterable[int]) -> Select:
    """Every draft of these authorities, open or issued, the newest first."""
    return (select(DecisionDraft).where(DecisionDraft.authority_id.in_(list(authority_ids)))
            .order_by(DecisionDraft.id.desc()))


def open_drafts(authority_ids: Iterable[int]) -> Select:
    """The drafts waiting for the authority, by proposed decision date."""
    return (select(DecisionDraft).where(DecisionDraft.authority_id.in_(list(authority_ids)),
                                        DecisionDraft.status == DraftStatus.OPEN)
            .order_by(DecisionDraft.decision_date, DecisionDraft.id))


def _on_open_draft() -> Select:
    return (select(decision_draft_item.c.nomination_id).join(DecisionDraft)
            .where(DecisionDraft.status == DraftStatus.OPEN))


def endorsed_without_draft(authority_ids: Iterable[int]) -> Select:
    """Nominations the council endorsed that no open draft carries yet: the secretariat still has to prepare
    one, or the authority may refuse them."""
    return nominations.in_states(authority_ids, State.ENDORSED).where(Nomination.id.not_in(_on_open_draft()))


def open_draft_of(session: Session, nomination: Nomination) -> DecisionDraft | None:
    """The open draft carrying the nomination, if any."""
    return session.scalar(select(DecisionDraft).join(decision_draft_item).where(
        decision_draft_item.c.nomination_id == nomination.id, DecisionDraft.status == DraftStatus.OPEN)
        .order_by(DecisionDraft.id).limit(1))
