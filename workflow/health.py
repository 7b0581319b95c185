"""What a load balancer and an operator ask of a running server: /healthz (the process answers; touches
nothing) and /readyz (the database, the file store and, once plugged in, the job queue are reachable), served
before Flask's routing, so no sign-in, CSRF, rate limit, session cookie or TRUSTED_HOSTS check stands in the
way of a probe that sends the server's own address as Host. /metrics (workflow/metrics.py) is served the same
way. Imports nothing from views or services.

A readiness check is a named function of the app that raises, or returns False, when its dependency is not
usable; `init_app(app, queue=...)` adds the queue's check (workflow.jobs.reachable) under the name "queue".
"""
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import text

from .extensions import db

log = logging.getLogger("vinhdanh.health")

OPERATIONS_ROUTES = "operations_routes"
Respond = Callable[[dict], tuple[str, list[tuple[str, str]], bytes]]


@dataclass(frozen=True)
class Check:
    name: str
    probe: Callable[[Flask], bool | None]   # False or an exception: not ready


def database(app: Flask) -> bool:
    """A trivial query on a connection from the pool (pool_pre_ping replaces a dead one)."""
    return db.session.execute(text("SELECT 1")).scalar() == 1


def file_store(app: Flask) -> bool:
    """The local store's folder takes a new file: exists, writable, not full; the database store's table answers."""
    if app.config.get("FILE_STORE", "local") == "database":
        from .files import file_store as configured_store
        return configured_store(app).reachable()
    with tempfile.NamedTemporaryFile(dir=app.config["BLOB_DIR"], prefix=".readyz-") as probe:
        probe.write(b"ok")
        probe.flush()
        os.fsync(probe.fileno())
    return True


CHECKS = (Check("database", database), Check("files", file_store))


def init_app(app: Flask, queue: Callable[[Flask], bool] | None = None) -> None:
    checks = list(CHECKS) + ([Check("queue", queue)] if queue is not None else [])
    app.extensions["readiness_checks"] = checks
    route(app, "/healthz", lambda environ: _plain("200 OK", b"ok\n"))
    route(app, "/readyz", lambda environ: _ready(app))


def readiness(app: Flask) -> dict[str, bool]:
    """Each check's outcome by name, in order; a failing one is logged (with its error) and never raises."""
    outcome = {}
    with app.app_context():
        for check in app.extensions["readiness_checks"]:
            try:
                outcome[check.name] = check.probe(app) is not False
            except Exception:  # a check that fails in any way means "not ready", said by its name only
                log.exception("readiness check %s failed", check.name)
                outcome[check.name] = False
    return outcome


def _ready(app: Flask):
    outcome = readiness(app)
    failing = [name for name, ok in outcome.items() if not ok]
    body = {"status": "failing" if failing else "ok", "checks": {n: "ok" if ok else "failing" for n, ok in outcome.items()}}
    if failing:
        body["failing"] = failing
    status = "503 Service Unavailable" if failing else "200 OK"
    return status, [("Content-Type", "application/json"), ("Cache-Control", "no-store")], json.dumps(body).encode()


def _plain(status: str, body: bytes):
    return status, [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")], body


def route(app: Flask, path: str, respond: Respond) -> None:
    """Serve `path` (GET or HEAD) with `respond(environ)` ahead of the app; the middleware is installed once."""
    routes = app.extensions.get(OPERATIONS_ROUTES)
    if routes is None:
        routes = app.extensions[OPERATIONS_ROUTES] = {}
        app.wsgi_app = OperationsRoutes(app.wsgi_app, routes)
    routes[path] = respond


class OperationsRoutes:
    """WSGI middleware: the operations endpoints answer before the app sees the request."""

    def __init__(self, wsgi_app, routes: dict[str, Respond]):
        self.wsgi_app, self.routes = wsgi_app, routes

    def __call__(self, environ: dict, start_response) -> Iterable[bytes]:
        respond = self.routes.get(environ.get("PATH_INFO", ""))
        if respond is None or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self.wsgi_app(environ, start_response)
        status, headers, body = respond(environ)
        headers = headers + [("Content-Length", str(len(body))), ("X-Content-Type-Options", "nosniff")]
        start_response(status, headers)
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]
