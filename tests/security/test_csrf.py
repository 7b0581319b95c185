"""CSRF (ASVS 5.0 §3.5.1): every route that accepts POST, taken from the url_map, refuses a request whose
token is missing, wrong, or another session's, with the 400 page that says to reload, and nothing is
written. The poster is a role the route is meant for, so what refuses is the token check and not a guard.
"""
import re

import pytest
from sqlalchemy import func, select
from werkzeug.routing import Rule

from workflow.extensions import db
from workflow.models import AuditEvent
from workflow.security import CSRF_MESSAGE

from .access import ROUTES, client_for, csrf_token_for, owner


def post_rules() -> dict[str, Rule]:
    """Every POST route of the pages. The integration API (api.*) takes no session at all, so no CSRF token
    either: a cookie-carrying POST there is refused with 401 (test_the_api_refuses_a_session_whatever_its_token)."""
    from workflow import create_app
    return {rule.endpoint: rule for rule in create_app("testing").url_map.iter_rules()
            if "POST" in rule.methods and not rule.endpoint.startswith("api.")}


POST_RULES = post_rules()


def url_of(endpoint: str, scene) -> str:
    """The matrix's URL, or the rule's own with every argument 1."""
    if endpoint in ROUTES:
        return ROUTES[endpoint][0].path(scene)
    rule = POST_RULES[endpoint]
    return re.sub(r"<(?:[^:>]+:)?[^>]+>", "1", rule.rule)


TOKENS = {"missing": None, "wrong": "ImRlYWRiZWVmIg.Zm9yZ2Vk.bm90LWEtcmVhbC1zaWduYXR1cmU",
          "another session's": "other"}


@pytest.mark.parametrize("token", list(TOKENS))
@pytest.mark.parametrize("endpoint", sorted(POST_RULES))
def test_a_post_without_a_valid_csrf_token_is_refused_and_writes_nothing(scene_app, scene, endpoint, token):
    role = owner(endpoint)
    client = client_for(scene_app, scene, role)
    client.get("/login")  # the session now holds a token of its own, which the request below does not carry
    data = {"version": "1", "reason": "Lý do", "body": "Nội dung", "username": "donvi.a",
            "password": "mat-khau-thu-nghiem"}
    if TOKENS[token] == "other":
        data["csrf_token"] = csrf_token_for(client_for(scene_app, scene, role))
    elif TOKENS[token]:
        data["csrf_token"] = TOKENS[token]
    before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    response = client.post(url_of(endpoint, scene), data=data)
    assert response.status_code == 400, f"{role} posting to {endpoint}"
    assert CSRF_MESSAGE in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_the_same_post_with_the_sessions_token_passes_the_check(scene_app, scene):
    """The control: the refusal above is the token's doing, not the form's."""
    client = client_for(scene_app, scene, "anonymous")
    response = client.post("/login", data={"csrf_token": csrf_token_for(client), "username": "donvi.a",
                                           "password": "mat-khau-thu-nghiem"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard")


@pytest.mark.parametrize("token", list(TOKENS) + ["the session's own"])
def test_the_api_refuses_a_session_whatever_its_token(scene_app, scene, token):
    """The write API is CSRF-exempt because it accepts only a bearer token: a signed-in browser's POST, with or
    without a valid CSRF token, is refused (401) and writes nothing."""
    client = client_for(scene_app, scene, "officer_a")
    data = {"campaign_id": "1"}
    if token == "the session's own":
        data["csrf_token"] = csrf_token_for(client)
    elif TOKENS[token]:
        data["csrf_token"] = TOKENS[token] if TOKENS[token] != "other" else csrf_token_for(
            client_for(scene_app, scene, "officer_a"))
    before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    for response in (client.post("/api/v1/proposals", data=data), client.post("/api/v1/proposals", json=data)):
        assert response.status_code == 401 and response.content_type == "application/problem+json"
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before
