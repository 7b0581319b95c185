"""Shared fixtures. Services and web tests use a real database: in-memory SQLite by default,
PostgreSQL when TEST_DATABASE_URL is set (each test gets empty tables)."""
import pytest
from sqlalchemy import text

from workflow import create_app
from workflow.extensions import db
from workflow.services import clock
from workflow.services.blobs import BlobStore

from . import factories


@pytest.fixture
def app(tmp_path):
    app = create_app("testing", BLOB_DIR=str(tmp_path / "blobs"))
    with app.app_context():
        _reset_schema()
        yield app
        db.session.remove()
        _reset_schema(create=False)


def _reset_schema(create: bool = True) -> None:
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    else:
        db.drop_all()
    if create:
        db.create_all()


@pytest.fixture
def session(app):
    return db.session


@pytest.fixture
def store(app):
    return BlobStore(app.config["BLOB_DIR"])


@pytest.fixture
def world(session):
    world = factories.make_world(session)
    session.commit()
    return world


@pytest.fixture(autouse=True)
def _reset_clock():
    clock.advance(reset=True)
    yield
    clock.advance(reset=True)
