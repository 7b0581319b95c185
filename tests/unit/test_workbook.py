"""The uploaded-workbook reader: tables as offices type them, hostile files refused quickly with nothing read."""
import io
import time
import tracemalloc
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from workflow.rules.errors import ValidationFailed
from workflow.rules.workbook import (Column, WorkbookRefused, as_date, as_number, column_letter, read_table)

COLUMNS = (Column("name", ("Họ và tên", "Họ tên")), Column("born", ("Ngày sinh",), required=False),
           Column("amount", ("Số tiền",), required=False))


def xlsx(rows, merge=None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in merge or ():
        sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_reads_rows_below_a_merged_title_and_a_two_row_header():
    data = xlsx([["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"], [],
                 ["STT", "Thông tin cá nhân", None, "Số tiền"],
                 [None, "HO VA TEN", "ngày  sinh", None],
                 [1, "  Nguyễn Văn   An ", "05/09/1980", "1.500.000 đ"],
                 [2, "Trần Thị Bé", datetime(1990, 1, 2), 2500000]],
                merge=["A1:D1", "B3:C3", "A3:A4", "D3:D4"])
    table = read_table(data, COLUMNS)
    assert table.header_row == 4
    assert [r.number for r in table.rows] == [5, 6]
    first, second = table.rows
    assert first.values["name"] == "Nguyễn Văn An"
    assert as_date(first.values["born"], "x") == date(1980, 9, 5)
    assert as_date(second.values["born"], "x") == date(1990, 1, 2)
    assert as_number(first.values["amount"], "x") == Decimal(1500000)
    assert table.where(second, "amount") == "Dòng 6, cột D"


def test_trailing_empty_and_formatted_rows_are_not_rows():
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên"])
    sheet.append(["Lê Văn C"])
    for number in range(3, 3000):   # formatted but empty, as a sheet styled to its end
        sheet.cell(number, 1).number_format = "@"
    out = io.BytesIO()
    book.save(out)
    assert [r.values["name"] for r in read_table(out.getvalue(), COLUMNS).rows] == ["Lê Văn C"]


def test_a_table_without_its_required_column_names_them():
    with pytest.raises(WorkbookRefused, match="«Họ và tên»"):
        read_table(xlsx([["Tên đơn vị", "Ghi chú"], ["A", "B"]]), COLUMNS)


@pytest.mark.parametrize(("data", "words"), [
    (b"%PDF-1.7 not a workbook", "không phải là bảng tính"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
    (b"Ho va ten;Ngay sinh\nAn;01/01/1980\n", "không phải là bảng tính"),
    (b"PK\x03\x04garbage", "hỏng"),
])
def test_what_is_not_a_workbook_is_refused_in_words(data, words):
    with pytest.raises(WorkbookRefused, match=words):
        read_table(data, COLUMNS)


def _repack(data: bytes, replace: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item.filename)))
    return out.getvalue()


def test_entity_expansion_is_refused_before_parsing():
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i else b"&lol;" * 10)
                         for i in range(1, 9))
              + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol8;</t></is></c></row></sheetData></worksheet>')
    data = _repack(xlsx([["Họ và tên"], ["An"]]), {"xl/worksheets/sheet1.xml": laughs})
    with pytest.raises(WorkbookRefused, match="thực thể XML"):
        read_table(data, COLUMNS)


def test_a_zip_bomb_is_refused_without_unpacking_it():
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b"<sheetData>" + b" " * (200 * 1024 * 1024) + b"</sheetData></worksheet>")
    data = _repack(xlsx([["Họ và tên"], ["An"]]), {"xl/worksheets/sheet1.xml": sheet})
    assert len(data) < 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(WorkbookRefused, match="bất thường"):
        read_table(data, COLUMNS)
    elapsed, peak = time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 2 and peak < 20 * 1024 * 1024


def test_a_million_rows_stop_at_the_first_row_over_the_limit():
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Ng%d</t></is></c></row>' % (n, n, n)
                    for n in range(2, 1_000_001))
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>' + "Họ và tên".encode() + b"</t></is></c></row>"
             + rows + b"</sheetData></worksheet>")
    data = _repack(xlsx([["x"]]), {"xl/worksheets/sheet1.xml": sheet})
    started = time.perf_counter()
    with pytest.raises(WorkbookRefused):   # too many rows, or refused as an abnormal package before reading
        read_table(data, COLUMNS, max_rows=500)
    assert time.perf_counter() - started < 5


def test_a_formula_is_refused_with_its_cell():
    with pytest.raises(WorkbookRefused, match="Dòng 3, cột B: ô chứa công thức"):
        read_table(xlsx([["STT", "Họ và tên"], [1, "An"], [2, '=HYPERLINK("http://x","y")']]), COLUMNS)


@pytest.mark.parametrize(("text", "number"), [
    ("1.500.000", 1500000), ("1.500.000 đ", 1500000), ("2,5", Decimal("2.5")), ("1 500 000 đồng", 1500000),
    (3, 3), (2.5, Decimal("2.5")), ("12", 12)])
def test_vietnamese_numbers(text, number):
    assert as_number(text, "x") == Decimal(number)


@pytest.mark.parametrize(("text", "day"), [
    ("05/09/1980", date(1980, 9, 5)), ("5/9/1980", date(1980, 9, 5)), ("05-09-1980", date(1980, 9, 5)),
    ("05.09.1980", date(1980, 9, 5)), (datetime(1980, 9, 5), date(1980, 9, 5))])
def test_dates_as_offices_type_them(text, day):
    assert as_date(text, "x") == day


@pytest.mark.parametrize("text", ["31/02/1980", "1980-09-05", "mười"])
def test_a_bad_date_names_its_cell(text):
    with pytest.raises(ValidationFailed, match="Dòng 4, cột C: .* ngày/tháng/năm"):
        as_date(text, "Dòng 4, cột C")


def test_column_letters():
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
