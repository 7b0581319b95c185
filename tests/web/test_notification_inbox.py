"""The inbox pages, the header's unread count, the settings page, and the daily command: reminders in working
days before the deadlines (never twice) and the daily digest, which arrives as one mail."""
import re

from sqlalchemy import select

from tests import factories
from tests.factories import PASSWORD, TODAY
from tests.mail_server import MailServer
from workflow import jobs
from workflow.models import Notification
from workflow.rules.notifications import Kind, MailState
from workflow.services import clock, reminders, users


def login(app, user):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"csrf_token": token, "username": user.username, "password": PASSWORD})
    return client


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_the_header_counts_unread_and_opening_one_marks_it_read_and_goes_to_its_page(app, session, world, store):
    nomination = factories.submitted(session, world, store, name="Tập thể Ấp Xóm Lớn")
    session.commit()
    client = login(app, world.secretariat)
    page = client.get("/thong-bao/").get_data(as_text=True)
    assert "Hồ sơ mới gửi chờ tiếp nhận" in page and "Tập thể Ấp Xóm Lớn" in page
    assert 'class="badge count"' in page
    notification = session.scalar(select(Notification))
    opened = client.post(f"/thong-bao/{notification.id}/mo", data={"csrf_token": csrf(page)})
    assert opened.status_code == 302 and opened.location.endswith(f"/secretariat/nominations/{nomination.id}")
    assert 'class="badge count"' not in client.get("/thong-bao/").get_data(as_text=True)
    other = login(app, world.officer_b)
    other_page = other.get("/thong-bao/").get_data(as_text=True)
    assert other.post(f"/thong-bao/{notification.id}/mo", data={"csrf_token": csrf(other_page)}).status_code == 404


def test_the_settings_page_keeps_the_address_and_the_digest_choice(app, session, world):
    client = login(app, world.officer_a)
    page = client.get("/thong-bao/cai-dat").get_data(as_text=True)
    saved = client.post("/thong-bao/cai-dat", data={"csrf_token": csrf(page), "email": "donvi.a@vinhdanh.local",
                                                     "phone": "0290 3 123 456", "daily_digest": "y"})
    assert saved.status_code == 302
    session.expire_all()
    assert (world.officer_a.email, world.officer_a.phone, world.officer_a.daily_digest) == (
        "donvi.a@vinhdanh.local", "0290 3 123 456", True)
    refused = client.post("/thong-bao/cai-dat", data={"csrf_token": csrf(page), "email": "khong-hop-le"})
    assert "Địa chỉ thư điện tử không hợp lệ." in refused.get_data(as_text=True)


def test_reminders_come_in_working_days_before_the_deadline_and_only_once(app, session, world, store):
    nomination, notice = factories.in_notice(session, world, store)   # opened on TODAY, a Monday
    session.commit()
    assert reminders.remind(session, today=TODAY, within=2) == []     # the window ends later than that
    day_before = notice.end_date
    while (notice.end_date - day_before).days < 1 or day_before.weekday() >= 5:
        day_before = day_before.fromordinal(day_before.toordinal() - 1)
    told = reminders.remind(session, today=day_before, within=2)
    assert [(n.kind, n.user, n.params["deadline"]) for n in told] == [(Kind.DEADLINE, world.secretariat,
                                                                       "notice_ends")]
    assert told[0].params["due_on"] == notice.end_date.isoformat() and told[0].nomination_id == nomination.id
    session.commit()
    assert reminders.remind(session, today=day_before, within=2) == []   # never twice


def test_the_daily_digest_carries_the_day_in_one_mail(app, session, world, store):
    users.set_contact(session, world.secretariat, email="thuky@vinhdanh.local", phone=None, daily_digest=True)
    for i in range(3):
        factories.submitted(session, world, store, name=f"Tập thể số {i + 1}")
        session.commit()
    assert set(session.scalars(select(Notification.mail_state))) == {MailState.DIGEST}
    with MailServer() as smtp:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
        (summary,) = reminders.digest(session)
        session.commit()
        jobs.drain(app)
        (message,) = smtp.mailbox.messages()
    assert message["Subject"] == "[Vinh danh] Tổng hợp thông báo trong ngày"
    body = message.get_content()
    assert all(f"Tập thể số {i}" in body for i in (1, 2, 3))
    assert reminders.digest(session) == []   # what a digest carried is not carried again
    session.expire_all()
    assert summary.mail_state == MailState.SENT and clock.now() >= summary.mail_sent_at


def test_the_administrator_sets_an_address_and_the_trail_does_not_show_it(app, session, world, signed_in):
    from workflow.models import AuditEvent
    admin = signed_in(world.admin)
    url = f"/admin/users/{world.officer_b.id}/edit"
    saved = admin.post(url, {"full_name": "Donvi.B", "unit": str(world.district_b.id),
                             "email": "donvi.b@vinhdanh.local", "phone": "0290 3 111 222"},
                       from_page=f"/admin/users/{world.officer_b.id}")
    assert saved.status_code == 302
    session.expire_all()
    assert (world.officer_b.email, world.officer_b.phone) == ("donvi.b@vinhdanh.local", "0290 3 111 222")
    event = session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()))
    assert event.changes == {"email": {"old": "***", "new": "***"}, "phone": {"old": "***", "new": "***"}}


def test_a_citizen_opts_in_on_the_comment_form(app, session, world, store, browser):
    from workflow.models import PublicComment
    nomination, notice = factories.in_notice(session, world, store, today=clock.today())
    session.commit()
    url = f"/notices/{notice.id}/comment"
    sent = browser.post(url, {"nomination": str(nomination.id), "full_name": "Trần Thị Bích Ngọc",
                              "contact": "0912 345 678", "address": "Ấp Xóm Lớn", "body": "Đề nghị xem xét.",
                              "notify_email": "ngoc.tran@example.vn"})
    assert sent.status_code == 303, sent.get_data(as_text=True)[:2000]
    assert session.scalar(select(PublicComment.notify_email)) == "ngoc.tran@example.vn"


def test_the_daily_command_writes_reminders_and_digests_and_says_how_many(app, session, world, store):
    from workflow.models import Job, JobKind
    users.set_contact(session, world.secretariat, email="thuky@vinhdanh.local", phone=None, daily_digest=True)
    factories.submitted(session, world, store)
    session.commit()
    result = app.test_cli_runner().invoke(args=["notifications", "remind"])
    assert result.exit_code == 0, result.output
    assert "Đã tạo 0 thông báo nhắc hạn và 1 thư tổng hợp." in result.output
    assert session.scalar(select(Job.kind).where(Job.kind == JobKind.SEND_MAIL)) == JobKind.SEND_MAIL
    again = app.test_cli_runner().invoke(args=["notifications", "send"])
    assert again.exit_code == 0 and "thư còn chờ" in again.output
