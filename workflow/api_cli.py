"""`flask api-clients …`: issue, list and revoke the integration API's client tokens from a terminal (the same
service as the admin screen; the administrator named by --admin is the audit trail's actor)."""
import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from .extensions import db
from .models import ApiClient, Unit, User
from .rules.api import Scope
from .rules.errors import DomainError
from .services import api_clients

api_cli = AppGroup("api-clients", help="Ứng dụng kết nối API: cấp, liệt kê, thu hồi mã truy cập.")


def _admin(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        click.echo(f"Không có tài khoản «{username}».", err=True)
        sys.exit(2)
    return user


@api_cli.command("issue")
@click.argument("name")
@click.option("--unit", "unit_code", required=True, help="Mã đơn vị sở hữu ứng dụng (đơn vị đề nghị).")
@click.option("--scope", "scopes", multiple=True, type=click.Choice([str(s) for s in Scope]), required=True)
@click.option("--webhook-url", default="", help="Địa chỉ nhận webhook khi trạng thái hồ sơ thay đổi.")
@click.option("--admin", "admin_name", required=True, help="Tên đăng nhập của quản trị hệ thống cấp mã.")
def issue(name: str, unit_code: str, scopes: tuple[str, ...], webhook_url: str, admin_name: str) -> None:
    """Issue a client its token: printed once here, kept only as a hash."""
    unit = db.session.scalar(select(Unit).where(Unit.code == unit_code))
    if unit is None:
        click.echo(f"Không có đơn vị mã «{unit_code}».", err=True)
        sys.exit(2)
    try:
        issued = api_clients.issue(db.session, by=_admin(admin_name), name=name, unit=unit, scopes=scopes,
                                   webhook_url=webhook_url)
    except DomainError as error:
        db.session.rollback()
        click.echo(error.message, err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"Đã cấp mã truy cập cho «{issued.client.name}» (tiền tố {issued.client.token_prefix}).")
    click.echo(f"Mã truy cập (chỉ hiện một lần): {issued.token}")
    if issued.webhook_secret:
        click.echo(f"Khóa ký webhook (chỉ hiện một lần): {issued.webhook_secret}")


@api_cli.command("list")
def listing() -> None:
    for client in db.session.scalars(api_clients.listing()):
        state = "đã thu hồi" if client.revoked_at else "đang dùng"
        click.echo(f"{client.token_prefix}  {client.name}  [{client.unit.name}]  {client.scopes}  {state}  "
                   f"lần gọi cuối: {client.last_used_at or '—'}")


@api_cli.command("revoke")
@click.argument("prefix")
@click.option("--admin", "admin_name", required=True, help="Tên đăng nhập của quản trị hệ thống thu hồi mã.")
def revoke(prefix: str, admin_name: str) -> None:
    """Revoke the token with this prefix: it stops working at once."""
    client = db.session.scalar(select(ApiClient).where(ApiClient.token_prefix == prefix.strip()))
    if client is None:
        click.echo(f"Không có mã truy cập tiền tố «{prefix}».", err=True)
        sys.exit(2)
    try:
        api_clients.revoke(db.session, client, by=_admin(admin_name))
    except DomainError as error:
        db.session.rollback()
        click.echo(error.message, err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"Đã thu hồi mã truy cập của «{client.name}».")
