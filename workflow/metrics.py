"""Prometheus metrics at /metrics (prometheus_client): each request's latency by route and its status, and,
when the job queue gives its figures, the queue's depth, its oldest waiting job's age and its failed jobs,
read from the queue at each scrape. Imports nothing from views or services.

The route label is the URL rule ("/campaigns/<int:campaign_id>"), never the path asked for, so ids and
probes add no series; a request no rule matched counts under "<unmatched>". Under gunicorn with several
workers, set PROMETHEUS_MULTIPROC_DIR to an empty folder before the server starts: every worker writes its
figures there and a scrape on any worker sums them (docs/OPERATIONS.md).

/metrics answers only the networks of METRICS_ALLOW (default: this machine) or a request carrying
`Authorization: Bearer <METRICS_TOKEN>`: the figures say what is busy and failing, not for the internet.
"""
import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Callable, Mapping

from flask import Flask, g, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from . import health
from .extensions import db

log = logging.getLogger("vinhdanh.metrics")
UNMATCHED = "<unmatched>"
# seconds: a page is expected in tens of milliseconds; a PDF or a report may take seconds
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUEST_SECONDS = Histogram("vinhdanh_http_request_duration_seconds", "Time to answer a request, by URL rule",
                            ["route", "method"], buckets=BUCKETS)
RESPONSES = Counter("vinhdanh_http_responses_total", "Responses by URL rule, method and status",
                    ["route", "method", "status"])

QueueStats = Callable[[object], Mapping[str, float | int | None]]   # session -> {depth, oldest_age_s, failed}


def init_app(app: Flask, queue_stats: QueueStats | None = None) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, _start)   # first: a refusing hook is timed too
    app.after_request(_observe)
    app.extensions["metrics_registry"] = _registry(app, queue_stats)
    allowed = [ipaddress.ip_network(n.strip(), strict=False) for n in app.config["METRICS_ALLOW"].split(",")
               if n.strip()]
    health.route(app, "/metrics", lambda environ: _scrape(app, environ, allowed))


def _start() -> None:
    g.metrics_started = time.perf_counter()


def _observe(response):
    started = g.pop("metrics_started", None)
    if started is not None:
        route = request.url_rule.rule if request.url_rule is not None else UNMATCHED
        REQUEST_SECONDS.labels(route, request.method).observe(time.perf_counter() - started)
        RESPONSES.labels(route, request.method, str(response.status_code)).inc()
    return response


def _registry(app: Flask, queue_stats: QueueStats | None) -> CollectorRegistry:
    """The process's own registry, or one that sums every worker's files in multiprocess mode; the queue's
    figures join it only when the queue gives them (no gauge that always says zero)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_Default())
    if queue_stats is not None:
        registry.register(QueueCollector(app, queue_stats))
    return registry


class _Default:
    """The process-wide registry's metrics (ours and the process's), inside a registry of this app's own."""

    def collect(self):
        return REGISTRY.collect()


class QueueCollector:
    """The job queue's figures, asked of the queue at each scrape (the same answer from any worker)."""

    def __init__(self, app: Flask, stats: QueueStats):
        self.app, self.stats = app, stats

    def collect(self):
        try:
            with self.app.app_context():
                figures = self.stats(db.session)
        except Exception:  # the queue's own trouble: the request figures are still worth scraping
            log.exception("job queue statistics unavailable")
            return
        yield GaugeMetricFamily("vinhdanh_jobs_queued", "Jobs waiting to run", value=figures["depth"])
        yield GaugeMetricFamily("vinhdanh_jobs_oldest_queued_age_seconds", "Age of the oldest job waiting (0: none)",
                                value=figures["oldest_age_s"] or 0)
        yield GaugeMetricFamily("vinhdanh_jobs_failed", "Jobs failed for good, awaiting a retry",
                                value=figures["failed"])


def allowed_by_address(remote: str, allowed: list) -> bool:
    try:
        address = ipaddress.ip_address(remote.partition("%")[0])
    except ValueError:
        return False
    return any(address in network for network in allowed if network.version == address.version)


def _token_matches(app: Flask, environ: dict) -> bool:
    token = app.config.get("METRICS_TOKEN") or ""
    given = environ.get("HTTP_AUTHORIZATION", "")
    return bool(token) and given.startswith("Bearer ") and hmac.compare_digest(given[7:].encode(), token.encode())


def _scrape(app: Flask, environ: dict, allowed: list):
    plain = [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")]
    if not (_token_matches(app, environ) or allowed_by_address(environ.get("REMOTE_ADDR", ""), allowed)):
        return "403 Forbidden", plain, b"forbidden\n"
    body = generate_latest(app.extensions["metrics_registry"])
    return "200 OK", [("Content-Type", CONTENT_TYPE_LATEST), ("Cache-Control", "no-store")], body
