"""Flask commands: init-db, demo-data, create-user, audit verify. Run as `flask --app wsgi <command>`."""
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import inspect

from .extensions import db
from .rules.errors import DomainError
from .rules.permissions import Grant, Role
from .services import audit, users
from .services.blobs import BlobStore

audit_cli = AppGroup("audit", help="Nhật ký: kiểm tra chuỗi băm.")


@click.command("init-db")
def init_db() -> None:
    """Create or migrate the database to the latest schema (alembic upgrade head)."""
    from flask_migrate import upgrade
    upgrade()
    click.echo("Cơ sở dữ liệu đã ở phiên bản mới nhất.")


@click.command("demo-data")
@click.option("--password", envvar="DEMO_PASSWORD", default=None, help="Mật khẩu chung của tài khoản demo.")
def demo_data(password: str | None) -> None:
    """Load the demo data from the seed (idempotent; refused in production)."""
    if current_app.config.get("ENV_NAME") == "production":
        raise click.ClickException("Không nạp dữ liệu mẫu trên hệ thống chính thức (VINHDANH_ENV=production).")
    if not inspect(db.engine).has_table("nomination"):
        raise click.ClickException("Chưa có cơ sở dữ liệu: chạy `flask --app wsgi init-db` trước.")
    from . import demo
    loaded = demo.load(db.session, password=password or current_app.config["DEMO_PASSWORD"],
                       store=BlobStore(current_app.config["BLOB_DIR"]))
    db.session.commit()
    click.echo("Đã nạp dữ liệu mẫu." if loaded else "Dữ liệu mẫu đã có sẵn, không nạp lại.")


@click.command("create-user")
@click.argument("username")
@click.option("--full-name", default="", help="Họ và tên.")
@click.option("--role", "roles", multiple=True, type=click.Choice([r.value for r in Role]),
              help="Vai trò (lặp lại được).")
@click.option("--unit-id", type=int, default=None, help="Đơn vị (bắt buộc với unit_officer).")
@click.option("--authority-id", type=int, default=None, help="Cấp có thẩm quyền (với secretariat, council_member, authority).")
@click.password_option()
def create_user(username: str, full_name: str, roles: tuple[str, ...], unit_id: int | None,
                authority_id: int | None, password: str) -> None:
    """Create a staff account with its roles."""
    grants = [Grant(Role(r), unit_id if Role(r) == Role.UNIT_OFFICER else None,
                    authority_id if Role(r) not in (Role.UNIT_OFFICER, Role.ADMIN) else None) for r in roles]
    try:
        user = users.create_user(db.session, username=username, full_name=full_name, password=password,
                                 unit_id=unit_id, grants=grants)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Đã tạo tài khoản {user.username} (id {user.id}).")


@audit_cli.command("verify")
def audit_verify() -> None:
    """Recompute the hash chain; exit 1 and name the first bad event when it is broken."""
    report = audit.verify(db.session)
    if report.ok:
        click.echo(f"Chuỗi nhật ký toàn vẹn: {report.count} sự kiện, hash đầu chuỗi {report.head}")
        return
    where = f"sự kiện seq={report.bad_seq}" + (f" (id={report.bad_id})" if report.bad_id else "")
    click.echo(f"CHUỖI NHẬT KÝ BỊ HỎNG tại {where}: {report.problem}. "
               f"{report.count} sự kiện trước đó vẫn hợp lệ.", err=True)
    sys.exit(1)


def init_app(app: Flask) -> None:
    for command in (init_db, demo_data, create_user):
        app.cli.add_command(command)
    app.cli.add_command(audit_cli)
