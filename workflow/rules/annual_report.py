"""Báo cáo thống kê thi đua, khen thưởng hằng năm: the five statistical forms a province files with the Ministry
of Home Affairs (biểu 0601–0605), as data, and the pure counting of their figures from decided lines. Pure:
imports neither Flask nor SQLAlchemy.

What was checked in public sources and what was not is written in docs/statistics.md. The reporting period of
indicator 0603 is 01/12 of the year before to 30/11 of the report's year (Thông tư 09/2022/TT-BNV, Phụ lục II,
mục 0603); every form here uses it. A form's rows are a total, then one block per level (cấp tỉnh, cấp huyện,
cấp xã) and within it per category (danh hiệu thi đua, hình thức khen thưởng) one row per award type.
"""
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .classification import FORM, TITLE

PROVINCE, DISTRICT, COMMUNE = "tinh", "huyen", "xa"
LEVEL_NAMES = {PROVINCE: "Cấp tỉnh", DISTRICT: "Cấp huyện", COMMUNE: "Cấp xã"}
CATEGORY_ROWS = {TITLE: "Danh hiệu thi đua", FORM: "Hình thức khen thưởng"}
# Unit kinds (models.units.UnitKind values) by the level of the authority that awards
_LEVELS = {"province": PROVINCE, "department": PROVINCE, "organisation": PROVINCE, "city": DISTRICT,
           "town": DISTRICT, "district": DISTRICT, "commune": COMMUNE, "ward": COMMUNE, "township": COMMUNE}


def level_of(unit_kind: str | None) -> str:
    """The level of an awarding authority, by the kind of its unit (a province's when it names none)."""
    return _LEVELS.get(unit_kind or "", PROVINCE)


def period(year: int) -> tuple[date, date]:
    """The statistics year: from 01/12 of the year before to 30/11 of `year`, both included."""
    return date(year - 1, 12, 1), date(year, 11, 30)


@dataclass(frozen=True)
class Line:
    """What a form counts of one decided line."""

    award_type: str
    category: str          # TITLE or FORM
    level: str             # PROVINCE, DISTRICT or COMMUNE
    kind: str              # individual, collective, household
    female: bool = False
    in_production: bool = False   # trực tiếp lao động, sản xuất, công tác
    prize: int = 0


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Sequence[Line]], int]


def _count(lines: Sequence[Line]) -> int:
    return len(lines)


def _of_kind(kind: str) -> Callable[[Sequence[Line]], int]:
    return lambda lines: sum(1 for line in lines if line.kind == kind)


BY_SUBJECT = (Column("Tổng số", _count), Column("Tập thể", _of_kind("collective")),
              Column("Cá nhân", _of_kind("individual")), Column("Hộ gia đình", _of_kind("household")))


@dataclass(frozen=True)
class Form:
    code: str              # 0601 … 0605
    title: str             # printed in capitals above the table
    columns: tuple[Column, ...]
    keep: Callable[[Line], bool] = lambda line: True
    unit: str = "Đơn vị tính: lượt"

    @property
    def symbol(self) -> str:
        """The form's number as printed in its corner: annual (N), Ministry of Home Affairs, emulation field."""
        return f"Biểu số {self.code}.N/BNV-TĐKT"


FORMS: tuple[Form, ...] = (
    Form("0601", "Số lượng danh hiệu thi đua và hình thức khen thưởng đã tặng", BY_SUBJECT),
    Form("0602", "Số lượng cá nhân được tặng danh hiệu thi đua, hình thức khen thưởng",
         (Column("Tổng số", _count), Column("Trong đó: nữ", lambda ls: sum(1 for line in ls if line.female)),
          Column("Trong đó: trực tiếp lao động, sản xuất, công tác",
                 lambda ls: sum(1 for line in ls if line.in_production))),
         keep=lambda line: line.kind == "individual", unit="Đơn vị tính: người"),
    Form("0603", "Số lượng hình thức khen thưởng và danh hiệu thi đua cấp tỉnh", BY_SUBJECT,
         keep=lambda line: line.level == PROVINCE),
    Form("0604", "Số lượng hình thức khen thưởng và danh hiệu thi đua cấp huyện, cấp xã", BY_SUBJECT,
         keep=lambda line: line.level in (DISTRICT, COMMUNE)),
    Form("0605", "Tiền thưởng kèm theo danh hiệu thi đua, hình thức khen thưởng",
         (Column("Số lượt được thưởng", _count), Column("Tổng số tiền thưởng (đồng)",
                                                        lambda ls: sum(line.prize for line in ls))),
         unit="Đơn vị tính: lượt, đồng"),
)
FORMS_BY_CODE = {form.code: form for form in FORMS}


@dataclass(frozen=True)
class Row:
    number: str            # STT: "", "I", "1" …
    label: str
    figures: tuple[int, ...]
    heading: bool = False  # a total or a block's heading (bold)


def rows(form: Form, lines: Iterable[Line]) -> list[Row]:
    """The form's rows: the total, then per level and per category the award types, in name order; a level or
    category with no line is left out (the total still says 0 when there is nothing at all)."""
    kept = [line for line in lines if form.keep(line)]
    table = [Row("", "Tổng số", _figures(form, kept), heading=True)]
    for number, level in enumerate((lv for lv in LEVEL_NAMES if any(ln.level == lv for ln in kept)), start=1):
        at_level = [line for line in kept if line.level == level]
        table.append(Row(_roman(number), LEVEL_NAMES[level], _figures(form, at_level), heading=True))
        for category, name in CATEGORY_ROWS.items():
            of_category = [line for line in at_level if line.category == category]
            if not of_category:
                continue
            table.append(Row("", name, _figures(form, of_category), heading=True))
            for position, award in enumerate(sorted({line.award_type for line in of_category}), start=1):
                table.append(Row(str(position), award,
                                 _figures(form, [line for line in of_category if line.award_type == award])))
    return table


def _figures(form: Form, lines: Sequence[Line]) -> tuple[int, ...]:
    return tuple(column.value(lines) for column in form.columns)


def _roman(number: int) -> str:
    return ("I", "II", "III", "IV", "V")[number - 1]
