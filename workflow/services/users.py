"""Staff accounts: creation with scoped role grants, password checks, and where notifications reach them
(e-mail, phone, daily digest)."""
import logging
import re
import secrets
from collections.abc import Iterable
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..models import RoleGrant, User
from ..rules import passwords
from ..rules.errors import ValidationFailed
from ..rules.permissions import AUTHORITY_SCOPED, UNIT_SCOPED, Grant, Role

MIN_PASSWORD_LENGTH = passwords.MIN_LENGTH
EMAIL = re.compile(r"[^@\s<>(),;:\"]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
PHONE = re.compile(r"\+?[0-9 .()-]{8,20}")
log = logging.getLogger("vinhdanh.security")
# scrypt in production; the test suite lowers the cost (its thousands of accounts would take minutes)
PASSWORD_METHOD = "scrypt"


def create_user(session: Session, *, username: str, full_name: str, password: str, unit_id: int | None = None,
                grants: Iterable[Grant] = (), email: str | None = None, phone: str | None = None) -> User:
    username = username.strip().lower()
    if not username:
        raise ValidationFailed("Cần nhập tên đăng nhập.")
    if session.scalar(select(User.id).where(User.username == username)):
        raise ValidationFailed(f"Tên đăng nhập «{username}» đã có.")
    user = User(username=username, full_name=full_name.strip() or username, unit_id=unit_id,
                password_hash=hash_password(password, username=username), session_token=secrets.token_hex(16),
                email=checked_email(email, field="email"), phone=checked_phone(phone))
    for grant in grants:
        _check_scope(grant)
        user.grants.append(RoleGrant(role=str(grant.role), unit_id=grant.unit_id, authority_id=grant.authority_id))
    session.add(user)
    session.flush()
    return user


def hash_password(password: str, *, username: str = "") -> str:
    """The hash of an acceptable password (rules.passwords); an unacceptable one is refused in Vietnamese."""
    refusal = passwords.problem(password, username=username)
    if refusal:
        raise ValidationFailed(refusal, field="password")
    return generate_password_hash(password, method=PASSWORD_METHOD)


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The account signing in, or None. Every refusal costs exactly one password check at the configured cost
    (an unknown or deactivated account is checked against a stand-in hash), so the time of the answer does not
    tell which accounts exist or are deactivated."""
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or not user.active:
        check_password_hash(_stand_in_hash(PASSWORD_METHOD), password)
        if user is None:
            log.warning("sign-in refused: no such account")  # what was typed is not logged: it may be a password
        else:
            log.warning("sign-in refused: account id %s is deactivated", user.id)
        return None
    if not check_password_hash(user.password_hash, password):
        log.warning("sign-in refused for account id %s", user.id)
        return None
    log.info("sign-in of %s (id %s)", user.username, user.id)
    return user


@cache
def _stand_in_hash(method: str) -> str:
    """A hash of a random password made the way real ones are now (the method names its cost): per method, so
    the tests' cheaper setting and production's scrypt each get their own."""
    return generate_password_hash(secrets.token_hex(16), method=method)


def change_password(session: Session, user: User, *, current: str, new: str) -> None:
    """The user's own change: the current password first (a borrowed session alone cannot take over the
    account), then the new one is checked like any other; every session of the account ends."""
    if not check_password_hash(user.password_hash, current or ""):
        raise ValidationFailed("Mật khẩu hiện tại không đúng.", field="current")
    if new == current:
        raise ValidationFailed("Mật khẩu mới cần khác mật khẩu hiện tại.", field="password")
    user.password_hash = hash_password(new or "", username=user.username)
    end_all_sessions(session, user)
    log.info("password changed by %s (id %s)", user.username, user.id)


def _check_scope(grant: Grant) -> None:
    if grant.role in UNIT_SCOPED and grant.unit_id is None:
        raise ValidationFailed("Vai trò cán bộ đơn vị cần gắn với một đơn vị.")
    if grant.role in AUTHORITY_SCOPED and grant.authority_id is None:
        raise ValidationFailed("Vai trò này cần gắn với một cấp có thẩm quyền.")
    Role(grant.role)


def end_all_sessions(session: Session, user: User) -> None:
    """Rotate the session token: every cookie carrying the old one stops working (logout, sign out
    everywhere)."""
    user.session_token = secrets.token_hex(16)
    session.flush()


def set_contact(session: Session, user: User, *, email: str | None, phone: str | None,
                daily_digest: bool | None = None) -> dict[str, bool]:
    """The user's own notification settings (their profile page; the administrator's form uses it too). None
    leaves a setting as it is, "" clears it. Returns which of them changed; the addresses themselves never enter
    the audit trail."""
    values: dict[str, object] = {}
    if email is not None:
        values["email"] = checked_email(email, field="email")
    if phone is not None:
        values["phone"] = checked_phone(phone)
    if daily_digest is not None:
        values["daily_digest"] = daily_digest
    changed = {name: True for name, value in values.items() if getattr(user, name) != value}
    for name in changed:
        setattr(user, name, values[name])
    session.flush()
    return changed


def checked_email(value: str | None, *, field: str | None = None) -> str | None:
    """An e-mail address as typed, its domain in lower case, checked for its form only (no DNS lookup: an office's
    internal domain, like the demo's vinhdanh.local, is fine), or None when left empty."""
    text = (value or "").strip()
    if not text:
        return None
    if not EMAIL.fullmatch(text) or len(text) > 254:
        raise ValidationFailed("Địa chỉ thư điện tử không hợp lệ.", field=field)
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


def checked_phone(value: str | None) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if not PHONE.fullmatch(text):
        raise ValidationFailed("Số điện thoại chỉ gồm chữ số (có thể có dấu +, khoảng trắng, dấu chấm).",
                               field="phone")
    return text
