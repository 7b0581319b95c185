"""What every response and every signed-in request gets, whatever the blueprint: the security headers, the
session's idle and absolute time limits, ids in URLs bounded to what the database holds, refused requests in
the security log, and a refused CSRF token answered with a page that says what to do. Registered once by
create_app; imports nothing from views or services. (Revocable sessions: login.py.)
"""
import logging
import time

from flask import Flask, current_app, request, session
from flask_babel import gettext
from flask_login import current_user, logout_user, user_logged_in
from flask_wtf.csrf import CSRFError
from werkzeug.routing import IntegerConverter

from .errors import render_error
from .rules.i18n import N_

# No inline script or style anywhere (templates load static/js/*.js), so the policy can forbid them: an
# injected <script> or onerror= does not run even if escaping ever failed.
CSP_DIRECTIVES = (
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "object-src 'none'",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
)
CONTENT_SECURITY_POLICY = "; ".join(CSP_DIRECTIVES)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # error pages read a same-site referrer to offer "back"; no other site gets it
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
HSTS = "max-age=31536000; includeSubDomains"
log = logging.getLogger("vinhdanh.security")

# A signed-in session ends after this long without a request, and in any case this long after signing in.
IDLE_SECONDS = 2 * 3600
ABSOLUTE_SECONDS = 12 * 3600
TOUCH_EVERY = 60  # seconds: refreshing "seen" at most once a minute keeps the cookie from changing on every click

CSRF_MESSAGE = N_("Biểu mẫu đã hết hạn hoặc không hợp lệ (thiếu mã bảo vệ CSRF). Vui lòng tải lại trang rồi "
                  "thực hiện lại thao tác.")


# Ids are 32-bit integers in PostgreSQL (and SQLite refuses anything past 64 bits): a larger <int:…> in a URL
# would reach the database and crash it, so such a URL matches no route and answers 404.
MAX_ID = 2**31 - 1


class DatabaseId(IntegerConverter):
    # werkzeug passes rule arguments such as <int(min=1):…> by these names
    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


def now() -> float:
    return time.time()


def init_app(app: Flask) -> None:
    """Before the blueprints: their <int:…> rules take the bounded converter when they are added."""
    app.url_map.converters["int"] = DatabaseId
    app.after_request(security_headers)
    app.after_request(log_refusals)
    app.before_request(expire_old_sessions)
    user_logged_in.connect(_mark_sign_in, app)

    @app.errorhandler(CSRFError)
    def csrf_refused(error: CSRFError):
        return render_error(400, gettext(CSRF_MESSAGE))


def security_headers(response):
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure or current_app.config.get("SESSION_COOKIE_SECURE"):  # served over HTTPS
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    # A signed-in page must not stay in a shared computer's cache after its user signs out.
    if "_user_id" in session and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def log_refusals(response):
    """Refused requests go to the security log (who, what, why) for whoever watches it: a forbidden page, a
    rate limit, a missing CSRF token. %r keeps a hostile path from forging log lines."""
    if response.status_code in (401, 403, 429) or (response.status_code == 400 and request.method == "POST"):
        who = session.get("_user_id", "").partition(":")[0] or "anonymous"
        log.warning("refused %s %r with %s for user %s from %s", request.method, request.path[:300],
                    response.status_code, who, request.remote_addr)
    return response


def _mark_sign_in(app: Flask, user, **extra) -> None:
    session["signed_in_at"] = session["seen_at"] = now()


def expire_old_sessions() -> None:
    """Sign out a session idle too long or signed in too long ago; the view then asks for the login."""
    if "_user_id" not in session:
        return
    moment = now()
    started, seen = session.get("signed_in_at"), session.get("seen_at")
    if (not isinstance(started, int | float) or not isinstance(seen, int | float)
            or moment - started > ABSOLUTE_SECONDS or moment - seen > IDLE_SECONDS):
        logout_user()
        for key in ("signed_in_at", "seen_at"):
            session.pop(key, None)
        return
    if moment - seen > TOUCH_EVERY and current_user.is_authenticated:
        session["seen_at"] = moment
