"""Proposals as the secretariat receives them: the list, one proposal with its lines (each line's own actions
lead to the existing per-nomination screens), and «Trả lại cả tờ trình» with a reason."""
from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...forms.proposals import ReturnProposalForm
from ...models import Proposal
from ...rules.errors import DomainError
from ...rules.nominees import NOMINEE_KIND_LABELS
from ...rules.permissions import Role
from ...rules.proposals import PROPOSAL_STATE_LABELS
from ...rules.states import State
from ...services import proposal_queries, proposals
from ...templating import Translated
from ..helpers import ActionBar, done, form_errors, paginate, role_required, scoped_or_404
from ..unit_proposals import LINES_PER_PAGE
from . import bp
from ._common import my_authorities


@bp.get("/proposals")
@role_required(Role.SECRETARIAT)
def proposals_list():
    page = paginate(proposal_queries.proposals_received(my_authorities()))
    return render_template("secretariat/proposals.html", page=page, **_labels())


@bp.get("/proposals/<int:proposal_id>")
@role_required(Role.SECRETARIAT)
def proposal(proposal_id: int):
    item = _received(proposal_id)
    return render_template("secretariat/proposal.html", proposal=item, actions=ActionBar(Role.SECRETARIAT),
                           lines=paginate(proposal_queries.lines_of(item), per_page=LINES_PER_PAGE), **_labels(item))


@bp.route("/proposals/<int:proposal_id>/return", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def proposal_return(proposal_id: int):
    item = _received(proposal_id)
    form, refusal = ReturnProposalForm(version=item.version), None
    if form.validate_on_submit():
        try:
            moved = proposals.return_(db.session, item, by=current_user._get_current_object(),
                                      expected_version=form.version.data, reason=form.reason.data)
        except DomainError as error:
            db.session.rollback()
            refusal = error.message
        else:
            return done(_("Đã trả lại Tờ trình %(number)s: %(count)d dòng.", number=item.number, count=len(moved)),
                        ".proposal", proposal_id=item.id)
    form_errors(form)
    return render_template("secretariat/proposal_return.html", proposal=item, form=form, refusal=refusal,
                           lines=paginate(proposal_queries.lines_of(item), per_page=LINES_PER_PAGE),
                           **_labels(item)), 400 if refusal else 200


def _received(proposal_id: int) -> Proposal:
    """A proposal of one of my authorities' campaigns that has been sent (a unit's unsent draft answers 404)."""
    return scoped_or_404(Proposal, proposal_id, lambda p: p.campaign.authority_id in my_authorities()
                         and any(line.state != State.DRAFT for line in p.lines))


def _labels(item: Proposal | None = None) -> dict:
    """The labels, and which lines of `item` the secretariat may open (a line still a draft is the unit's)."""
    linked = {line.id for line in item.lines if line.state != State.DRAFT} if item else set()
    return {"linked": linked, "PROPOSAL_STATE_LABELS": Translated(PROPOSAL_STATE_LABELS),
            "NOMINEE_KIND_LABELS": Translated(NOMINEE_KIND_LABELS)}
