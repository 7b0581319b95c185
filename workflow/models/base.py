"""The declarative base: plain SQLAlchemy 2, no Flask, so services and the CLI share the models.

Constraint names follow one convention so Alembic migrations stay portable between SQLite and PostgreSQL.
"""
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Naive UTC: stored the same way by SQLite and PostgreSQL, so audit hashes round-trip exactly."""
    return datetime.now(UTC).replace(tzinfo=None)


def one_of(column: str, values: type[StrEnum], name: str | None = None) -> CheckConstraint:
    """A CHECK that `column` holds one of the enum's values: the DB refuses what the code would."""
    listed = ", ".join(f"'{v.value}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name or f"{column}_valid")


class EnumText(TypeDecorator):
    """A StrEnum stored as its text (VARCHAR, checked by `one_of`) and read back as the enum's member, so a model
    has one attribute for its state: the column, typed, never a string beside an enum property."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value, dialect):
        return None if value is None else str(self.enum(value))

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum(value)
