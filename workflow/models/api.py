"""Integration clients of the API (issue 18): who may call the write API with which token, every call they made,
and the webhooks that tell them a status changed. Tokens are kept only as their SHA-256 (rules.api)."""
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules.api import parse_scopes
from .base import Base, one_of, utcnow
from .units import Unit
from .users import User


class ApiClient(Base):
    """Ứng dụng kết nối: a system of a unit (the document-management system, a public-service portal) holding
    one bearer token. It acts through its own account (`account`), an officer of its unit that cannot sign in,
    so the services check and audit it exactly as a person of that unit."""

    __tablename__ = "api_client"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="named"),
        CheckConstraint("length(token_hash) = 64", name="token_hashed"),
        CheckConstraint("length(trim(scopes)) > 0", name="has_scopes"),
        CheckConstraint("(webhook_url IS NULL) = (webhook_secret IS NULL)", name="webhook_signed"),
        CheckConstraint("webhook_url IS NULL OR webhook_url LIKE 'http%'", name="webhook_http"),
        CheckConstraint("(revoked_at IS NULL) = (revoked_by_id IS NULL)", name="revocation_signed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), unique=True)
    scopes: Mapped[str] = mapped_column(String(200))                     # space-separated rules.api.Scope values
    token_prefix: Mapped[str] = mapped_column(String(10), unique=True)   # finds the row; shown in lists
    token_hash: Mapped[str] = mapped_column(String(64))
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    webhook_secret: Mapped[str | None] = mapped_column(String(64))      # signs the webhooks (the client keeps it)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    unit: Mapped[Unit] = relationship()
    account: Mapped[User] = relationship(foreign_keys=[account_id])

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def allows(self, scope: str) -> bool:
        return self.active and scope in parse_scopes(self.scopes)

    def __repr__(self) -> str:
        return f"<ApiClient {self.id} {self.name}>"


class ApiCall(Base):
    """Nhật ký gọi API: one row per call of a client, whatever its outcome (a refused call too)."""

    __tablename__ = "api_call"
    __table_args__ = (
        CheckConstraint("status >= 100 AND status < 600", name="status_http"),
        Index("ix_api_call_client_id_at", "client_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("api_client.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(300))
    status: Mapped[int]
    remote_addr: Mapped[str] = mapped_column(String(64), default="")


class DeliveryState(StrEnum):
    PENDING = "pending"       # queued or between attempts (the job's state says which)
    DELIVERED = "delivered"   # the receiver answered 2xx
    FAILED = "failed"         # given up after the job's attempts


class WebhookDelivery(Base):
    """One webhook to one client: the event's JSON as signed and sent, written in the transaction of the change it
    tells; a DELIVER_WEBHOOK job sends it after the commit and retries with backoff."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        one_of("state", DeliveryState),
        CheckConstraint("attempts >= 0", name="attempts_counted"),
        CheckConstraint("state <> 'delivered' OR delivered_at IS NOT NULL", name="delivered_dated"),
        Index("ix_webhook_delivery_client_id_id", "client_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("api_client.id"))
    event: Mapped[str] = mapped_column(String(60))
    payload: Mapped[str] = mapped_column(Text)            # the exact JSON body, signed at each attempt
    state: Mapped[str] = mapped_column(String(10), default=DeliveryState.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    last_status: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]

    client: Mapped[ApiClient] = relationship()


class ApiIdempotencyKey(Base):
    """Khóa chống gửi trùng: a client's `Idempotency-Key` on a write, with the answer it got, so a retry of the
    same request (after a timeout, a dropped connection) gets that answer again instead of a second proposal."""

    __tablename__ = "api_idempotency_key"
    __table_args__ = (
        CheckConstraint("length(key) BETWEEN 1 AND 255", name="key_length"),
        CheckConstraint("length(fingerprint) = 64", name="fingerprint_hashed"),
        CheckConstraint("status >= 200 AND status < 300", name="status_success"),
        UniqueConstraint("client_id", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("api_client.id"))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))   # SHA-256 of the method, path and body it came with
    status: Mapped[int]
    body: Mapped[str] = mapped_column(Text)                # the JSON answered, exactly
    location: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
