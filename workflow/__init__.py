"""Vinh danh: the emulation-and-commendation workflow. create_app() reads like a table of contents."""
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import INSTANCE_DIR, config_for

from . import errors, health, identity, instance, login, logs, metrics, security, templating, urls
from .extensions import babel, cache, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, **overrides) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"),
                instance_path=str(INSTANCE_DIR))
    app.config.from_object(config_for(config_name))
    app.config.update(overrides)
    instance.prepare(app)  # owner-only folders and database file, before anything is written there

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=templating.select_locale)
    login_manager.init_app(app)
    limiter.init_app(app)
    cache.init_app(app)

    login.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    urls.init_app(app)  # the public address of absolute links
    identity.init_app(app)  # the agency on every page, the site's icon
    logs.init_app(app)  # a request id on every response and log line; JSON or text lines
    from . import jobs
    from .services import jobs as outbox
    health.init_app(app, queue=jobs.reachable)  # /healthz, /readyz (before routing: no sign-in, CSRF, rate limit)
    metrics.init_app(app, queue_stats=outbox.stats)  # /metrics for the networks of METRICS_ALLOW or a bearer token

    from .views import admin, auth, authority, campaigns, council, public, reports, secretariat, unit
    app.register_blueprint(public.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(unit.bp, url_prefix="/unit")
    app.register_blueprint(secretariat.bp, url_prefix="/secretariat")
    app.register_blueprint(council.bp, url_prefix="/council")
    app.register_blueprint(authority.bp, url_prefix="/authority")
    app.register_blueprint(admin.bp, url_prefix="/admin")
    app.register_blueprint(campaigns.bp, url_prefix="/campaigns")
    app.register_blueprint(reports.bp, url_prefix="/reports")
    from .views import after_issue  # issue 16: corrections, replacements, recoveries (URLs under both areas)
    app.register_blueprint(after_issue.bp)
    from .views import notifications  # issue 18: the inbox at /thong-bao, its unread count in the header
    notifications.init_app(app)
    from .views import api  # issue 18: the integration API (JSON, bearer tokens for clients, problem+json errors)
    app.register_blueprint(api.bp, url_prefix="/api/v1")

    from . import cli, files, jobs, press, testing_hooks
    cli.init_app(app)
    jobs.init_app(app)  # the job queue (Huey) and `flask jobs worker`
    files.init_app(app)  # the file store FILE_STORE names (refused at start when unknown), `flask files …`
    press.init_app(app)  # who signs (SIGNING_MODE); production refuses a self-signed signing key
    testing_hooks.init_app(app)  # only a testing app with TEST_HOOKS set gets these routes
    if app.config.get("TRUSTED_PROXY_COUNT"):
        # the client's address and scheme as the load balancer saw them (rate limits, secure cookies, /metrics'
        # networks): outermost, so the operations endpoints see them too
        hops = app.config["TRUSTED_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    return app
