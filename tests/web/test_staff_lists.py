"""The staff lists searched, filtered, printed and exported: a search with or without diacritics finds the same
rows (đ/Đ folded to d, as the public register), a filter narrows, the Excel download re-opened with openpyxl
holds exactly the rows the page shows, and the print view has no navigation."""
import html
import io
import re

from openpyxl import load_workbook

from tests import factories
from tests.web.test_unit import text_of
from workflow.rules.nominees import NomineeKind
from workflow.services import notices

VINH_HUNG = "Ủy ban nhân dân xã Vĩnh Hưng A"
DONG_HAI = "Hợp tác xã Đông Hải"
HONG_DAN = "Trường Tiểu học Hồng Dân"


def _names(page: str, candidates=(VINH_HUNG, DONG_HAI, HONG_DAN)) -> set[str]:
    """The candidates the list's table names (the filter form never holds a nominee's name)."""
    body = html.unescape(page)
    table = body[body.index("<table"):body.index("</table>")] if "<table" in body else ""
    return {name for name in candidates if name in table}


def _workbook_rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.data)).active
    return list(sheet.iter_rows(values_only=True))


def _three_submitted(session, world, store):
    made = [factories.submitted(session, world, store, name=VINH_HUNG),
            factories.submitted(session, world, store, name=DONG_HAI),
            factories.submitted(session, world, store, name=HONG_DAN, officer=world.officer_b)]
    session.commit()
    return made


def test_intake_search_ignores_diacritics_and_case_and_folds_d(session, world, store, signed_in):
    _three_submitted(session, world, store)
    sec = signed_in(world.secretariat)
    everything = _names(text_of(sec.get("/secretariat/intake")))
    assert everything == {VINH_HUNG, DONG_HAI, HONG_DAN}
    for query in ("vinh hung a", "Vĩnh Hưng A", "VINH HUNG"):
        assert _names(text_of(sec.get("/secretariat/intake", query_string={"q": query}))) == {VINH_HUNG}, query
    assert _names(text_of(sec.get("/secretariat/intake?q=dong+hai"))) == {DONG_HAI}
    assert _names(text_of(sec.get("/secretariat/intake", query_string={"q": "Đông Hải"}))) == {DONG_HAI}
    page = html.unescape(text_of(sec.get("/secretariat/intake?q=khong+co+ai")))
    assert "Không có mục nào khớp điều kiện tìm và lọc." in page


def test_intake_filter_by_unit_narrows_and_the_export_holds_the_pages_rows(session, world, store, signed_in):
    _three_submitted(session, world, store)
    sec = signed_in(world.secretariat)
    url = f"/secretariat/intake?unit={world.district_b.id}"
    assert _names(text_of(sec.get(url))) == {HONG_DAN}
    rows = _workbook_rows(sec.get(url + "&format=xlsx"))
    header = rows.index(next(r for r in rows if r[0] == "Đối tượng"))
    assert rows[0][0] == "Hồ sơ chờ tiếp nhận"
    assert [r[0] for r in rows[header + 1:]] == [HONG_DAN]
    assert rows[header + 1][3] == world.district_b.name and rows[header + 1][8] == "Đã gửi"

    all_rows = _workbook_rows(sec.get("/secretariat/intake?format=xlsx"))
    names = [r[0] for r in all_rows[all_rows.index(next(r for r in all_rows if r[0] == "Đối tượng")) + 1:]]
    page = html.unescape(text_of(sec.get("/secretariat/intake")))
    assert sorted(names) == sorted([VINH_HUNG, DONG_HAI, HONG_DAN])
    assert [n for n in names] == sorted(names, key=page.index)   # the page's order


def test_a_filter_value_that_is_not_a_choice_is_ignored_not_a_500(session, world, store, signed_in):
    _three_submitted(session, world, store)
    response = signed_in(world.secretariat).get("/secretariat/intake?campaign=99999&unit=abc&page=-4")
    assert response.status_code == 200
    assert _names(text_of(response)) == {VINH_HUNG, DONG_HAI, HONG_DAN}


def test_the_print_view_lists_every_row_without_navigation(session, world, store, signed_in):
    _three_submitted(session, world, store)
    page = html.unescape(text_of(signed_in(world.secretariat).get("/secretariat/intake?q=dong+hai&print=1")))
    assert "<nav" not in page and "site-header" not in page and "Xuất Excel" not in page
    assert "Hồ sơ chờ tiếp nhận" in page and "Tìm: «dong hai»" in page
    assert DONG_HAI in page and VINH_HUNG not in page and HONG_DAN not in page


def test_appraisal_list_filters_by_award_type(session, world, store, signed_in):
    factories.in_appraisal(session, world, store, name=DONG_HAI)
    factories.in_appraisal(session, world, store, name=VINH_HUNG, award_type=world.giay_khen)
    session.commit()
    sec = signed_in(world.secretariat)
    assert _names(text_of(sec.get("/secretariat/appraisal"))) == {DONG_HAI, VINH_HUNG}
    assert _names(text_of(sec.get(f"/secretariat/appraisal?award_type={world.giay_khen.id}"))) == {VINH_HUNG}
    rows = _workbook_rows(sec.get(f"/secretariat/appraisal?award_type={world.giay_khen.id}&format=xlsx"))
    assert [r[0] for r in rows if r[0] in (DONG_HAI, VINH_HUNG)] == [VINH_HUNG]


def test_comments_search_by_commenter_without_diacritics_and_the_old_status_links(session, world, store, signed_in):
    nomination, notice = factories.in_notice(session, world, store, name=DONG_HAI)
    for name in ("Lê Văn Tám", "Đặng Thị Hoa"):
        notices.receive_comment(session, notice, nomination, full_name=name, contact="0912 345 678",
                                address="Ấp Năm Căn", body="Tôi đồng ý với đề nghị khen thưởng.",
                                today=factories.TODAY)
    session.commit()
    sec = signed_in(world.secretariat)
    names = ("Lê Văn Tám", "Đặng Thị Hoa")
    assert _names(text_of(sec.get("/secretariat/comments?q=dang+thi+hoa")), names) == {"Đặng Thị Hoa"}
    assert _names(text_of(sec.get("/secretariat/comments?q=le+van+tam")), names) == {"Lê Văn Tám"}
    assert _names(text_of(sec.get("/secretariat/comments?status=received")), names) == set(names)
    assert _names(text_of(sec.get("/secretariat/comments?state=answered")), names) == set()
    rows = _workbook_rows(sec.get("/secretariat/comments?q=dang&format=xlsx"))
    assert [r[2] for r in rows if r[2] in names] == ["Đặng Thị Hoa"]


def _two_awarded(session, world, store):
    factories.awarded(session, world, store, name=DONG_HAI)
    factories.awarded(session, world, store, name=HONG_DAN, officer=world.officer_b)
    session.commit()


def test_the_staff_register_searches_filters_and_exports_the_same_rows(session, world, store, signed_in):
    _two_awarded(session, world, store)
    sec = signed_in(world.secretariat)
    assert _names(text_of(sec.get("/secretariat/register"))) == {DONG_HAI, HONG_DAN}
    assert _names(text_of(sec.get("/secretariat/register?q=dong+hai"))) == {DONG_HAI}
    assert _names(text_of(sec.get("/secretariat/register", query_string={"q": "ĐÔNG HẢI"}))) == {DONG_HAI}
    assert _names(text_of(sec.get(f"/secretariat/register?unit={world.district_b.id}"))) == {HONG_DAN}
    assert _names(text_of(sec.get("/secretariat/register?state=revoked"))) == set()
    rows = _workbook_rows(sec.get("/secretariat/register?q=dong+hai&format=xlsx"))
    data = [r for r in rows if r[0] in (DONG_HAI, HONG_DAN)]
    assert len(data) == 1 and data[0][0] == DONG_HAI and data[0][7] == "Đã khen thưởng"
    assert re.fullmatch(r".+/QĐ-.+", data[0][3])
    assert "<nav" not in text_of(sec.get("/secretariat/register?print=1"))


def test_the_authoritys_decisions_are_found_by_a_recipients_name_without_diacritics(session, world, store, signed_in):
    _two_awarded(session, world, store)
    chair = signed_in(world.chair)
    page = html.unescape(text_of(chair.get("/authority/decisions")))
    numbers = re.findall(r'decision_id=\d+|/authority/decisions/\d+', page)
    assert len(set(numbers)) == 2
    found = html.unescape(text_of(chair.get("/authority/decisions?q=truong+tieu+hoc+hong+dan")))
    assert len(set(re.findall(r"/authority/decisions/\d+", found))) == 1
    rows = _workbook_rows(chair.get("/authority/decisions?q=truong+tieu+hoc+hong+dan&format=xlsx"))
    header = rows.index(next(r for r in rows if r[0] == "Số quyết định"))
    assert len(rows[header + 1:]) == 1 and rows[header + 1][4] == 1
    assert rows[header + 1][0] in found
    empty = html.unescape(text_of(chair.get("/authority/decisions?q=khong+co+ai")))
    assert "Không có mục nào khớp điều kiện tìm và lọc." in empty


def test_kinds_of_nominee_do_not_matter_to_the_search(session, world, store, signed_in):
    factories.submitted(session, world, store, name="Nguyễn Thị Đào", kind=NomineeKind.INDIVIDUAL,
                        award_type=world.bang_khen)
    session.commit()
    page = text_of(signed_in(world.secretariat).get("/secretariat/intake?q=nguyen+thi+dao"))
    assert "Nguyễn Thị Đào" in html.unescape(page)
