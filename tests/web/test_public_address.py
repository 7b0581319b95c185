"""Absolute links and the certificates' QR codes point at our public address (issue 13, point 8): PUBLIC_BASE_URL
when configured, else the address the request came in on, else (commands) SERVER_NAME or the stated default —
never a fixed 127.0.0.1:5000 on a site served elsewhere."""
import json

import pytest
from sqlalchemy import select

from tests import factories
from tests.unit.test_certificates import qr_codes
from tests.web.conftest import Browser, OwnContextClient
from tests.web.test_authority import _draft, _issue
from workflow.models import Decision

HOST = "https://vinhdanh.camau.gov.vn"
CONFIGURED = "https://thiduakhenthuong.camau.gov.vn"


class HostClient(OwnContextClient):
    """A browser that reached the site at HOST (over HTTPS: a POST then carries a same-site Referer)."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("base_url", HOST)
        kwargs.setdefault("headers", {"Referer": HOST + "/"})
        return super().open(*args, **kwargs)


@pytest.fixture
def visitor(app):
    app.test_client_class = HostClient
    return Browser(app.test_client())


@pytest.fixture
def decided(session, world, store):
    nomination = factories.awarded(session, world, store, name="Xã Vĩnh Hưng A")
    session.commit()
    return session.scalars(select(Decision)).one(), nomination


def test_the_feed_links_to_the_address_the_request_came_in_on(app, decided, visitor):
    decision, _ = decided
    feed = visitor.get("/feed.atom").get_data(as_text=True)
    assert f"<id>{HOST}/feed.atom</id>" in feed
    assert f'href="{HOST}/decisions/{decision.id}"' in feed
    assert "127.0.0.1" not in feed and "localhost" not in feed


def test_a_configured_public_address_wins_over_the_request(app, decided, visitor):
    app.config["PUBLIC_BASE_URL"] = CONFIGURED + "/"
    feed = visitor.get("/feed.atom").get_data(as_text=True)
    assert f"<id>{CONFIGURED}/feed.atom</id>" in feed and HOST not in feed


def test_open_data_links_follow_the_request_address(app, session, world, store, decided, signed_in, visitor):
    records = json.loads(visitor.get("/open-data/recognitions.json").get_data(as_text=True))
    assert records and all(r["url"].startswith(f"{HOST}/recognitions/") for r in records)
    assert all(r["verify_url"] is None or r["verify_url"].startswith(f"{HOST}/verify/") for r in records)


def _run_queued_jobs(app) -> None:
    """What the worker does: take each job id from the app's queue, claim the job and run it."""
    from workflow import jobs
    jobs.drain(app)


@pytest.mark.parametrize("inline", [True, False], ids=["signed-in-the-request", "signed-in-the-background"])
def test_a_certificate_issued_in_a_request_carries_that_address_in_its_qr_code(app, session, world, store, visitor,
                                                                               tmp_path, inline):
    app.config["SIGN_INLINE_MAX"] = 40 if inline else 0
    draft = _draft(session, world, store)
    visitor.login(world.chair.username)
    assert _issue(visitor, draft).status_code == 302
    _run_queued_jobs(app)
    session.expire_all()
    certificate = session.scalars(select(Decision)).one().lines[0].certificate
    pdf = visitor.get(f"/authority/certificates/{certificate.id}.pdf")
    assert pdf.status_code == 200
    assert addresses(qr_codes(pdf.data, tmp_path)) == [f"{HOST}/verify/{certificate.verify_code}"]


def test_a_command_says_which_address_its_qr_codes_carry(app, session, world, store, tmp_path):
    factories.awarded(session, world, store, name="Xã Long Thạnh")   # decided before any file was issued
    session.commit()
    result = app.test_cli_runner().invoke(args=["certificates", "issue-missing"])
    assert result.exit_code == 0, result.output
    assert "Mã QR trên bằng khen trỏ tới http://127.0.0.1:5000 (mặc định; đặt PUBLIC_BASE_URL để đổi)" in result.output
    certificate = session.scalars(select(Decision)).one().lines[0].certificate
    assert addresses(qr_codes(store.read(certificate.pdf_sha256), tmp_path)) == [
        f"http://127.0.0.1:5000/verify/{certificate.verify_code}"]


def addresses(texts: list[str]) -> list[str]:
    """The address each QR code opens: what comes before the signed statement in its fragment (issue 19)."""
    assert all(text.partition("#")[2].startswith("VD1:") for text in texts), texts
    return [text.partition("#")[0] for text in texts]


def test_outside_a_request_the_server_name_gives_the_address(app):
    from workflow.urls import public_base
    app.config.update(SERVER_NAME="vinhdanh.camau.gov.vn", PREFERRED_URL_SCHEME="https")
    assert public_base() == (HOST, "SERVER_NAME")
    app.config["PUBLIC_BASE_URL"] = CONFIGURED
    assert public_base() == (CONFIGURED, "PUBLIC_BASE_URL")
