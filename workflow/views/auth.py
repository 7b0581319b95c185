"""Signing in and out, the dashboard of what needs the user's action, and the language switch."""
from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db
from ..forms.auth import LoginForm
from ..forms.common import ActionForm
from ..services import inbox, users

bp = Blueprint("auth", __name__)

AREAS = (("unit_officer", "unit.index"), ("secretariat", "secretariat.index"),
         ("council_member", "council.index"), ("authority", "authority.index"), ("admin", "admin.index"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(db.session, form.username.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")) or url_for("auth.dashboard"))
        form.password.errors.append("Tên đăng nhập hoặc mật khẩu không đúng.")
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
