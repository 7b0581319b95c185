"""Errors of the JSON API as problem details (RFC 9457, application/problem+json), with a Vietnamese `title`
and `detail`. Used by the API's own handlers and by the app's (errors.py) for an /api/ address that matches no
route, a rate limit or a server error. Imports nothing from views or services."""
from flask import Response, json, request
from flask_babel import gettext

from .rules.i18n import N_

PROBLEM_TYPE = "application/problem+json"
API_PREFIX = "/api/"
TITLES = {400: N_("Yêu cầu không hợp lệ"), 401: N_("Chưa xác thực"), 403: N_("Không có quyền"),
          404: N_("Không tìm thấy"), 405: N_("Phương thức không được hỗ trợ"), 406: N_("Định dạng không được hỗ trợ"),
          409: N_("Xung đột dữ liệu"), 413: N_("Dữ liệu gửi lên quá lớn"), 415: N_("Kiểu nội dung không được hỗ trợ"),
          422: N_("Dữ liệu không hợp lệ"), 429: N_("Quá nhiều yêu cầu"), 500: N_("Lỗi hệ thống")}
DETAILS = {400: N_("Yêu cầu không hợp lệ."), 401: N_("Cần gửi mã truy cập hợp lệ trong tiêu đề Authorization: Bearer."),
           403: N_("Mã truy cập không có quyền thực hiện thao tác này."),
           404: N_("Địa chỉ hoặc bản ghi bạn tìm không tồn tại."),
           405: N_("Địa chỉ này không hỗ trợ phương thức đã gửi."),
           406: N_("API chỉ trả về JSON."),
           409: N_("Bản ghi đã có người xử lý trước. Vui lòng đọc lại rồi thử lại."),
           413: N_("Dữ liệu gửi lên vượt quá dung lượng cho phép."),
           415: N_("API chỉ nhận nội dung JSON (Content-Type: application/json)."),
           422: N_("Dữ liệu gửi lên không hợp lệ."),
           429: N_("Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút."),
           500: N_("Đã có lỗi xảy ra. Dữ liệu chưa bị thay đổi; vui lòng thử lại sau.")}


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def problem(status: int, detail: str | None = None, *, title: str | None = None, **extra) -> Response:
    """A problem response; `detail` is already in the reader's language (a domain message, or gettext's)."""
    body = {"type": "about:blank", "title": title or gettext(TITLES.get(status, N_("Lỗi"))), "status": status,
            "detail": detail or gettext(DETAILS.get(status, N_("Yêu cầu không thực hiện được."))),
            "instance": request.path}
    body.update({key: value for key, value in extra.items() if value is not None})
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_TYPE)
    response.headers["Cache-Control"] = "no-store"
    return response
