"""Fixtures of the security tests.

`scene_app` is one app per module with the whole scene (tests/security/scene.py) already built, for the
route-wide tests that make hundreds of requests and change nothing that matters to the others (the access
matrix, CSRF). `client_as(role)` gives a test client signed in as that role's user, by writing the session
Flask-Login reads: logging in through the form hundreds of times would only test the login rate limit.

The function-scoped `app`, `world`, `browser` and `signed_in` fixtures work as in tests/web.
"""
import pytest

from tests.conftest import _reset_schema
from tests.web.conftest import Browser, OwnContextClient


@pytest.fixture(autouse=True)
def _own_context_per_request(request):
    """As in tests/web: each request in an app context of its own (Flask-Login's cached user must not leak)."""
    if "app" in request.fixturenames:
        request.getfixturevalue("app").test_client_class = OwnContextClient


@pytest.fixture
def browser(app):
    return Browser(app.test_client())


@pytest.fixture
def signed_in(app):
    def sign_in(user) -> Browser:
        b = Browser(app.test_client())
        b.login(user.username)
        return b
    return sign_in


@pytest.fixture(scope="module")
def scene_app(tmp_path_factory):
    from workflow import create_app
    from workflow.extensions import db
    from workflow.services import clock
    from workflow.files import file_store

    from . import scene

    blobs = tmp_path_factory.mktemp("blobs")
    app = create_app("testing", BLOB_DIR=str(blobs))
    app.test_client_class = OwnContextClient
    clock.advance(reset=True)
    with app.app_context():
        _reset_schema()
        built = scene.build(db.session, file_store(app))
        db.session.commit()
        app.extensions["security_scene"] = built
        yield app
        db.session.remove()
        _reset_schema(create=False)
    clock.advance(reset=True)


@pytest.fixture(scope="module")
def scene(scene_app):
    return scene_app.extensions["security_scene"]


@pytest.fixture
def client_as(scene_app, scene):
    from .access import client_for

    def make(role: str):
        return client_for(scene_app, scene, role)
    return make
