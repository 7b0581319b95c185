"""The server's log: one line per record, as JSON objects (LOG_FORMAT=json, for production's log collector) or
plain text (the default, for `make run`), each carrying the id of the request it belongs to. Every request
gets an id: the X-Request-ID the trusted proxy sent (TRUSTED_PROXY_COUNT > 0) when it is well-formed, else a
new one; the response returns it in X-Request-ID, so a user's report and the proxy's log lead to the lines.
Imports nothing from views or services.
"""
import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

HEADER = "X-Request-ID"
# what proxies send (nginx's $request_id: 32 hex digits; UUIDs; AWS "Root=1-…"): no spaces, quotes or controls
WELL_FORMED = re.compile(r"[A-Za-z0-9._:=+/-]{8,128}")
HANDLER_NAME = "vinhdanh"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
access = logging.getLogger("vinhdanh.access")


def init_app(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, _assign_id)
    app.after_request(_return_id)
    configure(app.config.get("LOG_FORMAT", "text"), app.config.get("LOG_LEVEL"))


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


def _assign_id() -> None:
    given = request.headers.get(HEADER, "")
    trusted = request.environ.get("werkzeug.proxy_fix.orig") is not None   # ProxyFix runs: behind our proxy
    g.request_id = given if trusted and WELL_FORMED.fullmatch(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _return_id(response):
    if "request_id" in g:
        response.headers[HEADER] = g.request_id
        elapsed = (time.perf_counter() - g.pop("request_started", time.perf_counter())) * 1000
        rule = request.url_rule.rule if request.url_rule is not None else "<unmatched>"
        access.info("%s %s %s %.1f ms", request.method, rule, response.status_code, elapsed,
                    extra={"method": request.method, "route": rule, "status": response.status_code,
                           "duration_ms": round(elapsed, 1)})
    return response


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id() or "-"
        return True


STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id, the record's extra
    fields, and the exception's traceback as one string (never split into lines a collector would separate)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
                 "level": record.levelname, "logger": record.name, "message": record.getMessage(),
                 "request_id": getattr(record, "request_id", "-")}
        entry |= {k: v for k, v in vars(record).items() if k not in STANDARD and not k.startswith("_")}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is now (gunicorn's, a test's capture), not the one at start."""

    def __init__(self):
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def configure(log_format: str, level: str | None) -> None:
    """One handler on the root logger, whatever number of apps the process makes (tests make many)."""
    root = logging.getLogger()
    handler = next((h for h in root.handlers if h.get_name() == HANDLER_NAME), None)
    if handler is None:
        handler = StderrHandler()
        handler.set_name(HANDLER_NAME)
        handler.addFilter(RequestIdFilter())
        root.addHandler(handler)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    if level:
        root.setLevel(level.upper())
