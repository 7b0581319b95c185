"""Issue 18 in Chromium: the secretariat returns a nomination; the unit officer receives the e-mail of the return
(through a real SMTP server started here), follows its link to the nomination page, and finds the return in the
in-app inbox too, counted in the header until read."""
import re

from playwright.sync_api import expect

from tests import factories
from tests.browser.helpers import flash, go_to_area
from tests.mail_server import MailServer
from workflow import jobs
from workflow.services import users

NAME = "Hợp tác xã Nông nghiệp Vĩnh Hưng A"
REASON = "Chưa có biên bản họp bình xét của Hội đồng Thi đua – Khen thưởng xã; đề nghị bổ sung."


def test_a_unit_officer_receives_the_mail_of_a_return_and_follows_its_link(session, world, store, visitor, app,
                                                                          live, shoot):
    users.set_contact(session, world.officer_a, email="donvi.a@vinhdanh.local", phone=None)
    nomination = factories.submitted(session, world, store, name=NAME)
    session.commit()
    with MailServer() as smtp:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
        secretariat = visitor(world.secretariat)
        go_to_area(secretariat, "Thường trực TĐKT")
        secretariat.get_by_role("link", name=re.compile("Tiếp nhận")).first.click()
        secretariat.get_by_role("row").filter(has_text=NAME).get_by_role("link", name="Trả lại để bổ sung").click()
        secretariat.get_by_label(re.compile("Lý do")).fill(REASON)
        secretariat.get_by_role("button", name=re.compile("Trả lại")).click()
        expect(flash(secretariat)).to_have_text(f"Đã trả lại hồ sơ «{NAME}» để đơn vị bổ sung.")
        jobs.drain(app)   # the worker's turn: the job was queued by the request's commit
        (message,) = smtp.mailbox.messages()

    assert message["To"] == "donvi.a@vinhdanh.local"
    assert message["Subject"] == "[Vinh danh] Hồ sơ bị trả lại, cần bổ sung"
    body = message.get_content()
    assert f"Lý do: {REASON}" in body
    link = re.search(r"Xem chi tiết: (\S+)", body).group(1)
    assert link == f"{live.url}/unit/nominations/{nomination.id}"

    officer = visitor(world.officer_a)
    expect(officer.locator(".notifications-link .count")).to_have_text("1")
    officer.goto(link)   # the link of the mail, as the officer's mail reader opens it
    expect(officer.get_by_role("heading", level=1)).to_contain_text(NAME)
    alert = officer.get_by_role("alert")
    expect(alert).to_contain_text("Hồ sơ bị trả lại để bổ sung")
    expect(alert).to_contain_text(REASON)

    officer.get_by_role("link", name=re.compile("^Thông báo")).click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Thông báo")
    shoot(officer, "18-unit-inbox")
    officer.get_by_role("button", name=re.compile("Hồ sơ bị trả lại, cần bổ sung")).click()
    expect(officer).to_have_url(link)
    expect(officer.locator(".notifications-link .count")).to_have_count(0)
    go_to_area(officer, "Đơn vị")
