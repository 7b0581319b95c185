"""Units of the administrative tree, issuing authorities and their signers."""
from datetime import date
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ..rules import in_force
from ..rules.numbering import NumberingMode
from .base import Base, EnumText, one_of


class UnitKind(StrEnum):
    PROVINCE = "province"
    CITY = "city"          # thành phố thuộc tỉnh
    TOWN = "town"          # thị xã
    DISTRICT = "district"  # huyện
    COMMUNE = "commune"    # xã
    WARD = "ward"          # phường
    TOWNSHIP = "township"  # thị trấn
    DEPARTMENT = "department"      # sở, ban, ngành
    ORGANISATION = "organisation"  # đoàn thể, doanh nghiệp, trường học…


class Unit(Base):
    """Đơn vị: a node of the administrative tree, effective-dated because units merge and end."""

    __tablename__ = "unit"
    __table_args__ = (
        one_of("kind", UnitKind),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_period"),
        CheckConstraint("headcount IS NULL OR headcount > 0", name="headcount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    valid_from: Mapped[date] = mapped_column(default=date(1900, 1, 1))
    valid_to: Mapped[date | None]
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    # staff or residents, for awards per 1,000 head (rules.red_flags, services.distribution); None = unknown
    headcount: Mapped[int | None]

    parent: Mapped["Unit | None"] = relationship(remote_side=[id], foreign_keys=[parent_id])
    successor: Mapped["Unit | None"] = relationship(remote_side=[id], foreign_keys=[successor_id])
    # the dated history of the parent; `parent_id` above is the parent in force now (the open-ended period),
    # kept by services.admin.units.set_parent together with these rows
    parent_periods: Mapped[list["UnitParent"]] = relationship(
        back_populates="unit", foreign_keys="UnitParent.unit_id", order_by="UnitParent.valid_from",
        cascade="all, delete-orphan")

    def is_valid_on(self, on: date) -> bool:
        return in_force.is_in_force(self, on)

    def as_of(self, on: date) -> "Unit | None":
        """The unit that stands for this one on `on`: itself while in force, else its successor's chain.
        None when it did not exist yet or ended without a successor."""
        return in_force.standing_for(self, on)

    def ancestors(self) -> list["Unit"]:
        """The chain of parents in force now (the administrative tree as it stands)."""
        chain, unit = [], self.parent
        while unit is not None and unit not in chain:
            chain.append(unit)
            unit = unit.parent
        return chain

    def parent_on(self, on: date) -> "Unit | None":
        """The parent on `on`: the dated period covering the day; a unit without dated periods has its one
        parent on every day (data made before parents were dated, or a unit that never moved)."""
        if not self.parent_periods:
            return self.parent
        period = next((p for p in self.parent_periods if p.covers(on)), None)
        return period.parent if period else None

    def ancestors_on(self, on: date) -> list["Unit"]:
        """The chain of parents on `on` (e.g. a commune's district before 01/07/2025, its province after)."""
        chain, unit = [], self.parent_on(on)
        while unit is not None and unit not in chain:
            chain.append(unit)
            unit = unit.parent_on(on)
        return chain

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.name}>"


class UnitParent(Base):
    """Đơn vị cấp trên theo thời gian: which unit was this unit's parent from when to when. Periods of one unit
    do not overlap; the open-ended one (valid_to NULL) is the parent now, mirrored in `unit.parent_id`."""

    __tablename__ = "unit_parent"
    __table_args__ = (
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_period"),
        CheckConstraint("unit_id <> parent_id", name="not_self"),
        UniqueConstraint("unit_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    valid_from: Mapped[date] = mapped_column(default=date(1900, 1, 1))
    valid_to: Mapped[date | None]

    unit: Mapped[Unit] = relationship(back_populates="parent_periods", foreign_keys=[unit_id])
    parent: Mapped[Unit] = relationship(foreign_keys=[parent_id])

    def covers(self, on: date) -> bool:
        return in_force.is_in_force(self, on)


def parent_ids_on(session: Session, on: date) -> dict[int, int | None]:
    """Every unit's parent id on `on`, for screens that walk the whole tree (dashboards, register filters):
    the dated period covering the day, else the undated `parent_id`."""
    parents: dict[int, int | None] = dict(session.execute(select(Unit.id, Unit.parent_id)).all())
    dated: dict[int, int | None] = {}
    rows = session.execute(select(UnitParent.unit_id, UnitParent.parent_id, UnitParent.valid_from,
                                  UnitParent.valid_to))
    for unit_id, parent_id, valid_from, valid_to in rows:
        dated.setdefault(unit_id, None)
        if in_force.Period(valid_from, valid_to).covers(on):
            dated[unit_id] = parent_id
    return parents | dated


def units_valid_on(session: Session, on: date) -> list[Unit]:
    query = select(Unit).where(Unit.valid_from <= on, (Unit.valid_to.is_(None)) | (Unit.valid_to >= on))
    return list(session.scalars(query.order_by(Unit.name)))


class Authority(Base):
    """Cấp có thẩm quyền: who issues awards, e.g. Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu; it has a
    council, a secretariat and signers, and numbers its decisions and golden book. Effective-dated like units:
    Bạc Liêu's chairman issues until 30/06/2025, Cà Mau's (the successor) from 01/07/2025."""

    __tablename__ = "authority"
    __table_args__ = (
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_period"),
        one_of("numbering_mode", NumberingMode),
        CheckConstraint("numbering_mode <> 'document_system' OR register_url IS NOT NULL", name="register_url_set"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)      # Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu
    issuer_title: Mapped[str] = mapped_column(String(200))           # CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU
    organ_name: Mapped[str] = mapped_column(String(200))             # ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU
    place_name: Mapped[str] = mapped_column(String(100))             # Bạc Liêu
    decision_suffix: Mapped[str] = mapped_column(String(40), default="QĐ-UBND")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    valid_from: Mapped[date] = mapped_column(default=date(1900, 1, 1), server_default="1900-01-01")
    valid_to: Mapped[date | None]
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("authority.id"))
    # who numbers its decisions (rules/numbering.py, docs/decision-numbers.md): the product, the clerical office's
    # register, or the document-management system at this address with the token in this environment variable
    numbering_mode: Mapped[NumberingMode] = mapped_column(EnumText(NumberingMode, 20), default=NumberingMode.SELF,
                                                          server_default=NumberingMode.SELF.value)
    register_url: Mapped[str | None] = mapped_column(String(300))
    register_token_env: Mapped[str | None] = mapped_column(String(60))

    unit: Mapped[Unit | None] = relationship()
    successor: Mapped["Authority | None"] = relationship(remote_side=[id])
    signers: Mapped[list["Signer"]] = relationship(back_populates="authority", order_by="Signer.id")

    def is_valid_on(self, on: date) -> bool:
        return in_force.is_in_force(self, on)

    def as_of(self, on: date) -> "Authority | None":
        """The authority that stands for this one on `on`: itself while in force, else its successor's chain."""
        return in_force.standing_for(self, on)

    def signers_on(self, on: date) -> list["Signer"]:
        """Who may sign for this authority on `on`: the one list the draft screen offers and issuing accepts."""
        return [s for s in self.signers if s.is_valid_on(on)]


class Signer(Base):
    """Người ký: a person who signs for the authority, with the signing form of Decree 30/2020
    ("CHỦ TỊCH", or "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH"), from when to when (valid_from/valid_to)."""

    __tablename__ = "signer"
    __table_args__ = (CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authority.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    signing_form: Mapped[str] = mapped_column(String(60), default="")  # "KT. CHỦ TỊCH" or ""
    title: Mapped[str] = mapped_column(String(120))                    # "CHỦ TỊCH" / "PHÓ CHỦ TỊCH"
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    active: Mapped[bool] = mapped_column(default=True)
    valid_from: Mapped[date] = mapped_column(default=date(1900, 1, 1), server_default="1900-01-01")
    valid_to: Mapped[date | None]

    authority: Mapped[Authority] = relationship(back_populates="signers")

    @property
    def name(self) -> str:
        return self.full_name

    def is_valid_on(self, on: date) -> bool:
        return self.active and in_force.is_in_force(self, on)
