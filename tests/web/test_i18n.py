"""English in the staff areas: Vietnamese is the default, /lang/en switches the interface (the Vietnamese text is
the message id), and the catalogue has every entry translated and none left fuzzy. Data (names, award types,
units) and the domain's own refusals stay Vietnamese; the pages' own words must not."""
import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests import factories
from workflow.forms.secretariat import DEFAULT_CHECKLIST
from workflow.models import Review
from workflow.rules.states import State

CATALOGUE = Path(__file__).resolve().parents[2] / "translations" / "en" / "LC_MESSAGES" / "messages.po"
# Areas other helpers are still writing; their new strings may wait for the next catalogue update.
LATER = ("templates/public/", "templates/authority/", "templates/campaigns/", "workflow/forms/public.py",
         "workflow/forms/authority.py", "workflow/forms/campaigns.py")


def visible(response) -> str:
    """The page's main content as a person (or a screen reader) takes it in: the text and the aria-labels,
    entities decoded; never a stack trace."""
    assert response.status_code == 200, response.status_code
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    main = re.sub(r"<script.*?</script>", " ", body[body.index("<main"):], flags=re.S)
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
    session.commit()
    return {name: n.id for name, n in nominations.items()} | {"session": meeting.id,
                                                              "award_type": world.bang_khen.id}


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
    untranslated = [m.id for m in entries if not _translated(m)
                    and not all(path.startswith(LATER) for path, _ in m.locations)]
    assert len(entries) > 1000
    assert not fuzzy, fuzzy[:10]
    assert not untranslated, untranslated[:10]
