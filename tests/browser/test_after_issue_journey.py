"""After issue in Chromium: the chairperson corrects a line of an issued decision (form, confirmation page,
numbered correcting decision); a citizen opening the old certificate's /verify page reads that it was corrected,
by which decision and why, and follows the link to the corrected certificate, which links back."""
from playwright.sync_api import expect

from tests import factories
from workflow.services import decisions

NAME = "Ủy ban nhân dân xã Vĩnh Hưng"
CORRECTED = "Ủy ban nhân dân xã Vĩnh Hưng A"
REASON = "Quyết định ghi thiếu chữ «A» trong tên xã Vĩnh Hưng A."


def test_a_correction_shows_on_the_old_certificates_verify_page_and_links_the_new_one(
        session, world, store, visitor, shoot):
    nomination = factories.awarded(session, world, store, name=NAME)
    session.commit()
    old_code = decisions.certificate_of(session, nomination).verify_code

    chair = visitor(world.chair)
    chair.goto("/authority/")
    chair.get_by_role("link", name="1/QĐ-UBND").first.click()
    chair.get_by_role("link", name=f"Đính chính khen thưởng của {NAME}").click()
    chair.get_by_label("Họ và tên (tên tập thể) sau đính chính").fill(CORRECTED)
    chair.get_by_label("Lý do đính chính (được công khai)").fill(REASON)
    chair.get_by_label("Ngày quyết định đính chính").fill("2025-04-10")
    chair.get_by_role("button", name="Xem lại trước khi ban hành").click()
    expect(chair.get_by_role("heading", level=1)).to_have_text("Xác nhận ban hành quyết định đính chính")
    expect(chair.locator("main")).to_contain_text("không hoàn tác được")
    chair.get_by_role("button", name="Đính chính quyết định").click()
    expect(chair.locator("main")).to_contain_text("Đã ban hành Quyết định số 2/QĐ-UBND")

    citizen = visitor()
    citizen.goto(f"/verify/{old_code}")
    verdict = citizen.get_by_role("status").first
    expect(verdict).to_contain_text("ĐÃ ĐƯỢC ĐÍNH CHÍNH")
    expect(verdict).to_contain_text("đã được đính chính bởi Quyết định số 2/QĐ-UBND ngày 10/04/2025")
    expect(verdict).to_contain_text(REASON)
    expect(citizen.locator("main")).not_to_contain_text("HỢP LỆ")
    shoot(citizen, "after-issue-verify-corrected")
    verdict.get_by_role("link", name="Xem Bằng khen đã đính chính").click()
    expect(citizen.get_by_role("status").first).to_contain_text("HỢP LỆ")
    expect(citizen.locator("main")).to_contain_text(CORRECTED)
    expect(citizen.locator("main")).to_contain_text("Bằng này đính chính cho Bằng khen số 1")
    shoot(citizen, "after-issue-verify-correcting")
    citizen.get_by_role("link", name=old_code).click()
    expect(citizen.get_by_role("status").first).to_contain_text("ĐÃ ĐƯỢC ĐÍNH CHÍNH")
