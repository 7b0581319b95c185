"""A unit officer imports a list in Chromium: the first file has a wrong row, the results page names it by row
and column and nothing is saved; the corrected file becomes a proposal whose lines the officer then sees. axe-core checks both
pages."""
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser.helpers import badge, flash, go_to_area
from tests.proposal_lists import row, workbook
from workflow.models import Nomination, Proposal


def fill_letter(page, world) -> None:
    page.get_by_label("Phong trào / đợt xét").select_option(label=world.campaign.name)
    page.get_by_label("Số, ký hiệu Tờ trình").fill("45/TTr-UBND")
    page.get_by_label("Ngày Tờ trình").fill("2025-02-20")
    page.locator("#signer_name").fill("Nguyễn Văn Tư")
    page.get_by_label("Chức vụ người ký").fill("Chủ tịch")


def test_a_unit_officer_uploads_a_list_corrects_it_and_sees_the_proposal(session, world, visitor, shoot, tmp_path,
                                                                       accessible):
    wrong, right = tmp_path / "danh-sach-loi.xlsx", tmp_path / "danh-sach.xlsx"
    wrong.write_bytes(workbook([row(1), row(2, kind="Cơ quan"), row(3, born="30/02/1980")]))
    right.write_bytes(workbook([row(1), row(2), row(3)]))
    page = visitor(world.officer_a)

    go_to_area(page, "Đơn vị")
    page.get_by_role("link", name="Nhập danh sách từ Excel").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập danh sách đề nghị từ Excel")
    fill_letter(page, world)
    page.get_by_label("Tệp danh sách (.xlsx, theo tệp mẫu)").set_input_files(wrong)
    page.get_by_role("button", name="Kiểm tra và lưu").click()

    expect(page.get_by_role("heading", name="Kết quả kiểm tra: chưa lưu gì")).to_be_visible()
    problems = page.locator("ul.problems")
    expect(problems).to_contain_text("Dòng 7, cột B: loại đối tượng «Cơ quan» không hợp lệ")
    expect(problems).to_contain_text("Dòng 8, cột K: «30/02/1980» không phải là ngày hợp lệ")
    expect(page.get_by_role("button", name="Lưu các dòng hợp lệ thành bản nháp")).to_be_visible()
    shoot(page, "16-proposal-import-results")
    accessible(page)   # axe-core: no serious or critical violation on the results page
    assert session.scalar(select(func.count()).select_from(Nomination)) == 0

    page.get_by_label("Tệp danh sách (.xlsx, theo tệp mẫu)").set_input_files(right)
    page.get_by_role("button", name="Kiểm tra và lưu").click()
    expect(flash(page)).to_have_text("Đã lập Tờ trình 45/TTr-UBND với 3 dòng (bản nháp).")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tờ trình 45/TTr-UBND")
    expect(badge(page)).to_have_text("Đang soạn")
    lines = page.locator("tr.proposal-line")
    expect(lines).to_have_count(3)
    expect(lines.nth(1)).to_contain_text("Nguyễn Văn Thứ 2")
    shoot(page, "16-proposal-page")
    accessible(page)
    lines.nth(0).get_by_role("link", name="Nguyễn Văn Thứ 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Văn Thứ 1")
    session.expire_all()
    assert session.scalars(select(Proposal)).one().import_rows == 3
