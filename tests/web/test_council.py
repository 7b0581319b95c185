"""The council member's area through the test client (CSRF on): the sessions, the summary sheets, ballots
(secret and open), recusal and absence, the tally after closing, and the minutes."""
import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from tests import factories
from tests.factories import TODAY
from workflow.models import AgendaItem, Ballot, Nomination, Resolution
from workflow.rules.permissions import Grant, Role
from workflow.rules.states import State
from workflow.rules.tally import Choice
from workflow.services import clock, council, nominations, notices, users
from workflow.services.council_queries import ABSENT


def _ballots(session, item_id: int) -> list[Ballot]:
    return list(session.scalars(select(Ballot).where(Ballot.item_id == item_id)))


def _item(session, item_id: int) -> AgendaItem:
    return session.get(AgendaItem, item_id)


def _vote(member, meeting, item, choice: str | None):
    url = f"/council/sessions/{meeting.id}"
    return member.post(f"/council/items/{item.id}/vote?page=1", {"choice": choice} if choice else {}, from_page=url)


def _open_ballot_session(session, world, store, count: int = 1):
    """Giấy khen needs no disclosure and is voted openly by those present: put `count` on one session."""
    meeting = factories.new_session(session, world)
    items = []
    for i in range(count):
        nomination = factories.in_appraisal(session, world, store, award_type=world.giay_khen,
                                            officer=world.officer_b, name=f"Tập thể ấp {i + 1:02d}")
        items.append(council.to_council(session, nomination, meeting, by=world.secretariat,
                                        expected_version=nomination.version))
    session.commit()
    return meeting, items


@pytest.fixture
def sitting(session, world, store):
    """A Bằng khen (secret ballot) from district_a on an open session, all seven present."""
    nomination, meeting = factories.in_council(session, world, store)
    session.commit()
    return nomination, meeting, meeting.items[0]


# --- the sessions list -----------------------------------------------------------------------------------

def test_a_member_without_sessions_is_told_what_happens_next(app, world, signed_in):
    page = signed_in(world.members[1]).get("/council/").get_data(as_text=True)
    assert "Bạn chưa được triệu tập dự phiên họp nào" in page
    assert "<h1>" in page and page.count("<h1") == 1


def test_the_sessions_list_shows_the_members_sessions_newest_first(app, session, world, signed_in):
    older = factories.new_session(session, world)
    older.title, older.meeting_date = "Phiên họp tháng Hai", TODAY - timedelta(days=20)
    newer = factories.new_session(session, world, present=5)
    newer.title = "Phiên họp tháng Ba"
    session.commit()
    page = signed_in(world.members[6]).get("/council/").get_data(as_text=True)
    assert page.index("Phiên họp tháng Ba") < page.index("Phiên họp tháng Hai")
    assert "Vắng mặt" in page and "Có mặt" in page  # absent from the newer one, present at the older
    assert f'href="/council/sessions/{newer.id}"' in page


def test_the_council_area_is_forbidden_to_other_roles(app, world, signed_in):
    assert signed_in(world.secretariat).get("/council/").status_code == 403
    assert signed_in(world.chair).get("/council/").status_code == 403


# --- the summary sheet -----------------------------------------------------------------------------------

def test_the_summary_sheet_shows_the_appraisal_and_the_answered_comments_without_contact_data(
        app, session, world, store, signed_in):
    nomination = factories.in_appraisal(session, world, store, officer=world.officer_b, name="Xã Ninh Quới A")
    nominations.appraise(session, nomination, by=world.secretariat, body="Hồ sơ đủ thành phần, đạt tiêu chuẩn.")
    notice = notices.open_notice(session, [nomination], by=world.secretariat, title="Lấy ý kiến",
                                 expected_versions={nomination.id: nomination.version}, today=TODAY)
    comment = notices.receive_comment(session, notice, nomination, full_name="Trần Thị Bích Ngọc",
                                      contact="0912 345 678", address="Ấp Xóm Lớn", today=TODAY,
                                      body="Đề nghị làm rõ số liệu thu nhập bình quân.")
    notices.answer_comment(session, comment, by=world.secretariat, resolution=Resolution.REJECTED,
                           answer="Số liệu đã được Cục Thống kê xác nhận.")
    meeting = factories.new_session(session, world)
    council.to_council(session, nomination, meeting, by=world.secretariat, expected_version=nomination.version,
                       today=notice.end_date + timedelta(days=1))
    session.commit()
    page = signed_in(world.members[1]).get(f"/council/sessions/{meeting.id}").get_data(as_text=True)
    for text in ("Xã Ninh Quới A", "Bằng khen của Chủ tịch UBND tỉnh", "Huyện Hồng Dân",
                 "Đã có thành tích xuất sắc trong xây dựng nông thôn mới nâng cao.",
                 "Hồ sơ đủ thành phần, đạt tiêu chuẩn.", comment.receipt_code,
                 "Đề nghị làm rõ số liệu thu nhập bình quân.", "Số liệu đã được Cục Thống kê xác nhận.",
                 "Không chấp nhận ý kiến phản ánh"):
        assert text in page, text
    for private in ("0912 345 678", "Ấp Xóm Lớn", "Trần Thị Bích Ngọc"):
        assert private not in page, private


# --- voting ----------------------------------------------------------------------------------------------

def test_a_member_votes_through_the_form_and_a_secret_ballot_keeps_no_choice(app, session, world, signed_in,
                                                                            sitting):
    _nomination, meeting, item = sitting
    member = signed_in(world.members[1])
    page = member.get(f"/council/sessions/{meeting.id}").get_data(as_text=True)
    assert 'name="choice"' in page and "Bỏ phiếu kín" in page and "0/6 đã bỏ phiếu" in page

    response = _vote(member, meeting, item, Choice.AGREE)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/council/sessions/{meeting.id}?page=1#muc-{item.id}")
    ballots = _ballots(session, item.id)
    assert [(b.user_id, b.choice) for b in ballots] == [(world.members[1].id, None)]
    assert (_item(session, item.id).agree, _item(session, item.id).disagree) == (1, 0)

    page = member.get(f"/council/sessions/{meeting.id}").get_data(as_text=True)
    assert "Phiếu biểu quyết của bạn đã được ghi nhận." in page
    assert "Bạn đã bỏ phiếu." in page and "không lưu lựa chọn của bạn" in page
    assert 'name="choice"' not in page
    assert "Lựa chọn của bạn" not in page and "Đồng ý" not in page  # not even the member's own choice
    assert "1/6 đã bỏ phiếu" in page  # participation only; the recused member is not among the six


def test_an_open_ballot_records_and_shows_the_members_own_choice(app, session, world, store, signed_in):
    meeting, (item,) = _open_ballot_session(session, world, store)
    member = signed_in(world.members[2])
    assert _vote(member, meeting, item, Choice.DISAGREE).status_code == 302
    assert [b.choice for b in _ballots(session, item.id)] == ["disagree"]
    assert _item(session, item.id).disagree == 1
    page = member.get(f"/council/sessions/{meeting.id}").get_data(as_text=True)
    assert "Lựa chọn của bạn: Không đồng ý." in page


def test_a_member_cannot_vote_twice(app, session, world, signed_in, sitting):
    _nomination, meeting, item = sitting
    member = signed_in(world.members[1])
    assert _vote(member, meeting, item, Choice.AGREE).status_code == 302
    response = _vote(member, meeting, item, Choice.DISAGREE)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Bạn đã bỏ phiếu cho hồ sơ này." in page and "Traceback" not in page
    assert len(_ballots(session, item.id)) == 1
    assert (_item(session, item.id).agree, _item(session, item.id).disagree) == (1, 0)


def test_a_ballot_without_a_choice_says_so_beside_the_field(app, session, world, signed_in, sitting):
    _nomination, meeting, item = sitting
    response = _vote(signed_in(world.members[1]), meeting, item, None)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Vui lòng chọn một trong ba phương án biểu quyết." in page
    assert f'id="muc-{item.id}-err"' in page and 'aria-describedby="muc-' in page
    assert _ballots(session, item.id) == []


def test_a_forged_choice_is_refused_in_vietnamese(app, session, world, signed_in, sitting):
    _nomination, meeting, item = sitting
    response = _vote(signed_in(world.members[1]), meeting, item, "maybe")
    assert response.status_code == 400
    assert "Phương án biểu quyết không hợp lệ." in response.get_data(as_text=True)
    assert _ballots(session, item.id) == []


def test_a_member_from_the_proposing_unit_is_recused_and_sees_why(app, session, world, signed_in, sitting):
    _nomination, meeting, item = sitting
    recused = signed_in(world.members[0])  # district_a, which proposed the nomination
    page = recused.get(f"/council/sessions/{meeting.id}").get_data(as_text=True)
    assert "thuộc đơn vị đề nghị khen thưởng nên không tham gia biểu quyết" in page
    assert 'name="choice"' not in page
    response = _vote(recused, meeting, item, Choice.AGREE)
    assert response.status_code == 403
    assert "thuộc đơn vị đề nghị" in response.get_data(as_text=True)
    assert _ballots(session, item.id) == []


def test_an_absent_member_sees_why_they_cannot_vote(app, session, world, store, signed_in):
    nomination, notice = factories.in_notice(session, world, store, officer=world.officer_b)
    meeting = factories.new_session(session, world, present=5)
    council.to_council(session, nomination, meeting, by=world.secretariat, expected_version=nomination.version,
                       today=notice.end_date + timedelta(days=1))
    session.commit()
    absent = signed_in(world.members[6])
    page = absent.get(f"/council/sessions/{meeting.id}").get_data(as_text=True)
    assert ABSENT in page and 'name="choice"' not in page
    response = _vote(absent, meeting, meeting.items[0], Choice.AGREE)
    assert response.status_code == 403
    assert _ballots(session, meeting.items[0].id) == []


def test_a_council_member_not_called_to_the_session_gets_404(app, session, world, signed_in, sitting):
    _nomination, meeting, item = sitting
    latecomer = users.create_user(session, username="hoidong8", full_name="Hoidong8", password=factories.PASSWORD,
                                  unit_id=world.province.id,
                                  grants=[Grant(Role.COUNCIL_MEMBER, authority_id=world.authority.id)])
    session.commit()
    browser = signed_in(latecomer)
    assert browser.get(f"/council/sessions/{meeting.id}").status_code == 404
    assert browser.get(f"/council/sessions/{meeting.id}/minutes").status_code == 404
    response = browser.post(f"/council/items/{item.id}/vote", {"choice": "agree"}, from_page="/council/")
    assert response.status_code == 404
    assert _ballots(session, item.id) == []
    assert "Bạn chưa được triệu tập" in browser.get("/council/").get_data(as_text=True)


def test_a_vote_on_the_second_agenda_page_returns_to_that_page(app, session, world, store, signed_in):
    meeting, items = _open_ballot_session(session, world, store, count=11)
    member = signed_in(world.members[1])
    first = member.get(f"/council/sessions/{meeting.id}").get_data(as_text=True)
    assert "Tập thể ấp 10" in first and "Tập thể ấp 11" not in first and "Trang 1 / 2" in first
    response = member.post(f"/council/items/{items[10].id}/vote?page=2", {"choice": "agree"},
                           from_page=f"/council/sessions/{meeting.id}?page=2")
    assert response.headers["Location"].endswith(f"?page=2#muc-{items[10].id}")
    assert _item(session, items[10].id).agree == 1


# --- after closing ---------------------------------------------------------------------------------------

def test_after_closing_the_tally_and_the_rule_appear_and_the_form_is_gone(app, session, world, signed_in, sitting):
    nomination, meeting, item = sitting
    for i, member in enumerate(world.members[1:]):
        _vote(signed_in(member), meeting, item, Choice.AGREE if i < 5 else Choice.ABSTAIN)
    council.close_session(session, meeting, by=world.secretariat)
    session.commit()
    assert session.get(Nomination, nomination.id).state == State.ENDORSED
    page = signed_in(world.members[1]).get(f"/council/sessions/{meeting.id}").get_data(as_text=True)
    assert "Kết quả kiểm phiếu" in page and 'name="choice"' not in page
    for text in ("ít nhất 2/3 tổng số thành viên Hội đồng có mặt", "từ 70% số phiếu đồng ý",
                 "tính trên tổng số thành viên Hội đồng", "Bỏ phiếu kín", "Thông qua",
                 _item(session, item.id).result_reason):
        assert text in page, text
    assert '<th scope="row">Đồng ý</th><td>5</td>' in page
    assert '<th scope="row">Không biểu quyết</th><td>1</td>' in page
    assert '<th scope="row">Không tham gia biểu quyết (có liên quan)</th><td>1</td>' in page
    assert "5/6 phiếu đồng ý" in page  # the recused member counts in neither the votes nor the denominator


def test_a_failed_item_shows_its_reason(app, session, world, store, signed_in):
    meeting, (item,) = _open_ballot_session(session, world, store)
    _vote(signed_in(world.members[1]), meeting, item, Choice.DISAGREE)
    council.close_session(session, meeting, by=world.secretariat)
    session.commit()
    page = signed_in(world.members[1]).get(f"/council/sessions/{meeting.id}").get_data(as_text=True)
    assert "Không thông qua" in page and "0/7 phiếu đồng ý" in page
    assert "tính trên số thành viên dự họp" in page and "Biểu quyết công khai" in page


def test_the_minutes_list_attendance_and_results(app, session, world, signed_in, sitting):
    nomination, meeting, item = sitting
    council.record_attendance(session, meeting, by=world.secretariat,
                              present_user_ids={m.id for m in world.members[:6]})
    session.commit()
    member = signed_in(world.members[1])
    before = member.get(f"/council/sessions/{meeting.id}/minutes").get_data(as_text=True)
    assert "chưa có kết quả kiểm phiếu" in before and "Chưa kiểm phiếu (0 phiếu đã nhận)" in before
    for voter in world.members[1:6]:
        _vote(signed_in(voter), meeting, item, Choice.AGREE)
    council.close_session(session, meeting, by=world.secretariat)
    session.commit()
    response = member.get(f"/council/sessions/{meeting.id}/minutes")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Biên bản phiên họp Hội đồng Thi đua – Khen thưởng" in page
    assert "Số thành viên được triệu tập: 7; có mặt: 6; vắng mặt: 1." in page
    for m in world.members:
        assert m.full_name in page
    assert page.count("<td>Có mặt</td>") == 6 and page.count("<td>Vắng mặt</td>") == 1
    assert nomination.nominee.full_name in page and "Huyện Vĩnh Lợi" in page
    assert "<td>1</td><td>5</td><td>0</td>\n                <td>0</td>" in page  # recused, agree, disagree, abstain
    assert "Thông qua" in page and _item(session, item.id).result_reason in page
    assert "ít nhất 2/3" in page
    assert 'src="/static/js/council.js"' in page and "onclick" not in page
    assert "Traceback" not in page
    assert f'href="/council/sessions/{meeting.id}/minutes.pdf"' in page


def test_the_minutes_download_as_a_pdf_once_the_session_is_closed(app, session, world, signed_in, sitting):
    nomination, meeting, item = sitting
    council.record_attendance(session, meeting, by=world.secretariat,
                              present_user_ids={m.id for m in world.members[:6]})
    session.commit()
    member = signed_in(world.members[1])
    early = member.get(f"/council/sessions/{meeting.id}/minutes.pdf")
    assert early.status_code == 400 and "Phiên họp chưa kết thúc" in early.get_data(as_text=True)
    for voter in world.members[1:6]:
        _vote(signed_in(voter), meeting, item, Choice.AGREE)
    council.close_session(session, meeting, by=world.secretariat)
    session.commit()
    response = member.get(f"/council/sessions/{meeting.id}/minutes.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    words = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "BIÊN BẢN" in words and "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" in words
    assert "Số thành viên được triệu tập: 7; có mặt: 6; vắng mặt: 1." in words
    assert nomination.nominee.full_name in words and "Thông qua" in words
    assert _item(session, item.id).result_reason in words
    assert "ít nhất 2/3 tổng số thành viên Hội đồng có mặt" in words and "THƯ KÝ HỘI ĐỒNG" in words
    ended = clock.local_time(meeting.closed_at)   # the wall clock in Việt Nam (stored UTC is 7 hours behind)
    assert f"kết thúc lúc {ended:%H} giờ {ended:%M}" in words
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert round(float(width) * 25.4 / 72) == 210 and round(float(height) * 25.4 / 72) == 297
    assert signed_in(world.officer_a).get(f"/council/sessions/{meeting.id}/minutes.pdf").status_code == 403


def test_the_council_pages_never_show_a_stack_trace(app, session, world, signed_in, sitting):
    _nomination, meeting, _item = sitting
    member = signed_in(world.members[1])
    for url in ("/council/", f"/council/sessions/{meeting.id}", f"/council/sessions/{meeting.id}/minutes",
                "/council/sessions/9999", "/council/sessions/9999/minutes", "/council/?page=99"):
        response = member.get(url)
        assert response.status_code in (200, 404), url
        assert "Traceback" not in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Ballot)) == 0
