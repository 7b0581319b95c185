"""Open data through the test client: the CSV and JSON carry exactly the published field list (no private
field), stream the whole register, take the page's filters; the Atom feed lists decisions and notices."""
import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from tests import factories
from tests.web.test_public import BIRTH, ID_NUMBER, award, disclosed, individual
from workflow.services.register.open_data import FIELDS

PRIVATE = {"birth_date", "id_number", "address", "gender", "contact", "full_name", "email", "phone", "choice",
           "works_in_production", "nominee_key", "ballot"}
ATOM = "{http://www.w3.org/2005/Atom}"


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
