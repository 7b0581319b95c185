"""Reading a workbook a user uploaded (a list of nominees, the old golden book): refuse what is not a workbook or
is hostile before opening it, then read one sheet's table by its headers. Imports neither Flask nor SQLAlchemy.

Every import in the product reads through `read_table`; each refusal is a `WorkbookRefused` with a Vietnamese
sentence, and each cell problem names its row and column as the user sees them in Excel («Dòng 7, cột D»).

What is refused, before anything is parsed, within bounded time and memory:
- a file that is not an .xlsx (an old .xls, a CSV, a PDF renamed …), or larger than `max_bytes`;
- a ZIP bomb: more than `MAX_MEMBERS` parts, parts that unpack to more than `max_unpacked` bytes in all, or a part
  compressed more than `MAX_RATIO` times;
- XML with a DOCTYPE or entity declarations (billion laughs, external entities): no workbook Excel or LibreOffice
  writes has them; openpyxl also parses through defusedxml, which is installed (requirements.txt);
- more than `max_rows` filled rows (a million rows stops at the first one over); formulas (their value would be
  whatever the sender's Excel last computed, or nothing: the user is asked to paste values).

Handled as offices type them: a title block above the header row (merged or not), two header rows (a merged group
title above the column names), trailing empty rows (formatted to the end of the sheet or not), dates written as
dates or as «dd/mm/yyyy» text, Vietnamese numbers («1.500.000», «1.500.000 đ», «2,5»).
"""
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import ValidationFailed
from .folding import fold

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED = 60 * 1024 * 1024
MAX_MEMBERS = 500
MAX_RATIO = 200
MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 15         # the header row is among the first rows (below a title block)
END_AFTER_EMPTY = 200           # this many empty rows in a row after the data: the table has ended
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
_DECLARATIONS = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class WorkbookRefused(ValidationFailed):
    """The file as a whole cannot be read (not a workbook, hostile, too big, no header row…)."""


@dataclass(frozen=True)
class Column:
    """A column the reader looks for: `key` in the caller's words, the header titles that name it (compared
    folded: «Họ và tên», «HO VA TEN» and «họ  và tên» are one title) and whether a table without it is refused."""

    key: str
    titles: tuple[str, ...]
    required: bool = True


@dataclass(frozen=True)
class Row:
    number: int                   # the row's number in the sheet, as Excel shows it
    values: Mapping[str, Any]     # column key → the cell's value (None for an empty cell)
    letters: Mapping[str, str]    # column key → the column's letter, for messages


@dataclass(frozen=True)
class Table:
    sheet: str
    header_row: int
    rows: tuple[Row, ...]

    def where(self, row: Row, key: str) -> str:
        return cell_name(row.number, row.letters.get(key, "?"))


def cell_name(row: int, letter: str) -> str:
    return f"Dòng {row}, cột {letter}"


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table(data: bytes, columns: Sequence[Column], *, max_bytes: int = MAX_BYTES,
               max_unpacked: int = MAX_UNPACKED, max_rows: int = MAX_ROWS) -> Table:
    """The first sheet's table: the header row found by its titles, then every filled row below it."""
    check_package(data, max_bytes=max_bytes, max_unpacked=max_unpacked)
    from openpyxl import load_workbook  # imported here: the pure rules around this module stay light

    damaged = WorkbookRefused("Không đọc được tệp: tệp hỏng hoặc không phải bảng tính Excel (.xlsx).")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file; all mean the same here
        raise damaged from None
    try:
        sheet = book.worksheets[0]
        return _table(sheet.title, sheet.iter_rows(values_only=True), columns, max_rows)
    except ValidationFailed:
        raise
    except Exception:  # noqa: BLE001 - a part that breaks while the rows are read: the same damaged file
        raise damaged from None
    finally:
        book.close()


def check_package(data: bytes, *, max_bytes: int = MAX_BYTES, max_unpacked: int = MAX_UNPACKED) -> None:
    """Refuse what is not an .xlsx package, or is one built to exhaust memory or time, without unpacking it."""
    if len(data) > max_bytes:
        raise WorkbookRefused(f"Tệp lớn quá {max_bytes // (1024 * 1024)} MB; hãy chia danh sách thành nhiều tệp.")
    if data.startswith(_XLS_MAGIC):
        raise WorkbookRefused("Tệp ở định dạng Excel cũ (.xls); hãy mở tệp và lưu lại dưới dạng .xlsx rồi tải lên.")
    if not data.startswith(b"PK\x03\x04"):
        raise WorkbookRefused("Tệp không phải là bảng tính Excel (.xlsx).")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise WorkbookRefused("Tệp không phải là bảng tính Excel (.xlsx) hoặc đã bị hỏng.") from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        raise WorkbookRefused("Tệp không phải là bảng tính Excel (.xlsx): không có sổ tính bên trong.")
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > max_unpacked or any(
            m.compress_size and m.file_size / m.compress_size > MAX_RATIO for m in members):
        raise WorkbookRefused("Tệp bị từ chối: nội dung nén bất thường (có thể là tệp độc hại).")
    for member in members:
        if member.filename.endswith((".xml", ".rels")) and _declares_entities(package, member):
            raise WorkbookRefused("Tệp bị từ chối: chứa khai báo thực thể XML (có thể là tệp độc hại).")


def _declares_entities(package: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """A declaration can only come before the root element, in the part's first bytes."""
    with package.open(member) as part:
        return bool(_DECLARATIONS.search(part.read(4096)))


def _table(sheet: str, rows: Iterable[tuple[Any, ...]], columns: Sequence[Column], max_rows: int) -> Table:
    rows = iter(rows)
    above: tuple[Any, ...] = ()
    for number in range(1, HEADER_SEARCH_ROWS + 1):
        values = next(rows, None)
        if values is None:
            break
        found = _match_header(values, above, columns)
        if found is not None:
            return Table(sheet, number, tuple(_data_rows(rows, number, found, max_rows)))
        above = values if any(_filled(v) for v in values) else above
    titles = ", ".join(f"«{c.titles[0]}»" for c in columns if c.required)
    raise WorkbookRefused(f"Không tìm thấy dòng tiêu đề của bảng trong {HEADER_SEARCH_ROWS} dòng đầu của trang "
                          f"«{sheet}». Bảng cần các cột {titles}; hãy dùng tệp mẫu.")


def _match_header(values: tuple[Any, ...], above: tuple[Any, ...],
                  columns: Sequence[Column]) -> dict[str, int] | None:
    """Column key → index, if this row names every required column. A column whose cell is empty takes its title
    from the row above (a header merged over two rows keeps its text in the top cell)."""
    wanted = {fold(title): c.key for c in columns for title in c.titles}
    found: dict[str, int] = {}
    for index in range(max(len(values), len(above))):
        cell = values[index] if index < len(values) else None
        if not _filled(cell) and index < len(above):
            cell = above[index]
        key = wanted.get(fold(str(cell))) if _filled(cell) else None
        if key and key not in found:
            found[key] = index
    if all(c.key in found for c in columns if c.required):
        return found
    return None


def _data_rows(rows: Iterable[tuple[Any, ...]], header: int, found: dict[str, int], max_rows: int) -> list[Row]:
    letters = {key: column_letter(index + 1) for key, index in found.items()}
    kept: list[Row] = []
    empty_run = 0
    for number, values in enumerate(rows, start=header + 1):
        picked = {key: _clean(values[index]) if index < len(values) else None for key, index in found.items()}
        if not any(_filled(v) for v in picked.values()):
            empty_run += 1
            if empty_run >= END_AFTER_EMPTY:
                break
            continue
        empty_run = 0
        for key, value in picked.items():
            if isinstance(value, str) and value.startswith("="):
                raise WorkbookRefused(f"{cell_name(number, letters[key])}: ô chứa công thức «{value[:40]}». Hãy sao "
                                      "chép và dán giá trị (Paste Values) thay cho công thức rồi tải lên lại.")
        if len(kept) == max_rows:
            raise WorkbookRefused(f"Bảng có quá {max_rows} dòng; hãy chia thành nhiều tệp.")
        kept.append(Row(number, picked, letters))
    return kept


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = " ".join(value.split())
        return value or None
    return value


# --- cells as the office types them ------------------------------------------------------------------------

def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y}"
    return " ".join(str(value).split())


def as_date(value: Any, where: str) -> date | None:
    """A date typed as a date, or as text «dd/mm/yyyy» (also «d/m/yyyy», «dd-mm-yyyy», «dd.mm.yyyy»)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = as_text(value)
    found = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if found:
        try:
            return date(int(found[3]), int(found[2]), int(found[1]))
        except ValueError:
            pass
    raise ValidationFailed(f"{where}: «{text[:40]}» không phải là ngày hợp lệ; ghi theo dạng ngày/tháng/năm, "
                           "ví dụ 05/09/1980.")


def as_number(value: Any, where: str) -> Decimal | None:
    """A number typed as a number, or as Vietnamese text: «1.500.000», «1.500.000 đ», «2,5», «1 500 000»."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValidationFailed(f"{where}: cần một số.")
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = re.sub(r"\s*(?:đồng|đ|vnđ|vnd)\.?$", "", as_text(value), flags=re.IGNORECASE).replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):     # 1.500.000 or 1.500.000,5
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d+,\d+", text):                          # 2,5
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValidationFailed(f"{where}: «{as_text(value)[:40]}» không phải là số.") from None
