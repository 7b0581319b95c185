"""Issue 13, the council through the pages: a secret ballot shows no per-choice count to anyone before the
session is closed (participation only), the dashboard asks a member only for the ballots he may cast, the
tally's reason reads in the visitor's language, and the minutes carry their number, place and date and the
signers' names."""
import re
import subprocess

import pytest
from sqlalchemy import select

from tests import factories
from tests.web.test_i18n import english, visible
from workflow.models import AgendaItem, CouncilSession
from workflow.rules.tally import Choice
from workflow.services import council

COUNTS = re.compile(r"\b4\s*/\s*1\s*/\s*0\b")   # agree / disagree / abstain as the tables write them
TELLING = ("4/6 phiếu đồng ý", "66,67%", "4/6 votes", "66.67%")  # the tally's sentence would tell them too


@pytest.fixture
def secret_votes(session, world, store):
    """A Bằng khen (secret ballot) from district_a, all seven present, members[0] recused: four agree, one
    disagrees, one has not voted yet, so the counts 4/1/0 are distinctive."""
    _nomination, meeting = factories.in_council(session, world, store, name="Tập thể Ấp Kín")
    item = meeting.items[0]
    for member in world.members[1:5]:
        council.cast_vote(session, item, by=member, choice=Choice.AGREE)
    council.cast_vote(session, item, by=world.members[5], choice=Choice.DISAGREE)
    session.commit()
    return meeting, item


def _assert_no_counts(page: str, where: str) -> None:
    assert not COUNTS.search(page), where
    for text in TELLING:
        assert text not in page, (where, text)
    assert "Traceback" not in page, where


def _pages_while_open(world, signed_in, meeting) -> dict[str, str]:
    secretariat = signed_in(world.secretariat)
    pages = {url: secretariat.get(url).get_data(as_text=True) for url in (
        f"/secretariat/sessions/{meeting.id}", f"/secretariat/sessions/{meeting.id}/close")}
    for member in (world.members[0], world.members[1], world.members[5], world.members[6]):
        browser = signed_in(member)
        for url in (f"/council/sessions/{meeting.id}", f"/council/sessions/{meeting.id}/minutes"):
            pages[f"{member.username} {url}"] = browser.get(url).get_data(as_text=True)
    admin = signed_in(world.admin)
    for url in ("/admin/audit", "/admin/audit.csv"):
        pages[f"admin {url}"] = admin.get(url).get_data(as_text=True)
    return pages


def test_no_page_shows_a_secret_ballots_counts_before_the_session_is_closed(session, world, signed_in,
                                                                             secret_votes):
    meeting, _item = secret_votes
    pages = _pages_while_open(world, signed_in, meeting)
    for where, page in pages.items():
        _assert_no_counts(page, where)
    for where in (f"/secretariat/sessions/{meeting.id}", f"/secretariat/sessions/{meeting.id}/close",
                  f"hoidong2 /council/sessions/{meeting.id}"):
        assert "5/6 đã bỏ phiếu" in pages[where], where
    closing = pages[f"/secretariat/sessions/{meeting.id}/close"]
    assert "kết quả được công bố khi kết thúc phiên họp" in closing
    assert "Đề nghị khen thưởng" not in closing and "Không khen thưởng" not in closing  # no outcome either
    assert "Chưa kiểm phiếu (5 phiếu đã nhận)" in pages[f"hoidong2 /council/sessions/{meeting.id}/minutes"]
    # the audit trail names who voted, never a choice of a secret ballot
    assert "agree" not in pages["admin /admin/audit.csv"] and "Đồng ý" not in pages["admin /admin/audit"]
    # nor is there another way in: the PDF minutes wait for the close, the admin has no secretariat pages
    member = signed_in(world.members[1])
    assert member.get(f"/council/sessions/{meeting.id}/minutes.pdf").status_code == 400
    assert signed_in(world.admin).get(f"/secretariat/sessions/{meeting.id}").status_code == 403


def test_a_secret_ballots_counts_appear_once_the_session_is_closed(session, world, signed_in, secret_votes):
    meeting, _item = secret_votes
    secretariat = signed_in(world.secretariat)
    assert secretariat.post(f"/secretariat/sessions/{meeting.id}/close", {}).status_code == 302
    page = secretariat.get(f"/secretariat/sessions/{meeting.id}").get_data(as_text=True)
    assert COUNTS.search(page) and "4/6 phiếu đồng ý" in page
    member = signed_in(world.members[1]).get(f"/council/sessions/{meeting.id}").get_data(as_text=True)
    assert '<th scope="row">Đồng ý</th><td>4</td>' in member and "4/6 phiếu đồng ý" in member


def test_an_open_ballot_keeps_its_live_counts(session, world, store, signed_in):
    meeting = factories.new_session(session, world)
    nomination = factories.in_appraisal(session, world, store, award_type=world.giay_khen, officer=world.officer_b)
    item = council.to_council(session, nomination, meeting, by=world.secretariat, expected_version=nomination.version)
    for member in world.members[:4]:
        council.cast_vote(session, item, by=member, choice=Choice.AGREE)
    council.cast_vote(session, item, by=world.members[4], choice=Choice.DISAGREE)
    session.commit()
    secretariat = signed_in(world.secretariat)
    for url in (f"/secretariat/sessions/{meeting.id}", f"/secretariat/sessions/{meeting.id}/close"):
        page = secretariat.get(url).get_data(as_text=True)
        assert COUNTS.search(page) and "5/7 đã bỏ phiếu" in page, url
    assert "4/7 phiếu đồng ý" in secretariat.get(f"/secretariat/sessions/{meeting.id}/close").get_data(as_text=True)


# --- the dashboard -------------------------------------------------------------------------------------------

def _waiting(browser) -> int:
    page = browser.get("/dashboard").get_data(as_text=True)
    return int(re.search(r"Nội dung chờ bạn biểu quyết</a>\s*<span class=\"count[^\"]*\">(\d+)</span>", page)[1])


def test_the_dashboard_counts_only_the_ballots_a_member_may_cast(session, world, store, signed_in):
    """As in the demo: a member of the proposing unit (here members[0], of district_a) is recused on its
    nomination, and an absent member may vote on nothing."""
    _own, meeting = factories.in_council(session, world, store, name="Tập thể của huyện mình")
    other = factories.in_appraisal(session, world, store, award_type=world.giay_khen, officer=world.officer_b)
    council.to_council(session, other, meeting, by=world.secretariat, expected_version=other.version)
    council.record_attendance(session, meeting, by=world.secretariat,
                              present_user_ids={m.id for m in world.members[:6]})
    session.commit()
    recused, voter, absent = (signed_in(m) for m in (world.members[0], world.members[1], world.members[6]))
    assert _waiting(recused) == 1   # the other unit's nomination only
    assert _waiting(voter) == 2
    assert _waiting(absent) == 0
    voter.post(f"/council/items/{meeting.items[1].id}/vote?page=1", {"choice": "agree"},
               from_page=f"/council/sessions/{meeting.id}")
    assert _waiting(voter) == 1


# --- the reason in English ---------------------------------------------------------------------------------

def test_the_tally_reason_reads_in_english(session, world, signed_in, secret_votes):
    meeting, item = secret_votes
    council.close_session(session, meeting, by=world.secretariat)
    session.commit()
    stored = session.get(AgendaItem, item.id).result_reason
    assert stored.startswith("4/6 phiếu đồng ý (66,67% số thành viên được biểu quyết: 7 thành viên, trừ 1")
    member = english(signed_in(world.members[1]))
    for url in (f"/council/sessions/{meeting.id}", f"/council/sessions/{meeting.id}/minutes"):
        page = visible(member.get(url))
        assert "4/6 votes in favour (66.67% of the members entitled to vote: 7 members, less 1 recused" in page, url
        assert "phiếu đồng ý" not in page and "không đạt ngưỡng" not in page, url
    page = visible(english(signed_in(world.secretariat)).get(f"/secretariat/sessions/{meeting.id}"))
    assert "does not reach the 70% threshold" in page and "phiếu đồng ý" not in page
    # the nomination's own pages say the council's "no" in English too (issue 13: tally sentences left Vietnamese)
    nomination_id = item.nomination_id
    for who, url in ((world.secretariat, f"/secretariat/nominations/{nomination_id}"),
                     (world.officer_a, f"/unit/nominations/{nomination_id}")):
        page = visible(english(signed_in(who)).get(url))
        # (the timeline below quotes the audit trail's record, which stays Vietnamese)
        assert "The council did not approve: 4/6 votes in favour (66.67% of the members entitled" in page, url
    assert "Hội đồng không thông qua: 4/6 phiếu đồng ý" in visible(
        signed_in(world.officer_a).get(f"/unit/nominations/{nomination_id}"))
    # the record stays Vietnamese
    assert session.get(AgendaItem, item.id).result_reason == stored


# --- the minutes ---------------------------------------------------------------------------------------------

def _pdf_text(data: bytes) -> str:
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    return " ".join(text.decode().split())


def test_the_minutes_carry_a_number_the_place_and_date_and_the_signers_names(session, world, signed_in,
                                                                           secret_votes):
    meeting, _item = secret_votes
    secretariat = signed_in(world.secretariat)
    assert secretariat.post(f"/secretariat/sessions/{meeting.id}/close", {}).status_code == 302
    meeting = session.get(CouncilSession, meeting.id)
    assert meeting.minutes_number == "1/BB-HĐTĐKT" and meeting.closed_by_id == world.secretariat.id
    response = signed_in(world.members[1]).get(f"/council/sessions/{meeting.id}/minutes.pdf")
    assert response.status_code == 200
    words = _pdf_text(response.data)
    assert "Số: 1/BB-HĐTĐKT" in words
    assert "Bạc Liêu, ngày 31 tháng 3 năm 2025" in words   # the authority's place, the meeting's date
    signatures = words[words.index("THƯ KÝ HỘI ĐỒNG"):]
    assert world.secretariat.full_name in signatures and world.members[0].full_name in signatures  # thư ký, chủ tọa
    page = signed_in(world.members[1]).get(f"/council/sessions/{meeting.id}/minutes").get_data(as_text=True)
    for text in ("Số: 1/BB-HĐTĐKT", "Bạc Liêu, ngày 31 tháng 3 năm 2025", world.secretariat.full_name):
        assert text in page, text


def test_minutes_numbers_run_per_authority_and_year(session, world, store):
    numbers = []
    for _ in range(2):
        meeting = factories.new_session(session, world)
        council.close_session(session, meeting, by=world.secretariat)
        numbers.append(meeting.minutes_number)
    assert numbers == ["1/BB-HĐTĐKT", "2/BB-HĐTĐKT"]
    later = factories.new_session(session, world)
    later.meeting_date = later.meeting_date.replace(year=2026)
    council.close_session(session, later, by=world.secretariat)
    assert later.minutes_number == "1/BB-HĐTĐKT"   # a new year starts a new sequence


def test_the_secretariat_chooses_who_chairs_when_calling_the_session(session, world, signed_in):
    secretariat = signed_in(world.secretariat)
    form = secretariat.get("/secretariat/sessions/new").get_data(as_text=True)
    assert 'name="chair_id"' in form and "Chủ tọa phiên họp" in form
    response = secretariat.post("/secretariat/sessions/new", {
        "title": "Phiên họp có chủ tọa", "meeting_date": "2026-12-05", "authority_id": world.authority.id,
        "chair_id": world.members[3].id})
    assert response.status_code == 302
    meeting = session.scalar(select(CouncilSession).where(CouncilSession.title == "Phiên họp có chủ tọa"))
    assert meeting.chair_id == world.members[3].id
    refused = secretariat.post("/secretariat/sessions/new", {
        "title": "Phiên họp khác", "meeting_date": "2026-12-05", "authority_id": world.authority.id,
        "chair_id": world.chair.id})   # not a council member
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "Người chủ trì phải là thành viên Hội đồng" in page
    assert session.scalar(select(CouncilSession).where(CouncilSession.title == "Phiên họp khác")) is None
