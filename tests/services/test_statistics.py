"""The annual statistical reports, form by form, against a hand-counted fixture: nine decisions made through the
real services, six of them in the 2025 statistics year (01/12/2024 – 30/11/2025), one of those revoked since. Each
workbook is re-opened with openpyxl and compared cell by cell with the figures counted by hand below."""
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tests import factories
from workflow.models import Authority
from workflow.rules.annual_report import FORMS_BY_CODE
from workflow.rules.nominees import NomineeKind
from workflow.services import decisions, statistics
from workflow.services.statistics import DATA_ROW, HEADER_ROW

I, C, H = NomineeKind.INDIVIDUAL, NomineeKind.COLLECTIVE, NomineeKind.HOUSEHOLD


@pytest.fixture
def year_2025(session, world, store):
    """Prize = coefficient × 2,340,000 đ (base salary from 01/07/2024), rounded up to 10,000 đ."""
    bk, cstd, gk = world.bang_khen, world.chien_si, world.giay_khen
    made = [  # (award type, kind, name, decision date, gender, works in production)
        (bk, C, "Hợp tác xã Đông Hải", date(2025, 3, 3), None, False),          # tỉnh, 4,680,000
        (bk, I, "Trần Văn Bé", date(2025, 6, 10), "male", True),                 # tỉnh, 2,340,000
        (bk, H, "Hộ ông Lâm Văn Sáu", date(2024, 12, 1), None, False),          # tỉnh, 2,340,000 (first day)
        (cstd, I, "Nguyễn Thị Đào", date(2025, 11, 30), "female", True),        # tỉnh, 7,020,000 (last day)
        (gk, C, "Ấp Năm Căn", date(2025, 3, 3), None, False),                   # huyện, 1,404,000 → 1,410,000
        (gk, I, "Lê Thị Hoa", date(2025, 3, 3), "female", False),               # huyện, 702,000 → 710,000
        (bk, I, "Phạm Văn Ngoài", date(2025, 12, 1), "male", False),            # 2026's year: not counted
        (bk, I, "Võ Văn Cũ", date(2024, 11, 30), "male", False),                # 2024's year: not counted
        (bk, I, "Đỗ Văn Thu", date(2025, 3, 3), "male", True),                  # revoked below: not counted
    ]
    awarded = [factories.awarded(session, world, store, award_type=award_type, kind=kind, name=name,
                                 decision_date=day, gender=gender, works_in_production=production)
               for award_type, kind, name, day, gender, production in made]
    revoked = awarded[-1]
    decisions.revoke(session, revoked, by=world.chair, expected_version=revoked.version,
                     reason="Thành tích không đúng sự thật.", revoking_decision_no="99/QĐ-UBND")
    # the Giấy khen is the district chairman's (as the demo's Vĩnh Lợi Giấy khen): counted at the district level
    district = Authority(name="Chủ tịch Ủy ban nhân dân huyện Vĩnh Lợi", issuer_title="CHỦ TỊCH UBND HUYỆN VĨNH LỢI",
                         organ_name="ỦY BAN NHÂN DÂN HUYỆN VĨNH LỢI", place_name="Vĩnh Lợi", unit=world.district_a)
    session.add(district)
    gk.authority = district
    session.flush()
    return world


def _sheet(session, code: str, year: int = 2025):
    data = statistics.workbook(session, FORMS_BY_CODE[code], year, reporting_unit="ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU",
                               made_on=date(2025, 12, 6))
    return load_workbook(io.BytesIO(data)).active


def _table(sheet, width: int) -> list[tuple]:
    """The rows from "Tổng số" down to the last row with a label in column B and figures after it."""
    found = []
    for row in sheet.iter_rows(min_row=DATA_ROW, max_col=2 + width, values_only=True):
        if row[1] is None or not isinstance(row[2], int):
            break
        found.append(tuple(row))
    return found


def test_form_0601_counts_every_award_by_level_category_and_subject(session, year_2025):
    sheet = _sheet(session, "0601")
    assert sheet["A1"].value == "Biểu số 0601.N/BNV-TĐKT"
    assert sheet["F1"].value == "Đơn vị báo cáo: ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU"
    assert sheet["A4"].value == "SỐ LƯỢNG DANH HIỆU THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG ĐÃ TẶNG NĂM 2025"
    assert "từ ngày 01/12/2024 đến ngày 30/11/2025" in sheet["A5"].value
    assert [c.value for c in sheet[HEADER_ROW]][:6] == ["STT", "Chỉ tiêu", "Tổng số", "Tập thể", "Cá nhân",
                                                       "Hộ gia đình"]
    assert [c.value for c in sheet[HEADER_ROW + 1]][:6] == ["A", "B", "1", "2", "3", "4"]
    assert _table(sheet, 4) == [
        (None, "Tổng số", 6, 2, 3, 1),
        ("I", "Cấp tỉnh", 4, 1, 2, 1),
        (None, "Danh hiệu thi đua", 1, 0, 1, 0),
        ("1", "Chiến sĩ thi đua cấp tỉnh", 1, 0, 1, 0),
        (None, "Hình thức khen thưởng", 3, 1, 1, 1),
        ("1", "Bằng khen của Chủ tịch UBND tỉnh", 3, 1, 1, 1),
        ("II", "Cấp huyện", 2, 1, 1, 0),
        (None, "Hình thức khen thưởng", 2, 1, 1, 0),
        ("1", "Giấy khen", 2, 1, 1, 0),
    ]


def test_form_0602_counts_individuals_women_and_those_in_production(session, year_2025):
    sheet = _sheet(session, "0602")
    assert [c.value for c in sheet[HEADER_ROW]][2:5] == ["Tổng số", "Trong đó: nữ",
                                                        "Trong đó: trực tiếp lao động, sản xuất, công tác"]
    assert _table(sheet, 3) == [
        (None, "Tổng số", 3, 2, 2),
        ("I", "Cấp tỉnh", 2, 1, 2),
        (None, "Danh hiệu thi đua", 1, 1, 1),
        ("1", "Chiến sĩ thi đua cấp tỉnh", 1, 1, 1),
        (None, "Hình thức khen thưởng", 1, 0, 1),
        ("1", "Bằng khen của Chủ tịch UBND tỉnh", 1, 0, 1),
        ("II", "Cấp huyện", 1, 1, 0),
        (None, "Hình thức khen thưởng", 1, 1, 0),
        ("1", "Giấy khen", 1, 1, 0),
    ]


def test_form_0603_counts_the_provinces_own_awards_only(session, year_2025):
    assert _table(_sheet(session, "0603"), 4) == [
        (None, "Tổng số", 4, 1, 2, 1),
        ("I", "Cấp tỉnh", 4, 1, 2, 1),
        (None, "Danh hiệu thi đua", 1, 0, 1, 0),
        ("1", "Chiến sĩ thi đua cấp tỉnh", 1, 0, 1, 0),
        (None, "Hình thức khen thưởng", 3, 1, 1, 1),
        ("1", "Bằng khen của Chủ tịch UBND tỉnh", 3, 1, 1, 1),
    ]


def test_form_0604_counts_district_and_commune_awards(session, year_2025):
    assert _table(_sheet(session, "0604"), 4) == [
        (None, "Tổng số", 2, 1, 1, 0),
        ("I", "Cấp huyện", 2, 1, 1, 0),
        (None, "Hình thức khen thưởng", 2, 1, 1, 0),
        ("1", "Giấy khen", 2, 1, 1, 0),
    ]


def test_form_0605_sums_the_prize_money(session, year_2025):
    assert _table(_sheet(session, "0605"), 2) == [
        (None, "Tổng số", 6, 18_500_000),
        ("I", "Cấp tỉnh", 4, 16_380_000),
        (None, "Danh hiệu thi đua", 1, 7_020_000),
        ("1", "Chiến sĩ thi đua cấp tỉnh", 1, 7_020_000),
        (None, "Hình thức khen thưởng", 3, 9_360_000),
        ("1", "Bằng khen của Chủ tịch UBND tỉnh", 3, 9_360_000),
        ("II", "Cấp huyện", 2, 2_120_000),
        (None, "Hình thức khen thưởng", 2, 2_120_000),
        ("1", "Giấy khen", 2, 2_120_000),
    ]


def test_the_neighbouring_years_get_the_lines_on_their_side_of_30_november(session, year_2025):
    assert _table(_sheet(session, "0601", 2024), 4)[0] == (None, "Tổng số", 1, 0, 1, 0)   # Võ Văn Cũ
    assert _table(_sheet(session, "0601", 2026), 4)[0] == (None, "Tổng số", 1, 0, 1, 0)   # Phạm Văn Ngoài
    assert _table(_sheet(session, "0601", 2023), 4) == [(None, "Tổng số", 0, 0, 0, 0)]


def test_the_reporting_unit_is_the_province_in_force(session, world):
    assert statistics.reporting_unit(session, date(2025, 3, 3)) == "ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU"
