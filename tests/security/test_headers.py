"""Security headers on every response (ASVS 5.0 V3.4) and the templates that make a strict policy possible:
no inline script, no inline event handler, no inline style, nothing the Content-Security-Policy would have
to allow with 'unsafe-inline'."""
import re
from pathlib import Path

import pytest

from workflow.security import CONTENT_SECURITY_POLICY

from .access import client_for

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html")) + sorted((ROOT / "templates").rglob("*.xml"))
SCRIPTS = sorted((ROOT / "static" / "js").rglob("*.js"))


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def test_the_policy_allows_no_inline_script_no_framing_and_nothing_from_elsewhere():
    policy = directives(CONTENT_SECURITY_POLICY)
    assert policy["default-src"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    for values in policy.values():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"} & set(values)


@pytest.mark.parametrize("role, url", [
    ("anonymous", "/"), ("anonymous", "/login"), ("anonymous", "/no-such-page"), ("anonymous", "/recognitions"),
    ("anonymous", "/open-data/recognitions.json"), ("anonymous", "/feed.atom"), ("anonymous", "/static/css/site.css"),
    ("anonymous", "/attachments/{notice_public_file}"), ("officer_a", "/unit/attachments/{draft_a_private_file}"),
    ("officer_a", "/unit/"), ("officer_a", "/admin/"), ("secretariat", "/secretariat/comments/{comment}"),
    ("admin", "/admin/audit.csv"),
])
def test_every_kind_of_response_carries_the_security_headers(scene_app, scene, role, url):
    response = client_for(scene_app, scene, role).get(url.format(**vars(scene)))
    response.close()
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP: HSTS would be ignored anyway
    assert "Access-Control-Allow-Origin" not in response.headers  # no cross-origin reads of anything


def test_https_responses_ask_browsers_to_keep_to_https(scene_app):
    response = scene_app.test_client().get("/", base_url="https://vinhdanh.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_signed_in_pages_are_not_kept_in_the_browser_cache(scene_app, scene):
    response = client_for(scene_app, scene, "secretariat").get("/secretariat/")
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    assert "private" in client_for(scene_app, scene, "officer_a").get("/").headers["Cache-Control"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_no_template_has_inline_script_event_handlers_or_inline_style(template):
    source = template.read_text(encoding="utf-8")
    inline_scripts = [tag for tag in re.findall(r"<script\b[^>]*>", source, re.IGNORECASE) if "src=" not in tag]
    assert inline_scripts == [], "inline <script>: move it to static/js and load it with src="
    assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", source, re.IGNORECASE), "an on…= event handler attribute"
    assert not re.search(r"<[a-z][^>]*\sstyle\s*=", source, re.IGNORECASE), "a style= attribute (use static/css)"
    assert not re.search(r"<style\b", source, re.IGNORECASE), "a <style> block (use static/css)"
    assert "javascript:" not in source.lower()
    assert "|safe" not in source.replace(" ", ""), "|safe turns escaping off"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_build_no_html_from_strings(script):
    source = script.read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in source, sink


def test_pages_load_their_scripts_from_this_site_only(scene_app, scene):
    """The pages still work under the policy: every script they load is one of ours, and it is served."""
    client = client_for(scene_app, scene, "officer_a")
    page = client.get("/unit/nominations/new").get_data(as_text=True)
    sources = re.findall(r'<script[^>]*\ssrc="([^"]+)"', page)
    assert sources, "the nomination form loads its script"
    for src in sources:
        assert src.startswith("/static/js/")
        served = client.get(src)
        assert served.status_code == 200 and "javascript" in served.headers["Content-Type"]
        served.close()
