"""`flask notifications remind`: once a day (cron, a systemd timer), the reminders in working days before the
deadlines and the daily digests; `flask notifications send`: hand the mail worker what waits in the outbox."""
import click
from flask import current_app
from flask.cli import AppGroup

from .extensions import db
from .services import reminders

notifications_cli = AppGroup("notifications", help="Thông báo: nhắc hạn, thư tổng hợp hằng ngày, gửi thư còn chờ.")


@notifications_cli.command("remind")
@click.option("--within", type=int, default=None, help="Nhắc trước bao nhiêu ngày làm việc (mặc định "
              "REMIND_WORKING_DAYS).")
def remind(within: int | None) -> None:
    """Write today's reminders and digests (nobody is reminded twice of one deadline), then commit."""
    within = current_app.config["REMIND_WORKING_DAYS"] if within is None else within
    told = reminders.remind(db.session, within=within)
    digests = reminders.digest(db.session)
    reminders.send_waiting(db.session)   # mail whose job ran out of tries (an outage) gets a new one every day
    db.session.commit()
    click.echo(f"Đã tạo {len(told)} thông báo nhắc hạn và {len(digests)} thư tổng hợp.")


@notifications_cli.command("send")
def send() -> None:
    """Queue the delivery of every e-mail still waiting (after configuring MAIL_SERVER, or an outage)."""
    first = reminders.send_waiting(db.session)
    db.session.commit()
    click.echo("Đã chuyển thư còn chờ cho tiến trình xử lý nền." if first else "Không có thư nào đang chờ gửi.")
