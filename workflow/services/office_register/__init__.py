"""Decision numbers whoever gives them (Decree 30/2020/NĐ-CP art. 15–16: one register per organisation, kept by its
clerical office, the sequence restarting every 1 January): the issuer's own counter, the number the clerical officer
copied from the office's register, or the document-management system's. Every numbered act (an award decision, a
correcting decision) takes its number here, unique per issuer and year; a number another document holds is refused,
naming that document. Never imports flask; never commits."""
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...models import Authority, Decision, IssuerCounter
from ...rules.errors import Conflict, ValidationFailed
from ...rules.numbering import DecisionNumber, NumberingMode, checked, next_free, parse_entered
from .document_system import DocumentSystem, DocumentSystemUnavailable, HttpDocumentSystem, NumberRequest

__all__ = ["NOTHING_ENTERED", "Assigned", "DocumentSystem", "DocumentSystemUnavailable", "HttpDocumentSystem", "NumberRequest",
           "NumberSource", "allocate", "assign", "claim", "holder_of", "preview", "source_changes", "system_for"]

NOT_CONNECTED = ("Cấp ban hành lấy số quyết định từ hệ thống quản lý văn bản nhưng chưa cấu hình kết nối (địa chỉ). "
                 "Quyết định chưa được ban hành; vui lòng báo quản trị hệ thống.")


@dataclass(frozen=True)
class NumberSource:
    """What the issuing screen brings: the number the clerical officer entered, and the document system's client
    (None unless the issuer takes its numbers from one). The issuer's setting decides which one counts."""

    entered: str | None = None
    system: DocumentSystem | None = None


NOTHING_ENTERED = NumberSource()   # the issuer's own counter needs nothing from the screen


@dataclass(frozen=True)
class Assigned:
    number: DecisionNumber
    source: NumberingMode


def assign(session: Session, authority: Authority, on: date, source: NumberSource, *, title: str) -> Assigned:
    """The number of the act `authority` issues on `on`, from where its setting says. Refused (nothing written,
    nothing counted) when it is missing or malformed, when the document system cannot give one, or when another
    document of this issuer already holds it this year."""
    mode, suffix = authority.numbering_mode, authority.decision_suffix
    if mode == NumberingMode.OFFICE_REGISTER:
        number = parse_entered(source.entered, suffix, on)
    elif mode == NumberingMode.DOCUMENT_SYSTEM:
        if source.system is None:
            raise ValidationFailed(NOT_CONNECTED)
        seq = source.system.take_number(NumberRequest(issuer=authority.organ_name, symbol=suffix, decision_date=on,
                                                      title=title))
        number = checked(seq, suffix, on)
    else:
        return Assigned(DecisionNumber(on.year, _own_number(session, authority, on.year), suffix), NumberingMode.SELF)
    holder = holder_of(session, authority.id, number)
    if holder is not None:
        raise ValidationFailed(taken_message(number, holder), field="register_number")
    return Assigned(number, mode)


def claim(session: Session, decision: Decision) -> None:
    """Insert the numbered act under a savepoint. Two clerks entering the same number at once both pass the check
    in `assign`; the database's unique constraint (issuer, year, number) refuses the second, who is told which
    document holds it (under PostgreSQL's READ COMMITTED the winner is visible once its transaction ended)."""
    try:
        with session.begin_nested():
            session.add(decision)
            session.flush()
    except IntegrityError:
        number = DecisionNumber(decision.year, decision.seq, decision.authority.decision_suffix)
        holder = holder_of(session, decision.authority.id, number)
        raise Conflict(taken_message(number, holder) if holder is not None else
                       f"Số {number} năm {number.year} vừa được cấp cho văn bản khác. Vui lòng tải lại trang.") from None


def source_changes(assigned: Assigned) -> dict:
    """What the act's audit event adds about its number: who gave it, unless the product's own counter did."""
    return {} if assigned.source == NumberingMode.SELF else {"number_source": str(assigned.source)}


def holder_of(session: Session, authority_id: int, number: DecisionNumber) -> Decision | None:
    """The document of this issuer that holds `number` in its year, if any."""
    return session.scalar(select(Decision).where(Decision.authority_id == authority_id,
                                                 Decision.year == number.year, Decision.seq == number.seq))


def taken_message(number: DecisionNumber, holder: Decision) -> str:
    return (f"Số {number} năm {number.year} đã được cấp cho Quyết định số {holder.number} ngày "
            f"{holder.decision_date:%d/%m/%Y} «{holder.title}». Mỗi số chỉ dùng cho một văn bản; vui lòng kiểm tra "
            "lại sổ đăng ký văn bản đi.")


def preview(session: Session, authority: Authority, on: date) -> str | None:
    """The number the issuer's own counter would give next (skipping numbers held by documents numbered from the
    register); None when the number comes from the office's register or the document system at issue time."""
    if authority.numbering_mode != NumberingMode.SELF:
        return None
    last = session.scalar(select(IssuerCounter.value).where(
        IssuerCounter.authority_id == authority.id, IssuerCounter.series == _series(on.year))) or 0
    held = set(session.scalars(select(Decision.seq).where(Decision.authority_id == authority.id,
                                                          Decision.year == on.year, Decision.seq > last)))
    return str(DecisionNumber(on.year, next_free(last, held.__contains__), authority.decision_suffix))


def system_for(authority: Authority, *, timeout: float,
               environ: Mapping[str, str] = os.environ) -> DocumentSystem | None:
    """The document system's client for an issuer that takes its numbers from one, its token read from the
    environment variable the setting names (the token itself is never stored); None for the other settings."""
    if authority.numbering_mode != NumberingMode.DOCUMENT_SYSTEM or not authority.register_url:
        return None
    token = environ.get(authority.register_token_env, "") if authority.register_token_env else ""
    return HttpDocumentSystem(authority.register_url, token, timeout=timeout)


def allocate(session: Session, authority_id: int, series: str) -> int:
    """Increment the issuer's counter in place and return the new value. The UPDATE holds the row lock
    until commit, so concurrent decisions wait rather than share a number."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(IssuerCounter).values(authority_id=authority_id, series=series, value=0)
                    .on_conflict_do_nothing())
    return session.execute(update(IssuerCounter).where(
        IssuerCounter.authority_id == authority_id, IssuerCounter.series == series)
        .values(value=IssuerCounter.value + 1).returning(IssuerCounter.value)).scalar_one()


def _own_number(session: Session, authority: Authority, year: int) -> int:
    """The counter's next number, stepping over numbers a document already holds (entered from the register
    while the issuer's setting said so): the counter ends past them, so it never offers them again."""
    while True:
        seq = allocate(session, authority.id, _series(year))
        if holder_of(session, authority.id, DecisionNumber(year, seq)) is None:
            return seq


def _series(year: int) -> str:
    return f"decision:{year}"
