"""Signing in and out, the dashboard of what needs the user's action, and the language switch."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, limiter
from ..forms.auth import LoginForm, PasswordChangeForm
from ..forms.common import ActionForm
from ..rules.errors import ValidationFailed
from ..services import inbox, users

bp = Blueprint("auth", __name__)

AREAS = (("unit_officer", "unit.index"), ("secretariat", "secretariat.index"),
         ("council_member", "council.index"), ("authority", "authority.index"), ("admin", "admin.index"))
# Only failures count: per address (one machine trying many accounts) and per account (many machines trying
# one), so a provincial office sharing one address is never locked out by its colleagues signing in.
LOGIN_FAILURES_PER_IP = "20 per minute;100 per hour"
LOGIN_FAILURES_PER_ACCOUNT = "5 per minute;20 per hour"


def _account_key() -> str:
    return "account:" + request.form.get("username", "").strip().lower()[:80]


def _user_key() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else "user:-"


def _failed(response) -> bool:
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_FAILURES_PER_IP, methods=["POST"], deduct_when=_failed)
@limiter.limit(LOGIN_FAILURES_PER_ACCOUNT, key_func=_account_key, methods=["POST"], deduct_when=_failed)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(db.session, form.username.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("auth.dashboard"))
        form.password.errors.append(gettext("Tên đăng nhập hoặc mật khẩu không đúng."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    """GET asks for confirmation; POST (with CSRF) ends the session for real by rotating the token."""
    form = ActionForm(version=0)
    if request.method == "POST" and current_user.is_authenticated and form.validate_on_submit():
        users.end_all_sessions(db.session, current_user._get_current_object())
        db.session.commit()
        logout_user()
        return redirect(url_for("auth.login"))
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return render_template("auth/logout.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@limiter.limit(LOGIN_FAILURES_PER_ACCOUNT, key_func=_user_key, methods=["POST"], deduct_when=_failed)
@login_required
def password():
    """Change one's own password; every other session of the account ends, this one continues."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        me = current_user._get_current_object()
        try:
            users.change_password(db.session, me, current=form.current.data, new=form.password.data)
        except ValidationFailed as refusal:
            db.session.rollback()
            form[refusal.field if refusal.field in ("current", "password") else "password"].errors.append(
                refusal.message)
        else:
            db.session.commit()
            login_user(me)  # the new token: this browser stays signed in
            flash(gettext("Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc."), "success")
            return redirect(url_for("auth.dashboard"))
    return render_template("auth/password.html", form=form, min_length=users.MIN_PASSWORD_LENGTH)


@bp.get("/dashboard")
@login_required
def dashboard():
    return render_template("auth/dashboard.html", tasks=inbox.tasks_for(db.session, current_user), areas=AREAS)


@bp.get("/lang/<code>")
def set_language(code: str):
    if code in ("vi", "en"):
        session["lang"] = code
    return redirect(_safe_next(request.args.get("next")) or url_for("public.index"))


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths: an open redirect would let a phishing link borrow our domain."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
