"""Webhooks to integration clients (issue 18): when a nomination changes state, each active client of its
proposing unit that gave a webhook address gets a delivery, written in the transaction of the change (so a change
rolled back tells nobody) with its job, which sends it after the commit and retries with backoff
(workflow/jobs/runner.py). `send` is that job's work: sign, POST, record the outcome. Never imports flask."""
import json
import time
import urllib.error
import urllib.request
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ApiClient, DeliveryState, JobKind, Nomination, WebhookDelivery
from ..rules.api import SIGNATURE_HEADER, sign
from ..rules.states import Action, State
from . import clock, jobs

EVENT = "nomination.status_changed"
USER_AGENT = "Vinhdanh-Webhook/1"


class DeliveryRefused(Exception):
    """The receiver did not acknowledge (no 2xx, or unreachable): the job retries later."""


def status_changed(session: Session, nomination: Nomination, *, action: Action, source: State, target: State,
                   reason: str | None = None, now: datetime | None = None) -> list[WebhookDelivery]:
    """A delivery (and its job) for every client of the nomination's unit that listens."""
    clients = session.scalars(select(ApiClient).where(
        ApiClient.unit_id == nomination.proposing_unit_id, ApiClient.webhook_url.is_not(None),
        ApiClient.revoked_at.is_(None)).order_by(ApiClient.id)).all()
    at = now or clock.now()
    made = []
    for client in clients:
        delivery = WebhookDelivery(client=client, event=EVENT, payload="{}", created_at=at)
        session.add(delivery)
        session.flush()
        delivery.payload = json.dumps({
            "id": delivery.id, "event": EVENT, "occurred_at": at.replace(microsecond=0).isoformat() + "Z",
            "data": {"proposal_id": nomination.proposal_id, "nomination_id": nomination.id, "action": str(action),
                     "from_state": str(source), "to_state": str(target), "reason": reason}}, ensure_ascii=False)
        jobs.queue(session, JobKind.DELIVER_WEBHOOK, delivery.id, by=None, now=now)
        made.append(delivery)
    return made


def send(session: Session, delivery: WebhookDelivery, *, timeout: float, max_attempts: int) -> None:
    """One attempt: POST the signed payload; delivered on a 2xx, else DeliveryRefused (after recording the
    attempt, which the caller commits). A delivery already made, or whose client was revoked, is left alone."""
    client = delivery.client
    if delivery.state != DeliveryState.PENDING or not client.active or not client.webhook_url:
        return
    delivery.attempts += 1
    body = delivery.payload.encode()
    status, error = _post(client.webhook_url, body, sign(client.webhook_secret, int(time.time()), body), timeout)
    delivery.last_status, delivery.last_error = status, error
    if status is not None and 200 <= status < 300:
        delivery.state, delivery.delivered_at = DeliveryState.DELIVERED, clock.now()
        return
    if delivery.attempts >= max_attempts:
        delivery.state = DeliveryState.FAILED
    raise DeliveryRefused(error or f"HTTP {status}")


def _post(url: str, body: bytes, signature: str, timeout: float) -> tuple[int | None, str | None]:
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", SIGNATURE_HEADER: signature, "User-Agent": USER_AGENT})
    try:
        # the address is the administrator's (http or https, checked when the client was issued)
        with urllib.request.urlopen(request, timeout=timeout) as response:  # nosec B310
            return response.status, None
    except urllib.error.HTTPError as refused:
        return refused.code, f"HTTP {refused.code}"
    except (urllib.error.URLError, OSError, ValueError) as failure:
        return None, str(failure)[:300]
