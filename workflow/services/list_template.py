"""The import template (tệp mẫu danh sách đề nghị khen thưởng) as an .xlsx: a title block, a two-row header
with merged cells, one example row, and a second sheet listing the award types a campaign offers today and the
kinds of nominee each allows. The reader (rules.nominee_list.COLUMNS) finds these very titles."""
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.datavalidation import DataValidation

from ..models import AwardType
from ..rules.nominee_list import KIND_TEMPLATE_WORDS
from ..rules.nominees import NomineeKind

# (title, width, group): columns sharing a group title sit under one merged cell of the first header row
HEADER = (("STT", 6, None), ("Loại đối tượng", 13, None), ("Họ và tên / tên tập thể", 28, None),
          ("Chức vụ", 18, None), ("Đơn vị công tác / địa chỉ", 28, None),
          ("Hình thức / danh hiệu đề nghị", 30, None),
          ("Từ ngày", 12, "Thời gian tính thành tích"), ("Đến ngày", 12, "Thời gian tính thành tích"),
          ("Tóm tắt thành tích", 50, None), ("Số CCCD", 15, "Cá nhân (không công khai)"),
          ("Ngày sinh", 12, "Cá nhân (không công khai)"), ("Trực tiếp sản xuất", 11, None), ("Giới tính", 9, None))
FIRST_DATA_ROW = 6
THIN = Side(style="thin")


def template(award_types: Sequence[AwardType], campaign_name: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    _title(sheet, campaign_name)
    _header(sheet)
    for column in ("J", "G", "H", "K"):   # text, so a CCCD keeps its leading zero and dates stay dd/mm/yyyy
        for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 1000):
            sheet[f"{column}{row}"].number_format = "@"
    kinds = DataValidation(type="list", formula1='"Cá nhân,Tập thể,Hộ gia đình"', allow_blank=True)
    sheet.add_data_validation(kinds)
    kinds.add(f"B{FIRST_DATA_ROW}:B{FIRST_DATA_ROW + 999}")
    sheet.freeze_panes = f"C{FIRST_DATA_ROW}"
    _catalogue(book.create_sheet("Danh mục"), award_types)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _title(sheet, campaign_name: str) -> None:
    last = chr(ord("A") + len(HEADER) - 1)
    sheet["A1"] = "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
    sheet["A2"] = f"(Kèm theo Tờ trình số …… ngày …… — {campaign_name})"
    for row in (1, 2):
        sheet.merge_cells(f"A{row}:{last}{row}")
        sheet[f"A{row}"].alignment = Alignment(horizontal="center")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A3"] = ("Mỗi dòng một đối tượng. Ngày ghi dạng ngày/tháng/năm. Xem trang «Danh mục» để biết tên hình "
                   "thức khen thưởng và loại đối tượng hợp lệ.")
    sheet.merge_cells(f"A3:{last}3")


def _header(sheet) -> None:
    top, bottom = FIRST_DATA_ROW - 2, FIRST_DATA_ROW - 1
    index = 1
    while index <= len(HEADER):
        title, width, group = HEADER[index - 1]
        span = sum(1 for _t, _w, g in HEADER[index - 1:] if group and g == group) if group else 1
        letter = chr(ord("A") + index - 1)
        if group:
            end = chr(ord(letter) + span - 1)
            sheet[f"{letter}{top}"] = group
            sheet.merge_cells(f"{letter}{top}:{end}{top}")
            for offset in range(span):
                sub, sub_width, _g = HEADER[index - 1 + offset]
                sheet[f"{chr(ord(letter) + offset)}{bottom}"] = sub
                sheet.column_dimensions[chr(ord(letter) + offset)].width = sub_width
        else:
            sheet[f"{letter}{top}"] = title
            sheet.merge_cells(f"{letter}{top}:{letter}{bottom}")
            sheet.column_dimensions[letter].width = width
        index += span
    for row in sheet.iter_rows(min_row=top, max_row=bottom, max_col=len(HEADER)):
        for cell in row:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)


def _catalogue(sheet, award_types: Sequence[AwardType]) -> None:
    sheet.append(["Hình thức / danh hiệu đề nghị (ghi đúng tên)", "Áp dụng cho"])
    for award_type in award_types:
        kinds = [KIND_TEMPLATE_WORDS[k] for k in NomineeKind if award_type.allows(k)]
        sheet.append([award_type.name, ", ".join(kinds)])
    sheet.append([])
    sheet.append(["Loại đối tượng hợp lệ", ", ".join(KIND_TEMPLATE_WORDS.values())])
    sheet.append(["Trực tiếp sản xuất", "Có / Không"])
    sheet.append(["Giới tính", "Nam / Nữ"])
    sheet.append(["Ngày", "ngày/tháng/năm, ví dụ 05/09/1980; thời gian tính thành tích có thể chỉ ghi năm"])
    sheet.column_dimensions["A"].width = 50
    sheet.column_dimensions["B"].width = 30
    for cell in sheet[1]:
        cell.font = Font(bold=True)
