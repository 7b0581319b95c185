"""Staff accounts and their roles: list, create, edit, grant and revoke scoped roles, reset a password,
deactivate (with confirmation: it ends the person's sessions at once) and reactivate."""
from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from ...extensions import db
from ...forms.admin import ConfirmForm, GrantForm, NewUserForm, PasswordForm, UserFilterForm, UserForm
from ...models import Authority, RoleGrant, Unit, User
from ...rules.errors import DomainError
from ...rules.permissions import Role
from ...services import admin
from ..helpers import done, form_errors, paginate, role_required
from . import bp
from .common import authority_choices, get_or_404, refusal_beside_field, row, unit_choices


@bp.get("/users")
@role_required(Role.ADMIN)
def users():
    form = UserFilterForm(formdata=request.args)
    query = select(User)
    if form.q.data:
        pattern = f"%{form.q.data.strip()}%"
        query = query.where(or_(User.username.ilike(pattern), User.full_name.ilike(pattern)))
    if form.role.data:
        query = query.where(User.grants.any(RoleGrant.role == form.role.data))
    if form.status.data:
        query = query.where(User.active.is_(form.status.data == "active"))
    page = paginate(query.order_by(User.username))
    return render_template("admin/users.html", page=page, form=form,
                           filtered=bool(form.q.data or form.role.data or form.status.data))


@bp.route("/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def user_new():
    form = NewUserForm()
    form.unit.choices = unit_choices()
    if form.validate_on_submit():
        try:
            user = admin.create_user(db.session, by=current_user, username=form.username.data,
                                     full_name=form.full_name.data, password=form.password.data,
                                     unit=row(Unit, form.unit.data), email=form.email.data, phone=form.phone.data)
            return done(_("Đã tạo tài khoản «%(name)s». Hãy cấp vai trò cho tài khoản.", name=user.username),
                        "admin.user",
                        user_id=user.id)
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    return render_template("admin/user_new.html", form=form)


@bp.get("/users/<int:user_id>")
@role_required(Role.ADMIN)
def user(user_id: int):
    return _page(get_or_404(User, user_id))


@bp.post("/users/<int:user_id>/edit")
@role_required(Role.ADMIN)
def user_edit(user_id: int):
    user, form = get_or_404(User, user_id), _forms()["edit"]
    if form.validate_on_submit():
        try:
            changes = admin.update_user(db.session, user, by=current_user, full_name=form.full_name.data,
                                        unit=row(Unit, form.unit.data), email=form.email.data or "",
                                        phone=form.phone.data or "")
            return done(_("Đã lưu thông tin tài khoản.") if changes else _("Không có thay đổi nào."), "admin.user",
                        user_id=user.id)
        except DomainError as error:
            refusal_beside_field(form, error)
    return _page(user, edit=form)


@bp.post("/users/<int:user_id>/roles")
@role_required(Role.ADMIN)
def grant(user_id: int):
    user, form = get_or_404(User, user_id), _forms()["grant"]
    if form.validate_on_submit():
        try:
            admin.grant_role(db.session, user, by=current_user, role=form.role.data, unit=row(Unit, form.unit.data),
                             authority=row(Authority, form.authority.data))
            return done(_("Đã cấp vai trò."), "admin.user", user_id=user.id)
        except DomainError as error:
            refusal_beside_field(form, error)
    return _page(user, grant=form)


@bp.route("/roles/<int:grant_id>/revoke", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def revoke(grant_id: int):
    role_grant, form = get_or_404(RoleGrant, grant_id), ConfirmForm()
    user = role_grant.user
    if form.validate_on_submit():
        admin.revoke_role(db.session, role_grant, by=current_user)
        return done(_("Đã thu hồi vai trò."), "admin.user", user_id=user.id)
    return render_template("admin/revoke_confirm.html", grant=role_grant, user=user, form=form)


@bp.post("/users/<int:user_id>/password")
@role_required(Role.ADMIN)
def password(user_id: int):
    user, form = get_or_404(User, user_id), _forms()["password"]
    if form.validate_on_submit():
        try:
            admin.reset_password(db.session, user, by=current_user, password=form.password.data)
            return done(_("Đã đặt lại mật khẩu; các phiên đăng nhập cũ của tài khoản đã kết thúc."), "admin.user",
                        user_id=user.id)
        except DomainError as error:
            refusal_beside_field(form, error)
    return _page(user, password=form)


@bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def deactivate(user_id: int):
    user, form = get_or_404(User, user_id), ConfirmForm()
    if form.validate_on_submit():
        admin.deactivate_user(db.session, user, by=current_user)
        return done(_("Đã khóa tài khoản «%(name)s»; mọi phiên đăng nhập đã kết thúc.", name=user.username),
                    "admin.user",
                    user_id=user.id)
    return render_template("admin/deactivate_confirm.html", user=user, form=form)


@bp.post("/users/<int:user_id>/reactivate")
@role_required(Role.ADMIN)
def reactivate(user_id: int):
    user, form = get_or_404(User, user_id), ConfirmForm()
    if form.validate_on_submit():
        admin.reactivate_user(db.session, user, by=current_user)
        return done(_("Đã mở khóa tài khoản «%(name)s».", name=user.username), "admin.user", user_id=user.id)
    return _page(user)


def _forms(user: User | None = None) -> dict:
    """The detail page's forms; on GET prefilled from the account, on POST read from the request."""
    edit = UserForm(full_name=user.full_name, unit=user.unit_id, email=user.email or "",
                    phone=user.phone or "") if user else UserForm()
    edit.unit.choices = unit_choices()
    grant_form = GrantForm()
    grant_form.unit.choices = unit_choices(blank=_("— Chọn đơn vị —"))
    grant_form.authority.choices = authority_choices(blank=_("— Chọn cấp có thẩm quyền —"))
    return {"edit": edit, "grant": grant_form, "password": PasswordForm(), "confirm": ConfirmForm()}


def _page(user: User, **submitted):
    """The account page; a form that failed keeps its values and errors."""
    forms = _forms(user) | submitted
    for form in submitted.values():
        form_errors(form)
    return render_template("admin/user.html", user=user, forms=forms)
