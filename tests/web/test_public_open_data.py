"""Open data through the test client: the CSV and JSON carry exactly the published field list (no private
field), stream the whole register, take the page's filters; the Atom feed lists decisions and notices."""
import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from tests import factories
from tests.web.test_public import BIRTH, ID_NUMBER, award, disclosed, individual
from workflow.services.register.open_data import FIELDS

PRIVATE = {"birth_date", "id_number", "address", "gender", "contact", "full_name", "email", "phone", "choice",
           "works_in_production", "nominee_key", "ballot"}
ATOM = "{http://www.w3.org/2005/Atom}"


def text_of(body: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture
def register_lines(session, world, store):
    person = individual(session, world, store, name="Trương Thị Cẩm Tú")
    award(session, world, person, disclosed(session, world, person, today=factories.TODAY))
    factories.awarded(session, world, store, officer=world.officer_b, name="Hợp tác xã Đông Hải")
    session.commit()


def test_the_field_list_is_public_only():
    assert set(FIELDS).isdisjoint(PRIVATE)


def test_csv_carries_exactly_the_public_fields_and_no_private_value(app, register_lines):
    response = app.test_client().get("/open-data/recognitions.csv")
    assert response.status_code == 200 and response.content_type == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert tuple(rows[0].keys()) == FIELDS
    assert {r["recipient_name"] for r in rows} == {"Trương Thị Cẩm Tú", "Hợp tác xã Đông Hải"}
    for private in (ID_NUMBER, BIRTH.isoformat(), BIRTH.strftime("%d/%m/%Y"), "Ấp Nhà Dài", "female"):
        assert private not in body


def test_json_carries_exactly_the_public_fields_and_takes_the_page_filters(app, register_lines):
    client = app.test_client()
    response = client.get("/open-data/recognitions.json")
    assert response.content_type == "application/json; charset=utf-8"
    records = json.loads(response.get_data(as_text=True))
    assert len(records) == 2 and all(tuple(r) == FIELDS for r in records)
    person = next(r for r in records if r["recipient_name"] == "Trương Thị Cẩm Tú")
    assert person["recipient_line"] == "Bí thư Chi bộ ấp, xã Vĩnh Hưng A, huyện Vĩnh Lợi"
    assert person["status"] == "awarded" and person["decision_date"] == "2025-03-03"
    assert person["url"].endswith(f"/recognitions/{person['id']}") and "/verify/" in person["verify_url"]
    body = response.get_data(as_text=True)
    assert ID_NUMBER not in body and BIRTH.isoformat() not in body
    filtered = json.loads(client.get("/open-data/recognitions.json?q=DONG+HAI").get_data(as_text=True))
    assert [r["recipient_name"] for r in filtered] == ["Hợp tác xã Đông Hải"]


def test_an_empty_register_is_an_empty_list(app, world):
    assert json.loads(app.test_client().get("/open-data/recognitions.json").get_data(as_text=True)) == []
    csv_body = app.test_client().get("/open-data/recognitions.csv").get_data(as_text=True)
    assert csv_body.lstrip("\ufeff").strip() == ",".join(FIELDS)


def test_the_atom_feed_lists_new_decisions_and_notices(app, register_lines):
    response = app.test_client().get("/feed.atom")
    assert response.content_type == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.data)
    entries = feed.findall(f"{ATOM}entry")
    kinds = {e.find(f"{ATOM}category").get("term") for e in entries}
    assert kinds == {"decision", "notice"}
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert any(t.startswith("Quyết định số 1/QĐ-UBND") for t in titles)
    assert all(e.find(f"{ATOM}link").get("href").startswith("http") for e in entries)


def test_the_open_data_page_lists_the_fields(app):
    page = app.test_client().get("/open-data").get_data(as_text=True)
    assert all(f"<code>{name}</code>" in page for name in FIELDS)


def _outside_developer_section(page: str) -> str:
    return re.sub(r'<details class="developer">.*?</details>', " ", page, flags=re.DOTALL)


def test_the_open_data_page_speaks_to_citizens_and_keeps_the_developer_details_folded(app, register_lines):
    """Issue 13: the page said "Nhận cùng các tham số lọc q, year…" to citizens."""
    body = app.test_client().get("/open-data").get_data(as_text=True)
    citizen = text_of(_outside_developer_section(body))
    for words in ("Mỗi dòng là một cá nhân, tập thể hoặc hộ gia đình đã được khen thưởng", "Mở tệp bằng Excel",
                  "65001: Unicode (UTF-8)", "Điều kiện sử dụng", "CC BY 4.0", "ghi rõ nguồn", "Chỉ tải một phần",
                  "Theo năm quyết định: năm 2025", "Tải toàn bộ: tệp Excel (CSV)", "Tên cá nhân, tập thể hoặc hộ"):
        assert words in citizen, words
    for developer_words in ("tham số", "Tham số", "lập trình", "ISO 8601", "Cache-Control", "CRLF"):
        assert developer_words not in citizen.replace("Dành cho lập trình viên", ""), developer_words
    developer = re.search(r'<details class="developer">\s*<summary>Dành cho lập trình viên</summary>(.*?)</details>',
                          body, re.DOTALL)
    assert developer and "<code>q</code>" in developer.group(1) and "<code>award_type</code>" in developer.group(1)
    assert "/open-data/recognitions.csv" in developer.group(1)


def test_every_column_of_the_files_is_explained_on_the_page(app):
    from workflow.views.public.open_data import FIELD_HELP
    assert set(FIELD_HELP) == set(FIELDS)
    page = text_of(app.test_client().get("/open-data").get_data(as_text=True))
    assert all(f"{name} {FIELD_HELP[name]}" in page for name in FIELDS)


def test_the_pages_download_form_and_year_links_give_only_the_chosen_rows(app, session, world, store, register_lines):
    factories.awarded(session, world, store, name="Trường Tiểu học Long Điền", decision_date=date(2024, 6, 3))
    session.commit()
    client = app.test_client()
    body = client.get("/open-data").get_data(as_text=True)
    links = re.findall(r'<a href="([^"]+)" class="download-year">năm (\d+)</a>', body)
    years = {year: href for href, year in links}
    assert set(years) == {"2025", "2024"}
    rows = list(csv.DictReader(io.StringIO(client.get(years["2024"]).get_data(as_text=True).lstrip("\ufeff"))))
    assert [r["recipient_name"] for r in rows] == ["Trường Tiểu học Long Điền"]
    form = re.search(r'<form method="get" action="([^"]+)"[^>]*>(.*?)</form>', body, re.DOTALL)
    assert form.group(1) == "/open-data/recognitions.csv" and 'formaction="/open-data/recognitions.json"' in form.group(2)
    assert {"year", "campaign", "award_type", "unit", "q"} <= set(re.findall(r'name="([a-z_]+)"', form.group(2)))
    unit = re.search(r'<option value="(\d+)">Huyện Hồng Dân</option>', form.group(2)).group(1)
    chosen = json.loads(client.get(f"/open-data/recognitions.json?unit={unit}").get_data(as_text=True))
    assert [r["recipient_name"] for r in chosen] == ["Hợp tác xã Đông Hải"]


def test_the_open_data_page_reads_in_english(app):
    client = app.test_client()
    client.get("/lang/en")
    page = text_of(client.get("/open-data").get_data(as_text=True))
    assert "Opening the file in Excel" in page and "For developers" in page and "Terms of use" in page
