"""The unit officer's area through the test client, CSRF on: each step checks the page and the database."""
import html
import io
import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.factories import PDF, audit_count
from workflow.models import Attachment, AuditEvent, AwardCategory, AwardType, Campaign, Nomination, NominationRevision
from workflow.rules.nominees import NomineeKind
from workflow.rules.permissions import Grant, Role
from workflow.rules.states import State
from workflow.services import decisions, nominations, users
from workflow.services.nominations import NominationData, NomineeData

SUMMARY = "Đã hoàn thành 19/19 tiêu chí xã nông thôn mới nâng cao; thu nhập bình quân đạt 72 triệu đồng/người/năm."


# --- helpers -------------------------------------------------------------------------------------------------

def text_of(response) -> str:
    page = response.get_data(as_text=True)
    assert "Traceback" not in page
    return page


def error_beside(page: str, field_id: str) -> str:
    """The error shown beside a field (the macros give it the id `<field>-err`)."""
    match = re.search(rf'<p id="{field_id}-err" class="error-text">([^<]*)</p>', page)
    return html.unescape(match.group(1)) if match else ""


def section(page: str, heading: str) -> str:
    """The HTML of the <section> whose h2 is `heading`."""
    start = page.index(f"<h2>{heading}</h2>")
    return page[start:page.index("</section>", start)]


def collective_form(world, **overrides) -> dict:
    return {"kind": "collective", "collective_unit": str(world.commune.id),
            "collective_name": "Nhân dân và cán bộ xã Vĩnh Hưng A", "collective_line": "huyện Vĩnh Lợi, tỉnh Bạc Liêu",
            "campaign": str(world.campaign.id), "award_type": str(world.bang_khen.id), "period_from": "2021-01-01",
            "period_to": "2024-12-31", "achievement_summary": SUMMARY, "letter_no": "15/TTr-UBND",
            "letter_date": "2025-02-20", "proposing_unit": str(world.district_a.id)} | overrides


def upload(browser, nomination_id: int, data: bytes, filename: str, kind: str = "achievement_report",
           public: bool = True):
    url = f"/unit/nominations/{nomination_id}"
    payload = {"kind": kind, "file": (io.BytesIO(data), filename)} | ({"is_public": "y"} if public else {})
    return browser.post(f"{url}/attachments", payload, from_page=url, content_type="multipart/form-data")


def nomination_count(session) -> int:
    return session.scalar(select(func.count()).select_from(Nomination))


class _Audit(HTMLParser):
    """Collects what the accessibility checks need: h1s, form controls and their labels, table headers."""

    def __init__(self):
        super().__init__()
        self.h1, self.controls, self.label_for, self.label_depth, self.headers = 0, [], set(), 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self.label_depth += 1
            self.label_for.add(attrs.get("for"))
        elif tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.controls.append((attrs.get("id"), self.label_depth > 0))
        elif tag == "th":
            self.headers.append(attrs.get("scope"))
        for name in attrs:
            assert not name.startswith("on"), f"inline event handler {name}"
        if tag == "script":
            assert attrs.get("src"), "inline script"

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_depth -= 1


def assert_accessible(page: str) -> None:
    audit = _Audit()
    audit.feed(page)
    assert audit.h1 == 1
    for control_id, wrapped in audit.controls:
        assert wrapped or control_id in audit.label_for, f"unlabelled control {control_id}"
    assert all(scope in ("col", "row") for scope in audit.headers)


# --- create, upload, submit ----------------------------------------------------------------------------------

def test_officer_creates_a_collective_nomination_uploads_the_report_and_submits_it(app, world, session, signed_in):
    officer = signed_in(world.officer_a)
    form_page = text_of(officer.get("/unit/nominations/new"))
    assert "Lập hồ sơ đề nghị khen thưởng mới" in form_page and "Xã Vĩnh Hưng A" in form_page
    assert 'maxlength="2000"' in form_page and "(không công khai)" in form_page

    response = officer.post("/unit/nominations/new", collective_form(world))
    assert response.status_code == 302
    nomination = session.scalars(select(Nomination)).one()
    assert response.headers["Location"].endswith(f"/unit/nominations/{nomination.id}")
    assert nomination.state == State.DRAFT and nomination.proposing_unit_id == world.district_a.id
    assert nomination.nominee.kind == NomineeKind.COLLECTIVE and nomination.nominee.unit_id == world.commune.id
    assert nomination.nominee.workplace == "huyện Vĩnh Lợi, tỉnh Bạc Liêu"
    assert (nomination.letter_no, nomination.letter_date) == ("15/TTr-UBND", date(2025, 2, 20))
    assert nomination.created_by_id == world.officer_a.id

    detail = text_of(officer.get(f"/unit/nominations/{nomination.id}"))
    assert "Nhân dân và cán bộ xã Vĩnh Hưng A" in detail and "Bản nháp" in detail
    assert "Chưa có tệp nào" in detail

    response = upload(officer, nomination.id, PDF, "Báo cáo thành tích.pdf")
    assert response.status_code == 302
    attachment = session.scalars(select(Attachment)).one()
    assert (attachment.kind, attachment.content_type, attachment.is_public) == (
        "achievement_report", "application/pdf", True)
    assert attachment.filename == "Báo cáo thành tích.pdf" and attachment.size == len(PDF)
    detail = text_of(officer.get(f"/unit/nominations/{nomination.id}"))
    files = section(detail, "Tệp đính kèm")
    assert "Báo cáo thành tích.pdf" in files and "Công khai" in files and f"/unit/attachments/{attachment.id}" in files

    confirm = text_of(officer.get(f"/unit/nominations/{nomination.id}/submit"))
    assert "Xác nhận gửi hồ sơ" in confirm and "lần gửi thứ 1" in confirm
    assert SUMMARY in confirm and "Báo cáo thành tích.pdf" in confirm and "Gửi hồ sơ" in confirm
    session.refresh(nomination)
    assert nomination.state == State.DRAFT  # looking at the confirmation changes nothing

    response = officer.post(f"/unit/nominations/{nomination.id}/submit", {"version": str(nomination.version)})
    assert response.status_code == 302
    session.refresh(nomination)
    assert nomination.state == State.SUBMITTED and nomination.revision == 1 and nomination.submitted_at
    assert [r.revision for r in nomination.revisions] == [1]
    detail = text_of(officer.get(f"/unit/nominations/{nomination.id}"))
    assert "Đã gửi" in detail and "Đã gửi hồ sơ" in detail  # the badge and the flash
    assert f"/unit/nominations/{nomination.id}/edit" not in detail  # no editing once sent


def test_submit_without_an_achievement_report_is_refused_with_the_services_message(app, world, session, store,
                                                                                   signed_in):
    nomination = factories.make_nomination(session, world, store, with_report=False)
    session.commit()
    officer = signed_in(world.officer_a)
    confirm = text_of(officer.get(f"/unit/nominations/{nomination.id}/submit"))
    assert "Chưa có tệp nào" in confirm
    before = audit_count(session)

    response = officer.post(f"/unit/nominations/{nomination.id}/submit", {"version": str(nomination.version)})
    page = text_of(response)
    assert response.status_code == 400
    assert "Hồ sơ còn thiếu: báo cáo thành tích đính kèm." in page and 'role="alert"' in page
    session.refresh(nomination)
    assert nomination.state == State.DRAFT and not nomination.revisions and audit_count(session) == before


def test_a_file_that_is_not_pdf_docx_png_or_jpeg_is_refused_beside_the_field(app, world, session, store, signed_in):
    nomination = factories.make_nomination(session, world, store, with_report=False)
    session.commit()
    officer = signed_in(world.officer_a)
    response = upload(officer, nomination.id, b"GIF89a\x01\x00\x01\x00" + b"\x00" * 64, "bao-cao.pdf")
    page = text_of(response)
    assert response.status_code == 200
    assert error_beside(page, "file") == "Chỉ nhận tệp PDF, DOCX, PNG hoặc JPEG (kiểm tra theo nội dung tệp)."
    assert session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_an_upload_without_a_file_says_so_beside_the_field(app, world, session, store, signed_in):
    nomination = factories.make_nomination(session, world, store, with_report=False)
    session.commit()
    officer = signed_in(world.officer_a)
    url = f"/unit/nominations/{nomination.id}"
    page = text_of(officer.post(f"{url}/attachments", {"kind": "minutes"}, from_page=url,
                                content_type="multipart/form-data"))
    assert error_beside(page, "file") == "Hãy chọn tệp cần tải lên."


def test_a_file_over_the_upload_cap_is_refused_and_one_over_the_request_limit_gets_the_413_page(
        app, world, session, store, signed_in):
    nomination = factories.make_nomination(session, world, store, with_report=False)
    session.commit()
    officer = signed_in(world.officer_a)
    page = text_of(upload(officer, nomination.id, b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 10), "lon.pdf"))
    assert error_beside(page, "file") == "Tệp quá lớn: tối đa 10 MB."

    response = upload(officer, nomination.id, b"%PDF-1.4\n" + b"0" * app.config["MAX_CONTENT_LENGTH"], "rat-lon.pdf")
    assert response.status_code == 413 and "Tệp quá lớn" in text_of(response)
    assert session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_an_award_type_not_allowed_for_individuals_is_refused_beside_the_field(app, world, session, signed_in):
    flag = AwardType(code="CTD", name="Cờ thi đua của Ủy ban nhân dân tỉnh", certificate_title="CỜ THI ĐUA",
                     category=AwardCategory.TITLE, authority=world.authority, individual_allowed=False)
    world.campaign.award_types.append(flag)
    session.commit()
    officer = signed_in(world.officer_a)
    before = audit_count(session)
    form = collective_form(world, kind="individual", person_name="Nguyễn Văn An", position="Chủ tịch UBND xã",
                           workplace="xã Vĩnh Hưng A", award_type=str(flag.id))
    response = officer.post("/unit/nominations/new", form)
    page = text_of(response)
    assert response.status_code == 200
    assert error_beside(page, "award_type") == (
        "«Cờ thi đua của Ủy ban nhân dân tỉnh» không áp dụng cho đối tượng cá nhân.")
    assert 'value="Nguyễn Văn An"' in page  # what the officer typed is kept
    assert 'data-kinds="collective"' in page  # what unit.js uses to hide it for individuals
    assert nomination_count(session) == 0 and audit_count(session) == before


def test_an_empty_form_gets_a_vietnamese_sentence_beside_each_field(app, world, session, signed_in):
    officer = signed_in(world.officer_a)
    page = text_of(officer.post("/unit/nominations/new", {"kind": "household", "period_from": "31/02/2024"}))
    assert error_beside(page, "campaign") == "Hãy chọn phong trào hoặc đợt xét."
    assert error_beside(page, "award_type") == "Hãy chọn hình thức khen thưởng."
    assert error_beside(page, "household_name") == "Cần nhập họ và tên chủ hộ."
    assert error_beside(page, "period_from") == "Ngày không hợp lệ: hãy nhập ngày theo dạng ngày/tháng/năm."
    assert error_beside(page, "period_to") == "Cần nhập ngày kết thúc của thời gian đạt thành tích."
    assert error_beside(page, "achievement_summary") == "Cần nhập tóm tắt thành tích."
    assert nomination_count(session) == 0


def test_an_individual_is_created_with_the_private_fields(app, world, session, signed_in):
    officer = signed_in(world.officer_a)
    form = collective_form(world, kind="individual", person_name="Trần Thị Bé", gender="female",
                           birth_date="1980-05-17", id_number="095180001234", position="Trưởng ấp",
                           workplace="ấp Xóm Lớn, xã Vĩnh Hưng A", person_in_production="y",
                           award_type=str(world.chien_si.id))
    assert officer.post("/unit/nominations/new", form).status_code == 302
    nominee = session.scalars(select(Nomination)).one().nominee
    assert (nominee.kind, nominee.full_name, nominee.gender, nominee.birth_date, nominee.id_number) == (
        "individual", "Trần Thị Bé", "female", date(1980, 5, 17), "095180001234")
    assert nominee.works_in_production and nominee.unit_id is None  # the collective's fields are not taken


def test_nominating_the_same_achievement_twice_is_refused_beside_the_name(app, world, session, signed_in):
    officer = signed_in(world.officer_a)
    assert officer.post("/unit/nominations/new", collective_form(world)).status_code == 302
    page = text_of(officer.post("/unit/nominations/new", collective_form(world)))
    assert error_beside(page, "collective_name").startswith("Thành tích này của đối tượng đã được đề nghị")
    assert nomination_count(session) == 1


def test_a_post_without_the_csrf_token_is_refused(app, world, session, store, signed_in):
    nomination = factories.make_nomination(session, world, store)
    session.commit()
    officer = signed_in(world.officer_a)
    response = officer.client.post(f"/unit/nominations/{nomination.id}/submit", data={"version": nomination.version})
    assert response.status_code == 400 and "Traceback" not in text_of(response)
    session.refresh(nomination)
    assert nomination.state == State.DRAFT


# --- the list --------------------------------------------------------------------------------------------------

def test_the_list_filters_by_state_campaign_and_name_and_paginates(app, world, session, store, signed_in):
    for i in range(12):
        factories.make_nomination(session, world, store, name=f"Hợp tác xã Đông Hải {i}")
    for i in range(9):
        factories.submitted(session, world, store, name=f"Tổ hợp tác Vĩnh Hưng {i}")
    other = Campaign(name="Phong trào thi đua Dân vận khéo", authority=world.authority,
                     period_start=date(2021, 1, 1), period_end=date(2025, 12, 31), award_types=[world.bang_khen])
    session.add(other)
    nominations.create(session, by=world.officer_a, campaign=other, proposing_unit=world.district_a, data=NominationData(
        award_type=world.bang_khen, nominee=NomineeData(kind=NomineeKind.HOUSEHOLD, full_name="Hộ ông Lê Văn Đức",
                                                        workplace="ấp Cái Dầy"),
        achievement_summary=SUMMARY, period_from=date(2023, 1, 1), period_to=date(2023, 12, 31)))
    factories.make_nomination(session, world, store, officer=world.officer_b, name="Hợp tác xã Đông Hải Hồng Dân")
    factories.make_nomination(session, world, store, name="Hợp tác xã Đông Hải 99")  # 23 in all for district A
    session.commit()
    officer = signed_in(world.officer_a)

    first = text_of(officer.get("/unit/"))
    assert first.count('class="nomination-row"') == 20 and "Trang 1 / 2 · 23 mục" in first
    assert "Hồng Dân" not in first.split("<table", 1)[1]  # another unit's nomination is never listed
    second = text_of(officer.get("/unit/?page=2"))
    assert second.count('class="nomination-row"') == 3 and "Trang 2 / 2" in second

    drafts = text_of(officer.get("/unit/?state=draft"))
    assert drafts.count('class="nomination-row"') == 14 and "Tổ hợp tác" not in drafts
    submitted = text_of(officer.get("/unit/?state=submitted"))
    assert submitted.count('class="nomination-row"') == 9 and "Đông Hải" not in submitted.split("<table", 1)[1]

    by_name = text_of(officer.get("/unit/?q=dong+HAI"))  # no diacritics, any case; đ folds to d
    assert by_name.count('class="nomination-row"') == 13 and "Vĩnh Hưng" not in by_name.split("<table", 1)[1]
    both = text_of(officer.get("/unit/?q=hop+tac+xa+dong+hai+1&state=draft"))
    assert both.count('class="nomination-row"') == 3  # 1, 10, 11

    by_campaign = text_of(officer.get(f"/unit/?campaign={other.id}"))
    assert by_campaign.count('class="nomination-row"') == 1 and "Hộ ông Lê Văn Đức" in by_campaign

    nothing = text_of(officer.get("/unit/?q=khong+co+ai"))
    assert "Không có hồ sơ nào khớp bộ lọc" in nothing and "xem tất cả hồ sơ" in nothing

    wrong = officer.get("/unit/?state=bogus&campaign=abc")
    assert wrong.status_code == 200
    assert error_beside(text_of(wrong), "state") == "Lựa chọn không hợp lệ: hãy chọn một mục trong danh sách."


def test_an_empty_list_says_what_to_do_next(app, world, signed_in):
    page = text_of(signed_in(world.officer_b).get("/unit/"))
    assert "Đơn vị chưa có hồ sơ đề nghị khen thưởng nào" in page and "Lập hồ sơ mới" in page
    assert 'href="/unit/nominations/new"' in page


# --- scope ---------------------------------------------------------------------------------------------------

def test_another_units_officer_gets_404_on_the_nomination_and_its_attachment(app, world, session, store, signed_in):
    nomination = factories.make_nomination(session, world, store)
    session.commit()
    attachment_id, version = nomination.attachments[0].id, nomination.version
    intruder = signed_in(world.officer_b)
    for url in (f"/unit/nominations/{nomination.id}", f"/unit/nominations/{nomination.id}/edit",
                f"/unit/nominations/{nomination.id}/submit", f"/unit/nominations/{nomination.id}/withdraw",
                f"/unit/attachments/{attachment_id}"):
        response = intruder.get(url)
        assert response.status_code == 404, url
        assert "Không tìm thấy trang" in text_of(response)
    for url in (f"/unit/nominations/{nomination.id}/submit", f"/unit/nominations/{nomination.id}/withdraw"):
        assert intruder.post(url, {"version": str(version)}, from_page="/unit/").status_code == 404
    session.refresh(nomination)
    assert nomination.state == State.DRAFT


def test_an_officer_of_two_units_chooses_the_proposing_unit_and_sees_both_lists(app, world, session, store,
                                                                                  signed_in):
    both = users.create_user(session, username="donvi.ab", full_name="Cán bộ hai đơn vị", password=factories.PASSWORD,
                             unit_id=world.district_a.id, grants=(Grant(Role.UNIT_OFFICER, unit_id=world.district_a.id),
                                                                  Grant(Role.UNIT_OFFICER, unit_id=world.district_b.id)))
    factories.make_nomination(session, world, store, name="Hợp tác xã Vĩnh Lợi")
    factories.make_nomination(session, world, store, officer=world.officer_b, name="Hợp tác xã Hồng Dân")
    session.commit()
    officer = signed_in(both)
    listing = text_of(officer.get("/unit/"))
    assert listing.count('class="nomination-row"') == 2 and "Huyện Hồng Dân" in listing
    form_page = text_of(officer.get("/unit/nominations/new"))
    chooser = re.search(r'<select[^>]*id="proposing_unit"[^>]*>(.*?)</select>', form_page, re.DOTALL)
    assert chooser and "Huyện Vĩnh Lợi" in chooser.group(1) and "Huyện Hồng Dân" in chooser.group(1)
    response = officer.post("/unit/nominations/new", collective_form(
        world, proposing_unit=str(world.district_b.id), collective_unit="", collective_name="Tổ hợp tác Ninh Quới"))
    assert response.status_code == 302
    created = session.scalars(select(Nomination).order_by(Nomination.id.desc())).first()
    assert created.proposing_unit_id == world.district_b.id and created.created_by_id == both.id


def test_staff_without_the_unit_role_are_forbidden(app, world, signed_in):
    response = signed_in(world.secretariat).get("/unit/nominations/new")
    assert response.status_code == 403 and "Traceback" not in text_of(response)


def test_the_attachment_downloads_with_safe_headers(app, world, session, store, signed_in):
    nomination = factories.make_nomination(session, world, store, with_report=False)
    session.commit()
    officer = signed_in(world.officer_a)
    upload(officer, nomination.id, PDF, "../../Báo cáo.PDF", public=False)
    attachment = session.scalars(select(Attachment)).one()
    assert attachment.filename == "Báo cáo.pdf" and not attachment.is_public

    response = officer.get(f"/unit/attachments/{attachment.id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"filename*=UTF-8''{quote('Báo cáo.pdf')}" in disposition
    assert "no-store" in response.headers["Cache-Control"]
    assert officer.get("/unit/attachments/999999").status_code == 404


# --- returned, edited, resubmitted ------------------------------------------------------------------------------

def test_a_returned_nomination_shows_the_reason_is_edited_and_resubmitted_as_revision_2(app, world, session, store,
                                                                                      signed_in):
    nomination = factories.submitted(session, world, store)
    reason = "Thiếu biên bản họp bình xét của Hội đồng Thi đua – Khen thưởng huyện."
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version, reason=reason)
    session.commit()
    officer = signed_in(world.officer_a)

    detail = text_of(officer.get(f"/unit/nominations/{nomination.id}"))
    alert = re.search(r'<div class="alert" role="alert">(.*?)</div>', detail, re.DOTALL)
    assert alert and reason in alert.group(1) and "lần gửi thứ 2" in alert.group(1)
    assert detail.index(reason) < detail.index("<h2>Thông tin hồ sơ</h2>")  # at the top, before the details
    assert "Gửi lại hồ sơ" in detail and "Sửa hồ sơ" in detail

    edit_page = text_of(officer.get(f"/unit/nominations/{nomination.id}/edit"))
    assert nomination.achievement_summary in edit_page and nomination.nominee.full_name in edit_page
    new_summary = nomination.achievement_summary + " Đã bổ sung biên bản họp bình xét."
    form = {"kind": "collective", "collective_name": nomination.nominee.full_name,
            "collective_line": nomination.nominee.workplace, "collective_unit": "", "period_from": "2024-01-01",
            "period_to": "2024-12-31", "achievement_summary": new_summary, "letter_no": nomination.letter_no,
            "letter_date": "2025-02-20", "version": str(nomination.version)}
    response = officer.post(f"/unit/nominations/{nomination.id}/edit", form)
    assert response.status_code == 302
    session.refresh(nomination)
    assert nomination.achievement_summary == new_summary and nomination.state == State.RETURNED
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "edit")).one()
    assert list(event.changes) == ["achievement_summary"]  # only the field that changed

    upload(officer, nomination.id, PDF + b"%bien ban\n", "bien-ban.pdf", kind="minutes")
    confirm = text_of(officer.get(f"/unit/nominations/{nomination.id}/submit"))
    assert "Xác nhận gửi lại hồ sơ" in confirm and "lần gửi thứ 2" in confirm and "bien-ban.pdf" in confirm
    response = officer.post(f"/unit/nominations/{nomination.id}/submit", {"version": str(nomination.version)})
    assert response.status_code == 302
    session.refresh(nomination)
    assert nomination.state == State.SUBMITTED and nomination.revision == 2 and nomination.return_reason is None
    revisions = session.scalars(select(NominationRevision).where(NominationRevision.nomination_id == nomination.id)
                                .order_by(NominationRevision.revision)).all()
    assert [r.revision for r in revisions] == [1, 2]
    assert revisions[1].snapshot["achievement_summary"] == new_summary
    assert revisions[0].snapshot["achievement_summary"] != new_summary
    detail = text_of(officer.get(f"/unit/nominations/{nomination.id}"))
    assert 'role="alert"' not in detail and "Lần gửi thứ 2" in detail


def test_a_submitted_nomination_cannot_be_edited(app, world, session, store, signed_in):
    nomination = factories.submitted(session, world, store)
    session.commit()
    response = signed_in(world.officer_a).get(f"/unit/nominations/{nomination.id}/edit")
    assert response.status_code == 400
    assert "Không thể «Sửa hồ sơ» khi hồ sơ đang ở trạng thái «Đã gửi»." in text_of(response)


def test_changing_nothing_saves_nothing(app, world, session, store, signed_in):
    nomination = factories.make_nomination(session, world, store)
    session.commit()
    officer = signed_in(world.officer_a)
    url = f"/unit/nominations/{nomination.id}/edit"
    page = text_of(officer.get(url))
    fields = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*type="text" value="([^"]*)"', page))
    form = {name: html.unescape(value) for name, value in fields.items()} | {
        "kind": "collective", "period_from": "2024-01-01", "period_to": "2024-12-31", "letter_date": "2025-02-20",
        "achievement_summary": nomination.achievement_summary, "version": str(nomination.version)}
    before = audit_count(session)
    response = officer.post(url, form)
    assert response.status_code == 302
    assert "Không có thay đổi nào để lưu." in text_of(officer.get(response.headers["Location"]))
    assert audit_count(session) == before


# --- withdraw, timeline, outcomes ------------------------------------------------------------------------------

def test_withdraw_asks_for_confirmation_then_withdraws_with_the_reason(app, world, session, store, signed_in):
    nomination = factories.make_nomination(session, world, store)
    session.commit()
    officer = signed_in(world.officer_a)
    url = f"/unit/nominations/{nomination.id}/withdraw"
    confirm = text_of(officer.get(url))
    assert "Xác nhận rút hồ sơ" in confirm and "Không hoàn tác được" in confirm and "«Đã rút hồ sơ»" in confirm
    session.refresh(nomination)
    assert nomination.state == State.DRAFT

    reason = "Đơn vị đề nghị hình thức khác phù hợp hơn."
    response = officer.post(url, {"version": str(nomination.version), "reason": reason})
    assert response.status_code == 302
    session.refresh(nomination)
    assert nomination.state == State.WITHDRAWN
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "withdraw")).one()
    assert event.reason == reason and event.actor_id == world.officer_a.id
    detail = text_of(officer.get(f"/unit/nominations/{nomination.id}"))
    assert "Đã rút hồ sơ" in detail and reason in detail
    assert f"{url}" not in detail and "/edit" not in detail  # nothing left to do
    assert officer.get(url).status_code == 400  # a second withdrawal is refused, kindly


def test_the_timeline_shows_the_events_in_order(app, world, session, store, signed_in):
    nomination = factories.submitted(session, world, store)
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Bổ sung số liệu năm 2024.")
    session.commit()
    timeline = section(text_of(signed_in(world.officer_a).get(f"/unit/nominations/{nomination.id}")),
                       "Diễn biến hồ sơ")
    steps = ["Tạo hồ sơ", "Đính kèm tệp", "Gửi hồ sơ", "Trả lại để bổ sung"]
    positions = [timeline.index(f"<strong>{step}</strong>") for step in steps]
    assert positions == sorted(positions)
    assert "Bổ sung số liệu năm 2024." in timeline and world.secretariat.full_name in timeline


def test_not_awarded_and_revoked_nominations_show_their_reasons(app, world, session, store, signed_in):
    refused = factories.endorsed(session, world, store)
    decisions.refuse(session, refused, by=world.chair, expected_version=refused.version,
                     reason="Thành tích chưa tiêu biểu so với các xã trong huyện.")
    revoked = factories.awarded(session, world, store)
    decisions.revoke(session, revoked, by=world.chair, expected_version=revoked.version,
                     reason="Phát hiện kê khai sai số liệu.", revoking_decision_no="45/QĐ-UBND")
    session.commit()
    officer = signed_in(world.officer_a)
    page = text_of(officer.get(f"/unit/nominations/{refused.id}"))
    assert re.search(r'role="alert">\s*<h2>Không khen thưởng</h2>.*Thành tích chưa tiêu biểu', page, re.DOTALL)
    page = text_of(officer.get(f"/unit/nominations/{revoked.id}"))
    assert "Phát hiện kê khai sai số liệu." in page and "45/QĐ-UBND" in page and 'role="alert"' in page
    assert "Tải lên tệp mới" not in page and f"/unit/nominations/{revoked.id}/withdraw" not in page


# --- conflicts ---------------------------------------------------------------------------------------------------

def test_a_stale_edit_gets_the_409_page_and_keeps_the_first_change(app, world, session, store, signed_in):
    nomination = factories.make_nomination(session, world, store)
    session.commit()
    officer = signed_in(world.officer_a)
    url = f"/unit/nominations/{nomination.id}/edit"
    seen = nomination.version
    text_of(officer.get(url))
    nominations.edit(session, nomination, by=world.officer_a, expected_version=seen,  # another tab saved first
                     changes={"letter_no": "16/TTr-UBND"})
    session.commit()

    form = {"kind": "collective", "collective_name": nomination.nominee.full_name, "period_from": "2024-01-01",
            "period_to": "2024-12-31", "achievement_summary": "Tóm tắt đã viết lại.", "letter_no": "15/TTr-UBND",
            "version": str(seen)}
    response = officer.post(url, form)
    assert response.status_code == 409
    assert "đã có người xử lý trước" in text_of(response)
    session.refresh(nomination)
    assert nomination.letter_no == "16/TTr-UBND" and nomination.achievement_summary != "Tóm tắt đã viết lại."


def test_a_stale_submit_gets_the_409_page(app, world, session, store, signed_in):
    nomination = factories.make_nomination(session, world, store)
    session.commit()
    officer = signed_in(world.officer_a)
    seen = nomination.version
    nominations.edit(session, nomination, by=world.officer_a, expected_version=seen, changes={"letter_no": "9/TTr"})
    session.commit()
    response = officer.post(f"/unit/nominations/{nomination.id}/submit", {"version": str(seen)})
    assert response.status_code == 409 and "đã có người xử lý trước" in text_of(response)
    session.refresh(nomination)
    assert nomination.state == State.DRAFT


# --- the pages as a person uses them ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/unit/", "/unit/nominations/new", "/unit/nominations/{id}",
                                  "/unit/nominations/{id}/edit", "/unit/nominations/{id}/submit",
                                  "/unit/nominations/{id}/withdraw"])
def test_pages_have_one_h1_labelled_controls_scoped_headers_and_no_inline_script(app, world, session, store,
                                                                                  signed_in, path):
    nomination = factories.make_nomination(session, world, store)
    session.commit()
    response = signed_in(world.officer_a).get(path.format(id=nomination.id))
    assert response.status_code == 200
    assert_accessible(text_of(response))


def test_the_form_loads_its_enhancement_script_from_a_file(app, world, signed_in):
    officer = signed_in(world.officer_a)
    page = text_of(officer.get("/unit/nominations/new"))
    assert '<script src="/static/js/unit.js" defer></script>' in page
    script = officer.get("/static/js/unit.js")
    assert script.status_code == 200 and b"data-kinds" in script.data


# --- issue 13: files with the new nomination, removing a file, the latest submission time ---------------------

def test_the_new_nomination_form_takes_the_report_in_the_same_step(app, world, session, store, signed_in):
    officer = signed_in(world.officer_a)
    form_page = text_of(officer.get("/unit/nominations/new"))
    assert 'enctype="multipart/form-data"' in form_page and 'name="report"' in form_page
    payload = collective_form(world) | {"report": (io.BytesIO(PDF + b"bc"), "bao-cao.pdf"), "report_public": "y",
                                        "minutes": (io.BytesIO(PDF + b"bb"), "bien-ban.pdf")}
    response = officer.post("/unit/nominations/new", payload, content_type="multipart/form-data")
    assert response.status_code == 302
    nomination = session.scalars(select(Nomination)).one()
    assert [(a.kind, a.filename, a.is_public) for a in nomination.attachments] == [
        ("achievement_report", "bao-cao.pdf", True), ("minutes", "bien-ban.pdf", False)]
    assert store.read(nomination.attachments[0].sha256) == PDF + b"bc"
    detail = text_of(officer.get(f"/unit/nominations/{nomination.id}"))
    assert "kèm 2 tệp" in html.unescape(detail)


def test_a_refused_file_on_the_new_nomination_form_saves_nothing_and_says_so_beside_the_field(
        app, world, session, signed_in):
    officer = signed_in(world.officer_a)
    before = audit_count(session)
    payload = collective_form(world) | {"report": (io.BytesIO(b"MZ\x90\x00 not a report"), "bao-cao.pdf")}
    response = officer.post("/unit/nominations/new", payload, content_type="multipart/form-data")
    page = text_of(response)
    assert response.status_code == 200
    assert "Chỉ nhận tệp PDF, DOCX, PNG hoặc JPEG" in error_beside(page, "report")
    assert "chọn lại tệp" in html.unescape(page)
    assert nomination_count(session) == 0 and audit_count(session) == before
    assert session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_an_officer_removes_a_drafts_file_after_a_confirmation(app, world, session, store, signed_in):
    nomination = factories.make_nomination(session, world, store)
    session.commit()
    [report] = nomination.attachments
    report_id, sha = report.id, report.sha256
    officer = signed_in(world.officer_a)
    detail = text_of(officer.get(f"/unit/nominations/{nomination.id}"))
    url = f"/unit/attachments/{report_id}/remove"
    assert f'href="{url}"' in section(detail, "Tệp đính kèm")
    confirm = text_of(officer.get(url))
    assert "Xác nhận gỡ tệp «bao-cao.pdf»" in html.unescape(confirm) and 'method="post"' in confirm
    assert session.get(Attachment, report_id) is not None  # the confirmation page changes nothing
    before = audit_count(session)
    response = officer.post(url, {"version": str(nomination.version)})
    assert response.status_code == 302 and response.headers["Location"].endswith("#tep-dinh-kem")
    session.expire_all()
    assert session.get(Attachment, report_id) is None and audit_count(session) == before + 1
    assert store.read(sha) == PDF  # content-addressed bytes are never deleted (shared, write-once)
    after = html.unescape(text_of(officer.get(f"/unit/nominations/{nomination.id}")))
    assert "Đã gỡ tệp «bao-cao.pdf» khỏi hồ sơ." in after


def test_a_submitted_nominations_file_cannot_be_removed(app, world, session, store, signed_in):
    nomination = factories.submitted(session, world, store)
    session.commit()
    [report] = nomination.attachments
    officer = signed_in(world.officer_a)
    assert "/remove" not in text_of(officer.get(f"/unit/nominations/{nomination.id}"))
    url = f"/unit/attachments/{report.id}/remove"
    assert officer.get(url).status_code == 400
    refused = officer.post(url, {"version": str(nomination.version)}, from_page=f"/unit/nominations/{nomination.id}")
    assert refused.status_code == 400 and "Không gỡ được tệp của hồ sơ đã gửi" in html.unescape(text_of(refused))
    assert session.get(Attachment, report.id) is not None
    other = signed_in(world.officer_b)
    assert other.get(url).status_code == 404


def test_the_header_shows_the_latest_submission_and_the_first_as_secondary(app, world, session, store, signed_in):
    from datetime import datetime

    from workflow.templating import vn_datetime
    nomination = factories.make_nomination(session, world, store)
    first, second = datetime(2025, 3, 3, 2, 0), datetime(2025, 3, 12, 8, 30)
    nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version, now=first)
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Bổ sung biên bản.")
    nominations.resubmit(session, nomination, by=world.officer_a, expected_version=nomination.version, now=second)
    session.commit()
    for who, url in ((world.officer_a, f"/unit/nominations/{nomination.id}"),
                     (world.secretariat, f"/secretariat/nominations/{nomination.id}")):
        page = html.unescape(text_of(signed_in(who).get(url)))
        header = re.sub(r"<[^>]+>|\s+", " ", page[page.index("<h1"):page.index("</p>", page.index("<h1"))])
        header = " ".join(header.split())
        assert f"gửi lúc {vn_datetime(second)} (nộp lần đầu {vn_datetime(first)})" in header, (who, header)
