"""The durable record of work that runs after a request (the outbox): signing a decision's files, a print
batch, later mail and webhooks. The row is written in the same transaction as the action that needs it, so
no committed action can lose its work; the queue (Huey) only carries the row's id to a worker, and a sweeper
puts back what a queue lost or a killed worker left (workflow/jobs)."""
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, one_of, utcnow
from .users import User


class JobKind(StrEnum):
    ISSUE_DECISION = "issue_decision"   # sign and store a decision's missing files, in small batches
    PRINT = "print"                     # a print batch (PrintJob), rendered in chunks
    SEND_MAIL = "send_mail"             # the notifications' outbox: every e-mail due (subject: the first one)
    DELIVER_WEBHOOK = "deliver_webhook"  # a signed webhook to an API client (WebhookDelivery), retried with backoff
    CHECKPOINT = "checkpoint"            # sign the transparency log's checkpoint (subject: the tree size it saw)


class JobState(StrEnum):
    QUEUED = "queued"     # waiting for a worker (new, or a retry after `next_attempt_at`)
    RUNNING = "running"   # claimed by `worker`, which reports at `heartbeat_at`
    DONE = "done"
    FAILED = "failed"     # retrying cannot fix it (disk full, signing key missing): `error` says why


class Job(Base):
    """Việc chạy nền: one unit of background work on one subject (a decision, a print job)."""

    __tablename__ = "job"
    __table_args__ = (
        one_of("kind", JobKind),
        one_of("state", JobState),
        CheckConstraint("attempts >= 0", name="attempts_counted"),
        CheckConstraint("state <> 'running' OR (worker IS NOT NULL AND heartbeat_at IS NOT NULL)",
                        name="running_has_worker"),
        Index("ix_job_state_next_attempt_at", "state", "next_attempt_at"),
        Index("ix_job_kind_subject_id", "kind", "subject_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int]                                   # the decision's or the print job's id, a tree size
    state: Mapped[str] = mapped_column(String(10), default=JobState.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    dispatched_at: Mapped[datetime | None]                    # last handed to the queue
    heartbeat_at: Mapped[datetime | None]                     # last report of the worker holding it
    worker: Mapped[str | None] = mapped_column(String(120))   # host:pid:thread of that worker
    error: Mapped[str | None] = mapped_column(Text)           # Vietnamese, for the pages
    base_url: Mapped[str] = mapped_column(String(300), default="")   # the address the QR codes carry
    # sha256 names (JSON list) a worker is about to store before committing its batch: what it leaves behind
    # if it dies there, removed by whoever runs the job next unless a row names them
    staged_files: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    requested_by: Mapped[User | None] = relationship()
