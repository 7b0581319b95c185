"""Web fixtures: a test client that signs in through the real login form, CSRF on."""
import re

import pytest

from tests import factories

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(page: str) -> str:
    match = CSRF.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


class Browser:
    """A test client that reads the CSRF token from the page it posts from, as a browser would.

    The fixtures keep one app context open (so tests can query the database), and requests share it;
    Flask-WTF caches the CSRF token in `g`, so each request starts without it, as a real one would."""

    def __init__(self, client):
        self.client = client

    def get(self, url: str, **kw):
        _forget_csrf()
        return self.client.get(url, **kw)

    def post(self, url: str, data: dict | None = None, *, from_page: str | None = None, **kw):
        """POST with the CSRF token of `from_page` (default: the same URL fetched first)."""
        page = self.get(from_page or url).get_data(as_text=True)
        payload = {"csrf_token": csrf_token(page), **(data or {})}
        _forget_csrf()
        return self.client.post(url, data=payload, **kw)

    def login(self, username: str, password: str = factories.PASSWORD):
        response = self.post("/login", {"username": username, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response


def _forget_csrf() -> None:
    from flask import g
    g.pop("csrf_token", None)


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
