"""Staff accounts as the administrator keeps them: create, edit, grant and revoke scoped roles, deactivate
(which ends every session at once), reactivate, reset a password. Never imports flask; never commits."""
import re
from datetime import date

from sqlalchemy.orm import Session

from ...models import Authority, RoleGrant, Unit, User
from ...rules.errors import ValidationFailed
from ...rules.permissions import AUTHORITY_SCOPED, ROLE_LABELS, UNIT_SCOPED, Role
from .. import clock, users
from .common import HIDDEN, assign, created, invalid, record, removed, require_admin, text

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,79}")


def create_user(session: Session, *, by: User, username: str, full_name: str, password: str,
                unit: Unit | None = None, email: str | None = None, phone: str | None = None) -> User:
    """A new account without roles (grant them next); the password is never written to the audit trail."""
    require_admin(by)
    username = (username or "").strip().lower()
    if not USERNAME.fullmatch(username):
        raise invalid("Tên đăng nhập gồm 3–80 ký tự: chữ thường không dấu, chữ số và các dấu . _ -", "username")
    full_name = text(full_name, "full_name", "Cần nhập họ và tên.", max_length=120)
    try:
        user = users.create_user(session, username=username, full_name=full_name, password=password,
                                 unit_id=unit.id if unit else None, email=email, phone=phone)
    except ValidationFailed as error:  # name the field the shared service's message belongs beside
        if error.field not in ("email", "phone"):
            error.field = "password" if "Mật khẩu" in str(error) else "username"
        raise
    record(session, by=by, object_type="user_account", object_id=user.id,
           changes=created({"username": user.username, "full_name": full_name, "unit": unit}))
    return user


def update_user(session: Session, user: User, *, by: User, full_name: str, unit: Unit | None,
                email: str | None = None, phone: str | None = None) -> dict:
    """Name, unit and contact (None: unchanged); the e-mail address and phone are private: the trail says only
    that they changed."""
    require_admin(by)
    full_name = text(full_name, "full_name", "Cần nhập họ và tên.", max_length=120)
    changes = assign(user, {"full_name": full_name, "unit": unit})
    changes |= {name: {"old": HIDDEN, "new": HIDDEN}
                for name in users.set_contact(session, user, email=email, phone=phone)}
    if changes:
        session.flush()
        record(session, by=by, object_type="user_account", object_id=user.id, changes=changes)
    return changes


def grant_role(session: Session, user: User, *, by: User, role: str, unit: Unit | None = None,
               authority: Authority | None = None, today: date | None = None) -> RoleGrant:
    """One role within its scope: a unit for a unit officer, an authority for the secretariat, council
    members and signers, nothing for the administrator."""
    require_admin(by)
    role = _role(role)
    unit, authority = _scope(role, unit, authority, today or clock.today())
    if any(g.role == role and g.unit_id == (unit and unit.id) and g.authority_id == (authority and authority.id)
           for g in user.grants):
        raise invalid(f"Tài khoản đã có vai trò «{ROLE_LABELS[role]}» trong phạm vi này.", "role")
    grant = RoleGrant(role=str(role), unit=unit, authority=authority)
    user.grants.append(grant)
    session.flush()
    record(session, by=by, object_type="role_grant", object_id=grant.id,
           changes=created({"user": user, "role": str(role), "unit": unit, "authority": authority}))
    return grant


def revoke_role(session: Session, grant: RoleGrant, *, by: User) -> None:
    require_admin(by)
    if grant.user_id == by.id and grant.role == Role.ADMIN:
        raise invalid("Bạn không thể tự thu hồi quyền quản trị của chính mình; hãy nhờ một quản trị viên khác.")
    changes = removed({"user": grant.user, "role": grant.role, "unit": grant.unit, "authority": grant.authority})
    grant_id = grant.id
    grant.user.grants.remove(grant)  # delete-orphan: the row goes
    session.flush()
    record(session, by=by, object_type="role_grant", object_id=grant_id, changes=changes)


def deactivate_user(session: Session, user: User, *, by: User) -> None:
    """Lock the account and end its sessions now: a stolen or forgotten cookie stops working."""
    require_admin(by)
    if user.id == by.id:
        raise invalid("Bạn không thể tự khóa tài khoản của chính mình.")
    if not user.active:
        raise invalid("Tài khoản này đã bị khóa từ trước.")
    user.active = False
    users.end_all_sessions(session, user)
    record(session, by=by, object_type="user_account", object_id=user.id,
           changes={"active": {"old": True, "new": False}})


def reactivate_user(session: Session, user: User, *, by: User) -> None:
    require_admin(by)
    if user.active:
        raise invalid("Tài khoản này đang hoạt động.")
    user.active = True
    session.flush()
    record(session, by=by, object_type="user_account", object_id=user.id,
           changes={"active": {"old": False, "new": True}})


def reset_password(session: Session, user: User, *, by: User, password: str) -> None:
    """A new password, and every open session of the account ends; the audit trail shows only that it changed."""
    require_admin(by)
    try:
        user.password_hash = users.hash_password(password or "")
    except ValidationFailed as error:
        error.field = "password"
        raise
    users.end_all_sessions(session, user)
    record(session, by=by, object_type="user_account", object_id=user.id,
           changes={"password": {"old": HIDDEN, "new": HIDDEN}})


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise invalid("Vai trò không hợp lệ.", "role") from None


def _scope(role: Role, unit: Unit | None, authority: Authority | None,
           today: date) -> tuple[Unit | None, Authority | None]:
    """Exactly the scope the role needs; the other selector is ignored."""
    if role in UNIT_SCOPED:
        if unit is None:
            raise invalid("Vai trò cán bộ thi đua đơn vị cần chọn đơn vị.", "unit")
        if not unit.is_valid_on(today):
            raise invalid(f"«{unit.name}» không còn hiệu lực vào hôm nay; hãy chọn đơn vị đang hoạt động.", "unit")
        return unit, None
    if role in AUTHORITY_SCOPED:
        if authority is None:
            raise invalid("Vai trò này cần chọn cấp có thẩm quyền.", "authority")
        return None, authority
    return None, None
