"""Webhooks to an integration client: a status change of its unit's nomination is delivered, signed with
HMAC-SHA256 and a timestamp, to a real HTTP server the test starts; a refused delivery is retried by the job queue
after its pause; a change rolled back tells nobody; a revoked client is told nothing."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.web.test_api import bearer, proposal_body
from workflow import jobs
from workflow.models import DeliveryState, Job, JobKind, JobState, WebhookDelivery
from workflow.rules.api import SIGNATURE_HEADER, signature_valid
from workflow.services import api_clients, clock, nominations


class Receiver:
    """A local HTTP server answering each POST with the next status of `answers` (200 once they run out)."""

    def __init__(self, answers: list[int]):
        self.answers, self.received = list(answers), []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # http.server's name for the POST handler
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.answers.pop(0) if receiver.answers else 200)
                self.end_headers()

            def log_message(self, *args):
                return None

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/vinhdanh-hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def start(answers=()):
        made.append(Receiver(list(answers)))
        return made[-1]
    yield start
    for each in made:
        each.close()


def listening(session, world, url: str):
    issued = api_clients.issue(session, by=world.admin, name="Cổng dịch vụ công", unit=world.district_a,
                               scopes=["proposals:read", "proposals:write"], webhook_url=url)
    session.commit()
    return issued


def test_a_status_change_is_delivered_signed_and_retried_after_a_refusal(app, session, world, receiver):
    hook = receiver(answers=[500])
    issued = listening(session, world, hook.url)
    sent = app.test_client().post("/api/v1/proposals", json=proposal_body(world), headers=bearer(issued.token))
    assert sent.status_code == 201
    delivery = session.scalar(select(WebhookDelivery))
    assert delivery.state == DeliveryState.PENDING   # written with the change, sent after the commit

    jobs.drain(app)                                   # the first attempt: the receiver answers 500
    session.expire_all()
    job = session.scalar(select(Job).where(Job.kind == JobKind.DELIVER_WEBHOOK))
    assert (delivery.attempts, delivery.last_status, job.state) == (1, 500, JobState.QUEUED)
    assert job.next_attempt_at > clock.now()          # a pause before the next attempt

    clock.advance(1)
    jobs.sweep(app)                                   # what a worker's sweeper does once the pause is over
    jobs.drain(app)
    session.expire_all()
    assert (delivery.state, delivery.attempts, job.state) == (DeliveryState.DELIVERED, 2, JobState.DONE)

    assert len(hook.received) == 2
    headers, body = hook.received[-1]
    assert signature_valid(issued.webhook_secret, headers[SIGNATURE_HEADER], body, now=int(time.time()))
    assert not signature_valid("another-secret", headers[SIGNATURE_HEADER], body, now=int(time.time()))
    event = json.loads(body)
    assert event["event"] == "nomination.status_changed" and event["id"] == delivery.id
    assert event["data"] | {"nomination_id": None} == {
        "proposal_id": sent.get_json()["id"], "nomination_id": None, "action": "submit", "from_state": "draft",
        "to_state": "submitted", "reason": None}


def test_a_returned_nomination_tells_the_reason(app, session, world, store, receiver):
    hook = receiver()
    listening(session, world, hook.url)
    nomination = factories.submitted(session, world, store)
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Bổ sung biên bản bình xét.")
    session.commit()
    jobs.drain(app)
    events = [json.loads(body)["data"] for _headers, body in hook.received]
    assert [(e["to_state"], e["reason"]) for e in events] == [("submitted", None),
                                                              ("returned", "Bổ sung biên bản bình xét.")]


def test_a_change_rolled_back_tells_nobody(app, session, world, store, receiver):
    listening(session, world, receiver().url)
    nomination = factories.make_nomination(session, world, store)
    session.commit()
    nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0
    assert session.scalar(select(func.count()).select_from(Job)) == 0


def test_a_revoked_client_and_another_unit_are_told_nothing(app, session, world, store, receiver):
    hook = receiver()
    issued = listening(session, world, hook.url)
    api_clients.revoke(session, issued.client, by=world.admin)
    api_clients.issue(session, by=world.admin, name="Huyện Hồng Dân", unit=world.district_b,
                      scopes=["proposals:read"], webhook_url=hook.url)
    factories.submitted(session, world, store)   # district A's
    session.commit()
    jobs.drain(app)
    assert hook.received == [] and session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0
