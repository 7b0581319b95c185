"""How recognition is distributed (issue 17), for the public statistics page and its open data: per statistics
year (rules.annual_report.period: 01/12 – 30/11) and awarding authority, one named query per figure. Counts only,
never a person's name. Read-only; never imports flask.
"""
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased, selectinload

from ..models import Authority, AwardType, DecisionLine, Nomination, Nominee, PublicComment, Unit
from ..models.notices import CommentKind
from ..rules.annual_report import period
from ..rules.i18n import N_
from ..rules.nominees import NomineeKind
from ..rules.positions import is_leader
from ..rules.red_flags import CODES, Settings, per_thousand
from ..rules.states import ProcedureCode, State
from . import red_flags

LEADERS, STAFF, WORKERS, COLLECTIVES, HOUSEHOLDS = "leaders", "staff", "workers", "collectives", "households"
LEVEL_LABELS = {LEADERS: N_("Cá nhân là lãnh đạo, quản lý"), STAFF: N_("Cá nhân khác (cán bộ, nhân viên)"),
                WORKERS: N_("Cá nhân trực tiếp lao động, sản xuất"), COLLECTIVES: N_("Tập thể"),
                HOUSEHOLDS: N_("Hộ gia đình")}
GENDER_LABELS = {"female": N_("Nữ"), "male": N_("Nam"), "unknown": N_("Không ghi")}
VERIFIED_NOTE = N_("Khen thưởng còn hiệu lực mà hồ sơ dẫn chiếu một quyết định công nhận (xã đạt chuẩn nông thôn "
                   "mới, nâng cao, kiểu mẫu) còn hiệu lực.")


@dataclass(frozen=True)
class UnitRate:
    unit: str
    awards: int
    headcount: int | None

    @property
    def per_thousand(self) -> float | None:
        rate = per_thousand(self.awards, self.headcount)
        return None if rate is None else round(rate, 2)


@dataclass
class Figures:
    """The figures of one awarding authority in one statistics year."""
    year: int
    authority: str
    authority_id: int
    by_level: dict[str, int] = field(default_factory=dict)
    by_gender: dict[str, int] = field(default_factory=dict)
    by_unit: list[UnitRate] = field(default_factory=list)
    by_award_type: dict[str, int] = field(default_factory=dict)
    proposals: int = 0
    refused: int = 0
    objected: int = 0
    verified: int = 0
    flags: dict[str, int] = field(default_factory=dict)

    @property
    def awards(self) -> int:
        return sum(self.by_level.values())

    def share(self, part: int) -> float:
        return round(100 * part / self.proposals, 1) if self.proposals else 0.0


def years(session: Session) -> list[int]:
    """The statistics years that have a decided line, newest first."""
    days = session.scalars(select(DecisionLine.decision_date).distinct()).all()
    return sorted({d.year + (d.month == 12) for d in days}, reverse=True)


def _awarded(year: int) -> Select:
    """The decided lines of the statistics year whose award still stands (revoked ones left out), as the annual
    report counts them."""
    first, last = period(year)
    return (select(DecisionLine.id).join(Nomination, Nomination.id == DecisionLine.nomination_id)
            .where(DecisionLine.decision_date >= first, DecisionLine.decision_date <= last,
                   Nomination.state != str(State.REVOKED)))


def _of_year(session: Session, year: int, *columns) -> list:
    query = (select(AwardType.authority_id, *columns).select_from(DecisionLine)
             .join(Nomination, Nomination.id == DecisionLine.nomination_id)
             .join(AwardType, AwardType.id == DecisionLine.award_type_id)
             .join(Nominee, Nominee.id == Nomination.nominee_id)
             .join(Unit, Unit.id == Nomination.proposing_unit_id)
             .where(DecisionLine.id.in_(_awarded(year))))
    return session.execute(query).all()


def by_level(session: Session, year: int) -> Counter:
    """(authority id, level) → awards: leaders by written position (rules.positions), then direct workers."""
    counts: Counter = Counter()
    for authority_id, kind, position, production in _of_year(session, year, Nominee.kind, Nominee.position,
                                                             Nominee.works_in_production):
        if kind == NomineeKind.INDIVIDUAL:
            level = LEADERS if is_leader(position) else WORKERS if production else STAFF
        else:
            level = COLLECTIVES if kind == NomineeKind.COLLECTIVE else HOUSEHOLDS
        counts[(authority_id, level)] += 1
    return counts


def by_gender(session: Session, year: int) -> Counter:
    """(authority id, gender) → awards to individuals."""
    return Counter((authority_id, gender or "unknown") for authority_id, kind, gender
                   in _of_year(session, year, Nominee.kind, Nominee.gender) if kind == NomineeKind.INDIVIDUAL)


def by_unit(session: Session, year: int) -> Counter:
    """(authority id, proposing unit, head count) → awards."""
    return Counter((a, name, headcount) for a, name, headcount in _of_year(session, year, Unit.name, Unit.headcount))


def by_award_type(session: Session, year: int) -> Counter:
    return Counter(_of_year(session, year, AwardType.name))


def verified(session: Session, year: int) -> Counter:
    """Authority id → awards of the year (still standing) resting on a verified result: the nomination cites a
    recognition that is in force today (services.verified_results: a new-rural nomination, awarded, not revoked)."""
    cited = aliased(Nomination)
    in_force = (select(cited.id).join(AwardType, AwardType.id == cited.award_type_id)
                .where(cited.state == State.AWARDED, AwardType.procedure_code == ProcedureCode.NEW_RURAL))
    query = (select(AwardType.authority_id).select_from(DecisionLine)
             .join(Nomination, Nomination.id == DecisionLine.nomination_id)
             .join(AwardType, AwardType.id == DecisionLine.award_type_id)
             .where(DecisionLine.id.in_(_awarded(year)), Nomination.verified_result_id.in_(in_force)))
    return Counter(session.scalars(query))


def _proposed(year: int) -> Select:
    """The nominations first sent in the statistics year."""
    first, last = period(year)
    return select(Nomination.id).where(Nomination.submitted_at >= first,
                                       Nomination.submitted_at < date.fromordinal(last.toordinal() + 1))


def proposals(session: Session, year: int) -> dict[int, tuple[int, int, int]]:
    """Authority id → (proposals sent in the year, refused (not awarded), objected to by a citizen)."""
    rows = session.execute(select(AwardType.authority_id, Nomination.id, Nomination.state)
                           .join(AwardType, AwardType.id == Nomination.award_type_id)
                           .where(Nomination.id.in_(_proposed(year)))).all()
    objected = set(session.scalars(select(PublicComment.nomination_id).where(
        PublicComment.nomination_id.in_(_proposed(year)), PublicComment.classification == CommentKind.OBJECTION)))
    result: dict[int, list[int]] = {}
    for authority_id, nomination_id, state in rows:
        counts = result.setdefault(authority_id, [0, 0, 0])
        counts[0] += 1
        counts[1] += state == State.NOT_AWARDED
        counts[2] += nomination_id in objected
    return {a: (c[0], c[1], c[2]) for a, c in result.items()}


def flag_counts(session: Session, year: int, settings: Settings = red_flags.DEFAULTS) -> Counter:
    """(authority id, flag code) → flags raised on the nominations sent in the year, as they stand today."""
    nominations = session.scalars(select(Nomination).where(Nomination.id.in_(_proposed(year)))
                                  .options(selectinload(Nomination.nominee), selectinload(Nomination.campaign),
                                           selectinload(Nomination.proposing_unit))
                                  .order_by(Nomination.id)).all()
    found = red_flags.flags_for_many(session, nominations, settings)
    return Counter((n.campaign.authority_id, f.code) for n in nominations for f in found[n.id])


def figures(session: Session, year: int, settings: Settings = red_flags.DEFAULTS) -> list[Figures]:
    """Every figure of the year, one Figures per authority with awards or proposals, by authority name."""
    names = {a: n for a, n in session.execute(select(Authority.id, Authority.name))}
    level, gender, units, types = (by_level(session, year), by_gender(session, year), by_unit(session, year),
                                   by_award_type(session, year))
    sent, flagged = proposals(session, year), flag_counts(session, year, settings)
    resting = verified(session, year)
    present = {k[0] for k in level} | set(sent)
    result = []
    for a in sorted(present, key=lambda a: (names.get(a, ""), a)):
        counts = sent.get(a, (0, 0, 0))
        result.append(Figures(
            year=year, authority=names.get(a, ""), authority_id=a,
            by_level={k: level[(a, k)] for k in LEVEL_LABELS},
            by_gender={k: gender[(a, k)] for k in GENDER_LABELS},
            by_unit=sorted((UnitRate(u, n, h) for (x, u, h), n in units.items() if x == a),
                           key=lambda r: (-(r.per_thousand or -1), r.unit)),
            by_award_type={t: n for (x, t), n in sorted(types.items(), key=lambda i: (-i[1], i[0][1])) if x == a},
            proposals=counts[0], refused=counts[1], objected=counts[2], verified=resting[a],
            flags={code: flagged[(a, code)] for code in CODES}))
    return result


FIELDS = ("year", "authority", "figure", "category", "count", "headcount", "per_thousand")


def open_rows(all_figures: Sequence[Figures]) -> list[dict]:
    """The same figures as flat rows for the CSV and JSON files (no personal data: counts by category)."""
    rows: list[dict] = []
    for f in all_figures:
        def row(figure: str, category: str, count: int, headcount=None, rate=None, f: Figures = f) -> None:
            rows.append({"year": f.year, "authority": f.authority, "figure": figure, "category": category,
                         "count": count, "headcount": headcount, "per_thousand": rate})
        for k, n in f.by_level.items():
            row("level", k, n)
        for k, n in f.by_gender.items():
            row("gender", k, n)
        for u in f.by_unit:
            row("unit", u.unit, u.awards, u.headcount, u.per_thousand)
        for k, n in f.by_award_type.items():
            row("award_type", k, n)
        row("proposals", "sent", f.proposals)
        row("proposals", "refused", f.refused)
        row("proposals", "objected", f.objected)
        row("awards", "verified_result", f.verified)
        for k, n in f.flags.items():
            row("red_flag", k, n)
    return rows
