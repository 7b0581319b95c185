"""The notifications' e-mail through a real SMTP server (aiosmtpd, started here on a free port), sent by the job
queue's worker as in production: what arrives (subject, Vietnamese body in UTF-8, the absolute link of the
nomination, headers), and that a delivery cut off mid-batch — by the server dropping the connection, or by the
worker process being killed — loses nothing and sends nothing twice once retried."""
import os
import signal
import subprocess  # nosec B404 - the test starts our own worker command
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from tests import factories
from tests.mail_server import MailServer
from workflow import jobs
from workflow.extensions import db
from workflow.models import Job, JobKind, JobState, Notification
from workflow.rules.notifications import Kind, MailState
from workflow.services import clock, nominations, notices, users

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://vinhdanh.camau.example"


@pytest.fixture
def smtp():
    with MailServer() as server:
        yield server


@pytest.fixture
def mail_app(app, smtp):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, PUBLIC_BASE_URL=BASE,
                      MAIL_FROM="Vinh danh Cà Mau <khong-tra-loi@vinhdanh.local>")
    return app


def addressed(session, world):
    for user in (world.officer_a, world.officer_b, world.secretariat, world.chair, *world.members):
        users.set_contact(session, user, email=f"{user.username}@vinhdanh.local", phone=None)
    session.commit()


def mail_states(session) -> list[str]:
    return [str(s) for s in session.scalars(select(Notification.mail_state).order_by(Notification.id))]


def test_a_return_arrives_in_vietnamese_with_the_link_of_the_nomination(mail_app, session, world, store, smtp):
    addressed(session, world)
    nomination = factories.submitted(session, world, store, name="Hợp tác xã Nông nghiệp Vĩnh Hưng A")
    session.commit()
    jobs.drain(mail_app)
    smtp.mailbox.accepted.clear()
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Thiếu biên bản họp bình xét của Hội đồng cơ sở.")
    session.commit()   # after the commit, and only then, the job reaches the queue
    assert jobs.drain(mail_app) == 1
    (message,) = smtp.mailbox.messages()
    notification = session.scalar(select(Notification).where(Notification.kind == Kind.RETURNED))
    assert message["Subject"] == "[Vinh danh] Hồ sơ bị trả lại, cần bổ sung"
    assert message["To"] == "donvi.a@vinhdanh.local"
    assert message["From"] == "Vinh danh Cà Mau <khong-tra-loi@vinhdanh.local>"
    assert message["Message-ID"] == f"<thong-bao.{notification.id}@vinhdanh.local>"
    assert message["Auto-Submitted"] == "auto-generated" and message["Date"]
    assert message.get_content_type() == "text/plain" and message.get_content_charset() == "utf-8"
    body = message.get_content()
    assert "Kính gửi Donvi.A," in body
    assert "Hợp tác xã Nông nghiệp Vĩnh Hưng A — Bằng khen của Chủ tịch UBND tỉnh (Huyện Vĩnh Lợi)" in body
    assert "Lý do: Thiếu biên bản họp bình xét của Hội đồng cơ sở." in body
    assert f"Xem chi tiết: {BASE}/unit/nominations/{nomination.id}\n" in body
    assert f"{BASE}/thong-bao/" in body
    raw = smtp.mailbox.accepted[0]
    assert "Hội đồng".encode() in raw or b"utf-8" in raw.lower()   # UTF-8 on the wire, never a lossy charset
    assert (notification.mail_state, notification.mail_attempts) == (MailState.SENT, 1)
    assert notification.mail_sent_at is not None


def test_without_an_smtp_server_mail_waits_in_the_outbox_and_the_action_succeeds(app, session, world, store):
    addressed(session, world)
    factories.submitted(session, world, store)
    session.commit()
    assert app.config["MAIL_SERVER"] == ""
    assert jobs.drain(app) == 1
    assert mail_states(session) == ["pending"]
    assert session.scalar(select(Job.state).where(Job.kind == JobKind.SEND_MAIL)) == JobState.DONE


def test_an_unreachable_server_never_fails_the_action_and_the_mail_is_retried(app, session, world, store, smtp):
    addressed(session, world)
    port = smtp.port
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)   # nothing listens there
    factories.submitted(session, world, store)
    session.commit()
    jobs.drain(app)
    job = session.scalar(select(Job).where(Job.kind == JobKind.SEND_MAIL))
    session.refresh(job)
    assert job.state == JobState.QUEUED and job.attempts == 1   # the runner's backoff
    (notification,) = session.scalars(select(Notification)).all()
    session.refresh(notification)
    assert (notification.mail_state, notification.mail_attempts) == (MailState.PENDING, 1)
    assert notification.mail_next_at > clock.now()
    app.config["MAIL_PORT"] = port
    clock.advance(1)
    jobs.sweep(app)
    jobs.drain(app)
    assert len(smtp.mailbox.accepted) == 1 and mail_states(session) == ["sent"]


def test_a_connection_dropped_mid_batch_loses_nothing_and_duplicates_nothing(mail_app, session, world, store, smtp):
    addressed(session, world)
    mail_app.config["MAIL_BATCH"] = 4
    for i in range(7):
        factories.submitted(session, world, store, name=f"Tập thể số {i + 1}")
        session.commit()
    smtp.mailbox.drop_at = 3   # the server hangs up on the third message, before accepting it
    jobs.drain(mail_app)
    # the first job stopped at the third message and put it back with a pause; the later transactions' jobs
    # sent what was due meanwhile, never the third again
    states = mail_states(session)
    assert len(smtp.mailbox.accepted) == 6 and states[2] == "pending" and states.count("sent") == 6
    third = session.scalars(select(Notification).order_by(Notification.id)).all()[2]
    assert third.mail_attempts == 1 and third.mail_next_at > clock.now() and "SMTPServerDisconnected" in third.mail_error
    clock.advance(1)   # past every pause
    jobs.sweep(mail_app)
    jobs.drain(mail_app)
    ids = smtp.mailbox.message_ids()
    assert len(ids) == 7 and len(set(ids)) == 7   # each once
    assert mail_states(session) == ["sent"] * 7
    subjects = {m.get_content().split("\n")[3] for m in smtp.mailbox.messages()}
    assert len(subjects) == 7


def test_a_refusal_for_good_is_recorded_and_does_not_hold_the_others(mail_app, session, world, store, smtp):
    addressed(session, world)
    users.set_contact(session, world.secretariat, email="khong-ton-tai@vinhdanh.local", phone=None)
    session.commit()
    original = smtp.mailbox.handle_DATA

    async def refuse_one(server, smtp_session, envelope):
        if envelope.rcpt_tos == ["khong-ton-tai@vinhdanh.local"]:
            return "550 5.1.1 Không có hộp thư này"
        return await original(server, smtp_session, envelope)
    smtp.mailbox.handle_DATA = refuse_one
    nomination = factories.submitted(session, world, store)
    session.commit()
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    session.commit()
    jobs.drain(mail_app)
    failed, sent = session.scalars(select(Notification).order_by(Notification.id)).all()
    assert failed.mail_state == MailState.FAILED and failed.mail_error.startswith("550")
    assert sent.mail_state == MailState.SENT


def test_a_citizen_who_asked_is_told_of_the_answer_and_can_unsubscribe(mail_app, session, world, store, smtp):
    nomination, notice = factories.in_notice(session, world, store)
    comment = notices.receive_comment(session, notice, nomination, full_name="Trần Thị Bích Ngọc",
                                      contact="0912 345 678", address="Ấp Xóm Lớn", body="Đề nghị xem xét lại.",
                                      today=factories.TODAY, notify_email="ngoc.tran@example.vn")
    session.commit()
    notices.answer_comment(session, comment, by=world.secretariat, answer="Đã xác minh: thành tích đúng sự thật.")
    session.commit()
    jobs.drain(mail_app)
    (message,) = [m for m in smtp.mailbox.messages() if m["To"] == "ngoc.tran@example.vn"]
    body = message.get_content()
    assert message["Subject"] == "[Vinh danh] Ý kiến nhân dân đã được trả lời"
    assert "Kính gửi Quý ông/bà," in body and "Nội dung trả lời: Đã xác minh: thành tích đúng sự thật." in body
    assert f"{BASE}/comments/{comment.receipt_code}" in body
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith(f"{BASE}/thong-bao/huy-nhan/") and unsubscribe in body
    client = mail_app.test_client()
    path = unsubscribe.removeprefix(BASE)
    page = client.get(path)
    assert page.status_code == 200 and "Hủy nhận thư về ý kiến" in page.get_data(as_text=True)
    token = _csrf(page.get_data(as_text=True))
    done = client.post(path, data={"csrf_token": token})
    assert done.status_code == 200 and "Đã hủy nhận thư" in done.get_data(as_text=True)
    session.expire_all()
    assert comment.notify_email is None
    assert client.get(path[:-3] + "xyz").status_code == 404   # a forged token


def _csrf(html: str) -> str:
    import re
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_a_worker_killed_mid_batch_leaves_nothing_lost_or_sent_twice(tmp_path, signing_keys, smtp):
    """A real `flask jobs worker` process sends a batch; the SMTP server holds the third message unanswered and
    the worker is killed (SIGKILL) right then. The retry sends the third and the rest, and each arrives once."""
    from workflow import create_app
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'app.sqlite3'}"
    settings = {"SQLALCHEMY_DATABASE_URI": url, "JOB_QUEUE_URL": f"sqlite:///{tmp_path / 'queue.sqlite3'}",
                "BLOB_DIR": str(tmp_path / "blobs"), "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port,
                "PUBLIC_BASE_URL": BASE}
    app = create_app("testing", **settings)
    with app.app_context():
        from tests.conftest import _reset_schema
        _reset_schema()
        world = factories.make_world(db.session)
        addressed(db.session, world)
        from workflow.files import file_store
        for i in range(6):
            factories.submitted(db.session, world, file_store(app), name=f"Tập thể số {i + 1}")
            db.session.commit()   # six transactions, six jobs in the queue file; the worker takes them
        db.session.remove()
    smtp.mailbox.hold_at = 3
    env = {**os.environ, "VINHDANH_ENV": "testing", "TEST_DATABASE_URL": url, "BLOB_DIR": settings["BLOB_DIR"],
           "TEST_JOB_QUEUE_URL": settings["JOB_QUEUE_URL"], "JOB_SWEEP_SECONDS": "3600"}
    env = {**env, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp.port), "PUBLIC_BASE_URL": BASE}
    flask = str(Path(sys.executable).with_name("flask"))
    worker = subprocess.Popen([flask, "--app", "wsgi", "jobs", "worker", "--workers", "1"], cwd=ROOT, env=env,  # nosec B603
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert smtp.mailbox.arrived.wait(60), "the worker never reached the third message"
    finally:
        worker.send_signal(signal.SIGKILL)
        output = worker.communicate(timeout=30)[0]
    smtp.mailbox.release.set()
    with app.app_context():
        assert len(smtp.mailbox.accepted) == 2, output[-3000:]
        assert mail_states(db.session).count("sending") == 1   # the one the killed worker held
        clock.advance(1)   # the dead worker's heartbeat and claim are stale now
        jobs.sweep(app)
        jobs.drain(app)
        assert mail_states(db.session) == ["sent"] * 6
        db.session.remove()
        _reset_schema(create=False)
        db.engine.dispose()
    ids = smtp.mailbox.message_ids()
    assert len(ids) == 6 and len(set(ids)) == 6
