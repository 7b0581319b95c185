"""Batch actions (a notice, a decision, a draft) over several nominations at once."""
import pytest

from tests import factories
from tests.factories import audit_count
from workflow.models import Nomination
from workflow.rules.errors import DomainError
from workflow.services import decisions, notices


@pytest.mark.parametrize("action", ["open_notice", "decide", "prepare_draft"])
def test_a_batch_naming_a_nomination_twice_is_refused_and_writes_nothing(session, world, store, action):
    """A crafted form may repeat an id: the service must refuse it with a DomainError (a Vietnamese message,
    HTTP 400), not fail on the database's unique constraint (HTTP 500)."""
    if action == "open_notice":
        nomination = factories.in_appraisal(session, world, store)
    else:
        nomination = factories.endorsed(session, world, store)
    session.commit()
    before, state = audit_count(session), nomination.state
    twice, versions = [nomination, nomination], {nomination.id: nomination.version}
    with pytest.raises(DomainError, match="hai lần"):
        if action == "open_notice":
            notices.open_notice(session, twice, by=world.secretariat, title="Lấy ý kiến", expected_versions=versions)
        elif action == "decide":
            decisions.decide(session, twice, by=world.chair, signer=world.signer, decision_date=factories.TODAY,
                             expected_versions=versions)
        else:
            decisions.prepare_draft(session, twice, by=world.secretariat, signer=world.signer,
                                    decision_date=factories.TODAY)
    session.rollback()
    assert audit_count(session) == before
    assert session.get(Nomination, nomination.id).state == state
