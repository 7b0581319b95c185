"""Journey 6 in Chromium: a citizen searches the register without diacritics, opens the recognition, follows
its verify link and sees it valid; after the chairperson revokes the award, the same page says revoked."""
from playwright.sync_api import expect

from tests import factories
from tests.browser.helpers import flash, go_to_area, reread
from workflow.models import Nomination
from workflow.rules.states import State
from workflow.services import decisions

NAME = "Nhân dân và cán bộ xã Đông Hải"
OTHER = "Hợp tác xã Nông nghiệp Ấp Cái Dầy"
REASON = "Phát hiện kê khai sai số liệu thu nhập bình quân năm 2024."


def test_a_citizen_finds_a_recognition_without_diacritics_verifies_it_and_sees_the_revocation(
        session, world, store, visitor, shoot):
    nomination = factories.awarded(session, world, store, name=NAME)
    factories.awarded(session, world, store, name=OTHER)
    session.commit()
    nid, code = nomination.id, decisions.certificate_of(session, nomination).verify_code
    citizen = visitor()

    citizen.goto("/")
    citizen.get_by_role("navigation", name="Trang công khai").get_by_role("link", name="Sổ khen thưởng").click()
    citizen.get_by_role("search").get_by_label("Tìm theo tên, chức vụ, đơn vị").fill("dong hai")
    citizen.get_by_role("search").get_by_role("button", name="Tìm").click()
    results = citizen.get_by_role("list", name="Kết quả")
    expect(results.get_by_role("listitem")).to_have_count(1)
    expect(results).to_contain_text(NAME)
    expect(results).not_to_contain_text(OTHER)
    shoot(citizen, "6-public-register-search")
    results.get_by_role("link", name=NAME).click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text(NAME)
    shoot(citizen, "6-public-recognition")

    citizen.get_by_role("link", name=f"Xác thực bằng khen (mã {code})").click()
    verdict = citizen.get_by_role("status")
    expect(verdict).to_contain_text("HỢP LỆ")
    expect(verdict).not_to_contain_text("THU HỒI")
    expect(citizen.locator("main")).to_contain_text(NAME)
    shoot(citizen, "6-public-verify-valid")
    verify_url = citizen.url

    chair = visitor(world.chair)
    go_to_area(chair, "Lãnh đạo ký")
    chair.get_by_role("link", name="1/QĐ-UBND").first.click()
    chair.get_by_role("link", name=f"Thu hồi khen thưởng của {NAME}").click()
    chair.get_by_label("Số quyết định thu hồi").fill("45/QĐ-UBND")
    chair.get_by_label("Lý do thu hồi").fill(REASON)
    chair.get_by_role("button", name="Thu hồi").click()
    expect(flash(chair)).to_contain_text(f"Đã thu hồi khen thưởng của «{NAME}».")

    citizen.reload()
    assert citizen.url == verify_url
    verdict = citizen.get_by_role("status")
    expect(verdict).to_contain_text("ĐÃ THU HỒI")
    expect(verdict).to_contain_text("45/QĐ-UBND")
    expect(verdict).to_contain_text(REASON)
    expect(verdict).not_to_contain_text("HỢP LỆ")
    shoot(citizen, "6-public-verify-revoked")
    assert reread(session, Nomination, nid).state == State.REVOKED
