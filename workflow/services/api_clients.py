"""Integration clients (issue 18): the administrator issues a client its token (shown once, kept as a hash) and
revokes it; a request's bearer token finds its client; every call is logged. Never imports flask; never commits.
"""
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from ..models import ApiCall, ApiClient, Unit, User
from ..rules.api import new_token, parse_scopes, scopes_text, token_hash, token_matches, token_prefix
from ..rules.errors import InvalidTransition, NotAllowed, ValidationFailed
from ..rules.permissions import Grant, Role
from ..rules.states import Action
from . import audit, clock, users


@dataclass(frozen=True)
class Issued:
    """What the administrator sees once: the token, and the webhook secret when a webhook address was given."""

    client: ApiClient
    token: str
    webhook_secret: str | None


def issue(session: Session, *, by: User, name: str, unit: Unit, scopes: Iterable[str],
          webhook_url: str = "", now: datetime | None = None) -> Issued:
    """A new client of `unit` with its own officer account of that unit (which cannot sign in: it has no
    password anyone knows and is inactive), so the services check and audit it as an officer of the unit."""
    _require_admin(by)
    name, webhook_url = (name or "").strip(), (webhook_url or "").strip()
    granted = parse_scopes(" ".join(scopes))
    if not name or len(name) > 120:
        raise ValidationFailed("Cần nhập tên ứng dụng kết nối (tối đa 120 ký tự).", field="name")
    if not granted:
        raise ValidationFailed("Cần chọn ít nhất một phạm vi quyền.", field="scopes")
    if (webhook_url and not webhook_url.startswith(("https://", "http://"))) or len(webhook_url) > 500:
        raise ValidationFailed("Địa chỉ webhook phải bắt đầu bằng https:// (hoặc http://), tối đa 500 ký tự.", field="webhook_url")
    prefix, token = new_token()
    account = users.create_user(session, username=f"api.{prefix}", full_name=name, password=secrets.token_urlsafe(32),
                                unit_id=unit.id, grants=[Grant(Role.UNIT_OFFICER, unit_id=unit.id)])
    account.active = False   # never a browser session: it acts only through the token
    secret = secrets.token_hex(32) if webhook_url else None
    client = ApiClient(name=name, unit=unit, account=account, scopes=scopes_text(granted), token_prefix=prefix,
                       token_hash=token_hash(token), webhook_url=webhook_url or None, webhook_secret=secret,
                       created_at=now or clock.now(), created_by_id=by.id)
    session.add(client)
    session.flush()
    audit.record(session, by=by, action=Action.CONFIGURE, object_type="api_client", object_id=client.id, now=now,
                 changes={"name": name, "unit": unit.name, "scopes": client.scopes, "token_prefix": prefix,
                          "webhook_url": webhook_url})
    return Issued(client, token, secret)


def revoke(session: Session, client: ApiClient, *, by: User, now: datetime | None = None) -> None:
    """The token stops working at once; the client's rows stay (its calls, its proposals)."""
    _require_admin(by)
    if not client.active:
        raise InvalidTransition("Mã truy cập này đã bị thu hồi.")
    client.revoked_at, client.revoked_by_id = now or clock.now(), by.id
    session.flush()
    audit.record(session, by=by, action=Action.CONFIGURE, object_type="api_client", object_id=client.id, now=now,
                 changes={"revoked": True, "token_prefix": client.token_prefix})


def authenticate(session: Session, token: str) -> ApiClient | None:
    """The active client holding this token, or None (unknown, malformed or revoked: one answer for all)."""
    prefix = token_prefix(token)
    if prefix is None:
        return None
    client = session.scalar(select(ApiClient).where(ApiClient.token_prefix == prefix))
    if client is None or not token_matches(token, client.token_hash) or not client.active:
        return None
    return client


def log_call(session: Session, client_id: int, *, method: str, path: str, status: int, remote_addr: str,
             now: datetime | None = None) -> None:
    """One row per call of a client (the caller commits it, on its own when the call failed)."""
    at = now or clock.now()
    session.add(ApiCall(client_id=client_id, at=at, method=method[:10], path=path[:300], status=status,
                        remote_addr=(remote_addr or "")[:64]))
    session.execute(update(ApiClient).where(ApiClient.id == client_id).values(last_used_at=at))


def listing() -> Select:
    return select(ApiClient).order_by(ApiClient.revoked_at.is_not(None), ApiClient.name, ApiClient.id)


def recent_calls(session: Session, client_id: int, limit: int = 50) -> list[ApiCall]:
    return list(session.scalars(select(ApiCall).where(ApiCall.client_id == client_id)
                                .order_by(ApiCall.id.desc()).limit(limit)))


def _require_admin(by: User | None) -> None:
    if by is None or not by.has_role(Role.ADMIN):
        raise NotAllowed("Chỉ quản trị hệ thống được cấp hoặc thu hồi mã truy cập API.")
