"""Our public address: the one answer to "at which address do people reach us now?", for every absolute link —
the QR code and verification link of a certificate, the signed PDFs, the Atom feed, the open data.

In order: PUBLIC_BASE_URL when it is configured; during a request, the address the request came in on (its
scheme, host and path prefix, as ProxyFix took them from the trusted proxies' X-Forwarded-* headers); outside a
request (commands, background work started without one), SERVER_NAME with PREFERRED_URL_SCHEME and
APPLICATION_ROOT; else http://127.0.0.1:5000, where `flask run` serves. Imports nothing from views or services.
"""
import logging
from typing import NamedTuple
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, has_request_context, request, url_for
from flask_babel import gettext
from werkzeug.exceptions import SecurityError

from .rules.i18n import N_

FALLBACK = "http://127.0.0.1:5000"
UNTRUSTED_HOST = N_("Trang web không phục vụ địa chỉ máy chủ (Host) mà yêu cầu này gửi tới.")
log = logging.getLogger(__name__)


class PublicBase(NamedTuple):
    url: str      # scheme://host[:port][/prefix], without a trailing slash
    source: str   # "PUBLIC_BASE_URL", "request", "SERVER_NAME" or "default"


def public_base(app: Flask | None = None) -> PublicBase:
    app = app or current_app
    configured = (app.config.get("PUBLIC_BASE_URL") or "").strip()
    if configured:
        return PublicBase(configured.rstrip("/"), "PUBLIC_BASE_URL")
    if has_request_context():
        return PublicBase(request.url_root.rstrip("/"), "request")
    if app.config.get("SERVER_NAME"):
        scheme = app.config.get("PREFERRED_URL_SCHEME") or "http"
        prefix = (app.config.get("APPLICATION_ROOT") or "/").rstrip("/")
        return PublicBase(f"{scheme}://{app.config['SERVER_NAME']}{prefix}", "SERVER_NAME")
    return PublicBase(FALLBACK, "default")


def public_base_url(app: Flask | None = None) -> str:
    return public_base(app).url


def public_url_for(endpoint: str, **values) -> str:
    """The absolute address of one of our pages, at our public address."""
    if has_request_context():
        path, prefix = url_for(endpoint, **values), request.script_root
        path = path[len(prefix):] if prefix and path.startswith(prefix) else path
    else:
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    return public_base_url() + path


def described(base: PublicBase) -> str:
    """For the commands' output: which address, and where it came from."""
    origin = {"PUBLIC_BASE_URL": "PUBLIC_BASE_URL", "SERVER_NAME": "SERVER_NAME",
              "request": "địa chỉ của yêu cầu"}.get(base.source, "mặc định; đặt PUBLIC_BASE_URL để đổi")
    return f"{base.url} ({origin})"


def untrusted_host(error: SecurityError) -> Response:
    """A Host outside TRUSTED_HOSTS: plain text, since the error page's links would need the refused host."""
    return Response(gettext(UNTRUSTED_HOST), 400, mimetype="text/plain")


def init_app(app: Flask) -> None:
    app.add_template_global(public_url_for)
    app.register_error_handler(SecurityError, untrusted_host)
    if app.config.get("ENV_NAME") == "production" and not app.config.get("PUBLIC_BASE_URL"):
        log.warning("PUBLIC_BASE_URL is not set: certificates' QR codes will carry the address each request came "
                    "in on; set it to the public address (docs/DEPLOY.md)")


def log_origin(app: Flask | None = None) -> str:
    """The transparency log's origin, the first line of every checkpoint and the name of its key: LOG_ORIGIN, else
    our public address's host (and port) followed by /nhat-ky. Never the address a request came in on: the origin
    must not change from one checkpoint to the next (docs/transparency.md)."""
    app = app or current_app
    configured = (app.config.get("LOG_ORIGIN") or "").strip()
    if configured:
        return configured
    base = (app.config.get("PUBLIC_BASE_URL") or "").strip() or (
        f"http://{app.config['SERVER_NAME']}" if app.config.get("SERVER_NAME") else FALLBACK)
    return f"{urlsplit(base).netloc}/nhat-ky"
