"""The movement dashboard at /campaigns (issue 7): the public page and its staff variant, the figures on the
page and in the Excel workbook against the database for the demo data, CSV and PDF exports, the
secretariat's result entry, the administrator's counting rule, and who may see what."""
import csv
import io
import re
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from tests.services.test_movement import expected_progress
from tests.web.conftest import csrf_token
from workflow import demo
from workflow.models import Campaign, Comparator, Indicator, IndicatorResult, Nomination, Target
from workflow.services import clock, movement

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


@pytest.fixture
def demo_campaign(session, store) -> Campaign:
    assert demo.load(session, password="mat-khau-demo-thu", store=store) is True
    session.commit()
    return session.scalar(select(Campaign))


@pytest.fixture
def indicator(session, world) -> Indicator:
    indicator = Indicator(campaign=world.campaign, code="XA_NTM_NANG_CAO", name="Xã đạt chuẩn nông thôn mới nâng cao")
    indicator.targets += [Target(unit=world.province, value=10, comparator=Comparator.EXACTLY),
                          Target(unit=world.district_a, value=6, comparator=Comparator.EXACTLY),
                          Target(unit=world.district_b, value=1, comparator=Comparator.AT_LEAST)]
    session.add(indicator)
    session.commit()
    return indicator


def progress_rows(page: str, index: int) -> dict[str, tuple[str, str]]:
    """{unit name: (target text, figure)} from the indicator's table on the page."""
    table = re.search(rf'<table id="table-progress-{index}".*?</table>', page, re.DOTALL).group(0)
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.DOTALL).group(1)
    found = {}
    for row in re.findall(r"<tr.*?</tr>", body, re.DOTALL):
        name = re.search(r'<th scope="row">([^<]+)', row).group(1).strip()
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)
        found[name] = (cells[0].strip(), cells[1].strip())
    return found


# --- the demo data: page and workbook against the database ----------------------------------------------

def test_the_demo_dashboard_shows_the_figures_the_database_holds(app, session, demo_campaign):
    response = app.test_client().get(f"/campaigns/{demo_campaign.id}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=60"
    page = response.get_data(as_text=True)
    on = movement.default_date(demo_campaign, clock.today())
    assert f"Chỉ tiêu tính đến ngày {on:%d/%m/%Y}" in page
    for index, indicator in enumerate(demo_campaign.indicators):
        expected = expected_progress(session, indicator, on)
        names = {t.unit.code: t.unit.name for t in indicator.targets}
        shown = progress_rows(page, index)
        assert shown == {names[code]: (_target_text(indicator, code), "—" if figure is None else str(figure))
                         for code, (figure, _) in expected.items()}
        total = sum(f for f, _ in expected.values() if f is not None)
        assert re.search(rf'<span class="kpi-figure">{total}<small>/{indicator.targets[0].value}</small>', page)
    # the districts ended with the 2025 merger: their names and figures stay, and the page says why
    assert "Đơn vị kết thúc ngày 30/06/2025, nay thuộc Tỉnh Cà Mau; số liệu tính đến ngày đó." in page
    assert 'role="img"' in page and "<script" not in page
    assert 'aria-describedby="table-progress-0"' in page
    # the home page's counts and the dashboard's agree: disclosed nominations, and awards in force + revoked
    disclosed = re.search(r'<span class="kpi-figure">(\d+)</span><span>hồ sơ đã công khai', page).group(1)
    in_force = re.search(r'<span class="kpi-figure">(\d+)</span><span>khen thưởng còn hiệu lực \((\d+) đã thu hồi',
                         page)
    home = text(app.test_client().get("/"))
    assert (f"{disclosed} hồ sơ đã công khai · {in_force.group(1)} khen thưởng còn hiệu lực "
            f"({in_force.group(2)} đã thu hồi).") in home


def _target_text(indicator: Indicator, code: str) -> str:
    target = next(t for t in indicator.targets if t.unit.code == code)
    return ("ít nhất " if target.comparator == Comparator.AT_LEAST else "") + f"{target.value} xã"


def test_the_demo_workbook_has_one_sheet_per_table_with_the_databases_figures(app, session, demo_campaign):
    on = movement.default_date(demo_campaign, clock.today())
    response = app.test_client().get(f"/campaigns/{demo_campaign.id}/report.xlsx")
    assert response.status_code == 200 and response.content_type == XLSX
    assert f'filename="phong-trao-{demo_campaign.id}-bao-cao-{on:%Y%m%d}.xlsx"' in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Thông tin", "Chỉ tiêu và kết quả", "Hồ sơ theo trạng thái", "Khen thưởng",
                               "Tỷ lệ khen thưởng", "Thời gian xử lý"]     # the public report: no overdue sheet
    assert book["Thông tin"]["B2"].value == demo_campaign.name

    sheet = book["Chỉ tiêu và kết quả"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]][:7] == ["Chỉ tiêu", "Đơn vị", "Chỉ tiêu giao", "Giá trị chỉ tiêu", "Kết quả",
                                               "Tỷ lệ hoàn thành", "Đánh giá"]
    assert sheet["A1"].font.bold and sheet.column_dimensions["A"].width == 36
    rows = list(sheet.iter_rows(min_row=2))
    by_unit = {}
    for row in rows:
        by_unit[(row[0].value, row[1].value)] = row
    for indicator in demo_campaign.indicators:
        for code, (figure, target) in expected_progress(session, indicator, on).items():
            name = next(t.unit.name for t in indicator.targets if t.unit.code == code)
            row = by_unit[(indicator.name, name)]
            assert (row[3].value, row[4].value) == (target, figure)
            if figure is not None:
                assert row[5].value == pytest.approx(round(figure / target, 3), abs=0.0005)
                assert row[5].number_format == "0.0%" and row[3].number_format == "#,##0"
        total = by_unit[(indicator.name, "Toàn tỉnh (Tỉnh Bạc Liêu)")]
        assert total[4].value == sum(f for f, _ in expected_progress(session, indicator, on).values() if f)
    reported = next(r for r in rows if r[8].value is not None)
    assert isinstance(reported[8].value, datetime) and reported[8].number_format == "DD/MM/YYYY"

    states = {r[0].value: r[1].value for r in book["Hồ sơ theo trạng thái"].iter_rows(min_row=2)}
    assert states["Đã khen thưởng"] == session.scalar(select(func.count(Nomination.id)).where(
        Nomination.state == "awarded"))
    assert states["Đã thu hồi"] == session.scalar(select(func.count(Nomination.id)).where(
        Nomination.state == "revoked"))
    awards = [[c.value for c in r] for r in book["Khen thưởng"].iter_rows(min_row=2)]
    assert sum(r[3] for r in awards) == states["Đã khen thưởng"] and sum(r[4] for r in awards) == states["Đã thu hồi"]
    assert book["Thời gian xử lý"]["A1"].value == "Hình thức khen thưởng"


# --- exports --------------------------------------------------------------------------------------------

def test_csv_zip_holds_one_file_per_table_and_each_table_downloads_alone(app, session, world, indicator):
    movement.record_result(session, indicator, by=world.secretariat, unit=world.district_a, value=7,
                           as_of=date(2025, 3, 1), source="Báo cáo số 12/BC-VPĐP")
    session.commit()
    client = app.test_client()
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/campaigns/{world.campaign.id}/report.zip?on=2025-03-31").data))
    assert archive.namelist() == ["chi-tieu.csv", "trang-thai.csv", "khen-thuong.csv", "ty-le.csv", "thoi-gian.csv"]
    content = archive.read("chi-tieu.csv").decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows[0][:5] == ["Chỉ tiêu", "Đơn vị", "Chỉ tiêu giao", "Giá trị chỉ tiêu", "Kết quả"]
    vinh_loi = next(r for r in rows if r[1] == "Huyện Vĩnh Lợi")
    assert vinh_loi[3:9] == ["6", "7", "116.7", "Vượt chỉ tiêu", "7", "2025-03-01"]

    single = client.get(f"/campaigns/{world.campaign.id}/csv/chi-tieu.csv?on=2025-03-31")
    assert single.status_code == 200 and single.content_type == "text/csv; charset=utf-8"
    assert single.data.decode("utf-8") == content
    assert client.get(f"/campaigns/{world.campaign.id}/csv/qua-han.csv").status_code == 404  # staff only
    assert client.get(f"/campaigns/{world.campaign.id}/csv/khong-co.csv").status_code == 404


def test_the_report_pdf_prints_the_tables(app, session, world, indicator):
    movement.record_result(session, indicator, by=world.secretariat, unit=world.district_a, value=7,
                           as_of=date(2025, 3, 1), source="Báo cáo số 12/BC-VPĐP")
    session.commit()
    response = app.test_client().get(f"/campaigns/{world.campaign.id}/report.pdf?on=2025-03-31")
    assert response.status_code == 200 and response.content_type == "application/pdf"
    assert response.data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.data))
    content = " ".join(page.extract_text() for page in reader.pages)
    assert "Báo cáo tổng kết phong trào thi đua" in content
    assert "Huyện Vĩnh Lợi" in content and "Vượt chỉ tiêu" in content and "116,7 %" in content
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height   # A4 landscape


def test_the_public_report_pdf_is_rate_limited_per_address(app, world, indicator):
    """About a second of CPU each: a fifth request within the minute gets a Vietnamese 429, not a render."""
    client = app.test_client()
    codes = [client.get(f"/campaigns/{world.campaign.id}/report.pdf").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]
    refused = client.get(f"/campaigns/{world.campaign.id}/report.pdf")
    assert refused.status_code == 429 and "Bạn đã gửi quá nhiều yêu cầu" in refused.get_data(as_text=True)


# --- the page: dates, audiences ---------------------------------------------------------------------------

def test_a_date_that_does_not_parse_is_explained_not_a_500(app, world, indicator):
    response = app.test_client().get(f"/campaigns/{world.campaign.id}?on=31-02-2025")
    assert response.status_code == 200
    assert "Ngày không hợp lệ" in text(response)


def test_the_list_of_campaigns_and_the_home_page_link_to_the_dashboard(app, world, indicator):
    client = app.test_client()
    listing = client.get("/campaigns/")
    assert listing.status_code == 200 and f'href="/campaigns/{world.campaign.id}"' in listing.get_data(as_text=True)
    assert f'href="/campaigns/{world.campaign.id}"' in client.get("/").get_data(as_text=True)


def test_a_hidden_campaign_is_not_found_by_the_public_but_open_to_its_staff(app, session, world, indicator,
                                                                           signed_in):
    world.campaign.is_public = False
    session.commit()
    client = app.test_client()
    assert client.get(f"/campaigns/{world.campaign.id}").status_code == 404
    assert client.get(f"/campaigns/{world.campaign.id}/report.xlsx").status_code == 404
    assert f"/campaigns/{world.campaign.id}" not in client.get("/campaigns/").get_data(as_text=True)
    assert signed_in(world.secretariat).get(f"/campaigns/{world.campaign.id}/internal").status_code == 200


@pytest.mark.parametrize("url", ["/campaigns/{id}/internal", "/campaigns/{id}/internal/report.xlsx",
                                 "/campaigns/{id}/results", "/campaigns/{id}/counting"])
def test_staff_pages_send_an_anonymous_visitor_to_sign_in(app, world, url):
    response = app.test_client().get(url.format(id=world.campaign.id))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("who, internal, results, counting", [
    ("officer_a", 403, 403, 403),
    ("members", 403, 403, 403),
    ("secretariat", 200, 200, 403),
    ("chair", 200, 403, 403),
    ("admin", 200, 403, 200),
])
def test_who_may_see_what(app, world, indicator, signed_in, who, internal, results, counting):
    user = world.members[1] if who == "members" else getattr(world, who)
    browser = signed_in(user)
    base = f"/campaigns/{world.campaign.id}"
    assert browser.get(f"{base}/internal").status_code == internal
    assert browser.get(f"{base}/results").status_code == results
    assert browser.get(f"{base}/counting").status_code == counting
    assert browser.get(base).status_code == 200


def test_the_staff_variant_shows_open_and_overdue_nominations_and_is_never_cached(app, session, world, store,
                                                                                 indicator, signed_in):
    from tests import factories
    nomination = factories.submitted(session, world, store, name="Tập thể Ấp Xóm Lớn")
    nomination.submitted_at, nomination.processing_due_on = datetime(2025, 1, 6, 3, 0), date(2025, 2, 3)
    session.commit()
    browser = signed_in(world.secretariat)
    response = browser.get(f"/campaigns/{world.campaign.id}/internal")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    page = text(response)
    assert "Số liệu nội bộ" in page and "Hồ sơ quá hạn xử lý" in page and "Tập thể Ấp Xóm Lớn" in page
    assert f'href="/secretariat/nominations/{nomination.id}"' in page
    public = app.test_client().get(f"/campaigns/{world.campaign.id}")
    assert "Tập thể Ấp Xóm Lớn" not in text(public) and "Hồ sơ quá hạn" not in text(public)
    book = load_workbook(io.BytesIO(browser.get(f"/campaigns/{world.campaign.id}/internal/report.xlsx").data))
    overdue = book["Hồ sơ quá hạn xử lý"]
    assert [c.value for c in overdue[2]][:3] == [nomination.id, "Tập thể Ấp Xóm Lớn", world.bang_khen.name]


# --- result entry ---------------------------------------------------------------------------------------

def result_form(indicator, unit_row, **overrides) -> dict:
    return {"indicator": str(indicator.id), "unit": str(unit_row.id), "value": "5", "as_of": "2025-03-01",
            "source": "Báo cáo số 21/BC-VPĐP ngày 05/03/2025", "note": ""} | overrides


def test_the_secretariat_enters_a_result_and_the_dashboard_shows_it(app, session, world, indicator, signed_in):
    browser = signed_in(world.secretariat)
    url = f"/campaigns/{world.campaign.id}/results"
    response = browser.post(url, result_form(indicator, world.district_a))
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    result = session.scalar(select(IndicatorResult))
    assert (result.value, result.as_of, result.unit_id) == (5, date(2025, 3, 1), world.district_a.id)
    page = text(browser.get(url))
    assert "Đã lưu kết quả của Huyện Vĩnh Lợi tính đến ngày 01/03/2025." in page
    assert "Báo cáo số 21/BC-VPĐP ngày 05/03/2025" in page
    rows = progress_rows(app.test_client().get(f"/campaigns/{world.campaign.id}?on=2025-03-31")
                         .get_data(as_text=True), 0)
    assert rows["Huyện Vĩnh Lợi"] == ("6 xã", "5")


@pytest.mark.parametrize("overrides, message", [
    ({"value": "-3"}, "Kết quả phải là số nguyên từ 0 đến 1.000.000."),
    ({"value": "năm"}, "Cần nhập một số nguyên."),
    ({"as_of": "30/02/2025"}, "Ngày không hợp lệ"),
    ({"source": ""}, "Cần ghi nguồn số liệu."),
    ({"unit": "999999"}, "Lựa chọn không hợp lệ."),
    ({"as_of": "2099-01-01"}, "Ngày của số liệu không được sau hôm nay."),
])
def test_a_bad_result_is_explained_beside_its_field(app, session, world, indicator, signed_in, overrides, message):
    browser = signed_in(world.secretariat)
    response = browser.post(f"/campaigns/{world.campaign.id}/results",
                            result_form(indicator, world.district_a, **overrides))
    assert response.status_code == 200
    assert message in text(response)
    assert session.scalar(select(func.count(IndicatorResult.id))) == 0


def test_a_unit_without_this_target_is_refused_by_the_service(app, session, world, indicator, signed_in):
    browser = signed_in(world.secretariat)
    other = Indicator(campaign=world.campaign, code="KIEU_MAU", name="Xã kiểu mẫu",
                      targets=[Target(unit=world.commune, value=1)])
    session.add(other)
    session.commit()
    response = browser.post(f"/campaigns/{world.campaign.id}/results", result_form(indicator, world.commune))
    assert response.status_code == 200
    assert "Cần chọn một đơn vị đã được giao chỉ tiêu này." in text(response)


def test_removing_a_result_asks_first(app, session, world, indicator, signed_in):
    result = movement.record_result(session, indicator, by=world.secretariat, unit=world.district_a, value=5,
                                    as_of=date(2025, 3, 1), source="Báo cáo")
    session.commit()
    browser = signed_in(world.secretariat)
    url = f"/campaigns/results/{result.id}/remove"
    assert "Xóa kết quả này?" in text(browser.get(url))
    assert session.scalar(select(func.count(IndicatorResult.id))) == 1
    assert signed_in(world.officer_a).post(url, {}, from_page=f"/campaigns/{world.campaign.id}").status_code == 403
    response = browser.post(url, {})
    assert response.status_code == 302
    assert session.scalar(select(func.count(IndicatorResult.id))) == 0
    assert browser.get("/campaigns/results/2147483648/remove").status_code == 404


def test_the_administrator_chooses_the_award_types_that_count(app, session, world, indicator, signed_in):
    browser = signed_in(world.admin)
    url = f"/campaigns/{world.campaign.id}/counting"
    page = browser.get(url).get_data(as_text=True)
    token = re.search(rf'name="i{indicator.id}-csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = browser.client.post(f"/campaigns/indicators/{indicator.id}/counting",
                                   data={f"i{indicator.id}-csrf_token": token,
                                         f"i{indicator.id}-award_types": [str(world.bang_khen.id)]})
    assert response.status_code == 302
    session.refresh(indicator)
    assert [t.code for t in indicator.counted_award_types] == ["BK"]
    assert "Tính cả xã được tặng: Bằng khen của Chủ tịch UBND tỉnh." in text(
        app.test_client().get(f"/campaigns/{world.campaign.id}"))
    assert csrf_token(page)  # the page's other forms carry their tokens too
