"""The transparency log's checkpoints and what it says about one certificate (docs/transparency.md).

A checkpoint states the tree's size and root at one moment, signed with the log key; one per size. A certificate's
issue (decide, issue_pdf), corrections, replacement and revocation are public audit events, so leaves: the verify
page proves each against the latest checkpoint. The key and the origin come in from the caller (the app's
configuration: workflow/log_key.py). Never imports flask; never commits.
"""
import base64
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from certificates.public_keys import PublicKey, SigningKey, open_note, sign_note

from ..models import AuditEvent, Certificate, CertificateReissue, DecisionLine, LineCorrection, LogCheckpoint, User
from ..rules import merkle
from ..rules.errors import Conflict, ValidationFailed
from ..rules.states import Action
from ..rules.transparency_log import Checkpoint
from . import audit, clock, log_tree

# the public events that tell a certificate's story, in the order they can happen
CERTIFICATE_ACTIONS = (Action.DECIDE, Action.ISSUE_PDF, Action.CORRECT_DECISION, Action.REISSUE_CERTIFICATE,
                       Action.REVOKE)


@dataclass(frozen=True)
class LogSigner:
    key: SigningKey
    origin: str     # also the key's name in the signed note


def b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode()


# --- checkpoints ----------------------------------------------------------------------------------------------

def latest(session: Session) -> LogCheckpoint | None:
    return session.scalar(select(LogCheckpoint).order_by(LogCheckpoint.size.desc()).limit(1))


def at_size(session: Session, size: int) -> LogCheckpoint | None:
    return session.scalar(select(LogCheckpoint).where(LogCheckpoint.size == size))


def checkpoint(session: Session, signer: LogSigner, *, now: datetime | None = None) -> LogCheckpoint:
    """A signed checkpoint of the tree as it is now; the existing one when nothing was added since. Before
    signing, the tree must still agree with the latest checkpoint (its root at that size): a tree changed under
    a published checkpoint is refused, never signed into a fork."""
    size = log_tree.size(session)
    if size == 0:
        raise ValidationFailed("Nhật ký chưa có sự kiện công khai nào: chưa có gì để ký.")
    existing = at_size(session, size)
    if existing is not None:
        return existing
    previous = latest(session)
    if previous is not None and log_tree.root(session, previous.size) != previous.root:
        raise Conflict(f"Cây nhật ký không còn khớp với điểm kiểm chứng đã công bố ở kích thước {previous.size}: "
                       "không ký điểm kiểm chứng mới. Báo ngay cho quản trị hệ thống (flask audit verify).")
    stated = Checkpoint(signer.origin, size, log_tree.root(session, size), (now or clock.now()).replace(microsecond=0))
    made = LogCheckpoint(size=size, root=stated.root, signed_at=stated.time, origin=stated.origin,
                         note=sign_note(stated.text(), signer.origin, signer.key))
    try:
        with session.begin_nested():
            session.add(made)
    except IntegrityError:   # another process signed this size at the same moment: theirs stands
        return at_size(session, size)
    return made


def sign_on_demand(session: Session, signer: LogSigner, *, by: User | None,
                   now: datetime | None = None) -> LogCheckpoint:
    """The administrator's button and `flask transparency checkpoint`: a checkpoint now, recorded (an internal
    event, so not itself a leaf) by who asked; the latest one, unrecorded, when the log has not grown since."""
    fresh = at_size(session, log_tree.size(session)) is None
    made = checkpoint(session, signer, now=now)
    if not fresh:
        return made
    audit.record(session, by=by, actor_name=None if by else audit.SYSTEM_NAME, action=Action.SIGN_CHECKPOINT,
                 object_type="log_checkpoint", object_id=made.id, now=now,
                 changes={"size": made.size, "root": b64(made.root)})
    return made


def due(session: Session, *, every: timedelta, now: datetime | None = None) -> int | None:
    """The tree size a periodic checkpoint should sign now: the tree grew since the latest checkpoint, and that
    one is at least `every` old. None when nothing is due."""
    size, previous = log_tree.size(session), latest(session)
    if size == 0 or (previous is not None and previous.size >= size):
        return None
    if previous is not None and previous.signed_at > (now or clock.now()) - every:
        return None
    return size


def listing(*, size: int | None = None, day: date | None = None) -> Select:
    """Checkpoints newest first, optionally one size, or those signed on one (UTC) day."""
    query = select(LogCheckpoint).order_by(LogCheckpoint.size.desc())
    if size is not None:
        query = query.where(LogCheckpoint.size == size)
    if day is not None:
        start = datetime(day.year, day.month, day.day)
        query = query.where(LogCheckpoint.signed_at >= start)
        if day < date.max:
            query = query.where(LogCheckpoint.signed_at < start + timedelta(days=1))
    return query


def recent(session: Session, limit: int = 30) -> list[LogCheckpoint]:
    return list(session.scalars(select(LogCheckpoint).order_by(LogCheckpoint.size.desc()).limit(limit)))


# --- a certificate in the log ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class LoggedEvent:
    seq: int
    leaf_index: int
    action: str
    occurred_at: datetime


@dataclass(frozen=True)
class CertificateEvents:
    code: str
    nomination_id: int
    pdf_sha256: str | None
    events: list[LoggedEvent]


def _certificate(session: Session, code: str) -> Certificate | None:
    """The certificate a code names, including a code a replacement or a correction superseded."""
    found = session.scalar(select(Certificate).where(Certificate.verify_code == code))
    for model in (CertificateReissue, LineCorrection):
        if found is None:
            found = session.scalar(select(Certificate).join(model, model.certificate_id == Certificate.id)
                                   .where(model.old_code == code).limit(1))
    return found


def certificate_events(session: Session, code: str) -> CertificateEvents | None:
    """The leaves that tell this certificate's story: its award's public events of CERTIFICATE_ACTIONS."""
    certificate = _certificate(session, code)
    if certificate is None:
        return None
    nomination_id = session.scalar(select(DecisionLine.nomination_id).where(
        DecisionLine.id == certificate.decision_line_id))
    rows = session.execute(select(AuditEvent.seq, AuditEvent.leaf_index, AuditEvent.action, AuditEvent.occurred_at)
                           .where(AuditEvent.object_type == "nomination", AuditEvent.object_id == nomination_id,
                                  AuditEvent.action.in_([str(a) for a in CERTIFICATE_ACTIONS]),
                                  AuditEvent.leaf_index.is_not(None))
                           .order_by(AuditEvent.seq)).all()
    return CertificateEvents(code, nomination_id, certificate.pdf_sha256, [LoggedEvent(*row) for row in rows])


VERIFIED, PENDING, FAILED = "verified", "pending", "failed"


@dataclass(frozen=True)
class EventInLog:
    event: LoggedEvent
    status: str        # VERIFIED (proved against the checkpoint), PENDING (newer than it), FAILED


@dataclass(frozen=True)
class CertificateInLog:
    checkpoint: LogCheckpoint | None
    signature_ok: bool | None          # None: the log key is not configured here, so not checked
    entries: list[EventInLog] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.signature_ok is not False and all(e.status != FAILED for e in self.entries)


def certificate_in_log(session: Session, code: str, public_key: PublicKey | None) -> CertificateInLog | None:
    """The verify page's panel: each of the certificate's events proved, here on the server, to be in the tree
    the latest checkpoint signs, from the event's row as it reads now (so a row changed after the checkpoint
    fails), or marked as newer than that checkpoint."""
    found = certificate_events(session, code)
    if found is None:
        return None
    checkpoint_ = latest(session)
    if checkpoint_ is None:
        return CertificateInLog(None, None, [EventInLog(e, PENDING) for e in found.events])
    signature_ok = None if public_key is None else \
        open_note(checkpoint_.note, checkpoint_.origin, public_key) is not None
    return CertificateInLog(checkpoint_, signature_ok, [_proved(session, e, checkpoint_) for e in found.events])


def _proved(session: Session, event: LoggedEvent, checkpoint_: LogCheckpoint) -> EventInLog:
    if event.leaf_index >= checkpoint_.size:
        return EventInLog(event, PENDING)
    leaf = log_tree.leaf_of(session, event.leaf_index)
    proof = log_tree.inclusion(session, event.leaf_index, checkpoint_.size)
    ok = leaf is not None and merkle.verify_inclusion(event.leaf_index, checkpoint_.size,
                                                      merkle.leaf_hash(leaf.data), proof.hashes, checkpoint_.root)
    return EventInLog(event, VERIFIED if ok else FAILED)

