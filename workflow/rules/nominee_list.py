"""A list of nominees typed in Excel (the import template's table): its columns, and one row read into the fields
of the single-nomination form, so a row is then checked by exactly the form's and the service's own rules.
Pure: imports neither Flask nor SQLAlchemy (the workbook is read by rules.workbook.read_table).

A problem in a cell this module can judge by itself (a kind, a date, a yes/no) is named by row and column as the
user sees them in Excel («Dòng 7, cột D: …»); everything else is judged later by the form and the service.
"""
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .errors import ValidationFailed
from .folding import fold
from .nominees import NomineeKind
from .workbook import Column, Row, Table, as_date, as_text

COLUMNS = (
    Column("stt", ("STT", "TT", "Số thứ tự"), required=False),
    Column("kind", ("Loại", "Loại đối tượng")),
    Column("name", ("Họ và tên / tên tập thể", "Họ và tên", "Họ tên", "Tên tập thể", "Họ và tên chủ hộ")),
    Column("position", ("Chức vụ",), required=False),
    Column("workplace", ("Đơn vị công tác / địa chỉ", "Đơn vị công tác", "Địa chỉ"), required=False),
    Column("award", ("Hình thức / danh hiệu đề nghị", "Hình thức khen thưởng", "Hình thức đề nghị", "Danh hiệu")),
    Column("period_from", ("Từ ngày", "Từ năm")),
    Column("period_to", ("Đến ngày", "Đến năm")),
    Column("summary", ("Tóm tắt thành tích",)),
    Column("id_number", ("Số CCCD", "CCCD", "Số định danh cá nhân"), required=False),
    Column("birth_date", ("Ngày sinh",), required=False),
    Column("in_production", ("Trực tiếp sản xuất", "Trực tiếp lao động, sản xuất"), required=False),
    Column("gender", ("Giới tính",), required=False),
)
# The words a user may type in the «Loại» column (compared folded), and the template's own.
KIND_WORDS = {"ca nhan": NomineeKind.INDIVIDUAL, "tap the": NomineeKind.COLLECTIVE,
              "ho gia dinh": NomineeKind.HOUSEHOLD, "ho": NomineeKind.HOUSEHOLD}
KIND_TEMPLATE_WORDS = {NomineeKind.INDIVIDUAL: "Cá nhân", NomineeKind.COLLECTIVE: "Tập thể",
                       NomineeKind.HOUSEHOLD: "Hộ gia đình"}
GENDER_WORDS = {"nam": "male", "nu": "female"}
YES_WORDS = frozenset({"co", "x", "yes", "1", "true"})
NO_WORDS = frozenset({"khong", "no", "0", "false"})
# The form field a kind's name, line and production flag go to (forms.unit.NominationFields).
NAME_FIELD = {NomineeKind.INDIVIDUAL: "person_name", NomineeKind.COLLECTIVE: "collective_name",
              NomineeKind.HOUSEHOLD: "household_name"}
LINE_FIELD = {NomineeKind.INDIVIDUAL: "workplace", NomineeKind.COLLECTIVE: "collective_line",
              NomineeKind.HOUSEHOLD: "household_address"}
PRODUCTION_FIELD = {NomineeKind.INDIVIDUAL: "person_in_production", NomineeKind.HOUSEHOLD: "household_in_production"}
# The column of the sheet a form field, or a service's refusal field, is about.
FIELD_COLUMNS = {"kind": "kind", "person_name": "name", "collective_name": "name", "household_name": "name",
                 "nominee.full_name": "name", "position": "position", "workplace": "workplace",
                 "collective_line": "workplace", "household_address": "workplace", "gender": "gender",
                 "birth_date": "birth_date", "id_number": "id_number", "person_in_production": "in_production",
                 "household_in_production": "in_production", "period_from": "period_from",
                 "period_to": "period_to", "achievement_summary": "summary", "award_type": "award"}


@dataclass(frozen=True)
class Problem:
    row: int
    column: str        # the column's letter as Excel shows it ("" when the problem is the row's as a whole)
    message: str

    def __str__(self) -> str:
        return f"Dòng {self.row}, cột {self.column}: {self.message}" if self.column else \
            f"Dòng {self.row}: {self.message}"


@dataclass
class RowFields:
    """One row as the single-nomination form's fields (text, dates as ISO), the award type it names, and the
    problems found in its cells."""

    number: int
    fields: dict[str, str] = field(default_factory=dict)
    award: Any = None
    problems: list[Problem] = field(default_factory=list)

    def name(self) -> str:
        return next((self.fields[f] for f in NAME_FIELD.values() if self.fields.get(f)), "")


def row_fields(table: Table, row: Row, awards: Mapping[str, Any]) -> RowFields:
    """Read one row into the form's fields; `awards` maps a folded award type name to the award type."""
    out = RowFields(row.number)
    value = row.values.get

    def problem(key: str, message: str) -> None:
        out.problems.append(Problem(row.number, row.letters.get(key, ""), message))

    kind = KIND_WORDS.get(fold(as_text(value("kind"))))
    if kind is None:
        problem("kind", f"loại đối tượng «{as_text(value('kind'))[:40]}» không hợp lệ; ghi «Cá nhân», «Tập thể» "
                        "hoặc «Hộ gia đình».")
        kind = NomineeKind.INDIVIDUAL
    out.fields = {"kind": str(kind), NAME_FIELD[kind]: as_text(value("name")),
                  LINE_FIELD[kind]: as_text(value("workplace")), "achievement_summary": as_text(value("summary"))}
    if kind is NomineeKind.INDIVIDUAL:
        out.fields |= {"position": as_text(value("position")), "id_number": _id_number(value("id_number"))}
        _choice(out, "gender", GENDER_WORDS, value("gender"), problem, "giới tính ghi «Nam» hoặc «Nữ»")
        _day(out, "birth_date", value("birth_date"), problem, table.where(row, "birth_date"))
    if kind in PRODUCTION_FIELD:
        _yes_no(out, PRODUCTION_FIELD[kind], value("in_production"), problem)
    for key, end in (("period_from", False), ("period_to", True)):
        _day(out, key, value(key), problem, table.where(row, key), year_end=end)
    award_name = as_text(value("award"))
    out.award = awards.get(fold(award_name)) if award_name else None
    if award_name and out.award is None:
        problem("award", f"«{award_name[:80]}» không có trong danh mục hình thức khen thưởng của đợt xét (xem trang "
                         "«Danh mục» của tệp mẫu).")
    elif not award_name:
        problem("award", "cần ghi hình thức khen thưởng / danh hiệu đề nghị.")
    return out


def where_field(row: RowFields, letters: Mapping[str, str], name: str | None, message: str) -> Problem:
    """A form's or a service's message about `name` (a form field or a refusal's field), placed in its column."""
    return Problem(row.number, letters.get(FIELD_COLUMNS.get(name or "", ""), ""), message)


def _id_number(value: Any) -> str:
    text = as_text(value)
    # typed as a number, a CCCD loses its leading zeros (province codes 001…096): give them back
    if isinstance(value, int | float) and len(text) in (10, 11):
        text = text.zfill(12)
    return text


def _day(out: RowFields, key: str, value: Any, problem, where: str, year_end: bool = False) -> None:
    text = as_text(value)
    if text.isdigit() and len(text) == 4:    # a year alone: the whole year
        out.fields[key] = date(int(text), 12, 31).isoformat() if year_end else date(int(text), 1, 1).isoformat()
        return
    try:
        day = as_date(value, where)
    except ValidationFailed:
        problem(key, f"«{text[:40]}» không phải là ngày hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 05/09/1980 "
                     "(hoặc chỉ ghi năm ở cột thời gian tính thành tích).")
        return
    out.fields[key] = day.isoformat() if day else ""


def _choice(out: RowFields, key: str, words: Mapping[str, str], value: Any, problem, hint: str) -> None:
    text = fold(as_text(value))
    if text and text not in words:
        problem(key, f"«{as_text(value)[:40]}» không hợp lệ: {hint}.")
    out.fields[key] = words.get(text, "")


def _yes_no(out: RowFields, key: str, value: Any, problem) -> None:
    text = fold(as_text(value))
    if text and text not in YES_WORDS | NO_WORDS:
        problem("in_production", f"«{as_text(value)[:40]}» không hợp lệ: ghi «Có» hoặc «Không».")
    out.fields[key] = "y" if text in YES_WORDS else ""
