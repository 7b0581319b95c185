"""The integration API under /api/v1 (issue 18): JSON for other systems. Public reads of what the public pages
show (through the same queries), and for integration clients with a bearer token: submitting proposals through
the services the web forms use, reading their status. docs/API.md and /api/v1/openapi.json describe it.

What every API response shares lives here: bearer-token authentication (never a browser session: a write without
a token is refused, so the API needs no CSRF token and opens no CSRF hole), the rate limits, one log row per call
of a client, ETags with If-None-Match, opaque keyset cursors and problem+json errors.
"""
from collections.abc import Callable
import json
from datetime import date, datetime
from decimal import Decimal
from functools import wraps
from typing import Any

from flask import Blueprint, Response, abort, current_app, g, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from ...extensions import csrf, db, limiter
from ...problems import problem
from ...rules.api import decode_cursor, encode_cursor, token_prefix
from ...rules.errors import Conflict, DomainError, NotAllowed, ValidationFailed
from ...services import api_clients, api_idempotency

bp = Blueprint("api", __name__)
csrf.exempt(bp)   # a write is accepted only with a bearer token (below), which a browser never sends by itself

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_ID = 2**31 - 1
DEFAULT_LIMIT, MAX_LIMIT = 50, 100
PUBLIC_MAX_AGE = 60
DOMAIN_STATUS = {NotAllowed: 403, Conflict: 409, ValidationFailed: 422}


def _rate_key() -> str:
    """A client's calls count together whatever address they come from; anyone else's by address."""
    prefix = token_prefix(_bearer() or "")
    return f"api-client:{prefix}" if prefix else f"api-ip:{get_remote_address()}"


def _rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT_CLIENT" if _bearer() else "API_RATE_LIMIT_PUBLIC"]


limiter.limit(_rate_limit, key_func=_rate_key)(bp)


def _bearer() -> str | None:
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


@bp.before_request
def authenticate():
    g.api_client = None
    if request.headers.get("Authorization"):
        client = api_clients.authenticate(db.session, _bearer() or "")
        if client is None:
            return problem(401, _("Mã truy cập không hợp lệ hoặc đã bị thu hồi."))
        g.api_client = client
    elif request.method not in SAFE_METHODS:
        return problem(401, _("API ghi dữ liệu chỉ nhận mã truy cập (Authorization: Bearer …); phiên đăng nhập "
                              "của trình duyệt không dùng được."))
    return None


@bp.before_request
def known_parameters():
    """A parameter the document does not name is refused, not ignored: a misspelt filter (`yaer=2024`) would
    otherwise answer the whole register as if it had been applied."""
    from .openapi import query_names
    unknown = sorted(set(request.args) - query_names(request.url_rule.rule if request.url_rule else "",
                                                     request.method))
    if unknown:
        return problem(400, _("Tham số không được hỗ trợ: %(names)s.", names=", ".join(repr(n) for n in unknown)))
    return None


@bp.after_request
def finish(response: Response) -> Response:
    """Conditional GETs, how long a response may be kept, and the client's call in its log."""
    response.headers["Vary"] = "Authorization, Accept-Language"
    if request.method in ("GET", "HEAD") and response.status_code == 200 and response.is_json:
        response.add_etag()
        response.make_conditional(request)
        response.headers.setdefault("Cache-Control", "private, no-store" if g.get("api_client")
                                    else f"public, max-age={PUBLIC_MAX_AGE}")
    client = g.get("api_client")
    if client is not None:
        _log_call(client.id, response.status_code)
    return response


def _log_call(client_id: int, status: int) -> None:
    try:
        api_clients.log_call(db.session, client_id, method=request.method, path=request.full_path.rstrip("?"),
                             status=status, remote_addr=request.remote_addr or "")
        db.session.commit()
    except Exception:  # the answer is already made: a failed log row must not turn it into a 500
        db.session.rollback()
        current_app.logger.exception("API call of client %s not logged", client_id)


@bp.errorhandler(DomainError)
def domain_error(error: DomainError):
    db.session.rollback()
    return problem(DOMAIN_STATUS.get(type(error), 400), error.message, field=error.field)


def http_error(error: HTTPException):
    db.session.rollback()
    detail = error.description if isinstance(error.description, str) and g.get("api_detail") else None
    response = problem(error.code or 500, detail)
    if getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


# by code as well: Flask looks up the app's handlers for a code before a blueprint's handler for a class
bp.register_error_handler(HTTPException, http_error)
for _code in (400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 429):
    bp.register_error_handler(_code, http_error)


def refuse(status: int, detail: str):
    """Stop with a problem whose detail is this (already translated) sentence."""
    g.api_detail = True
    abort(status, description=detail)


def require_scope(scope: str) -> Callable:
    """A client's token with this scope (401 without a token, 403 without the scope)."""
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            client = g.get("api_client")
            if client is None:
                refuse(401, _("Thao tác này cần mã truy cập của ứng dụng kết nối."))
            if not client.allows(scope):
                refuse(403, _("Mã truy cập không có phạm vi quyền «%(scope)s».", scope=scope))
            return view(*args, **kwargs)
        return wrapper
    return decorator


# --- retrying a write safely (Idempotency-Key) -----------------------------------------------------------------

def idempotent(view: Callable) -> Callable:
    """A write with an `Idempotency-Key` header (services/api_idempotency.py): a retry of the same request gets
    the first answer again (`Idempotent-Replayed: true`); the same key with another request is 422; a retry
    arriving while the first is still being done is 409. The view answers through `committed()`."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        g.idempotency = None
        header = request.headers.get("Idempotency-Key")
        if header is None:
            return view(*args, **kwargs)
        try:
            key = api_idempotency.checked_key(header)
        except ValidationFailed as refused:
            return problem(400, refused.message)
        print_ = api_idempotency.fingerprint(request.method, request.path, request.get_data())
        hours = current_app.config["API_IDEMPOTENCY_HOURS"]
        kept = api_idempotency.kept_answer(db.session, g.api_client, key, print_, hours=hours)
        if kept is None:
            g.idempotency = (key, print_)
            try:
                return view(*args, **kwargs)
            except IntegrityError:   # the same key committed by a request running at the same time
                db.session.rollback()
                kept = api_idempotency.kept_answer(db.session, g.api_client, key, print_, hours=hours)
                if kept is None:
                    raise
        db.session.commit()
        replayed = Response(kept.body, status=kept.status, mimetype="application/json")
        replayed.headers["Idempotent-Replayed"] = "true"
        if kept.location:
            replayed.headers["Location"] = kept.location
        return replayed
    return wrapper


def committed(response: Response) -> Response:
    """Commit the write, keeping its answer with the request's Idempotency-Key (if any) in the same transaction."""
    if g.get("idempotency"):
        key, print_ = g.idempotency
        api_idempotency.keep(db.session, g.api_client, key, print_, api_idempotency.Kept(
            response.status_code, response.get_data(as_text=True), response.headers.get("Location")))
    db.session.commit()
    return response


# --- reading the query string ---------------------------------------------------------------------------------

def arg_int(name: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """An integer parameter, None when absent; given but empty or out of range is refused (400)."""
    if name not in request.args:
        return None
    text = request.args[name].strip()
    if not text.isascii() or not text.isdigit() or not minimum <= int(text) <= maximum:
        refuse(400, _("Tham số «%(name)s» phải là số nguyên từ %(low)s đến %(high)s.", name=name, low=minimum,
                      high=maximum))
    return int(text)


def page_limit() -> int:
    return arg_int("limit", maximum=MAX_LIMIT) or DEFAULT_LIMIT


def cursor(*types: type) -> tuple | None:
    if "cursor" not in request.args:
        return None
    values = decode_cursor(request.args["cursor"], *types)
    if values is None:
        refuse(400, _("Con trỏ phân trang «cursor» không hợp lệ: hãy dùng đúng giá trị next_cursor đã nhận."))
    return values


def page(items: list, next_values: tuple | None) -> dict[str, Any]:
    return {"items": items, "next_cursor": encode_cursor(*next_values) if next_values else None}


def load_or_404(found: Any) -> Any:
    if found is None:
        refuse(404, _("Không tìm thấy bản ghi này."))
    return found


# --- JSON out ---------------------------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat() + ("Z" if value.tzinfo is None else "")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value).__name__)


def as_json(data: Any, status: int = 200, **headers: str) -> Response:
    """UTF-8 JSON as it is (Vietnamese unescaped), dates in ISO 8601 (times in UTC, with Z)."""
    body = json.dumps(data, ensure_ascii=False, default=_plain, sort_keys=False)
    response = Response(body, status=status, mimetype="application/json")
    response.headers.update(headers)
    return response


from . import docs, proposals, public  # noqa: F401  (their routes join bp)
