"""Issue 15 through the test client (CSRF on): the ballot screen and the minutes show who does not vote on an
item and why, and the denominator rule; a member declares a relation; the secretariat records a written ballot
with its scan."""
import io

from pypdf import PdfReader
from sqlalchemy import select

from tests import factories
from workflow.models import AgendaItem, Ballot, BallotScan, ConflictDeclaration
from workflow.rules.nominees import NomineeKind
from workflow.rules.tally import Choice
from workflow.services import council


def test_the_ballot_screen_and_the_minutes_show_recusal_reasons_and_the_denominator_rule(session, world, store,
                                                                                       signed_in):
    _nomination, meeting = factories.in_council(session, world, store)  # Bằng khen, district_a, all present
    item = meeting.items[0]
    session.commit()
    member = signed_in(world.members[2])
    page = member.get(f"/council/sessions/{meeting.id}").get_data(as_text=True)
    own_unit = ("Ông/bà Hoidong1 không tham gia biểu quyết: Thành viên thuộc đơn vị đề nghị khen thưởng nên không "
                "tham gia biểu quyết hồ sơ này.")
    rule = ("tính trên tổng số thành viên Hội đồng, trừ thành viên không tham gia biểu quyết do có liên quan (có mặt "
            "hay vắng mặt).")
    assert own_unit in page and rule in page
    # the member declares a relation through the screen: it is recorded, and the screen says why they do not vote
    response = member.post(f"/council/items/{item.id}/declare", {"relation": "spouse", "note": ""},
                           from_page=f"/council/sessions/{meeting.id}")
    assert response.status_code == 302
    assert session.scalar(select(ConflictDeclaration.relation).where(
        ConflictDeclaration.user_id == world.members[2].id)) == "spouse"
    page = member.get(f"/council/sessions/{meeting.id}").get_data(as_text=True)
    declared = ("Thành viên đã khai báo có quan hệ với người được đề nghị khen thưởng (vợ hoặc chồng) nên không tham "
                "gia biểu quyết hồ sơ này.")
    assert f"Ông/bà Hoidong3 không tham gia biểu quyết: {declared}" in page
    assert f"Bạn không bỏ phiếu hồ sơ này.</strong> {declared}" in page and 'name="choice"' not in page.split(
        f'id="muc-{item.id}"')[1]
    for voter in world.members[3:7]:
        council.cast_vote(session, item, by=voter, choice=Choice.AGREE)
    council.close_session(session, meeting, by=world.secretariat)
    session.commit()
    minutes = member.get(f"/council/sessions/{meeting.id}/minutes").get_data(as_text=True)
    assert own_unit in minutes and f"Ông/bà Hoidong3 không tham gia biểu quyết: {declared}" in minutes
    assert rule in minutes and "4/5 phiếu đồng ý (80% số thành viên được biểu quyết" in minutes
    pdf = member.get(f"/council/sessions/{meeting.id}/minutes.pdf")
    words = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Ông/bà Hoidong1 không tham gia biểu quyết" in words and "Ông/bà Hoidong3 không tham gia" in words
    assert "trừ thành viên không tham gia biểu quyết do có liên quan" in words


def test_the_secretariat_records_a_written_ballot_with_its_scan(session, world, store, signed_in):
    world.chien_si.written_ballot_allowed = True
    meeting = factories.new_session(session, world, present=5)
    nomination = factories.in_notice(session, world, store, award_type=world.chien_si,
                                     kind=NomineeKind.INDIVIDUAL)[0]
    item = council.to_council(session, nomination, meeting, by=world.secretariat,
                              expected_version=nomination.version)
    session.commit()
    secretariat = signed_in(world.secretariat)
    page = secretariat.get(f"/secretariat/sessions/{meeting.id}").get_data(as_text=True)
    assert "Phiếu bầu bằng văn bản của thành viên vắng mặt" in page
    url = f"/secretariat/sessions/items/{item.id}/written-ballot"
    response = secretariat.post(url, {"member_id": world.members[6].id, "choice": "agree",
                                      "scan": (io.BytesIO(factories.PDF), "phieu.pdf")},
                                from_page=f"/secretariat/sessions/{meeting.id}", content_type="multipart/form-data")
    assert response.status_code == 302
    ballot = session.scalar(select(Ballot).where(Ballot.item_id == item.id))
    assert (ballot.user_id, ballot.written, ballot.choice) == (world.members[6].id, True, None)  # secret: no choice
    assert session.scalar(select(BallotScan.filename)) == "phieu.pdf"
    assert session.get(AgendaItem, item.id).agree == 1
    # a present member's paper is refused, with the service's sentence
    response = secretariat.post(url, {"member_id": world.members[1].id, "choice": "agree",
                                      "scan": (io.BytesIO(factories.PDF), "phieu.pdf")},
                                from_page=f"/secretariat/sessions/{meeting.id}", content_type="multipart/form-data",
                                follow_redirects=True)
    assert "không dùng phiếu bằng văn bản" in response.get_data(as_text=True)
