"""The register of recognitions and the decisions, through the test client: accent-insensitive search with
đ → d, the filters, keyset pages, a recognition with its public timeline, and no 500 whatever the query."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from tests import factories
from tests.web.test_public import award, text
from workflow.models import Decision, DecisionLine
from workflow.rules.nominees import NomineeKind
from workflow.services import decisions, notices, register


@pytest.fixture
def lines(session, world, store):
    """Five awarded lines: two communes of Vĩnh Lợi, a cooperative of Hồng Dân (revoked), a Giấy khen and one
    decided in 2024. Returns {name: nomination}."""
    made = {
        "Xã Vĩnh Hưng A": factories.awarded(session, world, store, name="Xã Vĩnh Hưng A"),
        "Xã Vĩnh Hưng": factories.awarded(session, world, store, name="Xã Vĩnh Hưng"),
        "Hợp tác xã Đông Hải": factories.awarded(session, world, store, officer=world.officer_b,
                                                 name="Hợp tác xã Đông Hải"),
        "Nguyễn Văn Đặng": factories.awarded(session, world, store, award_type=world.giay_khen,
                                             kind=NomineeKind.INDIVIDUAL, name="Nguyễn Văn Đặng"),
        "Trường Tiểu học Long Điền": factories.awarded(session, world, store, decision_date=date(2024, 6, 3),
                                                       name="Trường Tiểu học Long Điền"),
    }
    cooperative = made["Hợp tác xã Đông Hải"]
    decisions.revoke(session, cooperative, by=world.chair, expected_version=cooperative.version,
                     reason="Số liệu kê khai không đúng thực tế.", revoking_decision_no="1035/QĐ-UBND")
    session.commit()
    return made


def names_found(client, query: str) -> set[str]:
    page = client.get(f"/recognitions?{query}").get_data(as_text=True)
    return set(re.findall(r'<h2><a href="/recognitions/\d+">([^<]+)</a></h2>', page))


SEARCHES = [
    ("vinh hung a", {"Xã Vĩnh Hưng A"}),
    ("VĨNH HƯNG A", {"Xã Vĩnh Hưng A"}),
    ("dong hai", {"Hợp tác xã Đông Hải"}),
    ("ĐÔNG HẢI", {"Hợp tác xã Đông Hải"}),
    ("Đông  Hải!!", {"Hợp tác xã Đông Hải"}),
    ("dong ha", set()),                              # whole words only
    ("dang", {"Nguyễn Văn Đặng"}),                  # đ folds to d in the index and in the query
    ("nguyen van dang", {"Nguyễn Văn Đặng"}),
    ("hong dan", {"Hợp tác xã Đông Hải"}),          # the proposing unit is searched too
    ("long dien truong", {"Trường Tiểu học Long Điền"}),
    ("vinh hung", {"Xã Vĩnh Hưng A", "Xã Vĩnh Hưng"}),
    ("khong co ai", set()),
]


def test_search_ignores_case_and_diacritics_and_folds_d(app, lines):
    client = app.test_client()
    for q, expected in SEARCHES:  # one world for every case: building it is the slow part
        assert names_found(client, f"q={q}") == expected, q


def test_the_register_lists_every_awarded_and_revoked_line_newest_decision_first(app, lines):
    response = app.test_client().get("/recognitions")
    assert response.headers["Cache-Control"] == "public, max-age=60"
    page = response.get_data(as_text=True)
    found = re.findall(r'<h2><a href="/recognitions/\d+">([^<]+)</a></h2>', page)
    assert len(found) == 5 and found[-1] == "Trường Tiểu học Long Điền"  # the 2024 decision comes last
    assert "Đã thu hồi" in page and "Quyết định số" in page


def test_filters_by_year_campaign_award_type_and_unit(app, world, lines):
    client = app.test_client()
    assert names_found(client, "year=2024") == {"Trường Tiểu học Long Điền"}
    assert names_found(client, f"award_type={world.giay_khen.id}") == {"Nguyễn Văn Đặng"}
    assert names_found(client, f"unit={world.district_b.id}") == {"Hợp tác xã Đông Hải"}
    assert len(names_found(client, f"unit={world.province.id}")) == 5  # a unit finds the units under it
    assert len(names_found(client, f"campaign={world.campaign.id}")) == 5
    assert names_found(client, "campaign=999999") == set()
    assert names_found(client, f"year=2025&q=vinh+hung&unit={world.district_a.id}") == {"Xã Vĩnh Hưng A",
                                                                                          "Xã Vĩnh Hưng"}


def test_keyset_pages_walk_the_register_without_gaps_or_repeats(app, lines, monkeypatch):
    monkeypatch.setattr(register, "PAGE_SIZE", 2)
    client, url, seen = app.test_client(), "/recognitions?q=&year=", []
    while url:
        page = client.get(url).get_data(as_text=True)
        seen += re.findall(r'<h2><a href="/recognitions/\d+">([^<]+)</a></h2>', page)
        match = re.search(r'<a href="([^"]+)" rel="next">', page)
        url = match.group(1).replace("&amp;", "&") if match else None
        assert url is None or "after=" in url
    assert len(seen) == 5 and set(seen) == set(lines)


def test_the_search_function_pages_by_row_value_and_refuses_foreign_cursors(session, lines):
    first = register.search(session, register.Filters(), limit=3)
    rest = register.search(session, register.Filters(), after=first.next_cursor, limit=3)
    keys = [(r.decision_date, r.id) for r in first.rows + rest.rows]
    assert keys == sorted(keys, reverse=True) and len(set(keys)) == 5 and rest.next_cursor is None
    assert register.Cursor.parse(str(first.next_cursor)) == first.next_cursor
    for junk in ("", "x", "2025-13-01.4", "2025-01-01.99999999999999999999", "2025-01-01.4;DROP", "\x00"):
        assert register.Cursor.parse(junk) is None


def test_a_recognition_shows_its_decision_and_public_timeline_without_names_of_staff(app, session, world, store):
    nomination, notice = factories.in_notice(session, world, store, name="Xã Vĩnh Hưng A")
    comment = notices.receive_comment(session, notice, nomination, full_name="Nguyễn Văn Út",
                                      contact="ut@example.com", address="Ấp 3", body="Tôi đồng tình.",
                                      today=factories.TODAY)
    notices.answer_comment(session, comment, by=world.secretariat, resolution="noted", answer="Cảm ơn ông.")
    award(session, world, nomination, notice)
    session.commit()
    line = session.scalar(select(DecisionLine).where(DecisionLine.nomination_id == nomination.id))
    response = app.test_client().get(f"/recognitions/{line.id}")
    page, raw = text(response), response.get_data(as_text=True)
    assert "Xã Vĩnh Hưng A" in page and world.bang_khen.name in page
    assert f'href="/decisions/{line.decision_id}"' in raw and f'href="/verify/{line.certificate.verify_code}"' in raw
    for event in ("Đơn vị gửi hồ sơ đề nghị khen thưởng", "Công khai lấy ý kiến Nhân dân",
                  "Hội đồng Thi đua – Khen thưởng biểu quyết", "đồng ý 6", "Quyết định khen thưởng"):
        assert event in page
    assert comment.receipt_code in page and "Cảm ơn ông." in page
    for private in ("Nguyễn Văn Út", "ut@example.com", "Tôi đồng tình.", world.secretariat.full_name,
                    world.chair.full_name, world.members[1].full_name):
        assert private not in page


def test_a_revoked_recognition_keeps_its_place_with_the_reason(app, session, lines):
    nomination = lines["Hợp tác xã Đông Hải"]
    line_id = session.scalar(select(DecisionLine.id).where(DecisionLine.nomination_id == nomination.id))
    page = text(app.test_client().get(f"/recognitions/{line_id}"))
    assert "Đã thu hồi" in page and "1035/QĐ-UBND" in page and "Số liệu kê khai không đúng thực tế." in page
    assert "Thu hồi khen thưởng" in page  # in the timeline too


def test_decisions_list_and_page_show_number_date_signer_and_every_recipient(app, session, world, store):
    pair = [factories.endorsed(session, world, store, name=name) for name in ("Xã Vĩnh Hưng A", "Xã Châu Thới")]
    decision = decisions.decide(session, pair, by=world.chair, signer=world.signer, decision_date=factories.TODAY,
                                expected_versions={n.id: n.version for n in pair})
    session.commit()
    client = app.test_client()
    listing = text(client.get("/decisions"))
    assert f"Quyết định số {decision.number}" in listing and "03/03/2025" in listing and "Phạm Văn Thiều" in listing
    assert "(2 người, tập thể được khen thưởng)" in listing  # counted by the database (Decision.line_count)
    assert "2 tập thể, cá nhân được khen thưởng" in client.get("/feed.atom").get_data(as_text=True)
    page = text(client.get(f"/decisions/{decision.id}"))
    assert decision.number in page and "Phạm Văn Thiều" in page and "CHỦ TỊCH" in page
    assert "Xã Vĩnh Hưng A" in page and "Xã Châu Thới" in page and "Danh sách khen thưởng (2)" in page
    assert client.get("/decisions/999999").status_code == 404
    assert client.get("/recognitions/999999").status_code == 404
    assert client.get("/decisions/99999999999999999999999").status_code == 404


ODD_INPUTS = ["", " ", "a" * 5000, "' OR 1=1 --", "\"; DROP TABLE decision_line; --", "%00", "\x00", "%ZZ",
              "NEAR(a b)", "a* OR b*", '"', "\u202e\u0301\u200d", "𝔙𝔦𝔫𝔥", "ễ" * 300, "-1", "99999999999999999999999"]
ENDPOINTS = ["/recognitions?q={}", "/recognitions?year={}", "/recognitions?campaign={}&unit={}",
             "/recognitions?award_type={}", "/recognitions?after={}", "/decisions?page={}", "/notices/archive?page={}",
             "/open-data/recognitions.json?q={}", "/open-data/recognitions.csv?year={}", "/verify?code={}",
             "/comments?code={}", "/verify/{}", "/comments/{}", "/recognitions?_scheme={}&_external=1", "/?{}"]


@pytest.fixture
def one_line(session, world, store):
    factories.awarded(session, world, store, name="Xã Vĩnh Hưng A")
    session.commit()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_query_string_input_gives_a_500(app, one_line, endpoint):
    client = app.test_client()
    for value in ODD_INPUTS:
        url = endpoint.replace("{}", value if value.startswith("%") else _quote(value))
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        assert "Traceback" not in response.get_data(as_text=True)


def _quote(value: str) -> str:
    from urllib.parse import quote
    return quote(value, safe="")


def test_a_decision_line_indexes_the_folded_words_of_its_recipient(session, lines):
    line = session.scalar(select(DecisionLine).where(DecisionLine.recipient_name == "Nguyễn Văn Đặng"))
    assert line.search_text == "nguyen van dang huyen vinh loi huyen vinh loi"
    assert line.decision_date == session.get(Decision, line.decision_id).decision_date


def test_the_search_index_follows_a_changed_line(session, lines):
    line = session.scalar(select(DecisionLine).where(DecisionLine.recipient_name == "Xã Vĩnh Hưng"))
    line.search_text = register.indexed_text("Hợp tác xã Cà Mau")
    session.commit()

    def found(q: str) -> set[str]:
        return {row.recipient_name for row in register.search(session, register.Filters(q=q)).rows}
    assert found("ca mau") == {"Xã Vĩnh Hưng"}
    assert found("vinh hung") == {"Xã Vĩnh Hưng A"}


def test_a_card_carries_the_shown_fields_of_the_full_record_in_the_same_order(session, lines):
    for filters in (register.Filters(), register.Filters(q="vinh hung"), register.Filters(year=2024)):
        records = register.search(session, filters).rows
        cards = register.search(session, filters, cards=True).rows
        assert all(card._fields == register.CARD_FIELDS for card in cards)
        assert [tuple(card) for card in cards] == [tuple(getattr(r, f) for f in register.CARD_FIELDS)
                                                   for r in records]
    assert "achievement_summary" not in register.CARD_FIELDS and "verify_code" not in register.CARD_FIELDS


def _selected(page: str, name: str) -> list[str]:
    select_html = re.search(rf'<select id="{name}" name="{name}">(.*?)</select>', page, re.DOTALL).group(1)
    return re.findall(r'<option value="([^"]*)" selected>', select_html)


def test_the_cached_unfiltered_form_never_shows_another_visitors_search(app, world, lines):
    client = app.test_client()
    first = client.get("/recognitions").get_data(as_text=True)
    searched = client.get("/recognitions?q=vinh+hung&year=2024").get_data(as_text=True)
    assert 'value="vinh hung"' in searched and _selected(searched, "year") == ["2024"]
    assert "Xóa bộ lọc" in searched
    again = client.get("/recognitions").get_data(as_text=True)
    assert again == first  # the same page, from the cached fragments
    assert 'value="vinh hung"' not in again and _selected(again, "year") == [""] and "Xóa bộ lọc" not in again


def test_the_cached_fragments_follow_the_language_and_the_page(app, lines):
    client = app.test_client()
    client.get("/recognitions")
    client.get("/lang/en")
    english = client.get("/recognitions").get_data(as_text=True)
    assert "All years" in english and "Mọi năm" not in english
    assert '<a href="/recognitions" aria-current="page">Award register</a>' in english
    decisions_page = client.get("/decisions").get_data(as_text=True)
    assert '<a href="/decisions" aria-current="page">' in decisions_page
    assert '<a href="/recognitions" aria-current="page">' not in decisions_page
    client.get("/lang/vi")
    assert "Mọi năm" in client.get("/recognitions").get_data(as_text=True)


def test_new_choices_reach_the_cached_form_when_the_choices_are_read_again(app, session, world, lines,
                                                                          monkeypatch):
    from workflow.models import Campaign
    from workflow.views.public import register as register_views
    client = app.test_client()
    assert "Phong trào thi đua mới năm 2026" not in client.get("/recognitions").get_data(as_text=True)
    session.add(Campaign(name="Phong trào thi đua mới năm 2026", authority=world.campaign.authority,
                         period_start=date(2026, 1, 1), period_end=date(2026, 12, 31)))
    session.commit()
    later = register_views.time.monotonic() + register_views.LIST_MAX_AGE + 1
    monkeypatch.setattr(register_views.time, "monotonic", lambda: later)
    assert "Phong trào thi đua mới năm 2026" in client.get("/recognitions").get_data(as_text=True)


# --- downloads: what this search found, and the whole register (issue 13) ------------------------------------

def _download_links(page: str) -> dict[str, str]:
    """The page's download links by their class: download-found (this search) and download-all."""
    return {cls: href.replace("&amp;", "&") for href, cls in
            re.findall(r'<a href="([^"]+)" class="(download-found|download-all)"', page)}


def _csv_names(client, url: str) -> list[str]:
    import csv
    import io
    body = client.get(url).get_data(as_text=True).lstrip("\ufeff")
    return [row["recipient_name"] for row in csv.DictReader(io.StringIO(body))]


@pytest.mark.parametrize("page_size", [50, 1])   # all on one page, and counted by the search's statement
@pytest.mark.parametrize("query, expected", [
    ("q=vinh+hung", {"Xã Vĩnh Hưng A", "Xã Vĩnh Hưng"}),
    ("year=2024", {"Trường Tiểu học Long Điền"}),
    ("q=DONG+HAI&year=2025", {"Hợp tác xã Đông Hải"}),
])
def test_the_found_set_downloads_apart_from_the_whole_register(app, lines, monkeypatch, page_size, query, expected):
    monkeypatch.setattr(register, "PAGE_SIZE", page_size)
    client = app.test_client()
    response = client.get(f"/recognitions?{query}")
    page = text(response)
    assert f"{len(expected)} kết quả tìm được" in page and "Toàn bộ sổ khen thưởng" in page
    links = _download_links(response.get_data(as_text=True))
    found = _csv_names(client, links["download-found"])
    assert sorted(found) == sorted(expected)          # exactly the rows the page found, no other
    if page_size > len(expected):
        assert set(found) == names_found(client, query)
    assert links["download-all"] == "/open-data/recognitions.csv"
    assert set(_csv_names(client, links["download-all"])) == set(lines)


def test_an_unfiltered_register_offers_only_the_whole_register(app, lines):
    response = app.test_client().get("/recognitions")
    assert "kết quả tìm được" not in text(response)
    assert set(_download_links(response.get_data(as_text=True))) == {"download-all"}


def test_the_count_is_the_search_functions_own_and_stops_at_its_cap(session, lines):
    vinh_hung = register.Filters(q="vinh hung")
    assert register.count(session, vinh_hung) == len(list(register.stream(session, vinh_hung))) == 2
    assert register.count(session, register.Filters()) == 5
    assert register.count(session, register.Filters(), cap=3) == 4          # "more than 3"
    assert register.Filters(q=" x ", year=2024, unit_id=7).query_args() == {"q": "x", "year": "2024", "unit": "7"}


def test_more_results_than_the_cap_say_so(app, lines, monkeypatch):
    monkeypatch.setattr(register, "PAGE_SIZE", 1)
    monkeypatch.setattr(register, "COUNT_CAP", 2)
    page = text(app.test_client().get("/recognitions?q=xa"))   # three lines: two communes, a cooperative
    assert "Hơn 2 kết quả tìm được" in page
