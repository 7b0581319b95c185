"""Formula injection in every spreadsheet and CSV we hand out: names, summaries, sources and reasons that start
with = + - @ (or a tab or CR before one) are entered through the services, the files are downloaded through
the web endpoints and read back (csv module, openpyxl): no cell is a formula, a CSV cell carries a leading
apostrophe, an Excel cell shows the text unchanged as a quote-prefixed string, and the numbers and dates we
generate stay numbers and dates."""
import csv
import io
import json
import zipfile
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests import factories
from tests.web.test_i18n import english, visible
from tests.web.test_public import award, disclosed
from workflow.models import Campaign, User
from workflow.rules.nominees import NomineeKind
from workflow.rules.permissions import Grant, Role
from workflow.rules.spreadsheet import csv_cell, formula_like
from workflow.services import admin as admin_services
from workflow.services import movement, nominations, users
from workflow.services.admin import campaigns as admin_campaigns
from workflow.services.nominations import NominationData, NomineeData

HOSTILE = ('=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1")
SUMMARY = "- Tham gia xây dựng nông thôn mới;\n- Hiến 500 m² đất làm đường."


def csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8").lstrip("\ufeff"))))


def test_the_rule_marks_exactly_the_cells_a_spreadsheet_would_run():
    assert all(formula_like(value) for value in HOSTILE)
    assert not any(formula_like(v) for v in ("Nguyễn Văn An", "123/QĐ-UBND", " =1", "", 5, -3, None))
    assert csv_cell("- Tham gia") == "'- Tham gia" and csv_cell(-3) == -3 and csv_cell("An") == "An"


# --- the open-data CSV --------------------------------------------------------------------------------------

@pytest.fixture
def hostile_register(session, world, store):
    """Awarded recipients whose names are formulas, one with a position and a summary that start with a sign."""
    data = NominationData(
        award_type=world.bang_khen, achievement_summary=SUMMARY,
        nominee=NomineeData(kind=NomineeKind.INDIVIDUAL, full_name=HOSTILE[0], position="+1+1",
                            workplace="xã Vĩnh Hưng A", gender="female"),
        period_from=date(2024, 1, 1), period_to=date(2024, 12, 31), letter_no="231/TTr-UBND",
        letter_date=date(2025, 2, 20))
    person = nominations.create(session, by=world.officer_a, campaign=world.campaign,
                                proposing_unit=world.district_a, data=data)
    nominations.add_attachment(session, person, by=world.officer_a, store=store, filename="bao-cao.pdf",
                               data=factories.PDF, kind="achievement_report", is_public=True)
    award(session, world, person, disclosed(session, world, person, today=factories.TODAY))
    for year, name in enumerate(HOSTILE[1:], start=2019):   # "\t=1" and "\r=1" fold to one nominee: other years
        factories.awarded(session, world, store, officer=world.officer_b, name=name, period_from=date(year, 1, 1),
                          period_to=date(year, 12, 31))
    session.commit()


def test_the_open_data_csv_writes_every_formula_like_text_as_text(app, hostile_register):
    response = app.test_client().get("/open-data/recognitions.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert sorted(r["recipient_name"] for r in rows) == sorted("'" + name for name in HOSTILE)
    person = next(r for r in rows if r["recipient_name"] == "'" + HOSTILE[0])
    assert person["recipient_line"] == "'+1+1, xã Vĩnh Hưng A"
    assert person["achievement_summary"] == "'" + SUMMARY       # readable: one apostrophe, the lines unchanged
    assert person["prize_amount"].isdigit() and person["decision_date"] == "2025-03-03"
    assert person["url"].startswith("http")


def test_the_open_data_json_keeps_the_text_exactly(app, hostile_register):
    records = json.loads(app.test_client().get("/open-data/recognitions.json").get_data(as_text=True))
    assert sorted(r["recipient_name"] for r in records) == sorted(HOSTILE)
    assert {r["achievement_summary"] for r in records} >= {SUMMARY}


def test_the_open_data_page_says_how_csv_cells_are_written_in_both_languages(browser):
    assert "có thêm dấu ' ở đầu" in visible(browser.get("/open-data"))
    assert "gets a leading ' so that spreadsheet programs" in visible(english(browser).get("/open-data"))


# --- the movement dashboard: workbooks and CSVs, public and internal ---------------------------------------

@pytest.fixture
def hostile_dashboard(session, world, store):
    """An indicator named like a formula, a result whose source starts with a sign, and an overdue nomination
    (staff only) whose nominee is a formula."""
    indicator = admin_campaigns.create_indicator(session, world.campaign, by=world.admin, code="XA_NTM",
                                                 name=HOSTILE[0])
    admin_campaigns.set_target(session, indicator, by=world.admin, unit=world.district_a, value=6,
                               comparator="exactly")
    movement.record_result(session, indicator, by=world.secretariat, unit=world.district_a, value=7,
                           as_of=date(2025, 3, 1), source="+1+1")
    late = factories.submitted(session, world, store, name="@SUM(A1)")
    late.submitted_at, late.processing_due_on = datetime(2025, 1, 6, 3, 0), date(2025, 2, 3)
    session.commit()
    return session.get(Campaign, world.campaign.id)


def _no_formula_anywhere(book) -> list[tuple[str, str]]:
    return [(sheet.title, cell.coordinate) for sheet in book for row in sheet.iter_rows() for cell in row
            if cell.data_type == "f"]


def _cell_showing(book, text: str):
    found = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value == text]
    assert found, f"no cell shows {text!r}"
    return found[0]


def _check_workbook(data: bytes) -> None:
    book = load_workbook(io.BytesIO(data))
    assert _no_formula_anywhere(book) == []
    for text in (HOSTILE[0], "+1+1"):
        cell = _cell_showing(book, text)        # the text unchanged, no apostrophe in it
        assert cell.data_type == "s" and cell.quotePrefix
    progress = book["Chỉ tiêu và kết quả"]
    row = next(r for r in progress.iter_rows(min_row=2) if r[1].value == "Huyện Vĩnh Lợi")
    assert (row[3].value, row[4].value) == (6, 7) and row[3].data_type == "n"
    assert row[5].value == pytest.approx(7 / 6, abs=0.001) and row[5].number_format == "0.0%"
    assert isinstance(row[8].value, datetime)
    assert not _cell_showing(book, "Huyện Vĩnh Lợi").quotePrefix     # ordinary text is left alone


def test_the_public_workbook_writes_no_formula(app, hostile_dashboard):
    response = app.test_client().get(f"/campaigns/{hostile_dashboard.id}/report.xlsx?on=2025-03-31")
    assert response.status_code == 200
    _check_workbook(response.data)


def test_the_internal_workbook_writes_no_formula_in_the_overdue_list_either(app, world, hostile_dashboard,
                                                                            signed_in):
    browser = signed_in(world.secretariat)
    data = browser.get(f"/campaigns/{hostile_dashboard.id}/internal/report.xlsx?on=2025-03-31").data
    _check_workbook(data)
    overdue = load_workbook(io.BytesIO(data))["Hồ sơ quá hạn xử lý"]
    name = overdue["B2"]
    assert (name.value, name.data_type, name.quotePrefix) == ("@SUM(A1)", "s", True)
    assert overdue["A2"].data_type == "n" and overdue["H2"].data_type == "n"


def test_the_csv_zip_and_each_public_csv_write_formula_like_text_as_text(app, hostile_dashboard):
    client = app.test_client()
    base = f"/campaigns/{hostile_dashboard.id}"
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{base}/report.zip?on=2025-03-31").data))
    progress = csv_rows(archive.read("chi-tieu.csv"))
    row = next(r for r in progress if r[1] == "Huyện Vĩnh Lợi")
    assert row[0] == "'" + HOSTILE[0] and row[9] == "'+1+1"
    assert row[3:9] == ["6", "7", "116.7", "Vượt chỉ tiêu", "7", "2025-03-01"]   # numbers and dates unchanged
    assert csv_rows(client.get(f"{base}/csv/chi-tieu.csv?on=2025-03-31").data) == progress
    for name in archive.namelist():
        cells = [cell for r in csv_rows(archive.read(name)) for cell in r]
        assert not [c for c in cells if formula_like(c)], name


def test_the_internal_csvs_write_the_overdue_nominee_as_text(app, world, hostile_dashboard, signed_in):
    browser = signed_in(world.secretariat)
    base = f"/campaigns/{hostile_dashboard.id}/internal"
    overdue = csv_rows(browser.get(f"{base}/csv/qua-han.csv").data)
    assert overdue[1][1] == "'@SUM(A1)" and overdue[1][0].isdigit()
    archive = zipfile.ZipFile(io.BytesIO(browser.get(f"{base}/report.zip").data))
    assert csv_rows(archive.read("qua-han.csv"))[1][1] == "'@SUM(A1)"


# --- the administrator's audit CSV -------------------------------------------------------------------------

def test_the_audit_csv_writes_every_formula_like_actor_and_reason_as_text(app, session, world, store, signed_in):
    for i, name in enumerate(HOSTILE):
        sly = users.create_user(session, username=f"sly{i}", full_name=name, password=factories.PASSWORD,
                                grants=[Grant(Role.ADMIN)])
        admin_services.add_calendar_day(session, by=sly, day=date(2025, 4, 26) + timedelta(weeks=i), kind="makeup",
                                        note="Làm bù")
    nomination = factories.submitted(session, world, store)
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="-Thiếu báo cáo thành tích")
    session.commit()
    rows = csv_rows(signed_in(world.admin).get("/admin/audit.csv").data)
    assert rows[1][10] == "'-Thiếu báo cáo thành tích"                  # newest first: the return
    actors = {r[3]: r[2] for r in rows[1:]}
    for user in session.scalars(select(User).where(User.username.like("sly%"))):
        assert actors[user.username] == "'" + user.full_name
    assert [c for r in rows for c in r if formula_like(c)] == []
    assert rows[1][0].isdigit() and rows[1][7].isdigit()                   # sequence and object id: plain numbers
