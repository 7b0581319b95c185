"""Journey 3 in Chromium: the secretariat opens a public notice; a citizen, not signed in, finds it on the home
page, comments and gets a receipt; the secretariat answers in public; the clock then passes the window (the
test-only hook) and the notice closes, its answer kept."""
import re

from playwright.sync_api import expect
from sqlalchemy import select

from tests import factories
from tests.browser.helpers import badge, flash, go_to_area, go_to_queue, reread
from workflow.models import Nomination, PublicComment, PublicNotice
from workflow.rules.states import State
from workflow.services import clock

NAME = "Hợp tác xã Nông nghiệp Ấp Cái Dầy"
TITLE = "Lấy ý kiến Nhân dân về đề nghị tặng Bằng khen phong trào nông thôn mới"
COMMENT = "Đề nghị làm rõ số liệu doanh thu năm 2024 của hợp tác xã; tôi thấy con số cao hơn thực tế."
ANSWER = "Doanh thu năm 2024 đã được Phòng Tài chính – Kế hoạch huyện Vĩnh Lợi xác nhận theo báo cáo tài chính."


def test_a_citizen_comments_on_an_open_notice_and_reads_the_published_answer_after_the_window(
        session, world, store, visitor, shoot):
    nid = factories.in_appraisal(session, world, store, name=NAME).id
    session.commit()
    secretariat, citizen = visitor(world.secretariat), visitor()

    go_to_area(secretariat, "Thường trực TĐKT")
    go_to_queue(secretariat, "Thẩm định")
    secretariat.get_by_role("link", name=NAME, exact=True).click()
    secretariat.get_by_role("link", name="Công khai lấy ý kiến").click()
    secretariat.get_by_label("Tiêu đề thông báo").fill(TITLE)
    secretariat.get_by_role("button", name="Xem trước").click()
    expect(secretariat.get_by_text("hạn cuối không thể rút ngắn")).to_be_visible()
    shoot(secretariat, "3-secretariat-notice-preview")
    secretariat.get_by_role("button", name="Công khai lấy ý kiến").click()
    expect(flash(secretariat)).to_contain_text("Đã mở thông báo công khai; nhận ý kiến đến hết ngày")
    expect(badge(secretariat)).to_have_text("Đang công khai lấy ý kiến")
    notice = session.scalars(select(PublicNotice)).one()
    end = notice.end_date

    citizen.goto("/")
    citizen.get_by_role("region", name="Đang lấy ý kiến Nhân dân").get_by_role("link", name=TITLE).click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(citizen.locator(f"#doi-tuong-{nid}")).to_contain_text(NAME)
    shoot(citizen, "3-public-notice")
    citizen.locator(f"#doi-tuong-{nid}").get_by_role("link", name="Góp ý về đối tượng này").click()
    expect(citizen.get_by_label("Đối tượng được góp ý")).to_have_value(str(nid))
    citizen.get_by_label("Họ và tên").fill("Lê Văn Tám")
    citizen.get_by_label("Số điện thoại hoặc thư điện tử").fill("0912 345 678")
    citizen.get_by_label("Địa chỉ").fill("Ấp Năm Căn, xã Vĩnh Hưng A")
    citizen.get_by_label("Nội dung ý kiến").fill(COMMENT)
    shoot(citizen, "3-public-comment-form")
    citizen.get_by_role("button", name="Gửi ý kiến").click()
    expect(flash(citizen)).to_contain_text("Đã tiếp nhận ý kiến của bạn. Mã tiếp nhận: YK-")
    code = re.search(r"Mã tiếp nhận: (\S+)\.", flash(citizen).inner_text()).group(1)
    expect(citizen.get_by_role("heading", level=1)).to_have_text(f"Ý kiến {code}")
    expect(citizen.locator("body")).not_to_contain_text("0912 345 678")
    shoot(citizen, "3-public-receipt")

    go_to_queue(secretariat, "Ý kiến nhân dân")
    secretariat.get_by_role("link", name=code).click()
    expect(secretariat.get_by_text(COMMENT)).to_be_visible()
    secretariat.get_by_role("combobox", name="Phân loại ý kiến").select_option(label="Hỏi, đề nghị làm rõ")
    secretariat.get_by_role("button", name="Phân loại ý kiến").click()
    expect(flash(secretariat)).to_have_text(f"Đã phân loại ý kiến {code}.")
    secretariat.get_by_label("Nội dung trả lời (sẽ được công khai)").fill(ANSWER)
    secretariat.get_by_label("Ghi nhận và trả lời ý kiến").check()
    secretariat.get_by_role("button", name="Xem trước").click()
    shoot(secretariat, "3-secretariat-answer-preview")
    secretariat.get_by_role("button", name="Công bố trả lời").click()
    expect(flash(secretariat)).to_have_text(f"Đã công bố trả lời ý kiến {code}.")

    citizen.reload()
    expect(citizen.locator(".notice")).to_contain_text(ANSWER)
    shoot(citizen, "3-public-receipt-answered")

    days = (end - clock.today()).days + 1
    assert citizen.request.post("/_test/clock/advance", form={"days": str(days)}).ok
    assert clock.today() > end
    citizen.goto("/")
    expect(citizen.get_by_role("region", name="Đang lấy ý kiến Nhân dân")).to_contain_text(
        "Hiện không có thông báo nào đang lấy ý kiến")
    citizen.get_by_role("link", name="các thông báo đã kết thúc").click()
    citizen.get_by_role("link", name=TITLE).click()
    expect(citizen.get_by_role("status")).to_contain_text("Thông báo đã hết hạn nhận ý kiến")
    expect(citizen.get_by_role("link", name="Góp ý về đối tượng này")).to_have_count(0)
    expect(citizen.locator(f"#doi-tuong-{nid}")).to_contain_text(ANSWER)
    shoot(citizen, "3-public-notice-closed")

    secretariat.reload()
    comment = session.scalars(select(PublicComment)).one()
    assert (comment.receipt_code, comment.nomination_id, comment.body, comment.full_name) == (
        code, nid, COMMENT, "Lê Văn Tám")
    assert (comment.classification, comment.status, comment.resolution, comment.answer) == (
        "question", "answered", "noted", ANSWER)
    assert reread(session, Nomination, nid).state == State.IN_PUBLIC_NOTICE
