"""Workbooks for the proposal-import tests: the real template (services.list_template) with rows typed in, as an
officer fills it, and a row builder with sensible values."""
import io
from datetime import date

from openpyxl import load_workbook

from workflow.services.list_template import FIRST_DATA_ROW, template
from workflow.services.proposals import Header

HEADER = Header("45/TTr-UBND", date(2025, 2, 20), "Nguyễn Văn Tư", "Chủ tịch")


def row(n: int, *, kind="Cá nhân", name=None, award="Bằng khen của Chủ tịch UBND tỉnh", start="01/01/2024",
        end="31/12/2024", summary="Đã có thành tích xuất sắc trong xây dựng nông thôn mới.", cccd=None,
        born="05/09/1980", production="Có", gender="Nam", position="Trưởng ấp", workplace="Ấp 1, xã Vĩnh Hưng A"):
    cccd = cccd if cccd is not None else f"0890800{n:05d}"
    return [n, kind, name or f"Nguyễn Văn Thứ {n}", position, workplace, award, start, end, summary, cccd, born,
            production, gender]


def workbook(rows, award_types=()) -> bytes:
    """The template with `rows` typed below its two-row merged header (and the title block above it)."""
    book = load_workbook(io.BytesIO(template(list(award_types), "Đợt thử")))
    sheet = book["Danh sách"]
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            sheet.cell(FIRST_DATA_ROW + offset, column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
