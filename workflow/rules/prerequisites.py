"""Title prerequisites (điều kiện xét danh hiệu) as data, and the evidence that meets them. Pure: imports neither
Flask nor SQLAlchemy.

An award type lists its requirements; a nomination carries the proposing unit's evidence (prior titles with their
decisions, initiatives with their scope and recognising document), to which the service adds the titles found in
our own register. `assess` says, requirement by requirement, whether the evidence meets it.

Three kinds of requirement, each one line in the administrator's form:
  «danh hiệu | Chiến sĩ thi đua cơ sở | 3»   the lower title in each of the 3 consecutive years ending with the
                                              year the nomination's achievement period ends (2023, 2024, 2025
                                              for a period ending in 2025);
  «sáng kiến | tỉnh»                          an initiative (or scientific work) recognised with a scope of at
                                              least the province's (cơ sở < tỉnh < toàn quốc);
  «thành viên | Lao động tiên tiến | 70%»    a collective's members: at least 70 % of its members meet it;
  «thành viên | Chiến sĩ thi đua cơ sở | 1 người»   at least one member does;
  «thành viên | bị kỷ luật từ khiển trách trở lên | không»   no member does (the unit must declare 0).
The member figures are the unit's declaration (total members, and the count meeting each criterion, with the
document that shows it), as the law's Tập thể lao động xuất sắc asks (docs/titles.md).
"""
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .errors import ValidationFailed
from .folding import fold

PRIOR_TITLE = "prior_title"
INITIATIVE = "initiative"
MEMBERS = "members"
# how a member requirement measures: a share of the members, a number of persons, or nobody
SHARE, AT_LEAST, NONE = "share", "at_least", "none"
MAX_MEMBERS = 100_000
TOTAL_LINE = "tổng số thành viên"   # the member figures' first line: «tổng số thành viên | 25»
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


@dataclass(frozen=True)
class MemberRule:
    """Among a collective's members: at least `amount` % (SHARE) or `amount` persons (AT_LEAST) meet
    `criterion`, or none does (NONE)."""

    criterion: str
    measure: str
    amount: int = 0
    kind: str = MEMBERS

    def label(self) -> str:
        if self.measure == SHARE:
            return f"Ít nhất {self.amount}% thành viên của tập thể «{self.criterion}»"
        if self.measure == AT_LEAST:
            return f"Có ít nhất {self.amount} thành viên «{self.criterion}»"
        return f"Không có thành viên «{self.criterion}»"

    def line(self) -> str:
        how = {SHARE: f"{self.amount}%", AT_LEAST: f"{self.amount} người", NONE: "không"}[self.measure]
        return f"thành viên | {self.criterion} | {how}"


Requirement = PriorTitle | Initiative | MemberRule


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
class MemberFigure:
    """How many of the collective's `total` members meet `criterion`, as the unit declares it."""

    criterion: str
    count: int
    total: int
    document: str = ""

    def line(self) -> str:
        share = f" ({self.count * 100 / self.total:.1f}%)".replace(".", ",") if self.total else ""
        document = f", theo {self.document}" if self.document else ""
        return f"{self.count}/{self.total} thành viên «{self.criterion}»{share}{document}"


@dataclass(frozen=True)
class Finding:
    requirement: Requirement
    met: bool
    evidence: tuple[TitleEvidence | InitiativeEvidence | MemberFigure, ...] = ()
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
    if head == "thanh vien" and len(parts) == 3 and parts[1]:
        return _member_rule(" ".join(parts[1].split()), parts[2], number)
    raise _bad(f"Dòng {number} «{raw.strip()[:80]}» không đúng mẫu: «danh hiệu | tên danh hiệu | số năm liên tục», "
               "«sáng kiến | cơ sở / tỉnh / toàn quốc» hoặc «thành viên | tiêu chí | 70% / 1 người / không».")


def _member_rule(criterion: str, how: str, number: int) -> MemberRule:
    folded = fold(how).replace(" ", "")
    if folded == "khong":
        return MemberRule(criterion, NONE)
    if folded.endswith("%") and folded[:-1].isdigit() and 1 <= int(folded[:-1]) <= 100:
        return MemberRule(criterion, SHARE, int(folded[:-1]))
    if folded.endswith("nguoi") and folded[:-5].isdigit() and int(folded[:-5]) >= 1:
        return MemberRule(criterion, AT_LEAST, int(folded[:-5]))
    raise _bad(f"Dòng {number}: mức «{how}» không hợp lệ; ghi một tỷ lệ từ 1% đến 100% (ví dụ 70%), một số người "
               "(ví dụ 1 người) hoặc «không».")


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
    return [_requirement_json(r) for r in requirements]


def _requirement_json(r: Requirement) -> dict[str, Any]:
    if isinstance(r, PriorTitle):
        return {"kind": PRIOR_TITLE, "title": r.title, "years": r.years}
    if isinstance(r, MemberRule):
        return {"kind": MEMBERS, "criterion": r.criterion, "measure": r.measure, "amount": r.amount}
    return {"kind": INITIATIVE, "scope": r.scope}


def requirements_from_json(rows: Sequence[dict[str, Any]] | None) -> list[Requirement]:
    return [_requirement_from(row) for row in rows or ()]


def _requirement_from(row: dict[str, Any]) -> Requirement:
    if row["kind"] == PRIOR_TITLE:
        return PriorTitle(row["title"], int(row["years"]))
    if row["kind"] == MEMBERS:
        return MemberRule(row["criterion"], row["measure"], int(row.get("amount") or 0))
    return Initiative(row["scope"])


def member_rules(requirements: Sequence[Requirement]) -> list[MemberRule]:
    """The requirements about a collective's members: the unit's form asks for member figures only if any."""
    return [r for r in requirements if isinstance(r, MemberRule)]


# --- evidence: the unit's lines <-> stored JSON -------------------------------------------------------------

@dataclass(frozen=True)
class Evidence:
    titles: tuple[TitleEvidence, ...] = ()
    initiatives: tuple[InitiativeEvidence, ...] = field(default=())
    members_total: int | None = None              # a collective's number of members, as the unit declares it
    members: tuple[MemberFigure, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "titles": [{"title": t.title, "year": t.year, "decision_no": t.decision_no,
                        "decision_date": t.decision_date.isoformat() if t.decision_date else None}
                       for t in self.titles],
            "initiatives": [{"name": i.name, "scope": i.scope, "document": i.document} for i in self.initiatives]}
        if self.members_total is not None:   # absent for everything but a collective's title
            data["members"] = {"total": self.members_total, "figures": [
                {"criterion": m.criterion, "count": m.count, "document": m.document} for m in self.members]}
        return data

    def lines(self) -> list[str]:
        """As the revision snapshot freezes it, so a resubmission's diff shows a changed piece of evidence."""
        members = ([f"Thành viên: tổng số {self.members_total}"] if self.members_total is not None else []) + [
            f"Thành viên: {m.line()}" for m in self.members]
        return ([f"Danh hiệu: {t.line()}" for t in self.titles] + [f"Sáng kiến: {i.line()}" for i in self.initiatives]
                + members)

    def title_lines(self) -> str:
        return "\n".join(" | ".join((t.title, str(t.year), t.decision_no,
                                     f"{t.decision_date:%d/%m/%Y}" if t.decision_date else "")).rstrip(" |")
                         for t in self.titles)

    def initiative_lines(self) -> str:
        return "\n".join(f"{i.name} | {SCOPE_WORDS[i.scope]} | {i.document}"
                         for i in self.initiatives)

    def member_lines(self) -> str:
        if self.members_total is None:
            return ""
        return "\n".join([f"{TOTAL_LINE} | {self.members_total}"] + [
            " | ".join((m.criterion, str(m.count), m.document)).rstrip(" |") for m in self.members])


def evidence_from_json(data: dict[str, Any] | None) -> Evidence:
    data = data or {}
    titles = tuple(TitleEvidence(t["title"], int(t["year"]), t.get("decision_no") or "",
                                 date.fromisoformat(t["decision_date"]) if t.get("decision_date") else None)
                   for t in data.get("titles", ()))
    initiatives = tuple(InitiativeEvidence(i["name"], i["scope"], i["document"]) for i in data.get("initiatives", ()))
    members = data.get("members")
    if not members:
        return Evidence(titles, initiatives)
    total = int(members["total"])
    return Evidence(titles, initiatives, total, tuple(
        MemberFigure(m["criterion"], int(m["count"]), total, m.get("document") or "") for m in members["figures"]))


def parse_evidence(title_text: str, initiative_text: str, member_text: str = "") -> Evidence:
    """The unit's boxes, one item per line:
    «tên danh hiệu | năm | số quyết định | ngày quyết định (dd/mm/yyyy)», «tên sáng kiến | phạm vi | văn bản
    công nhận» and, for a collective, «tổng số thành viên | 25» then «tiêu chí | số người | văn bản (nếu có)».
    A refusal names the box's line and what it expects."""
    titles = [_title_evidence(raw, n) for n, raw in enumerate((title_text or "").splitlines(), 1) if raw.strip()]
    initiatives = [_initiative_evidence(raw, n) for n, raw in enumerate((initiative_text or "").splitlines(), 1)
                   if raw.strip()]
    total, members = _member_evidence(member_text)
    return Evidence(tuple(titles), tuple(initiatives), total, members)



def _member_evidence(text: str) -> tuple[int | None, tuple[MemberFigure, ...]]:
    lines = [(n, [p.strip() for p in raw.split("|")]) for n, raw in enumerate((text or "").splitlines(), 1)
             if raw.strip()]
    if not lines:
        return None, ()
    totals = [(n, parts) for n, parts in lines if fold(parts[0]) in ("tong so thanh vien", "tong so")]
    if len(totals) != 1 or len(totals[0][1]) != 2 or not _count(totals[0][1][1]):
        raise _member_error("cần đúng một dòng «tổng số thành viên | số người» (ví dụ: tổng số thành viên | 25).")
    total = int(totals[0][1][1])
    figures: list[MemberFigure] = []
    for number, parts in lines:
        if (number, parts) in totals:
            continue
        where = f"Số liệu thành viên, dòng {number}"
        if len(parts) not in (2, 3) or not parts[0] or not _count(parts[1], zero=True):
            raise _member_error(f"{where}: cần ghi «tiêu chí | số người | văn bản (nếu có)», ví dụ «Lao động tiên "
                                "tiến | 20 | Quyết định số 15/QĐ-UBND».")
        count = int(parts[1])
        if count > total:
            raise _member_error(f"{where}: {count} người nhiều hơn tổng số {total} thành viên.")
        if any(fold(f.criterion) == fold(parts[0]) for f in figures):
            raise _member_error(f"{where}: tiêu chí «{parts[0]}» đã được ghi ở dòng trên.")
        figures.append(MemberFigure(" ".join(parts[0].split()), count, total, parts[2] if len(parts) == 3 else ""))
    return total, tuple(figures)


def _count(text: str, zero: bool = False) -> bool:
    return text.isdigit() and (0 if zero else 1) <= int(text) <= MAX_MEMBERS


def _member_error(message: str) -> ValidationFailed:
    if not message.startswith("Số liệu thành viên"):
        message = f"Số liệu thành viên: {message}"
    return ValidationFailed(message, field="evidence_members")


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
           initiatives: Sequence[InitiativeEvidence], members: Sequence[MemberFigure] = ()) -> list[Finding]:
    return [_prior_title(r, period_end_year, titles) if isinstance(r, PriorTitle)
            else _member(r, members) if isinstance(r, MemberRule) else _initiative(r, initiatives)
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


def _member(requirement: MemberRule, members: Sequence[MemberFigure]) -> Finding:
    """Met on the unit's figure for the criterion: a share counts exactly (70 % of 30 members is 21, and 21 is
    enough), never rounded up in the unit's favour."""
    figure = next((m for m in members if fold(m.criterion) == fold(requirement.criterion)), None)
    if figure is None:
        what = ("xác nhận số thành viên" if requirement.measure == NONE else "số thành viên")
        return Finding(requirement, False, (), f"{what} «{requirement.criterion}»")
    if requirement.measure == SHARE:
        met = figure.count * 100 >= requirement.amount * figure.total
        missing = f"ít nhất {requirement.amount}% thành viên «{requirement.criterion}» (mới có {figure.line()})"
    elif requirement.measure == AT_LEAST:
        met = figure.count >= requirement.amount
        missing = f"ít nhất {requirement.amount} thành viên «{requirement.criterion}» (mới có {figure.count})"
    else:
        met = figure.count == 0
        missing = f"không có thành viên «{requirement.criterion}» (đơn vị kê khai {figure.count} người)"
    return Finding(requirement, met, (figure,), "" if met else missing)


def unmet_sentence(findings: Sequence[Finding]) -> str | None:
    """The refusal: every missing piece, in one Vietnamese sentence; None when all requirements are met."""
    missing = [f.missing for f in findings if not f.met]
    if not missing:
        return None
    return f"Hồ sơ chưa đủ điều kiện xét danh hiệu: còn thiếu {'; '.join(missing)}."
