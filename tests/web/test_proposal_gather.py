"""Lập tờ trình từ hồ sơ nháp: the unit gathers its free drafts into one proposal, which then goes as one."""
import html

from tests import factories
from tests.web.test_unit import error_beside, text_of
from workflow.models import Proposal
from workflow.rules.states import State


def _letter(world, **extra) -> dict:
    return {"proposing_unit": str(world.officer_a.unit_id), "campaign": str(world.campaign.id),
            "number": "77/TTr-UBND", "letter_date": "2025-03-01", "signer_name": "Nguyễn Văn Ký",
            "signer_title": "Chủ tịch", **extra}


def test_the_unit_gathers_its_drafts_into_a_proposal_and_sends_it_as_one(session, world, store, signed_in):
    first = factories.make_nomination(session, world, store, name="Tập thể ấp Cái Dầy")
    second = factories.make_nomination(session, world, store, name="Tập thể ấp Nhà Mát")
    sent = factories.submitted(session, world, store, name="Đã gửi rồi")
    session.commit()
    officer = signed_in(world.officer_a)
    page = html.unescape(text_of(officer.get("/unit/proposals/new")))
    assert "Tập thể ấp Cái Dầy" in page and "Tập thể ấp Nhà Mát" in page and "Đã gửi rồi" not in page

    refused = officer.post("/unit/proposals/new", data=_letter(world))
    assert refused.status_code == 400 and "Hãy chọn ít nhất một hồ sơ nháp" in error_beside(text_of(refused), "lines")
    foreign = officer.post("/unit/proposals/new", data=_letter(world, lines=[str(sent.id)]))
    assert foreign.status_code == 400 and session.query(Proposal).count() == 0

    response = officer.post("/unit/proposals/new", data=_letter(world, lines=[str(first.id), str(second.id)]))
    assert response.status_code == 302
    proposal = session.query(Proposal).one()
    assert {n.id for n in proposal.lines} == {first.id, second.id}
    session.refresh(first)
    assert first.letter_no == "77/TTr-UBND"

    confirm = officer.get(f"/unit/proposals/{proposal.id}/submit")
    assert "Tập thể ấp Cái Dầy" in html.unescape(text_of(confirm))
    sent_now = officer.post(f"/unit/proposals/{proposal.id}/submit", data={"version": str(proposal.version)})
    assert sent_now.status_code == 302
    session.expire_all()
    assert {n.state for n in session.get(Proposal, proposal.id).lines} == {State.SUBMITTED}


def test_with_no_free_draft_the_page_says_what_to_do(session, world, signed_in):
    page = html.unescape(text_of(signed_in(world.officer_a).get("/unit/proposals/new")))
    assert "không có hồ sơ nháp nào chưa thuộc tờ trình" in page
