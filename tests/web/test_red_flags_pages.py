"""Red flags where people decide (the secretariat's appraisal and nomination pages, the council member's agenda,
the minutes) and the public statistics page with its open data, against a hand-counted fixture."""
import csv
import html
import io
import json
import re

import pytest
from pypdf import PdfReader

from tests import factories
from tests.web.test_word_documents import docx_text
from workflow.models import AgendaItem
from workflow.rules.nominees import NomineeKind
from workflow.services import clock

OWN_REPORT = "Hồ sơ chỉ có báo cáo thành tích của đơn vị"


def text_of(body: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_the_secretariat_sees_the_flags_with_their_numbers(app, session, world, store, signed_in):
    flagged = factories.in_appraisal(session, world, store)
    clean = factories.make_nomination(session, world, store)
    factories.nominations.add_attachment(session, clean, by=world.officer_a, store=store, filename="bb.pdf",
                                         data=factories.PDF, kind="minutes")
    factories.nominations.submit(session, clean, by=world.officer_a, expected_version=clean.version)
    session.commit()
    b = signed_in(world.secretariat)
    page = text_of(b.get(f"/secretariat/nominations/{flagged.id}/appraisal").get_data(as_text=True))
    assert "Cảnh báo" in page and OWN_REPORT in page and "không có tài liệu nào khác (0)" in page
    page = text_of(b.get(f"/secretariat/nominations/{flagged.id}").get_data(as_text=True))
    assert OWN_REPORT in page
    page = text_of(b.get(f"/secretariat/nominations/{clean.id}").get_data(as_text=True))
    assert "Không có cảnh báo." in page and OWN_REPORT not in page


def test_the_council_sees_the_flags_and_the_minutes_record_them(app, session, world, store, signed_in):
    nomination = factories.endorsed(session, world, store)
    session.commit()
    item = session.query(AgendaItem).filter_by(nomination_id=nomination.id).one()
    assert [f["code"] for f in item.flags_seen] == ["own_report_only"]
    b = signed_in(world.members[1])
    page = text_of(b.get(f"/council/sessions/{item.session_id}").get_data(as_text=True))
    assert OWN_REPORT in page
    minutes = text_of(b.get(f"/council/sessions/{item.session_id}/minutes").get_data(as_text=True))
    assert "Cảnh báo Hội đồng đã được xem" in minutes and OWN_REPORT in minutes
    word = docx_text(b.get(f"/council/sessions/{item.session_id}/bien-ban.docx"))
    assert "Cảnh báo Hội đồng đã được xem – hồ sơ số 1" in word and OWN_REPORT in word
    pdf = b.get(f"/council/sessions/{item.session_id}/minutes.pdf").get_data()
    printed = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Cảnh báo Hội đồng đã được xem" in printed and OWN_REPORT in printed


def _year(day) -> int:
    """The statistics year (01/12 – 30/11) of a day."""
    return day.year + (day.month == 12)


@pytest.fixture
def awarded_year(session, world, store):
    """Hand-counted: two individuals awarded (a female Chủ tịch, a male worker) and one collective, all Bằng khen;
    district A (head count 2,000) proposed the two people, district B (unknown) the collective."""
    world.district_a.headcount = 2000
    factories.awarded(session, world, store, kind=NomineeKind.INDIVIDUAL, name="Nguyễn Thị Riêng Tư",
                      position="Chủ tịch UBND xã", gender="female")
    factories.awarded(session, world, store, kind=NomineeKind.INDIVIDUAL, name="Lê Văn Kín Đáo",
                      position="Nông dân", gender="male", works_in_production=True)
    factories.awarded(session, world, store, officer=world.officer_b, name="Hợp tác xã Đông Hải")
    session.commit()
    return _year(factories.TODAY)   # decided on TODAY; sent on the real clock's day (a later year)


def test_the_public_page_counts_what_was_awarded_without_names(app, awarded_year, world):
    response = app.test_client().get(f"/thong-ke?nam={awarded_year}")
    assert response.status_code == 200
    page = text_of(response.get_data(as_text=True))
    assert world.authority.name in page
    assert "Số khen thưởng: 3; hồ sơ đề nghị gửi trong năm: 0." in page
    assert "Cá nhân là lãnh đạo, quản lý 1" in page and "Cá nhân trực tiếp lao động, sản xuất 1" in page
    assert "Cá nhân khác (cán bộ, nhân viên) 0" in page and "Tập thể 1" in page
    assert "Nữ 1 Nam 1" in page
    assert "Huyện Vĩnh Lợi 2 2000 1" in page and "Huyện Hồng Dân 1 — —" in page
    sent = text_of(app.test_client().get(f"/thong-ke?nam={_year(clock.today())}").get_data(as_text=True))
    assert "Số khen thưởng: 0; hồ sơ đề nghị gửi trong năm: 3." in sent and "Chỉ có báo cáo của đơn vị 3" in sent
    for name in ("Nguyễn Thị Riêng Tư", "Lê Văn Kín Đáo", "Hợp tác xã Đông Hải"):
        assert name not in page


def test_an_empty_year_says_so(app, world):
    page = text_of(app.test_client().get("/thong-ke?nam=1999").get_data(as_text=True))
    assert "Chưa có khen thưởng hay hồ sơ đề nghị nào trong năm thống kê này." in page


def test_the_open_data_holds_the_same_figures(app, awarded_year):
    client = app.test_client()
    response = client.get(f"/thong-ke/{awarded_year}.csv")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "public, max-age=300"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    counts = {(r["figure"], r["category"]): r["count"] for r in rows}
    assert counts[("level", "leaders")] == "1" and counts[("level", "workers")] == "1"
    assert counts[("level", "collectives")] == "1" and counts[("gender", "female")] == "1"
    assert counts[("award_type", "Bằng khen của Chủ tịch UBND tỉnh")] == "3"
    assert counts[("proposals", "sent")] == "0" and counts[("awards", "verified_result")] == "0"
    unit = next(r for r in rows if r["figure"] == "unit" and r["category"] == "Huyện Vĩnh Lợi")
    assert (unit["count"], unit["headcount"], unit["per_thousand"]) == ("2", "2000", "1.0")
    body = client.get(f"/thong-ke/{awarded_year}.json").get_data(as_text=True)
    assert json.loads(body) == [{**r, "count": int(r["count"]),
                                 "headcount": int(r["headcount"]) if r["headcount"] else None,
                                 "per_thousand": float(r["per_thousand"]) if r["per_thousand"] else None,
                                 "year": int(r["year"])} for r in rows]
    assert "Riêng Tư" not in body and "Kín Đáo" not in body and "Đông Hải" not in body
    sent = client.get(f"/thong-ke/{_year(clock.today())}.csv").get_data(as_text=True)
    counts = {(r["figure"], r["category"]): r["count"] for r in csv.DictReader(io.StringIO(sent.lstrip("\ufeff")))}
    assert counts[("proposals", "sent")] == "3" and counts[("proposals", "refused")] == "0"
    assert counts[("red_flag", "own_report_only")] == "3" and counts[("red_flag", "per_head")] == "0"
