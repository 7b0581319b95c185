"""Verified results (kết quả đã được công nhận): the one named query of what a decision has established about a
commune, as opposed to what a unit reported. Read-only; never imports flask.

A recognition is a nomination of an award type whose procedure is 'new_rural' (xã đạt chuẩn nông thôn mới,
nâng cao, kiểu mẫu), its nominee the commune's unit. It is *in force* on a date when it is awarded (not
revoked: a revoked recognition is in state REVOKED) and its decision is dated on or before that date. Its
source is that decision (number, date).

    recognitions(session, on=, award_type_ids=, unit_ids=) -> [VerifiedResult]  (the register of results)
    in_force(session, nomination_id, on=) -> VerifiedResult | None             (one cited result)
    for_nomination(session, nomination, on=) -> [VerifiedResult]      (what a nomination may cite: its communes)
    counted(session, indicator, on) -> {unit_id: first decision date}  (the dashboard's verified figure)
    counts(session, indicator, on) -> {unit_id: communes}              (the same, per commune unit)

An indicator names what it counts with Indicator.counted_award_types (one list, the administrator's): its
new-rural award types count every recognition in force, whatever campaign filed it (a recognition is the
commune's standing, not a campaign's); a commendation award type in the list still counts the communes it
awarded in the indicator's own campaign (what the dashboard counted before issue 17). See
docs/verified-results.md.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import AwardType, Decision, DecisionLine, Indicator, Nomination, Nominee, Unit, UnitKind
from ..rules.states import ProcedureCode, State

# Units a recognition counts as one commune for: the commune level of the tree (xã, phường, thị trấn).
COMMUNE_LEVEL = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWNSHIP)


@dataclass(frozen=True)
class VerifiedResult:
    nomination_id: int
    unit_id: int
    unit_name: str
    award_type_id: int
    level: str               # the award type's name: đạt chuẩn nông thôn mới / nâng cao / kiểu mẫu
    decision_id: int
    decision_number: str
    decision_date: date

    @property
    def label(self) -> str:
        """One line for a select, a sheet or a page (Vietnamese: the data's own words)."""
        return (f"{self.unit_name} – {self.level} (Quyết định số {self.decision_number} ngày "
                f"{self.decision_date:%d/%m/%Y})")


def _query(on: date | None, states: tuple[State, ...] = (State.AWARDED,)):
    query = (select(Nomination.id, Nominee.unit_id, Unit.name, AwardType.id, AwardType.name, Decision.id,
                    Decision.number, Decision.decision_date, Nomination.state)
             .join(Nominee, Nomination.nominee_id == Nominee.id).join(Unit, Unit.id == Nominee.unit_id)
             .join(AwardType, AwardType.id == Nomination.award_type_id)
             .join(DecisionLine, DecisionLine.nomination_id == Nomination.id)
             .join(Decision, Decision.id == DecisionLine.decision_id)
             .where(AwardType.procedure_code == ProcedureCode.NEW_RURAL, Nomination.state.in_(states))
             .order_by(Decision.decision_date, Nomination.id))
    return query.where(Decision.decision_date <= on) if on is not None else query


def recognitions(session: Session, *, on: date | None = None, award_type_ids: Iterable[int] | None = None,
                 unit_ids: Iterable[int] | None = None) -> list[VerifiedResult]:
    """Recognitions in force on `on` (any date when None), oldest decision first."""
    query = _query(on)
    if award_type_ids is not None:
        query = query.where(AwardType.id.in_(list(award_type_ids)))
    if unit_ids is not None:
        query = query.where(Nominee.unit_id.in_(list(unit_ids)))
    return [VerifiedResult(*row[:8]) for row in session.execute(query)]


def in_force(session: Session, nomination_id: int | None, *, on: date | None = None) -> VerifiedResult | None:
    """The recognition `nomination_id` if it is one and in force, else None."""
    if nomination_id is None:
        return None
    return next(iter(VerifiedResult(*row[:8]) for row in session.execute(_query(on).where(
        Nomination.id == nomination_id))), None)


def communes_of(nomination: Nomination) -> list[int]:
    """The communes whose recognitions a nomination may cite: its nominee's unit and its proposing unit."""
    return list(dict.fromkeys(u for u in (nomination.nominee.unit_id if nomination.nominee else None,
                                          nomination.proposing_unit_id) if u is not None))


def for_nomination(session: Session, nomination: Nomination, *, on: date | None = None) -> list[VerifiedResult]:
    """The recognitions in force a nomination may cite (its award type's required one first, if any)."""
    found = recognitions(session, on=on, unit_ids=communes_of(nomination))
    required = nomination.award_type.requires_recognition_type_id if nomination.award_type else None
    return sorted(found, key=lambda r: r.award_type_id != required)


def counted(session: Session, indicator: Indicator, on: date) -> dict[int, date]:
    """Commune-level units with a result the indicator counts, in force on `on`, each with the date of its first
    decision: recognitions of its new-rural award types (any campaign), awards of its commendation award types
    in its own campaign."""
    ids = [t.id for t in indicator.counted_award_types]
    if not ids:
        return {}
    found = session.execute(
        select(Nominee.unit_id, DecisionLine.decision_date, Unit.kind)
        .join(Nomination, Nomination.nominee_id == Nominee.id).join(Unit, Unit.id == Nominee.unit_id)
        .join(AwardType, AwardType.id == Nomination.award_type_id)
        .join(DecisionLine, DecisionLine.nomination_id == Nomination.id)
        .where(Nomination.award_type_id.in_(ids), Nomination.state == State.AWARDED,
               DecisionLine.decision_date <= on,
               or_(AwardType.procedure_code == ProcedureCode.NEW_RURAL,
                   Nomination.campaign_id == indicator.campaign_id)))
    first: dict[int, date] = {}
    for unit_id, decided, kind in found:
        if kind in COMMUNE_LEVEL and (unit_id not in first or decided < first[unit_id]):
            first[unit_id] = decided
    return first


def counts(session: Session, indicator: Indicator, on: date) -> dict[int, int]:
    """The count per commune unit (1 each): the figure the dashboard rolls up its tree."""
    return {unit_id: 1 for unit_id in counted(session, indicator, on)}


def refusal(session: Session, nomination: Nomination, *, on: date | None = None) -> str | None:
    """Why the nomination may not be sent as it stands, or None: its award type requires a verified result and
    none is cited, or the one cited is not a recognition in force, is another commune's, or of another award
    type than the one required. Checked at submission and resubmission (services.nominations)."""
    required = nomination.award_type.requires_recognition_type
    if nomination.verified_result_id is None:
        if required is None:
            return None
        return (f"«{nomination.award_type.name}» cần dẫn chiếu kết quả đã được công nhận «{required.name}» của xã: "
                f"chọn quyết định công nhận còn hiệu lực trước khi gửi hồ sơ.")
    result = in_force(session, nomination.verified_result_id, on=on)
    if result is None:
        return ("Kết quả được dẫn chiếu không phải quyết định công nhận còn hiệu lực (chưa được công nhận, "
                "quyết định ban hành sau ngày gửi hoặc đã bị thu hồi).")
    if result.unit_id not in communes_of(nomination):
        return (f"Kết quả được dẫn chiếu là của {result.unit_name}, không phải của xã được đề nghị hoặc của "
                f"đơn vị đề nghị.")
    if required is not None and result.award_type_id != required.id:
        return (f"Kết quả được dẫn chiếu là «{result.level}»; «{nomination.award_type.name}» cần kết quả "
                f"«{required.name}».")
    return None


@dataclass(frozen=True)
class Citation:
    """The result a nomination cites, in force or not (a recognition revoked since still shows, marked)."""
    result: VerifiedResult
    in_force: bool


def citation_for(session: Session, citing_nomination_id: int) -> Citation | None:
    """What the nomination `citing_nomination_id` cites, for the appraisal screen, the council's sheet and the
    public recognition page; None when it cites nothing."""
    cited_id = session.scalar(select(Nomination.verified_result_id).where(Nomination.id == citing_nomination_id))
    return citations(session, [cited_id]).get(cited_id) if cited_id else None


def citations(session: Session, cited_ids: Iterable[int | None]) -> dict[int, Citation]:
    """The cited recognitions by id (one query for a whole agenda)."""
    ids = [i for i in set(cited_ids) if i is not None]
    if not ids:
        return {}
    rows = session.execute(_query(None, (State.AWARDED, State.REVOKED)).where(Nomination.id.in_(ids)))
    return {row[0]: Citation(VerifiedResult(*row[:8]), row[8] == State.AWARDED) for row in rows}
