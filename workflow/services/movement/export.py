"""The summary report for the movement's review (tổng kết) as files: an Excel workbook with one sheet per
table (Vietnamese headers, number formats, frozen header row, column widths), one CSV per table or all of
them in a zip, and the printable PDF through the certificates package. Every text cell goes through
rules.spreadsheet, so a name or a source that starts with = + - @ is never run as a formula. Never imports
flask."""
import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ...rules.spreadsheet import csv_cell, formula_like, xlsx_text
from .dashboard import Dashboard
from .tables import DATE, DAYS, INT, SHARE, Table, display, tables

NUMBER_FORMATS = {INT: "#,##0", SHARE: "0.0%", DAYS: "0.0", DATE: "DD/MM/YYYY"}
HEADER_FILL = PatternFill("solid", fgColor="F3E3C3")
INFO_SHEET = "Thông tin"


def xlsx(d: Dashboard, *, generated: datetime) -> bytes:
    workbook = Workbook()
    _info(workbook.active, d, generated)
    for table in tables(d):
        _sheet(workbook.create_sheet(table.title[:31]), table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def info_lines(d: Dashboard) -> list[tuple[str, str]]:
    """What the report is about, for the first sheet and the PDF's heading."""
    c = d.campaign
    lines = [("Phong trào", c.name), ("Cấp có thẩm quyền", c.authority.name),
             ("Thời gian", f"{c.period_start:%d/%m/%Y} – {c.period_end:%d/%m/%Y}"),
             ("Chỉ tiêu tính đến ngày", f"{d.on:%d/%m/%Y}"),
             ("Số liệu hồ sơ tính đến ngày", f"{d.today:%d/%m/%Y}"),
             ("Thời hạn xử lý", "theo từng hình thức khen thưởng" if d.limit is None else
              f"{d.limit} ngày làm việc kể từ khi tiếp nhận hồ sơ đầy đủ (không tính thời gian trả lại đơn vị)")]
    return lines + [("Phạm vi", "Số liệu nội bộ (có hồ sơ chưa công khai)" if d.internal else "Số liệu công khai")]


def _info(sheet, d: Dashboard, generated: datetime) -> None:
    sheet.title = INFO_SHEET
    _append(sheet, ["Báo cáo tổng kết phong trào thi đua"])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in info_lines(d) + [("Lập lúc", f"{generated:%d/%m/%Y %H:%M}")]:
        _append(sheet, [label, value])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 30, 80


def _sheet(sheet, table: Table) -> None:
    _append(sheet, [column.header for column in table.columns])
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in table.rows:
        _append(sheet, row)
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.kind in NUMBER_FORMATS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = NUMBER_FORMATS[column.kind]
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 32
    if table.rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{len(table.rows) + 1}"


def _append(sheet, values) -> None:
    """One row. A text is always a string cell (openpyxl would write "=…" as a formula), and a formula-like
    one is marked quote-prefixed, so it shows unchanged ("- Tham gia…") and stays text when edited. A number
    or a date stays what it is."""
    sheet.append([_cell(value) for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if formula_like(cell.value):
                cell.quotePrefix = True


def _cell(value):
    """openpyxl writes Decimal as a number; a share stays a fraction for the percent format."""
    if isinstance(value, str):
        return xlsx_text(value)
    return float(value) if isinstance(value, Decimal) else value


def csv_text(table: Table) -> str:
    """One table as CSV for machines: UTF-8 with a BOM (so Excel reads the diacritics), ISO dates, a dot for
    decimals, shares as percentages (85.7)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.header for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(value, column.kind) for value, column in zip(row, table.columns, strict=True)])
    return buffer.getvalue()


def _csv_value(value, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_cell(value)
    if kind == SHARE:
        return format((Decimal(value) * 100).quantize(Decimal("0.1")), "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def csv_zip(d: Dashboard) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in tables(d):
            archive.writestr(f"{table.key}.csv", csv_text(table).encode("utf-8"))
    return buffer.getvalue()


def table_by_key(d: Dashboard, key: str) -> Table | None:
    return next((t for t in tables(d) if t.key == key), None)


def report_pdf(d: Dashboard, *, charts: list[tuple[str, str]], generated: datetime) -> bytes:
    """The printable report: headings, the charts (SVG made by the caller's templates) and every table."""
    from certificates.report import ReportData, ReportTable, render_report
    sections = [ReportTable(title=t.title, headers=tuple(c.header for c in t.columns),
                            numeric=tuple(c.kind != "text" for c in t.columns),
                            rows=tuple(tuple(display(v, c.kind) for v, c in zip(row, t.columns, strict=True))
                                       for row in t.rows)) for t in tables(d)]
    return render_report(ReportData(title="Báo cáo tổng kết phong trào thi đua", subtitle=d.campaign.name,
                                    facts=tuple(info_lines(d)), charts=tuple(charts), tables=tuple(sections),
                                    generated=generated))
