"""A proposal (Tờ trình kèm danh sách) and its lines: the proposal's state is derived from its lines' states,
never stored, so it cannot disagree with them. Pure: imports neither Flask nor SQLAlchemy.
"""
from collections.abc import Iterable
from enum import StrEnum

from .i18n import N_
from .states import FINAL_STATES, State


class ProposalState(StrEnum):
    EMPTY = "empty"                      # no line left (every line withdrawn, or none yet)
    DRAFT = "draft"                      # some line not sent yet
    SUBMITTED = "submitted"              # sent; some line still waits for intake
    PARTLY_RETURNED = "partly_returned"  # some lines returned to the unit, others still with the secretariat
    RETURNED = "returned"                # every live line returned
    ACCEPTED = "accepted"                # every live line received (in appraisal or beyond)
    CLOSED = "closed"                    # every live line has its outcome


PROPOSAL_STATE_LABELS = {
    ProposalState.EMPTY: N_("Không còn dòng nào"),
    ProposalState.DRAFT: N_("Đang soạn"),
    ProposalState.SUBMITTED: N_("Đã gửi"),
    ProposalState.PARTLY_RETURNED: N_("Bị trả lại một phần"),
    ProposalState.RETURNED: N_("Bị trả lại"),
    ProposalState.ACCEPTED: N_("Đã tiếp nhận"),
    ProposalState.CLOSED: N_("Đã có kết quả"),
}


def proposal_state(states: Iterable[State]) -> ProposalState:
    """The proposal's state from its lines' states: a withdrawn line no longer counts; a line not sent makes it a
    draft; a returned line makes it (partly) returned; then sent, received, decided."""
    live = [State(s) for s in states if s != State.WITHDRAWN]
    if not live:
        return ProposalState.EMPTY
    if State.DRAFT in live:
        return ProposalState.DRAFT
    returned = sum(1 for s in live if s == State.RETURNED)
    if returned:
        return ProposalState.RETURNED if returned == len(live) else ProposalState.PARTLY_RETURNED
    if State.SUBMITTED in live:
        return ProposalState.SUBMITTED
    if all(s in FINAL_STATES for s in live):
        return ProposalState.CLOSED
    return ProposalState.ACCEPTED
