"""The pure parts of proposals: the proposal's state from its lines, and one typed row read into the single
nomination form's fields, with cell problems named by row and column."""
import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from workflow.rules.nominee_list import COLUMNS, row_fields, where_field
from workflow.rules.proposals import ProposalState, proposal_state
from workflow.rules.states import State
from workflow.rules.workbook import read_table

S = State
TITLES = ["STT", "Loại đối tượng", "Họ và tên / tên tập thể", "Chức vụ", "Đơn vị công tác / địa chỉ",
          "Hình thức / danh hiệu đề nghị", "Từ ngày", "Đến ngày", "Tóm tắt thành tích", "Số CCCD", "Ngày sinh",
          "Trực tiếp sản xuất", "Giới tính"]
AWARD = object()
AWARDS = {"bang khen cua chu tich ubnd tinh": AWARD}


@pytest.mark.parametrize("states, expected", [
    ([], ProposalState.EMPTY),
    ([S.WITHDRAWN], ProposalState.EMPTY),
    ([S.DRAFT, S.DRAFT], ProposalState.DRAFT),
    ([S.DRAFT, S.SUBMITTED], ProposalState.DRAFT),
    ([S.SUBMITTED, S.SUBMITTED, S.WITHDRAWN], ProposalState.SUBMITTED),
    ([S.SUBMITTED, S.IN_APPRAISAL], ProposalState.SUBMITTED),
    ([S.RETURNED, S.IN_APPRAISAL], ProposalState.PARTLY_RETURNED),
    ([S.RETURNED, S.RETURNED, S.WITHDRAWN], ProposalState.RETURNED),
    ([S.IN_APPRAISAL, S.IN_COUNCIL, S.NOT_AWARDED], ProposalState.ACCEPTED),
    ([S.AWARDED, S.NOT_AWARDED, S.WITHDRAWN], ProposalState.CLOSED),
])
def test_the_proposal_state_is_derived_from_its_lines(states, expected):
    assert proposal_state(states) is expected


def table_of(*rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH ĐỀ NGHỊ"])
    sheet.append(TITLES)
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return read_table(out.getvalue(), COLUMNS)


def read(*values):
    table = table_of(list(values))
    return row_fields(table, table.rows[0], AWARDS)


def test_an_individual_row_becomes_the_forms_fields():
    fields = read(1, "cá nhân", "Lê Thị Hoa", "Giáo viên", "Trường THCS Vĩnh Hưng", "Bằng khen của Chủ tịch UBND tỉnh",
                  "01/01/2024", datetime(2024, 12, 31), "Đã có thành tích.", 89080000123, "5/9/1980", "có", "Nữ")
    assert fields.problems == []
    assert fields.award is AWARD
    assert fields.fields == {
        "kind": "individual", "person_name": "Lê Thị Hoa", "workplace": "Trường THCS Vĩnh Hưng",
        "achievement_summary": "Đã có thành tích.", "position": "Giáo viên",
        "id_number": "089080000123",   # typed as a number: the leading zero comes back
        "gender": "female", "birth_date": "1980-09-05", "person_in_production": "y",
        "period_from": "2024-01-01", "period_to": "2024-12-31"}


def test_a_collective_row_with_years_only_takes_the_whole_years():
    fields = read(2, "Tập thể", "Ấp Xóm Lớn", None, "xã Vĩnh Hưng A", "BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH", 2023, "2024",
                  "Thành tích.", None, None, None, None)
    assert fields.problems == []
    assert fields.fields["collective_name"] == "Ấp Xóm Lớn" and fields.fields["collective_line"] == "xã Vĩnh Hưng A"
    assert (fields.fields["period_from"], fields.fields["period_to"]) == ("2023-01-01", "2024-12-31")
    assert "person_in_production" not in fields.fields and "gender" not in fields.fields


def test_each_bad_cell_is_named_by_row_and_column():
    """All of a row's problems at once (an empty birth date is not one: the form has it optional)."""
    fields = read(3, "Cơ quan", "X", None, None, "Huân chương", "31/02/2024", "31/12/2024", "T", None, None, "hơi hơi",
                  "khác")
    assert [str(p) for p in fields.problems] == [
        "Dòng 3, cột B: loại đối tượng «Cơ quan» không hợp lệ; ghi «Cá nhân», «Tập thể» hoặc «Hộ gia đình».",
        "Dòng 3, cột M: «khác» không hợp lệ: giới tính ghi «Nam» hoặc «Nữ».",
        "Dòng 3, cột L: «hơi hơi» không hợp lệ: ghi «Có» hoặc «Không».",
        ("Dòng 3, cột G: «31/02/2024» không phải là ngày hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 05/09/1980 "
        "(hoặc chỉ ghi năm ở cột thời gian tính thành tích)."),
        ("Dòng 3, cột F: «Huân chương» không có trong danh mục hình thức khen thưởng của đợt xét (xem trang «Danh mục» "
        "của tệp mẫu).")]


def test_a_service_refusal_is_placed_in_the_column_of_its_field():
    table = table_of([1])
    fields = row_fields(table, table.rows[0], AWARDS)
    assert str(where_field(fields, table.rows[0].letters, "award_type", "không áp dụng")) == \
        "Dòng 3, cột F: không áp dụng"
    assert str(where_field(fields, table.rows[0].letters, "nominee.full_name", "trùng")) == "Dòng 3, cột C: trùng"
    assert str(where_field(fields, table.rows[0].letters, None, "lỗi chung")) == "Dòng 3: lỗi chung"
    assert date(2024, 1, 1)  # dates above are ISO strings for the form's DateField
