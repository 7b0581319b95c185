"""English in every area: Vietnamese is the default, /lang/en switches the interface (the Vietnamese text is the
message id), and the catalogue has every entry translated and none left fuzzy. Data (names, award types, units,
legal basis lines) and the domain's own refusals stay Vietnamese; the pages' own words must not. The official
files (the movement report in Excel, CSV and PDF) stay Vietnamese whatever language the reader chose."""
import html
import io
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from flask_babel import force_locale
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from tests import factories
from tests.web.test_public import disclosed, individual, post_comment
from workflow.forms.secretariat import DEFAULT_CHECKLIST
from workflow.models import Certificate, Comparator, Indicator, PublicComment, PublicNotice, Review, Target
from workflow.rules.states import ACTION_CONTEXT, ACTION_LABELS, STATE_LABELS, Action, State
from workflow.services import decisions, notices
from workflow.services import nominations as nomination_service
from workflow.templating import Translated

CATALOGUE = Path(__file__).resolve().parents[2] / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def visible(response) -> str:
    """The page's main content as a person (or a screen reader) takes it in: the text and the aria-labels,
    entities decoded; never a stack trace."""
    assert response.status_code == 200, response.status_code
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    main = re.sub(r"<script.*?</script>", " ", body[body.index("<main"):], flags=re.DOTALL)
    labels = re.findall(r'aria-label="([^"]*)"', main)
    return " ".join(html.unescape(" ".join([re.sub(r"<[^>]+>", " ", main), *labels])).split())


def english(browser):
    browser.get("/lang/en")
    return browser


@pytest.fixture
def nominations(session, world, store):
    """One nomination in each early state, named so their names are recognisable data."""
    draft = factories.make_nomination(session, world, store, name="Tập thể Ấp Nháp")
    submitted = factories.submitted(session, world, store, name="Tập thể Ấp Gửi")
    appraised = factories.in_appraisal(session, world, store, name="Tập thể Ấp Thẩm")
    session.commit()
    return {"draft": draft, "submitted": submitted, "in_appraisal": appraised}


# Per area: the pages, words each English page must show, and the page's own Vietnamese words it must not.
AREAS = {
    "unit": ("officer_a", [
        ("/unit/", ["The unit's nominations", "New nomination", "Filter", "Draft"],
         ["Hồ sơ đề nghị của đơn vị", "Lập hồ sơ mới", "Lọc hồ sơ", "Bản nháp"]),
        ("/unit/nominations/{draft}", ["Nomination details", "Attachments", "Upload a new file", "Nomination history"],
         ["Thông tin hồ sơ", "Tệp đính kèm", "Tải lên tệp mới", "Diễn biến hồ sơ", "Loại đối tượng"]),
        ("/unit/nominations/new", ["New award nomination", "Proposing unit", "Achievement summary", "Save draft"],
         ["Lập hồ sơ đề nghị khen thưởng mới", "Đối tượng đề nghị", "Tóm tắt thành tích", "Lưu bản nháp"]),
        ("/unit/nominations/{draft}/submit", ["Confirm submission", "What will change", "Go back without submitting"],
         ["Xác nhận gửi hồ sơ", "Điều sẽ thay đổi", "Quay lại, chưa gửi"]),
    ]),
    "secretariat": ("secretariat", [
        ("/secretariat/", ["Secretariat of the Emulation and Commendation Council", "New nominations awaiting intake",
                           "Public notices", "Decision drafts"],
         ["Thường trực Hội đồng Thi đua – Khen thưởng", "Hồ sơ mới gửi chờ tiếp nhận", "Dự thảo quyết định"]),
        ("/secretariat/intake", ["Intake", "Nominations awaiting intake", "Accept", "Return for completion"],
         ["Tiếp nhận hồ sơ", "Hồ sơ chờ tiếp nhận", "Đối tượng", "Lần gửi"]),
        ("/secretariat/nominations/{submitted}", ["Nomination details", "Private information", "Processing log"],
         ["Thông tin hồ sơ", "Thông tin riêng tư", "Nhật ký xử lý", "Tệp đính kèm"]),
        ("/secretariat/nominations/{in_appraisal}/appraisal", ["Record an appraisal note", "Checklist",
                                                                "Complete file (submission letter"],
         ["Danh mục kiểm tra", "Ý kiến thẩm định", "Thành phần hồ sơ đầy đủ"]),
        ("/secretariat/sessions/new", ["Call a council session", "Session title", "Meeting date"],
         ["Lập phiên họp Hội đồng", "Tên phiên họp", "Ngày họp"]),
    ]),
    "council": ("members[2]", [
        ("/council/", ["Emulation and Commendation Council sessions", "Meeting date", "Your attendance"],
         ["Phiên họp Hội đồng Thi đua – Khen thưởng", "Ngày họp", "Điểm danh của bạn"]),
        ("/council/sessions/{session}", ["Agenda (1 nomination)", "Achievement summary", "Your vote", "Agree",
                                         "Abstain"],
         ["Nội dung xét", "Tóm tắt thành tích", "Ý kiến của bạn", "Đồng ý", "Không biểu quyết"]),
        ("/council/sessions/{session}/minutes", ["Minutes of the Emulation and Commendation Council session",
                                                 "I. Attendance", "SOCIALIST REPUBLIC OF VIET NAM"],
         ["Biên bản phiên họp", "Thành phần dự họp", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]),
    ]),
    "authority": ("chair", [
        ("/authority/", ["Award decisions", "Decision drafts awaiting signature", "Issued decisions",
                         "Nominations endorsed by the Council, without a draft", "Refuse"],
         ["Quyết định khen thưởng", "Dự thảo quyết định chờ ký", "Quyết định đã ban hành", "Không khen thưởng"]),
        ("/authority/drafts/{draft}", ["Decision draft:", "Decision no. (expected)", "Legal basis", "Total prize money",
                                       "Review and issue the decision"],
         ["Số quyết định (dự kiến)", "Căn cứ ban hành", "Tổng tiền thưởng", "Xem lại và ban hành quyết định"]),
        ("/authority/drafts/{draft}/issue", ["Confirm issuing the decision", "When you confirm, the system issues",
                                             "Decide the award", "Cancel, back to the draft"],
         ["Xác nhận ban hành quyết định", "Khi bạn xác nhận", "Hủy, quay lại dự thảo"]),
        ("/authority/nominations/{waiting}/refuse", ["Refuse a nomination", "Reason for refusing", "“Not awarded”"],
         ["Không khen thưởng một hồ sơ", "Lý do không khen thưởng", "«Không khen thưởng»"]),
        ("/authority/decisions/{decision}", ["Golden book no.", "Verification code", "Print certificates in bulk",
                                             "Paper size", "Revoke the award of"],
         ["Số sổ vàng", "Mã xác thực", "In bằng khen hàng loạt", "Khổ giấy", "Thu hồi"]),
        ("/authority/nominations/{awarded}/revoke", ["Revoke an award", "Award decision", "Revoking decision no.",
                                                     "Reason for revoking"],
         ["Thu hồi khen thưởng", "Số quyết định thu hồi", "Lý do thu hồi"]),
        ("/authority/certificates/{certificate}/print", ["Print the certificate of", "Paper size", "Horizontal offset"],
         ["In bằng khen của", "Khổ giấy", "Căn chỉnh ngang"]),
    ]),
    "admin": ("admin", [
        ("/admin/", ["System administrator", "Accounts and roles", "Base salary", "Audit log"],
         ["Quản trị hệ thống", "Tài khoản và vai trò", "Lương cơ sở", "Nhật ký"]),
        ("/admin/units/new", ["Add unit", "Unit code", "Validity period", "Save unit"],
         ["Thêm đơn vị", "Mã đơn vị", "Thời gian hiệu lực", "Lưu đơn vị"]),
        ("/admin/award-types/{award_type}/edit", ["Edit “", "Emulation and Commendation Council rule",
                                                  "Approval threshold (%)", "Form of commendation"],
         ["Quy tắc Hội đồng", "Ngưỡng đồng ý", "Hệ số tiền thưởng"]),
        ("/admin/users", ["Accounts and roles", "Username", "Unit emulation officer"],
         ["Tên đăng nhập", "Cán bộ thi đua đơn vị", "Đang hoạt động"]),
        ("/admin/audit", ["Audit log", "Performed by", "Download CSV", "Nomination"],
         ["Người thực hiện", "Tải CSV", "Hồ sơ đề nghị"]),
    ]),
}


@pytest.fixture
def placeholders(session, world, store, nominations):
    _, meeting = factories.in_council(session, world, store, name="Tập thể Ấp Họp")
    in_draft = factories.endorsed(session, world, store, officer=world.officer_b, name="Xã Ninh Quới 1")
    draft = decisions.prepare_draft(session, [in_draft], by=world.secretariat, signer=world.signer,
                                    decision_date=factories.TODAY, proposal="Xét đề nghị của Giám đốc Sở Nội vụ.")
    waiting = factories.endorsed(session, world, store, officer=world.officer_b, name="Xã Ninh Quới 2")
    awarded = factories.awarded(session, world, store, name="Xã Vĩnh Hưng A")
    session.commit()
    certificate = session.scalar(select(Certificate))
    return {name: n.id for name, n in nominations.items()} | {
        "session": meeting.id, "award_type": world.bang_khen.id, "draft": draft.id, "waiting": waiting.id,
        "awarded": awarded.id, "decision": certificate.line.decision_id, "certificate": certificate.id}


def _user(world, path: str):
    name, _, index = path.partition("[")
    user = getattr(world, name)
    return user[int(index.rstrip("]"))] if index else user


@pytest.mark.parametrize("area", AREAS)
def test_each_staff_area_reads_in_english_once_chosen(world, signed_in, placeholders, area):
    who, pages = AREAS[area]
    browser = english(signed_in(_user(world, who)))
    for url, english_words, vietnamese_words in pages:
        page = visible(browser.get(url.format(**placeholders)))
        missing = [w for w in english_words if w not in page]
        left = [w for w in vietnamese_words if w in page]
        assert not missing and not left, (url, missing, left)


@pytest.mark.parametrize("area", AREAS)
def test_each_staff_area_is_vietnamese_by_default(world, signed_in, placeholders, area):
    who, pages = AREAS[area]
    browser = signed_in(_user(world, who))
    for url, english_words, vietnamese_words in pages:
        page = visible(browser.get(url.format(**placeholders)))
        assert all(w in page for w in vietnamese_words), url
        assert '<html lang="vi">' in browser.get(url.format(**placeholders)).get_data(as_text=True)


def test_messages_and_form_errors_follow_the_language(session, world, signed_in, nominations):
    sec = english(signed_in(world.secretariat))
    submitted = nominations["submitted"]
    response = sec.post(f"/secretariat/nominations/{submitted.id}/accept", {"version": submitted.version},
                        from_page="/secretariat/intake")
    assert response.status_code == 302
    assert "Nomination “Tập thể Ấp Gửi” accepted; it is now in appraisal." in visible(
        sec.get(response.headers["Location"]))
    session.expire_all()
    assert session.get(type(submitted), submitted.id).state == State.IN_APPRAISAL

    officer = english(signed_in(world.officer_a))
    page = visible(officer.post("/unit/nominations/new", {"kind": "individual"}))
    assert "Please check the fields marked." in page and "Enter the full name." in page
    assert "Enter the achievement summary." in page and "Cần nhập" not in page


def test_the_default_checklist_is_stored_in_vietnamese_whatever_the_language(session, world, signed_in,
                                                                              nominations):
    """The checklist's items are the keys of the stored note: translating the labels must not change them."""
    nomination = nominations["in_appraisal"]
    sec = english(signed_in(world.secretariat))
    url = f"/secretariat/nominations/{nomination.id}/appraisal"
    assert DEFAULT_CHECKLIST[0] not in visible(sec.get(url))
    response = sec.post(url, {"item_0": "y", "body": "Hồ sơ đầy đủ."})
    assert response.status_code == 302
    review = session.query(Review).filter_by(nomination_id=nomination.id).one()
    assert review.checklist == {item: i == 0 for i, item in enumerate(DEFAULT_CHECKLIST)}


def test_an_error_message_is_escaped_and_a_percent_sign_is_kept(app):
    """A refusal may carry a person's text: the error page prints it as text, never as markup."""
    from workflow.errors import render_error
    with app.test_request_context("/"):
        page, status = render_error(400, "Tên «<b>Ấp</b>» đạt 100%.")
    assert status == 400
    assert "Tên «&lt;b&gt;Ấp&lt;/b&gt;» đạt 100%." in page


def _translated(message) -> bool:
    """A plural entry needs every form; a plain one its one string."""
    return all(message.string) if isinstance(message.string, tuple) else bool(message.string)


def test_the_catalogue_has_no_fuzzy_and_no_untranslated_entry():
    with CATALOGUE.open("rb") as source:
        catalogue = read_po(source)
    entries = [m for m in catalogue if m.id]
    fuzzy = [m.id for m in entries if m.fuzzy]
    untranslated = [m.id for m in entries if not _translated(m)]
    assert len(entries) > 1000
    assert not fuzzy, fuzzy[:10]
    assert not untranslated, untranslated[:10]


# --- the state and the action that read the same in Vietnamese -------------------------------------------

def test_an_action_and_the_state_it_leads_to_read_apart_in_english_and_alike_in_vietnamese(app):
    actions, states = Translated(ACTION_LABELS, ACTION_CONTEXT), Translated(STATE_LABELS)
    with app.test_request_context("/"):
        with force_locale("en"):
            assert (actions[Action.RETURN], states[State.RETURNED]) == ("Return for completion",
                                                                       "Returned for completion")
            assert (actions[Action.REFUSE], states[State.NOT_AWARDED]) == ("Refuse", "Not awarded")
            untranslated = [a for a in Action if actions[a] == ACTION_LABELS[a]]
        with force_locale("vi"):
            assert actions[Action.RETURN] == states[State.RETURNED] == "Trả lại để bổ sung"
            assert actions[Action.REFUSE] == states[State.NOT_AWARDED] == "Không khen thưởng"
    assert not untranslated, untranslated


def test_the_returned_badge_and_the_return_button_differ_in_english(session, world, store, signed_in):
    returned = factories.submitted(session, world, store, name="Tập thể Ấp Trả")
    nomination_service.return_(session, returned, by=world.secretariat, expected_version=returned.version,
                                  reason="Thiếu biên bản bình xét.")
    session.commit()
    assert "Returned for completion" in visible(english(signed_in(world.officer_a)).get("/unit/"))
    factories.submitted(session, world, store, name="Tập thể Ấp Gửi")
    session.commit()
    intake = visible(english(signed_in(world.secretariat)).get("/secretariat/intake"))
    assert "Return for completion" in intake and "Returned for completion" not in intake


# --- the public portal -----------------------------------------------------------------------------------

PUBLIC_PAGES = [
    ("/", ["Emulation and commendation, public and transparent", "Open for public comment", "working days left",
           "Latest award decisions", "Emulation campaigns", "Home", "Award register", "Verify a certificate"],
     ["Đang lấy ý kiến Nhân dân", "ngày làm việc", "Quyết định khen thưởng mới", "Phong trào thi đua", "Trang chủ",
      "Sổ khen thưởng", "Xác thực bằng khen"]),
    ("/notices", ["Public notices for comment", "View the list", "Closed notices and their answers"],
     ["Thông báo công khai lấy ý kiến Nhân dân", "Xem danh sách", "Tra cứu ý kiến đã gửi"]),
    ("/notices/{notice}", ["How to comment", "Nominations proposed for award (1)", "Nominee type", "Individual",
                           "Achievement summary", "Public comments and answers", "Comment on this nominee"],
     ["Cách gửi ý kiến", "Danh sách đề nghị khen thưởng", "Loại đối tượng", "Cá nhân", "Tóm tắt thành tích",
      "Góp ý về đối tượng này"]),
    ("/notices/{notice}/comment", ["Comment on the list of nominations", "Full name", "Phone number or e-mail address",
                                   "— Choose a nominee —", "Your personal details are never published"],
     ["Gửi ý kiến về danh sách", "Họ và tên", "Số điện thoại hoặc thư điện tử", "Chọn đối tượng"]),
    ("/notices/archive", ["Closed notices", "to the end of", "1 nominee", "0 comments"],
     ["Thông báo đã kết thúc", "đến hết", "đối tượng"]),
    ("/comments/{receipt}", ["Progress", "Received", "Under review", "Public answer", "Comment noted"],
     ["Tiến trình xử lý", "Đã tiếp nhận", "Trả lời công khai", "Đã ghi nhận ý kiến"]),
    ("/recognitions", ["Public award register", "Decision year", "All years", "Proposing unit:", "Awarded"],
     ["Sổ khen thưởng công khai", "Năm quyết định", "Mọi năm", "Đơn vị đề nghị", "Đã khen thưởng"]),
    ("/recognitions/{line}", ["Awarding authority", "Achievement period", "How the award was decided",
                              "The unit submitted the nomination", "Public notice for comment opened",
                              "The Emulation and Commendation Council voted", "members present", "Award decision"],
     ["Cấp khen thưởng", "Thời gian đạt thành tích", "Quá trình xét khen thưởng", "Đơn vị gửi hồ sơ",
      "thành viên có mặt", "Hội đồng Thi đua – Khen thưởng biểu quyết"]),
    ("/decisions", ["Award decisions", "Decision no.", "1 recipient"],
     ["Quyết định khen thưởng", "người, tập thể được khen thưởng"]),
    ("/decisions/{decision}", ["Recipients (1)", "prize money", "Total prize money", "(signed)",
                               "Digitally signed document"],
     ["Danh sách khen thưởng", "tiền thưởng", "Tổng tiền thưởng", "(đã ký)", "Văn bản có chữ ký số"]),
    ("/verify/{code}", ["Verify a Certificate of Merit or Commendation", "VALID", "Golden book no.",
                        "In the award register", "Not revoked"],
     ["Xác thực bằng khen", "HỢP LỆ", "Số sổ vàng", "Có trong sổ khen thưởng", "Chưa bị thu hồi"]),
    ("/verify", ["Compare a PDF file", "Verification code printed under the QR code", "Verify the code"],
     ["Đối chiếu tệp PDF", "Mã xác thực in dưới mã QR", "Xác thực mã"]),
    ("/transparency", ["Transparency: the hash-chained audit log", "Current head of the chain",
                       "How to check it yourself"],
     ["Minh bạch", "Đầu chuỗi hiện tại", "Cách tự kiểm tra"]),
    ("/open-data", ["Open data", "Award register", "Public audit log", "keep the Vietnamese of the original records"],
     ["Dữ liệu mở", "Sổ khen thưởng", "Nhật ký công khai"]),
]


@pytest.fixture
def portal(session, world, store):
    """An open notice on an individual with an answered comment, and an awarded collective with its certificate."""
    nomination = individual(session, world, store)
    notice = disclosed(session, world, nomination)
    comment = notices.receive_comment(session, notice, nomination, full_name="Lê Văn Tám", contact="0912 345 678",
                                      address="Ấp Năm Căn", body="Tôi đồng tình.")
    notices.answer_comment(session, comment, by=world.secretariat, resolution="noted", answer="Cảm ơn ông.")
    factories.awarded(session, world, store, name="Xã Vĩnh Hưng A")
    session.commit()
    certificate = session.scalar(select(Certificate))
    return {"notice": notice.id, "receipt": comment.receipt_code, "line": certificate.line.id,
            "decision": certificate.line.decision_id, "code": certificate.verify_code}


def test_the_public_portal_reads_in_english_once_chosen(browser, portal):
    english(browser)
    for url, english_words, vietnamese_words in PUBLIC_PAGES:
        page = visible(browser.get(url.format(**portal)))
        missing = [w for w in english_words if w not in page]
        left = [w for w in vietnamese_words if w in page]
        assert not missing and not left, (url, missing, left)


def test_the_public_portal_is_vietnamese_by_default(browser, portal):
    for url, _, vietnamese_words in PUBLIC_PAGES:
        response = browser.get(url.format(**portal))
        page = visible(response)
        assert [w for w in vietnamese_words if w not in page] == [], url
        assert '<html lang="vi">' in response.get_data(as_text=True)


def test_a_citizens_comment_is_answered_in_english_and_stored_as_written(session, browser, portal):
    english(browser)
    notice_id = portal["notice"]
    notice = session.get(PublicNotice, notice_id)
    nomination = notice.items[0].nomination
    page = visible_any(browser.post(f"/notices/{notice_id}/comment", {"nomination": str(nomination.id)}))
    assert "Enter your full name." in page and "Enter a phone number or e-mail address." in page
    assert "Cần ghi họ và tên." not in page
    response = post_comment(browser, notice, nomination, body="Đề nghị làm rõ số liệu.")
    assert response.status_code == 303
    stored = session.scalars(select(PublicComment).order_by(PublicComment.id.desc())).first()
    assert stored.body == "Đề nghị làm rõ số liệu."
    receipt = visible(browser.get(response.headers["Location"]))
    assert f"Your comment has been received. Receipt code: {stored.receipt_code}." in receipt


def test_the_signature_checks_read_in_english(session, world, store, signed_in, browser):
    chair = english(signed_in(world.chair))
    nomination = factories.endorsed(session, world, store, officer=world.officer_b, name="Xã Ninh Quới 1")
    draft = decisions.prepare_draft(session, [nomination], by=world.secretariat, signer=world.signer,
                                    decision_date=factories.TODAY, proposal="Xét đề nghị.")
    session.commit()
    url = f"/authority/drafts/{draft.id}/issue"
    confirm = chair.get(url).get_data(as_text=True)
    ids, versions = (re.search(rf'name="{name}"[^>]*value="([^"]*)"', confirm).group(1) for name in ("ids", "versions"))
    response = chair.post(url, {"ids": ids, "versions": versions})
    assert response.status_code == 302
    assert "Decision no. 1/QĐ-UBND issued, with 2 digitally signed PDF files." in visible(
        chair.get(response.headers["Location"]))
    certificate = session.scalar(select(Certificate))
    english(browser)
    page = visible(browser.get(f"/verify/{certificate.verify_code}"))
    for check in ("✓ Digital signature intact", "✓ Signed by the issuing authority",
                  "✓ File matches the stored copy (SHA-256)"):
        assert check in page
    assert "Chữ ký số nguyên vẹn" not in page
    unsigned = visible_any(browser.post("/verify", {"pdf": (io.BytesIO(factories.PDF), "bang-khen.pdf")}))
    assert "This file does not match any issued PDF" in unsigned
    assert "✗ Digital signature intact: could not be checked:" in unsigned
    assert "✗ Signed by the issuing authority: the signer's certificate could not be read" in unsigned
    assert "✗ File matches the stored copy (SHA-256): no issued document has sha256" in unsigned
    assert "không" not in unsigned


def visible_any(response) -> str:
    """`visible` for a page answered with an error status on purpose (a refused form is a 400), with the space a
    closing tag leaves before a colon dropped."""
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    main = body[body.index("<main"):]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split()).replace(" :", ":")


# --- the movement dashboard and its official files --------------------------------------------------------

@pytest.fixture
def movement(session, world, store):
    indicator = Indicator(campaign=world.campaign, code="XA_NTM_NANG_CAO", name="Xã đạt chuẩn nông thôn mới nâng cao")
    indicator.targets += [Target(unit=world.province, value=10, comparator=Comparator.EXACTLY),
                          Target(unit=world.district_a, value=6, comparator=Comparator.EXACTLY),
                          Target(unit=world.district_b, value=1, comparator=Comparator.AT_LEAST)]
    session.add(indicator)
    factories.awarded(session, world, store, name="Xã Vĩnh Hưng A")
    factories.submitted(session, world, store, name="Tập thể Ấp Gửi")
    session.commit()
    return world.campaign


DASHBOARD_WORDS = (["Nominations by status", "Awards by year", "Processing time (working days)", "Median",
                    "90th percentile", "at least 1 xã", "Whole province", "Target"],
                   ["Hồ sơ đề nghị theo trạng thái", "Khen thưởng theo năm", "Thời gian xử lý", "Trung vị",
                    "Phân vị 90", "ít nhất", "Toàn tỉnh", "Tổng số"])


def test_the_movement_dashboard_reads_in_english_once_chosen(app, browser, signed_in, world, movement):
    english_words, vietnamese_words = DASHBOARD_WORDS
    public = visible(english(browser).get(f"/campaigns/{movement.id}"))
    internal = visible(english(signed_in(world.secretariat)).get(f"/campaigns/{movement.id}/internal"))
    for page, more_english, more_vietnamese in ((public, [], []),
                                               (internal, ["Overdue nominations", "Internal figures"],
                                                ["Hồ sơ quá hạn xử lý", "Số liệu nội bộ"])):
        missing = [w for w in english_words + more_english if w not in page]
        left = [w for w in vietnamese_words + more_vietnamese if w in page]
        assert not missing and not left, (missing, left)
    vietnamese = visible(app.test_client().get(f"/campaigns/{movement.id}"))
    assert [w for w in vietnamese_words if w not in vietnamese] == []


def test_the_movement_reports_stay_vietnamese_for_an_english_reader(browser, movement):
    """Excel, CSV and the printed report are official records: Vietnamese whatever the page's language."""
    english(browser)
    workbook = load_workbook(io.BytesIO(browser.get(f"/campaigns/{movement.id}/report.xlsx").data))
    assert "Chỉ tiêu và kết quả" in workbook.sheetnames
    assert workbook["Chỉ tiêu và kết quả"]["A1"].value == "Chỉ tiêu"
    csv_text = browser.get(f"/campaigns/{movement.id}/csv/chi-tieu.csv").get_data(as_text=True)
    assert "Toàn tỉnh (" in csv_text and "ít nhất 1 xã" in csv_text and "Whole province" not in csv_text
    pdf = browser.get(f"/campaigns/{movement.id}/report.pdf")
    content = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "Báo cáo tổng kết phong trào thi đua" in content and "Hồ sơ đề nghị theo trạng thái" in content
    assert "Nominations by status" not in content and "Median" not in content
    assert "Nominations by status" in visible(browser.get(f"/campaigns/{movement.id}"))   # the page itself: English


def test_a_page_translated_in_one_language_then_forced_to_another_uses_each_catalogue(app):
    """The request's catalogue is looked up once per locale (templating._page_translations): a
    force_locale() block inside an English request still renders Vietnamese, and English after it."""
    from flask import render_template_string
    from flask_babel import force_locale
    with app.test_request_context("/"), force_locale("en"):
        english = render_template_string("{{ _('Đăng nhập') }}")
        with force_locale("vi"):
            vietnamese = render_template_string("{{ _('Đăng nhập') }}")
        again = render_template_string("{{ _('Đăng nhập') }}")
    assert (english, vietnamese, again) == ("Sign in", "Đăng nhập", "Sign in")


def test_template_translations_escape_their_variables_and_keep_plurals_and_contexts(app):
    """templating._gettext and friends do what Jinja's newstyle gettext does: the message is markup, every
    variable is escaped, plurals pick by num, a message context picks its own translation."""
    from flask import render_template_string
    from flask_babel import force_locale
    with app.test_request_context("/"), force_locale("en"):
        received = render_template_string("{{ _('nhận ngày %(day)s', day=day) }}", day="<script>x</script>")
        one = render_template_string("{{ ngettext('%(num)d người, tập thể được khen thưởng', "
                                     "'%(num)d người, tập thể được khen thưởng', 1) }}")
        many = render_template_string("{{ ngettext('%(num)d người, tập thể được khen thưởng', "
                                      "'%(num)d người, tập thể được khen thưởng', 7) }}")
        navigation = render_template_string("{{ pgettext('navigation', 'Quyết định') }}")
    assert received == "received &lt;script&gt;x&lt;/script&gt;"
    assert (one, many) == ("1 recipient", "7 recipients")
    assert navigation == "Decisions"


def test_the_message_extractor_can_read_every_template():
    """pybabel skips, without failing, a template it cannot parse, and every string in it would then drop
    out of the catalogue at the next `make translations-update` (a {% cache %} tag did that once): each
    template must parse with the extensions babel.cfg gives the extractor."""
    import configparser
    from pathlib import Path

    from jinja2 import Environment
    root = Path(__file__).resolve().parents[2]
    config = configparser.ConfigParser()
    config.read(root / "babel.cfg", encoding="utf-8")
    extensions = config["jinja2: templates/**.html"].get("extensions", "").split(",")
    environment = Environment(extensions=["jinja2.ext.i18n", *(e.strip() for e in extensions if e.strip())])
    for template in sorted((root / "templates").rglob("*.html")):
        environment.parse(template.read_text(encoding="utf-8"), name=str(template))  # raises on an unknown tag
