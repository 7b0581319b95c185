"""Vinh danh: the emulation-and-commendation workflow. create_app() reads like a table of contents."""
from pathlib import Path

from flask import Flask

from config import config_for

from .extensions import babel, csrf, db, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, **overrides) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"),
                instance_path=str(ROOT / "instance"))
    app.config.from_object(config_for(config_name))
    app.config.update(overrides)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app)
    login_manager.init_app(app)

    from . import auth, errors, templating
    auth.init_app(app)
    errors.init_app(app)
    templating.init_app(app)

    from .views import public
    app.register_blueprint(public.bp)

    from . import cli
    cli.init_app(app)
    return app
