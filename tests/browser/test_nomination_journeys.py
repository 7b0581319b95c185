"""Journeys 1 and 2 in Chromium: a unit officer drafts, documents and submits a nomination; the secretariat
returns it with a reason, the unit corrects and resubmits, and the secretariat reads the diff and accepts.
Every step is a click or typing in the page; the database is only read, to check what the clicks did."""
import re

from playwright.sync_api import expect
from sqlalchemy import select

from tests import factories
from tests.browser.helpers import badge, flash, go_to_area, reread
from workflow.models import Attachment, Nomination
from workflow.rules.states import State

NAME = "Nhân dân và cán bộ xã Vĩnh Hưng A"
SUMMARY = "Đã hoàn thành 19/19 tiêu chí xã nông thôn mới nâng cao; thu nhập bình quân đạt 72 triệu đồng/người/năm."
ADDED = " Số liệu thu nhập đã được Chi cục Thống kê huyện Vĩnh Lợi xác nhận."
REASON = "Số liệu thu nhập bình quân chưa có xác nhận của cơ quan thống kê; đề nghị bổ sung."


def test_a_unit_officer_creates_a_collective_nomination_with_its_report_and_submits_it(
        session, world, visitor, shoot, tmp_path):
    report = tmp_path / "Báo cáo thành tích xã Vĩnh Hưng A.pdf"
    report.write_bytes(factories.PDF)
    page = visitor(world.officer_a)

    go_to_area(page, "Đơn vị")
    page.get_by_role("link", name="Lập hồ sơ mới").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lập hồ sơ đề nghị khen thưởng mới")
    page.get_by_label("Phong trào / đợt xét").select_option(label=world.campaign.name)
    page.get_by_label("Tập thể", exact=True).check()
    page.get_by_label("Hình thức khen thưởng / danh hiệu").select_option(
        label="Bằng khen của Chủ tịch UBND tỉnh (cho cá nhân, tập thể, hộ gia đình)")
    page.get_by_label("Là đơn vị trong danh mục").select_option(label="Xã Vĩnh Hưng A — Huyện Vĩnh Lợi")
    page.get_by_label("Tên tập thể").fill(NAME)
    page.get_by_label("Địa chỉ / trực thuộc").fill("huyện Vĩnh Lợi, tỉnh Bạc Liêu")
    page.get_by_label("Thành tích từ ngày").fill("2021-01-01")
    page.get_by_label("Đến ngày").fill("2024-12-31")
    page.get_by_label("Tóm tắt thành tích").type(SUMMARY)
    expect(page.get_by_text(f"đã nhập {len(SUMMARY)} ký tự")).to_be_visible()  # the live count follows typing
    page.get_by_label("Số Tờ trình").fill("15/TTr-UBND")
    page.get_by_label("Ngày Tờ trình").fill("2025-02-20")
    shoot(page, "1-unit-new-nomination")
    page.get_by_role("button", name="Lưu bản nháp").click()

    expect(flash(page)).to_have_text(f"Đã lập hồ sơ «{NAME}» (bản nháp).")
    expect(badge(page)).to_have_text("Bản nháp")
    nid = int(re.search(r"/unit/nominations/(\d+)$", page.url).group(1))

    page.get_by_label("Loại tài liệu").select_option(label="Báo cáo thành tích")
    page.get_by_label("Tệp (PDF, DOCX, PNG hoặc JPEG)").set_input_files(report)
    page.get_by_label("Công khai tệp này cùng hồ sơ khi lấy ý kiến nhân dân").check()
    page.get_by_role("button", name="Tải lên").click()
    expect(flash(page)).to_have_text(f"Đã đính kèm tệp «{report.name}».")
    expect(page.get_by_role("table", name="Tệp đính kèm của hồ sơ")).to_contain_text(report.name)
    shoot(page, "1-unit-nomination-draft")

    page.get_by_role("link", name="Gửi hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Xác nhận gửi hồ sơ: {NAME}")
    shoot(page, "1-unit-confirm-submit")
    page.get_by_role("button", name="Gửi hồ sơ").click()

    expect(flash(page)).to_contain_text("Đã gửi hồ sơ (lần gửi thứ 1)")
    expect(badge(page)).to_have_text("Đã gửi")
    expect(page.get_by_role("link", name="Sửa hồ sơ")).to_have_count(0)  # a submitted nomination is locked
    nomination = reread(session, Nomination, nid)
    assert (nomination.state, nomination.revision, nomination.nominee.full_name) == (State.SUBMITTED, 1, NAME)
    assert (nomination.proposing_unit_id, nomination.nominee.unit_id) == (world.district_a.id, world.commune.id)
    assert (nomination.achievement_summary, nomination.letter_no) == (SUMMARY, "15/TTr-UBND")
    attachment = session.scalars(select(Attachment).where(Attachment.nomination_id == nid)).one()
    assert (attachment.filename, attachment.kind, attachment.is_public) == (report.name, "achievement_report", True)


def test_the_secretariat_returns_a_nomination_the_unit_resubmits_and_the_secretariat_accepts_after_the_diff(
        session, world, store, visitor, shoot):
    nomination = factories.submitted(session, world, store, name=NAME)
    session.commit()
    nid, summary, letter = nomination.id, nomination.achievement_summary, nomination.letter_no
    secretariat, officer = visitor(world.secretariat), visitor(world.officer_a)

    go_to_area(secretariat, "Thường trực TĐKT")
    secretariat.get_by_role("link", name=re.compile("Tiếp nhận")).first.click()
    row = secretariat.get_by_role("row").filter(has_text=NAME)
    row.get_by_role("link", name="Trả lại để bổ sung").click()
    secretariat.get_by_label(re.compile("Lý do")).fill(REASON)
    shoot(secretariat, "2-secretariat-return")
    secretariat.get_by_role("button", name=re.compile("Trả lại")).click()
    expect(flash(secretariat)).to_have_text(f"Đã trả lại hồ sơ «{NAME}» để đơn vị bổ sung.")

    go_to_area(officer, "Đơn vị")
    officer.get_by_role("link", name=NAME).click()
    alert = officer.get_by_role("alert")
    expect(alert).to_contain_text("Hồ sơ bị trả lại để bổ sung")
    expect(alert).to_contain_text(REASON)
    shoot(officer, "2-unit-returned")
    officer.get_by_role("link", name="Sửa hồ sơ").click()
    officer.get_by_label("Tóm tắt thành tích").press("End")
    officer.get_by_label("Tóm tắt thành tích").type(ADDED)
    officer.get_by_label("Số Tờ trình").fill("16/TTr-UBND")
    officer.get_by_role("button", name="Lưu thay đổi").click()
    expect(flash(officer)).to_have_text("Đã lưu 2 thay đổi của hồ sơ.")
    officer.get_by_role("link", name="Gửi lại hồ sơ").click()
    officer.get_by_role("button", name="Gửi lại hồ sơ").click()
    expect(flash(officer)).to_contain_text("Đã gửi hồ sơ (lần gửi thứ 2)")

    go_to_area(secretariat, "Thường trực TĐKT")
    secretariat.get_by_role("link", name=re.compile("Tiếp nhận")).first.click()
    secretariat.get_by_role("link", name=NAME, exact=True).click()
    diff = secretariat.locator("section[aria-labelledby=diff-h]")
    expect(diff).to_contain_text("Thay đổi khi gửi lại: lần 1 → lần 2")
    # word by word (issue 13): the added sentence is the summary's only mark; the letter's number is one word
    expect(diff.locator("del.diff-old")).to_have_text([f"Cũ: {letter}"])
    expect(diff.locator("ins.diff-new")).to_have_text([f"Mới: {ADDED.strip()}", "Mới: 16/TTr-UBND"])
    shoot(secretariat, "2-secretariat-diff")
    secretariat.locator('main a[data-action="accept"]').click()  # accepting has a confirmation step too
    secretariat.get_by_role("button", name="Tiếp nhận").click()
    expect(flash(secretariat)).to_contain_text(f"Đã tiếp nhận hồ sơ «{NAME}»")
    expect(badge(secretariat)).to_have_text("Đang thẩm định")

    nomination = reread(session, Nomination, nid)
    assert (nomination.state, nomination.revision, nomination.return_reason) == (State.IN_APPRAISAL, 2, None)
    assert (nomination.achievement_summary, nomination.letter_no) == (summary + ADDED, "16/TTr-UBND")
