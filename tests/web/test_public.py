"""The public portal's home, notices and citizens' comments through the test client (CSRF on): what a
citizen sees, what is refused, and what never shows (birth dates, ID numbers, commenters' contact data)."""
import html
import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.web.conftest import Browser
from workflow.models import AttachmentKind, DecisionLine, Nomination, PublicComment
from workflow.rules.nominees import NomineeKind
from workflow.rules.tally import Choice
from workflow.services import clock, council, decisions, nominations, notices
from workflow.services.nominations import NominationData, NomineeData
from workflow.templating import vn_datetime

BIRTH = date(1979, 12, 1)
ID_NUMBER = "094179000123"
CONTACT = "0912 345 678"


def text(response) -> str:
    """The page as a person reads it: tags dropped, entities decoded, spaces collapsed; never a stack trace."""
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def individual(session, world, store, name="Trương Thị Cẩm Tú", *, private_file: bool = True) -> Nomination:
    """A draft individual nomination with a birth date and an ID number, a public report and a private file."""
    data = NominationData(
        award_type=world.bang_khen, achievement_summary="Đã có thành tích xuất sắc trong vận động Nhân dân.",
        nominee=NomineeData(kind=NomineeKind.INDIVIDUAL, full_name=name, position="Bí thư Chi bộ ấp",
                            workplace="xã Vĩnh Hưng A, huyện Vĩnh Lợi", birth_date=BIRTH, id_number=ID_NUMBER,
                            address="Ấp Nhà Dài, xã Vĩnh Hưng A", gender="female"),
        period_from=date(2024, 1, 1), period_to=date(2024, 12, 31), letter_no="231/TTr-UBND",
        letter_date=date(2025, 2, 20))
    nomination = nominations.create(session, by=world.officer_a, campaign=world.campaign,
                                    proposing_unit=world.district_a, data=data)
    for filename, public in (("bao-cao-thanh-tich.pdf", True), ("so-yeu-ly-lich.pdf", False))[:2 if private_file else 1]:
        nominations.add_attachment(session, nomination, by=world.officer_a, store=store, filename=filename,
                                   data=factories.PDF + filename.encode(), kind=AttachmentKind.ACHIEVEMENT_REPORT,
                                   is_public=public)
    return nomination


def disclosed(session, world, nomination: Nomination, today: date | None = None,
              title: str = "Lấy ý kiến Nhân dân đợt 2"):
    """Submit, accept and disclose `nomination` from `today` (default: the clock's today)."""
    nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    return notices.open_notice(session, [nomination], by=world.secretariat, title=title,
                               expected_versions={nomination.id: nomination.version}, today=today or clock.today())


def award(session, world, nomination: Nomination, notice) -> None:
    """Take a disclosed nomination through the council (after its window) to a decision dated TODAY."""
    meeting = factories.new_session(session, world)
    item = council.to_council(session, nomination, meeting, by=world.secretariat, expected_version=nomination.version,
                              today=notice.end_date + timedelta(days=1))
    for member in world.members:
        if council.recusal_reason(item, member) is None:
            council.cast_vote(session, item, by=member, choice=Choice.AGREE)
    council.close_session(session, meeting, by=world.secretariat)
    decisions.decide(session, [nomination], by=world.chair, signer=world.signer, decision_date=factories.TODAY,
                     expected_versions={nomination.id: nomination.version})


@pytest.fixture
def open_notice(session, world, store):
    """A notice opened today for one individual (with private data and a private file)."""
    nomination = individual(session, world, store)
    notice = disclosed(session, world, nomination)
    session.commit()
    return notice, nomination


def comment_form(about: Nomination, **overrides) -> dict:
    return {"nomination": str(about.id), "full_name": "Lê Văn Tám", "contact": CONTACT,
            "address": "Ấp Năm Căn, xã Vĩnh Hưng A", "body": "Đề nghị làm rõ số liệu thành tích năm 2024.",
            "website": ""} | overrides


def post_comment(browser, notice, about: Nomination, **overrides):
    url = f"/notices/{notice.id}/comment"
    return browser.post(url, comment_form(about, **overrides), from_page=url)


# --- home ------------------------------------------------------------------------------------------------

def test_home_page_lists_the_campaign_with_its_targets(app, world):
    response = app.test_client().get("/")
    assert response.status_code == 200
    assert response.content_type == "text/html; charset=utf-8"
    page = response.get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert "Cả nước chung sức xây dựng nông thôn mới" in page
    assert world.authority.name in page
    assert "01/01/2021" in page and "31/12/2025" in page


def test_home_page_says_what_to_do_when_there_is_no_campaign(app):
    page = app.test_client().get("/").get_data(as_text=True)
    assert "Chưa có phong trào thi đua nào" in page


def test_home_page_shows_open_notices_with_working_days_left_and_the_latest_decisions(app, session, world, store,
                                                                                      open_notice):
    factories.awarded(session, world, store, name="Xã Vĩnh Hưng A")
    session.commit()
    notice, _ = open_notice
    page = text(app.test_client().get("/"))
    assert notice.title in page and f"đến hết {notice.end_date:%d/%m/%Y}" in page
    assert re.search(r"còn \d+ ngày làm việc", page)
    assert "Quyết định số 1/QĐ-UBND" in page
    assert "1 khen thưởng còn hiệu lực." in page


def test_unknown_page_answers_a_vietnamese_404_without_a_stack_trace(app):
    response = app.test_client().get("/khong-co-trang-nay")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Không tìm thấy trang" in page
    assert "Traceback" not in page


def test_csrf_protection_is_on(app):
    assert app.config["WTF_CSRF_ENABLED"] is True


# --- notices ---------------------------------------------------------------------------------------------

def test_notice_page_shows_the_nominee_legal_basis_window_and_public_files_only(app, world, open_notice):
    notice, _ = open_notice
    response = app.test_client().get(f"/notices/{notice.id}")
    page = text(response)
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "Trương Thị Cẩm Tú" in page and "Bí thư Chi bộ ấp, xã Vĩnh Hưng A, huyện Vĩnh Lợi" in page
    assert world.bang_khen.name in page and world.district_a.name in page
    assert "Đã có thành tích xuất sắc trong vận động Nhân dân." in page
    assert "Căn cứ Luật Thi đua, khen thưởng" in page
    assert f"đến hết {notice.end_date:%d/%m/%Y}" in page and "ngày làm việc" in page
    assert notice.how_to_comment in page
    assert "bao-cao-thanh-tich.pdf" in page and "so-yeu-ly-lich.pdf" not in page
    for private in (ID_NUMBER, "01/12/1979", "1979-12-01", "Ấp Nhà Dài", "Nữ"):
        assert private not in page


def test_public_attachment_downloads_as_a_file_and_private_ones_answer_404(app, session, world, store, open_notice):
    _, nomination = open_notice
    public, private = sorted(nomination.attachments, key=lambda a: a.id)
    client = app.test_client()
    response = client.get(f"/attachments/{public.id}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data.startswith(b"%PDF-")
    assert client.get(f"/attachments/{private.id}").status_code == 404
    undisclosed = factories.submitted(session, world, store)  # its report is marked public, but not yet disclosed
    session.commit()
    assert client.get(f"/attachments/{undisclosed.attachments[0].id}").status_code == 404
    assert client.get("/attachments/999999").status_code == 404


def test_notices_list_and_archive_separate_open_and_closed_windows(app, session, world, store, open_notice):
    old = factories.make_nomination(session, world, store, name="Hợp tác xã Đông Hải")
    closed = disclosed(session, world, old, today=factories.TODAY, title="Lấy ý kiến Nhân dân đợt 1")
    comment = notices.receive_comment(session, closed, old, full_name="Nguyễn Văn Út", contact="ut@example.com",
                                      address="xã Long Điền", body="Tôi đồng tình.", today=factories.TODAY)
    notices.answer_comment(session, comment, by=world.secretariat, answer="Cảm ơn ông đã góp ý.",
                           resolution="noted")
    session.commit()
    client = app.test_client()
    current = text(client.get("/notices"))
    assert open_notice[0].title in current and closed.title not in current
    archive = text(client.get("/notices/archive"))
    assert closed.title in archive and "1 ý kiến" in archive
    page = text(client.get(f"/notices/{closed.id}"))
    assert "đã hết hạn nhận ý kiến" in page
    assert comment.receipt_code in page and "Cảm ơn ông đã góp ý." in page and "Đã ghi nhận ý kiến" in page
    for private in ("Nguyễn Văn Út", "ut@example.com", "xã Long Điền", "Tôi đồng tình."):
        assert private not in page


# --- comments --------------------------------------------------------------------------------------------

def test_a_comment_gets_a_receipt_code_and_exactly_one_public_audit_event(app, session, browser, open_notice):
    notice, nomination = open_notice
    before = factories.audit_count(session)
    form_page = browser.get(f"/notices/{notice.id}/comment?nomination={nomination.id}")
    assert form_page.headers["Cache-Control"] == "no-store"
    assert f'<option selected value="{nomination.id}">' in form_page.get_data(as_text=True)
    response = post_comment(browser, notice, nomination)
    assert response.status_code == 303, text(response)[:2000]
    comment = session.scalar(select(PublicComment))
    assert response.headers["Location"].endswith(f"/comments/{comment.receipt_code}")
    assert (comment.full_name, comment.contact) == ("Lê Văn Tám", CONTACT)
    assert factories.audit_count(session) == before + 1
    receipt = app.test_client().get(f"/comments/{comment.receipt_code}")  # anyone else holding the code
    page = text(receipt)
    assert receipt.headers["Cache-Control"] == "no-store"
    assert comment.receipt_code in page and "Đã tiếp nhận" in page and "Trương Thị Cẩm Tú" in page
    for private in ("Lê Văn Tám", CONTACT, "Ấp Năm Căn", "Đề nghị làm rõ số liệu"):
        assert private not in page


def test_the_citizens_own_receipt_shows_what_they_wrote_and_never_their_contact(app, session, browser, open_notice):
    """Issue 13: the receipt after sending is something to keep (the text, the date, the nominee), printable;
    the receipt code alone (listed on the public notice page) still shows none of it."""
    notice, nomination = open_notice
    assert post_comment(browser, notice, nomination).status_code == 303
    comment = session.scalar(select(PublicComment))
    response = browser.get(f"/comments/{comment.receipt_code}")
    page = text(response)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Phiếu tiếp nhận ý kiến" in page and "Đề nghị làm rõ số liệu thành tích năm 2024." in page
    assert "Người gửi Lê Văn Tám" in page and "Trương Thị Cẩm Tú" in page
    assert f"Gửi lúc {vn_datetime(comment.received_at)}" in page
    for contact in (CONTACT, "Ấp Năm Căn"):
        assert contact not in page
    key = re.search(r"Mã bảo mật ([A-Z2-7]{5}-[A-Z2-7]{5})", page).group(1)

    stranger = Browser(app.test_client())
    assert "Đề nghị làm rõ số liệu" not in text(stranger.get(f"/comments/{comment.receipt_code}"))
    wrong = stranger.post("/comments", {"code": comment.receipt_code, "key": "AAAAA-AAAAA"})
    assert wrong.status_code == 400 and "Mã bảo mật không đúng" in text(wrong)
    assert "Lê Văn Tám" not in text(stranger.get(f"/comments/{comment.receipt_code}"))

    elsewhere = Browser(app.test_client())  # the citizen on another device, with the printed receipt
    typed = {"code": comment.receipt_code.lower(), "key": key.lower().replace("-", " ")}
    unlocked = elsewhere.post("/comments", typed)
    assert unlocked.status_code == 303 and unlocked.headers["Location"].endswith(f"/comments/{comment.receipt_code}")
    again = text(elsewhere.get(f"/comments/{comment.receipt_code}"))
    assert "Đề nghị làm rõ số liệu thành tích năm 2024." in again and "Lê Văn Tám" in again
    assert CONTACT not in again


def test_a_comment_may_carry_a_private_attachment_checked_like_staff_uploads(app, session, store, browser,
                                                                           open_notice):
    notice, nomination = open_notice
    response = post_comment(browser, notice, nomination,
                            attachment=(io.BytesIO(factories.PDF + b"bang chung"), "bằng chứng.pdf"))
    assert response.status_code == 303
    comment = session.scalar(select(PublicComment))
    [evidence] = comment.attachments
    assert (evidence.kind, evidence.is_public, evidence.nomination_id) == ("comment_evidence", False, None)
    assert store.read(evidence.sha256).endswith(b"bang chung")
    assert app.test_client().get(f"/attachments/{evidence.id}").status_code == 404
    refused = post_comment(browser, notice, nomination, contact="0987 654 321",
                           attachment=(io.BytesIO(b"MZ\x90\x00 not a document"), "virus.exe"))
    assert refused.status_code == 400
    assert "Chỉ nhận tệp PDF, DOCX, PNG hoặc JPEG" in text(refused)
    assert session.scalar(select(func.count()).select_from(PublicComment)) == 1


def test_a_comment_after_the_window_is_refused_with_a_clear_message(app, session, browser, open_notice):
    notice, nomination = open_notice
    clock.advance(days=(notice.end_date - clock.today()).days + 1)
    before = factories.audit_count(session)
    page = browser.get(f"/notices/{notice.id}/comment")
    assert "đã hết hạn nhận ý kiến" in text(page)
    assert 'enctype="multipart/form-data"' not in page.get_data(as_text=True)
    response = browser.post(f"/notices/{notice.id}/comment", comment_form(nomination), from_page="/verify")
    assert response.status_code == 400
    assert f"hạn cuối {notice.end_date:%d/%m/%Y}" in text(response)
    assert session.scalar(select(func.count()).select_from(PublicComment)) == 0
    assert factories.audit_count(session) == before


@pytest.mark.parametrize("field, value, message", [
    ("full_name", "", "Cần ghi họ và tên."),
    ("contact", "", "Cần ghi số điện thoại hoặc thư điện tử."),
    ("contact", "gọi tôi", "Ghi số điện thoại"),
    ("address", "", "Cần ghi địa chỉ."),
    ("body", "  ", "Cần ghi nội dung ý kiến."),
    ("nomination", "999999", "Đối tượng này không còn nhận ý kiến."),
])
def test_an_incomplete_comment_is_refused_field_by_field(session, browser, open_notice, field, value, message):
    notice, nomination = open_notice
    response = post_comment(browser, notice, nomination, **{field: value})
    assert response.status_code == 400
    assert message in text(response)
    assert session.scalar(select(func.count()).select_from(PublicComment)) == 0


def test_the_honeypot_field_refuses_a_robot(session, browser, open_notice):
    notice, nomination = open_notice
    response = post_comment(browser, notice, nomination, website="http://spam.example")
    assert response.status_code == 400
    assert session.scalar(select(func.count()).select_from(PublicComment)) == 0


def test_comments_are_rate_limited_per_contact_with_a_vietnamese_429(session, browser, open_notice):
    notice, nomination = open_notice
    for n in range(5):
        assert post_comment(browser, notice, nomination, body=f"Ý kiến số {n}").status_code == 303
    response = post_comment(browser, notice, nomination, contact="0912.345.678", body="Ý kiến thứ sáu")
    assert response.status_code == 429
    assert "Quá nhiều yêu cầu" in text(response)
    assert session.scalar(select(func.count()).select_from(PublicComment)) == 5


def test_comments_are_rate_limited_per_ip_address(session, browser, open_notice):
    notice, nomination = open_notice
    statuses = [post_comment(browser, notice, nomination, full_name="", contact=f"09123456{n:02d}").status_code
                for n in range(11)]
    assert statuses == [400] * 10 + [429]


def test_the_receipt_page_follows_the_comment_to_its_published_answer(app, session, world, open_notice):
    notice, nomination = open_notice
    comment = notices.receive_comment(session, notice, nomination, full_name="Lê Thị Hồng Nhung",
                                      contact="nhung@example.com", address="xã Vĩnh Hưng", body="Tôi đồng tình.")
    session.commit()
    client = app.test_client()
    assert "Đang xem xét" in text(client.get(f"/comments/{comment.receipt_code}"))
    notices.answer_comment(session, comment, by=world.secretariat, resolution="noted",
                           answer="Cảm ơn bà đã đóng góp ý kiến.")
    session.commit()
    page = text(client.get(f"/comments/{comment.receipt_code.lower()}"))
    assert "Cảm ơn bà đã đóng góp ý kiến." in page and "Đã ghi nhận ý kiến" in page
    assert "nhung@example.com" not in page and "Hồng Nhung" not in page
    lookup = client.get(f"/comments?code=+{comment.receipt_code.lower()}+")
    assert lookup.status_code == 302 and lookup.headers["Location"].endswith(f"/comments/{comment.receipt_code}")
    unknown = client.get("/comments/YK-AAAAAAAAAA")
    assert unknown.status_code == 404 and "Không tìm thấy ý kiến" in text(unknown)
    assert client.get("/comments/%00").status_code == 404


def test_pages_for_a_signed_in_user_stay_private(app, world, signed_in):
    response = signed_in(world.secretariat).get("/")
    assert response.headers["Cache-Control"].startswith("private")
    assert app.test_client().get("/").headers["Cache-Control"] == "public, max-age=60"


def test_a_decided_nominee_links_from_its_notice_to_the_recognition(app, session, world, store):
    nomination = factories.awarded(session, world, store, name="Xã Vĩnh Hưng A")
    session.commit()
    notice = notices.latest_notice(session, nomination)
    line_id = session.scalar(select(DecisionLine.id).where(DecisionLine.nomination_id == nomination.id))
    response = app.test_client().get(f"/notices/{notice.id}")
    assert "Đã khen thưởng" in text(response) and f'href="/recognitions/{line_id}"' in response.get_data(as_text=True)
