"""Staff accounts and their role grants; every grant carries its scope (a unit or an authority)."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules.permissions import Actor, Grant, Role
from .base import Base, one_of, utcnow
from .units import Authority, Unit


class User(Base):
    """Người dùng: a staff account. `unit_id` is the user's home unit, used for conflicts of interest."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    active: Mapped[bool] = mapped_column(default=True)
    # Rotated on logout / "sign out everywhere": a session is valid only while it carries the current token.
    session_token: Mapped[str] = mapped_column(String(64), default="")
    # issue 18: where notifications reach the user; the phone is kept for later SMS / Zalo adapters. Private.
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    daily_digest: Mapped[bool] = mapped_column(default=False, server_default=false())   # one summary mail a day instead of one per event
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit | None] = relationship()
    grants: Mapped[list["RoleGrant"]] = relationship(back_populates="user", cascade="all, delete-orphan")

    def actor(self) -> Actor:
        """The user as the pure permission rules see them."""
        return Actor(user_id=self.id, unit_id=self.unit_id, grants=frozenset(
            Grant(Role(g.role), g.unit_id, g.authority_id) for g in self.grants))

    def has_role(self, role: Role) -> bool:
        return any(g.role == role for g in self.grants)

    # Flask-Login's protocol, written out so the models need not import Flask.
    @property
    def is_active(self) -> bool:
        return self.active

    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class RoleGrant(Base):
    """Vai trò: one role of a user within one scope."""

    __tablename__ = "role_grant"
    __table_args__ = (
        one_of("role", Role),
        CheckConstraint("role != 'unit_officer' OR unit_id IS NOT NULL", name="officer_has_unit"),
        CheckConstraint("role NOT IN ('secretariat', 'council_member', 'authority') OR authority_id IS NOT NULL",
                        name="authority_role_has_authority"),
        UniqueConstraint("user_id", "role", "unit_id", "authority_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("authority.id"))

    user: Mapped[User] = relationship(back_populates="grants")
    unit: Mapped[Unit | None] = relationship()
    authority: Mapped[Authority | None] = relationship()
