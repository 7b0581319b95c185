"""Retrying a write safely (issue 18's API): the client sends `Idempotency-Key: <its own unique value>` with a
POST; the first request is done and its answer kept with the key, in the same transaction; a retry with the same
key and the same request gets that answer again (nothing is done twice), and the same key with another request
is refused. Keys are the client's own (two clients may use the same value) and are forgotten after
API_IDEMPOTENCY_HOURS. The header follows the IETF draft "The Idempotency-Key HTTP Header Field"
(draft-ietf-httpapi-idempotency-key-header). Never imports flask; never commits."""
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import ApiClient, ApiIdempotencyKey
from ..rules.errors import ValidationFailed
from . import clock

MAX_LENGTH = 255


@dataclass(frozen=True)
class Kept:
    status: int
    body: str
    location: str | None


def checked_key(value: str) -> str:
    """The header's value, or ValidationFailed: 1–255 visible ASCII characters (a UUID is the usual choice)."""
    key = value.strip()
    if not key or len(key) > MAX_LENGTH or not all(33 <= ord(c) <= 126 for c in key):
        raise ValidationFailed("Idempotency-Key phải là 1–255 ký tự ASCII nhìn thấy được (thường là một UUID).",
                               field="Idempotency-Key")
    return key


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


def kept_answer(session: Session, client: ApiClient, key: str, print_: str, *, hours: int,
                now: datetime | None = None) -> Kept | None:
    """The answer kept for this key, if the same request already got one; Conflict if the key came with another
    request. A key older than `hours` is forgotten first."""
    oldest = (now or clock.now()) - timedelta(hours=hours)
    session.execute(delete(ApiIdempotencyKey).where(ApiIdempotencyKey.client_id == client.id,
                                                    ApiIdempotencyKey.created_at < oldest))
    row = session.scalar(select(ApiIdempotencyKey).where(ApiIdempotencyKey.client_id == client.id,
                                                         ApiIdempotencyKey.key == key))
    if row is None:
        return None
    if row.fingerprint != print_:
        raise ValidationFailed("Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới cho yêu cầu "
                               "mới.", field="Idempotency-Key")
    return Kept(row.status, row.body, row.location)


def keep(session: Session, client: ApiClient, key: str, print_: str, answer: Kept,
         now: datetime | None = None) -> None:
    """Keep the answer with the key, in the transaction of the write it answers (rolled back with it)."""
    session.add(ApiIdempotencyKey(client_id=client.id, key=key, fingerprint=print_, status=answer.status,
                                  body=answer.body, location=answer.location, created_at=now or clock.now()))
    session.flush()
