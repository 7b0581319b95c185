"""Error handlers registered once: domain refusals become friendly pages, never stack traces."""
from urllib.parse import urlsplit

from flask import Flask, make_response, render_template, request
from flask_babel import gettext

from .extensions import db
from .problems import is_api_request, problem
from .rules.i18n import N_
from .rules.errors import Conflict, DomainError, InvalidTransition, NotAllowed, ValidationFailed

STATUS = {NotAllowed: 403, Conflict: 409, InvalidTransition: 400, ValidationFailed: 400}
TITLES = {400: N_("Yêu cầu không hợp lệ"), 403: N_("Không có quyền truy cập"), 404: N_("Không tìm thấy trang"),
          405: N_("Phương thức không được hỗ trợ"), 409: N_("Hồ sơ đã có người xử lý trước"),
          413: N_("Tệp quá lớn"), 429: N_("Quá nhiều yêu cầu"), 500: N_("Lỗi hệ thống")}
MESSAGES = {404: N_("Trang hoặc hồ sơ bạn tìm không tồn tại, hoặc bạn không có quyền xem."),
            405: N_("Thao tác này không được hỗ trợ tại địa chỉ này."),
            413: N_("Tệp tải lên vượt quá dung lượng cho phép."),
            429: N_("Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút."),
            500: N_("Đã có lỗi xảy ra. Dữ liệu của bạn chưa bị thay đổi; vui lòng thử lại sau."),
            400: N_("Yêu cầu không hợp lệ."), 403: N_("Bạn không có quyền thực hiện thao tác này.")}


def render_error(status: int, message: str | None = None):
    """Translated here, not in the template: a domain message may carry a user's text, which the template's
    `_()` would mark safe and %-format. Under /api/ the same answer as problem+json (a route that does not match,
    a rate limit, a server error)."""
    if is_api_request():
        return problem(status, message)
    default = MESSAGES.get(status)
    return render_template("errors/error.html", status=status, title=gettext(TITLES.get(status, N_("Lỗi"))),
                           message=message or (gettext(default) if default else ""),
                           back=_same_site_referrer()), status


def _same_site_referrer() -> str | None:
    """The page the user came from, to go back and reload it (after a 409 above all); never another site."""
    referrer = urlsplit(request.referrer or "")
    if not referrer.path or (referrer.netloc and referrer.netloc != request.host):
        return None
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")


def http_error(error, status: int):
    """A refusal of the HTTP layer; a 405 says which methods the address takes (Allow, RFC 9110)."""
    response = make_response(render_error(status))
    if getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        return render_error(STATUS.get(type(error), 400), error.message)

    for status in (400, 403, 404, 405, 413, 429):
        app.register_error_handler(status, lambda e, status=status: http_error(e, status))

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return render_error(500)
