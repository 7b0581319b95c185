"""Title prerequisites (điều kiện xét danh hiệu) as data, and the evidence that meets them. Pure: imports neither
Flask nor SQLAlchemy.

An award type lists its requirements; a nomination carries the proposing unit's evidence (prior titles with their
decisions, initiatives with their scope and recognising document), to which the service adds the titles found in
our own register. `assess` says, requirement by requirement, whether the evidence meets it.

Two kinds of requirement, each one line in the administrator's form:
  «danh hiệu | Chiến sĩ thi đua cơ sở | 3»   the lower title in each of the 3 consecutive years ending with the
                                              year the nomination's achievement period ends (2023, 2024, 2025
                                              for a period ending in 2025);
  «sáng kiến | tỉnh»                          an initiative (or scientific work) recognised with a scope of at
                                              least the province's (cơ sở < tỉnh < toàn quốc).
"""
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .errors import ValidationFailed
from .folding import fold

PRIOR_TITLE = "prior_title"
INITIATIVE = "initiative"
# scope code → (rank, label); "tỉnh" also stands for a ministry, a central body (bộ, ban, ngành)
SCOPES: dict[str, tuple[int, str]] = {
    "co_so": (1, "cấp cơ sở"),
    "tinh": (2, "cấp tỉnh (bộ, ban, ngành)"),
    "toan_quoc": (3, "toàn quốc"),
}
SCOPE_WORDS = {"co_so": "cơ sở", "tinh": "tỉnh", "toan_quoc": "toàn quốc"}  # as the form's lines write them
_SCOPE_WORDS = {"co so": "co_so", "cap co so": "co_so", "tinh": "tinh", "cap tinh": "tinh", "bo": "tinh",
                "toan quoc": "toan_quoc", "quoc gia": "toan_quoc"}
MAX_YEARS = 10
FROM_UNIT, FROM_REGISTER = "unit", "register"


@dataclass(frozen=True)
class PriorTitle:
    """The lower title in each of `years` consecutive years ending with the year the period ends."""

    title: str
    years: int
    kind: str = PRIOR_TITLE

    def label(self) -> str:
        if self.years == 1:
            return f"Đạt danh hiệu «{self.title}» năm kết thúc thời gian tính thành tích"
        return f"Đạt danh hiệu «{self.title}» {self.years} năm liên tục đến năm kết thúc thời gian tính thành tích"

    def line(self) -> str:
        return f"danh hiệu | {self.title} | {self.years}"


@dataclass(frozen=True)
class Initiative:
    """An initiative or scientific work recognised with a scope of at least `scope`."""

    scope: str
    kind: str = INITIATIVE

    def label(self) -> str:
        return f"Có sáng kiến, đề tài được công nhận phạm vi ảnh hưởng từ {SCOPES[self.scope][1]} trở lên"

    def line(self) -> str:
        return f"sáng kiến | {SCOPE_WORDS[self.scope]}"


Requirement = PriorTitle | Initiative


@dataclass(frozen=True)
class TitleEvidence:
    """A title the nominee holds: declared by the unit (with its decision) or found in our register."""

    title: str
    year: int
    decision_no: str = ""
    decision_date: date | None = None
    source: str = FROM_UNIT

    def line(self) -> str:
        when = f" ngày {self.decision_date:%d/%m/%Y}" if self.decision_date else ""
        decision = f", Quyết định số {self.decision_no}{when}" if self.decision_no else ""
        origin = " (theo sổ khen thưởng của hệ thống)" if self.source == FROM_REGISTER else ""
        return f"{self.title} năm {self.year}{decision}{origin}"


@dataclass(frozen=True)
class InitiativeEvidence:
    name: str
    scope: str
    document: str

    def line(self) -> str:
        return f"{self.name} ({SCOPES[self.scope][1]}), công nhận tại {self.document}"


@dataclass(frozen=True)
class Finding:
    requirement: Requirement
    met: bool
    evidence: tuple[TitleEvidence | InitiativeEvidence, ...] = ()
    missing: str = ""   # what is lacking, a phrase for the refusal sentence

    @property
    def label(self) -> str:
        return self.requirement.label()


# --- requirements: the administrator's lines <-> stored JSON ------------------------------------------------

def parse_requirements(text: str) -> list[Requirement]:
    """One requirement per line; a refusal names the line and says the expected shape."""
    found: list[Requirement] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        if raw.strip():
            found.append(_requirement(raw, number))
    return found


def _requirement(raw: str, number: int) -> Requirement:
    parts = [p.strip() for p in raw.split("|")]
    head = fold(parts[0])
    if head == "danh hieu" and len(parts) == 3 and parts[1]:
        years = parts[2]
        if not years.isdigit() or not 1 <= int(years) <= MAX_YEARS:
            raise _bad(f"Dòng {number}: số năm liên tục phải là số nguyên từ 1 đến {MAX_YEARS}.")
        return PriorTitle(" ".join(parts[1].split()), int(years))
    if head == "sang kien" and len(parts) == 2:
        return Initiative(_scope(parts[1], f"Dòng {number}"))
    raise _bad(f"Dòng {number} «{raw.strip()[:80]}» không đúng mẫu: «danh hiệu | tên danh hiệu | số năm liên tục» "
               "hoặc «sáng kiến | cơ sở / tỉnh / toàn quốc».")


def _bad(message: str) -> ValidationFailed:
    return ValidationFailed(message, field="prerequisite_lines")


def _scope(value: str, where: str, field_name: str = "prerequisite_lines") -> str:
    scope = _SCOPE_WORDS.get(fold(value)) or (value if value in SCOPES else None)
    if scope is None:
        raise ValidationFailed(f"{where}: phạm vi «{value}» không hợp lệ; ghi cơ sở, tỉnh hoặc toàn quốc.",
                               field=field_name)
    return scope


def format_requirements(requirements: Sequence[Requirement]) -> str:
    return "\n".join(r.line() for r in requirements)


def requirements_to_json(requirements: Sequence[Requirement]) -> list[dict[str, Any]]:
    return [({"kind": PRIOR_TITLE, "title": r.title, "years": r.years} if isinstance(r, PriorTitle)
             else {"kind": INITIATIVE, "scope": r.scope}) for r in requirements]


def requirements_from_json(rows: Sequence[dict[str, Any]] | None) -> list[Requirement]:
    return [PriorTitle(row["title"], int(row["years"])) if row["kind"] == PRIOR_TITLE else Initiative(row["scope"])
            for row in rows or ()]


# --- evidence: the unit's lines <-> stored JSON -------------------------------------------------------------

@dataclass(frozen=True)
class Evidence:
    titles: tuple[TitleEvidence, ...] = ()
    initiatives: tuple[InitiativeEvidence, ...] = field(default=())

    def to_json(self) -> dict[str, list[dict[str, Any]]]:
        return {"titles": [{"title": t.title, "year": t.year, "decision_no": t.decision_no,
                            "decision_date": t.decision_date.isoformat() if t.decision_date else None}
                           for t in self.titles],
                "initiatives": [{"name": i.name, "scope": i.scope, "document": i.document} for i in self.initiatives]}

    def lines(self) -> list[str]:
        """As the revision snapshot freezes it, so a resubmission's diff shows a changed piece of evidence."""
        return [f"Danh hiệu: {t.line()}" for t in self.titles] + [f"Sáng kiến: {i.line()}" for i in self.initiatives]

    def title_lines(self) -> str:
        return "\n".join(" | ".join((t.title, str(t.year), t.decision_no,
                                     f"{t.decision_date:%d/%m/%Y}" if t.decision_date else "")).rstrip(" |")
                         for t in self.titles)

    def initiative_lines(self) -> str:
        return "\n".join(f"{i.name} | {SCOPE_WORDS[i.scope]} | {i.document}"
                         for i in self.initiatives)


def evidence_from_json(data: dict[str, Any] | None) -> Evidence:
    data = data or {}
    titles = tuple(TitleEvidence(t["title"], int(t["year"]), t.get("decision_no") or "",
                                 date.fromisoformat(t["decision_date"]) if t.get("decision_date") else None)
                   for t in data.get("titles", ()))
    initiatives = tuple(InitiativeEvidence(i["name"], i["scope"], i["document"]) for i in data.get("initiatives", ()))
    return Evidence(titles, initiatives)


def parse_evidence(title_text: str, initiative_text: str) -> Evidence:
    """The unit's two boxes, one item per line:
    «tên danh hiệu | năm | số quyết định | ngày quyết định (dd/mm/yyyy)» and «tên sáng kiến | phạm vi | văn bản
    công nhận». A refusal names the box's line and what it expects."""
    titles = [_title_evidence(raw, n) for n, raw in enumerate((title_text or "").splitlines(), 1) if raw.strip()]
    initiatives = [_initiative_evidence(raw, n) for n, raw in enumerate((initiative_text or "").splitlines(), 1)
                   if raw.strip()]
    return Evidence(tuple(titles), tuple(initiatives))


def _title_evidence(raw: str, number: int) -> TitleEvidence:
    parts = [p.strip() for p in raw.split("|")] + ["", ""]
    title, year, decision_no, when = parts[:4]
    where = f"Danh hiệu đã đạt, dòng {number}"
    if not title or not year.isdigit() or not 1945 <= int(year) <= 2100:
        raise ValidationFailed(f"{where}: cần ghi «tên danh hiệu | năm | số quyết định | ngày quyết định».",
                               field="evidence_titles")
    if not decision_no:
        raise ValidationFailed(f"{where}: cần ghi số quyết định tặng danh hiệu.", field="evidence_titles")
    return TitleEvidence(" ".join(title.split()), int(year), decision_no, _date(when, where))


def _date(value: str, where: str) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise ValidationFailed(f"{where}: ngày quyết định «{value}» phải có dạng ngày/tháng/năm, ví dụ 15/12/2024.",
                               field="evidence_titles") from None


def _initiative_evidence(raw: str, number: int) -> InitiativeEvidence:
    parts = [p.strip() for p in raw.split("|")]
    where = f"Sáng kiến, dòng {number}"
    if len(parts) != 3 or not parts[0] or not parts[2]:
        raise ValidationFailed(f"{where}: cần ghi «tên sáng kiến | phạm vi (cơ sở / tỉnh / toàn quốc) | văn bản "
                               "công nhận».", field="evidence_initiatives")
    return InitiativeEvidence(parts[0], _scope(parts[1], where, "evidence_initiatives"), parts[2])


# --- the check ----------------------------------------------------------------------------------------------

def assess(requirements: Sequence[Requirement], *, period_end_year: int, titles: Sequence[TitleEvidence],
           initiatives: Sequence[InitiativeEvidence]) -> list[Finding]:
    return [_prior_title(r, period_end_year, titles) if isinstance(r, PriorTitle) else _initiative(r, initiatives)
            for r in requirements]


def _prior_title(requirement: PriorTitle, end_year: int, titles: Sequence[TitleEvidence]) -> Finding:
    wanted = range(end_year - requirement.years + 1, end_year + 1)
    name = fold(requirement.title)
    by_year: dict[int, TitleEvidence] = {}
    for title in titles:  # a unit's declaration (with its decision) is shown before the register's copy
        replaces = title.year not in by_year or by_year[title.year].source == FROM_REGISTER
        if fold(title.title) == name and title.year in wanted and replaces:
            by_year[title.year] = title
    lacking = [year for year in wanted if year not in by_year]
    missing = "" if not lacking else f"danh hiệu «{requirement.title}» năm {', '.join(map(str, lacking))}"
    return Finding(requirement, not lacking, tuple(by_year[y] for y in sorted(by_year)), missing)


def _initiative(requirement: Initiative, initiatives: Sequence[InitiativeEvidence]) -> Finding:
    rank = SCOPES[requirement.scope][0]
    enough = tuple(i for i in initiatives if SCOPES[i.scope][0] >= rank)
    missing = "" if enough else f"sáng kiến, đề tài có phạm vi ảnh hưởng từ {SCOPES[requirement.scope][1]} trở lên"
    return Finding(requirement, bool(enough), enough or tuple(initiatives), missing)


def unmet_sentence(findings: Sequence[Finding]) -> str | None:
    """The refusal: every missing piece, in one Vietnamese sentence; None when all requirements are met."""
    missing = [f.missing for f in findings if not f.met]
    if not missing:
        return None
    return f"Hồ sơ chưa đủ điều kiện xét danh hiệu: còn thiếu {'; '.join(missing)}."
