"""Web fixtures: a test client that signs in through the real login form, CSRF on."""
import re

import pytest
from flask.testing import FlaskClient

from tests import factories

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(page: str) -> str:
    match = CSRF.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


class OwnContextClient(FlaskClient):
    """Each request in an app context of its own, as in production. The app fixture holds one app context for
    the whole test and Flask keeps `g` on it, so Flask-Login's cached user and Flask-WTF's CSRF token would
    otherwise leak from one browser to the next."""

    def open(self, *args, **kwargs):
        from workflow.extensions import db
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()  # the test's own session now reads what the request committed
        return response


class Browser:
    """A test client that reads the CSRF token from the page it posts from, as a browser would."""

    def __init__(self, client):
        self.client = client

    def get(self, url: str, **kw):
        return self.client.get(url, **kw)

    def post(self, url: str, data: dict | None = None, *, from_page: str | None = None, **kw):
        """POST with the CSRF token of `from_page` (default: the same URL fetched first)."""
        page = self.get(from_page or url).get_data(as_text=True)
        payload = {"csrf_token": csrf_token(page), **(data or {})}
        return self.client.post(url, data=payload, **kw)

    def login(self, username: str, password: str = factories.PASSWORD):
        response = self.post("/login", {"username": username, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response


@pytest.fixture(autouse=True)
def _own_context_per_request(app):
    app.test_client_class = OwnContextClient


@pytest.fixture
def browser(app):
    return Browser(app.test_client())


@pytest.fixture
def signed_in(app):
    """signed_in(user) -> a Browser signed in as that user."""
    def sign_in(user) -> Browser:
        b = Browser(app.test_client())
        b.login(user.username)
        return b
    return sign_in
