"""The council agenda's candidates: which nominations the secretariat may put before an authority's council."""
from collections.abc import Iterable
from datetime import date

from sqlalchemy import Select

from ...models import AwardType, Nomination
from ...rules.states import State
from . import nominations, notices


def agenda_candidates(authority_ids: Iterable[int], today: date) -> Select:
    """In appraisal when the award type needs no disclosure, and disclosed ones whose latest notice window
    is over (DESIGN.md §4, `to_council`). Unanswered objections still block them; the page says so."""
    return nominations.of_authorities(authority_ids).where(
        ((Nomination.state == str(State.IN_APPRAISAL)) & AwardType.disclosure_required.is_(False))
        | notices.is_window_over(today))
