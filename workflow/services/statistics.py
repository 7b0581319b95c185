"""The annual statistical reports (biểu 0601–0605, rules.annual_report) as XLSX in their form's layout: the form's
number and the reporting and receiving units in the corners, the title with the year and the period, the header
with its column letters, the rows, and the signature block. Every figure comes from the decided lines of the
year through `lines_of_year`, the one query all five forms count. Read-only; never imports flask."""
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ..models import Authority, AwardType, Decision, DecisionLine, Nomination, Nominee, Unit
from ..rules.annual_report import FORMS, Form, Line, Row, level_of, period, rows
from ..rules.spreadsheet import formula_like, xlsx_text
from ..rules.states import State

RECEIVER = "Bộ Nội vụ (Ban Thi đua – Khen thưởng Trung ương)"
HEADER_ROW = 7      # the column headings; the column letters are on the next row
DATA_ROW = 9        # the first row of figures ("Tổng số")
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="Times New Roman", bold=True)
PLAIN = Font(name="Times New Roman")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def lines_of_year(session: Session, year: int) -> list[Line]:
    """Every decided line whose decision is dated in the statistics year (01/12 before – 30/11), as the forms
    count it, at the level of the authority that awards its type; a line revoked since is left out (its award no
    longer stands)."""
    first, last = period(year)
    issuer_unit = aliased(Unit)
    query = (select(AwardType.name, AwardType.category, issuer_unit.kind, Nominee.kind, Nominee.gender,
                    Nominee.works_in_production, DecisionLine.prize_amount)
             .select_from(DecisionLine)
             .join(Decision, Decision.id == DecisionLine.decision_id)
             .join(AwardType, AwardType.id == DecisionLine.award_type_id)
             .join(Authority, Authority.id == AwardType.authority_id)
             .outerjoin(issuer_unit, issuer_unit.id == Authority.unit_id)
             .join(Nomination, Nomination.id == DecisionLine.nomination_id)
             .join(Nominee, Nominee.id == Nomination.nominee_id)
             .where(DecisionLine.decision_date >= first, DecisionLine.decision_date <= last,
                    Nomination.state != str(State.REVOKED)))
    return [Line(name, category, level_of(kind), nominee_kind, gender == "female", bool(production), prize or 0)
            for name, category, kind, nominee_kind, gender, production, prize in session.execute(query)]


def reporting_unit(session: Session, today: date) -> str:
    """Who files the reports: the organ of the province-level authority in force today (ỦY BAN NHÂN DÂN TỈNH …)."""
    query = (select(Authority.organ_name).join(Unit, Unit.id == Authority.unit_id)
             .where(Unit.kind == "province", Authority.valid_from <= today,
                    (Authority.valid_to.is_(None)) | (Authority.valid_to >= today))
             .order_by(Authority.valid_from.desc(), Authority.id.desc()).limit(1))
    return session.scalar(query) or ""


def form_rows(session: Session, form: Form, year: int) -> list[Row]:
    return rows(form, lines_of_year(session, year))


def totals(session: Session, year: int) -> list[tuple[Form, Row]]:
    """Each form with its total row: the reports page's overview."""
    lines = lines_of_year(session, year)
    return [(form, rows(form, lines)[0]) for form in FORMS]


def workbook(session: Session, form: Form, year: int, *, reporting_unit: str, made_on: date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"Biểu {form.code}"
    width = 2 + len(form.columns)
    _corners(sheet, form, reporting_unit, width)
    _title(sheet, form, year, width)
    _header(sheet, form)
    end = _body(sheet, form_rows(session, form, year))
    _signatures(sheet, end + 2, width, made_on)
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 7, 48
    for index in range(3, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 16
    sheet.freeze_panes = sheet.cell(DATA_ROW, 3)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(sheet, row: int, column: int, value: str, font: Font = PLAIN, alignment: Alignment | None = None):
    cell = sheet.cell(row, column, xlsx_text(value))
    cell.data_type = "s"
    cell.quotePrefix = formula_like(cell.value)
    cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _corners(sheet, form: Form, reporting_unit: str, width: int) -> None:
    """Left: the form's number; right: who reports and who receives (as the Ministry's forms print them)."""
    _text(sheet, 1, 1, form.symbol, BOLD)
    _text(sheet, 2, 1, "Ban hành kèm theo chế độ báo cáo thống kê ngành Nội vụ")
    _text(sheet, 1, width, f"Đơn vị báo cáo: {reporting_unit}", BOLD)
    _text(sheet, 2, width, f"Đơn vị nhận báo cáo: {RECEIVER}")


def _title(sheet, form: Form, year: int, width: int) -> None:
    first, last = period(year)
    for row, text, font in ((4, f"{form.title.upper()} NĂM {year}", BOLD),
                            (5, f"(Số liệu từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}; {form.unit})", PLAIN)):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        _text(sheet, row, 1, text, font, CENTRE)


def _header(sheet, form: Form) -> None:
    headings = ["STT", "Chỉ tiêu"] + [column.header for column in form.columns]
    letters = ["A", "B"] + [str(n) for n in range(1, len(form.columns) + 1)]
    for index, (heading, letter) in enumerate(zip(headings, letters, strict=True), start=1):
        _text(sheet, HEADER_ROW, index, heading, BOLD, CENTRE).border = BOX
        _text(sheet, HEADER_ROW + 1, index, letter, PLAIN, CENTRE).border = BOX
    sheet.row_dimensions[HEADER_ROW].height = 45


def _body(sheet, table: list[Row]) -> int:
    for offset, row in enumerate(table):
        at = DATA_ROW + offset
        font = BOLD if row.heading else PLAIN
        _text(sheet, at, 1, row.number, font, CENTRE).border = BOX
        _text(sheet, at, 2, row.label, font).border = BOX
        for index, figure in enumerate(row.figures, start=3):
            cell = sheet.cell(at, index, figure)
            cell.font, cell.border, cell.number_format = font, BOX, "#,##0"
    return DATA_ROW + len(table) - 1


def _signatures(sheet, row: int, width: int, made_on: date) -> None:
    _text(sheet, row, width, f"Ngày {made_on.day:02d} tháng {made_on.month:02d} năm {made_on.year}", PLAIN, CENTRE)
    _text(sheet, row + 1, 2, "NGƯỜI LẬP BIỂU", BOLD, CENTRE)
    _text(sheet, row + 1, width, "THỦ TRƯỞNG ĐƠN VỊ", BOLD, CENTRE)
    _text(sheet, row + 2, 2, "(Ký, họ tên)", PLAIN, CENTRE)
    _text(sheet, row + 2, width, "(Ký, họ tên, đóng dấu)", PLAIN, CENTRE)
