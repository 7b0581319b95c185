"""The reports page: the secretariat and the administrator see the five forms of a chosen year and download each
as a workbook; anyone else is refused."""
import html
import io

from openpyxl import load_workbook

from tests import factories
from tests.web.test_unit import text_of


def test_the_secretariat_lists_the_forms_of_a_year_and_downloads_one(session, world, store, signed_in):
    factories.awarded(session, world, store, name="Hợp tác xã Đông Hải")   # decided 03/03/2025
    session.commit()
    sec = signed_in(world.secretariat)
    page = html.unescape(text_of(sec.get("/reports/?year=2025")))
    for code in ("0601", "0602", "0603", "0604", "0605"):
        assert f"/reports/{code}.xlsx?year=2025" in page
    assert "từ ngày 01/12/2024 đến ngày 30/11/2025" in page
    response = sec.get("/reports/0603.xlsx?year=2025")
    assert response.status_code == 200 and "bieu-0603-nam-2025.xlsx" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["A1"].value == "Biểu số 0603.N/BNV-TĐKT" and sheet["C9"].value == 1 and sheet["D9"].value == 1


def test_the_administrator_may_download_others_may_not_and_a_bad_year_or_form_is_no_500(world, signed_in):
    admin = signed_in(world.admin)
    assert admin.get("/reports/0605.xlsx?year=2025").status_code == 200
    page = html.unescape(text_of(admin.get("/reports/?year=abc")))
    assert "chưa có quyết định khen thưởng nào" in page
    assert admin.get("/reports/0699.xlsx").status_code == 404
    assert signed_in(world.officer_a).get("/reports/").status_code == 403
    assert signed_in(world.chair).get("/reports/0601.xlsx").status_code == 403
