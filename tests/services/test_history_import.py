"""Import of the old golden book (issue 16): read through rules.workbook, refused with every problem by row and
column and nothing saved, or saved whole with one audit event; the imported titles count for a title's
prerequisites through the one prior-awards query."""
import io
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from tests import factories
from workflow.models import AuditEvent, AwardCategory, AwardType, HistoricalAward, HistoricalImport
from workflow.rules.errors import NotAllowed
from workflow.rules.nominees import NomineeKind
from workflow.rules.prerequisites import parse_requirements, requirements_to_json
from workflow.services import history, lookups, prerequisites

ISSUER = "Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu"
HEADER = ["STT", "Họ và tên / tập thể", "Cá nhân / tập thể", "Đơn vị", "Hình thức / danh hiệu", "Số quyết định",
          "Ngày quyết định", "Cơ quan ban hành", "Năm", "Sổ vàng số", "Ghi chú nguồn"]


def xlsx(*rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["SỔ VÀNG KHEN THƯỞNG"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def title_rows(name="Nguyễn Văn An", unit="Huyện Vĩnh Lợi"):
    return [(i, name, "Cá nhân", unit, "Chiến sĩ thi đua cơ sở", f"{10 + i}/QĐ-UBND", f"20/12/{year}", ISSUER, year,
             str(100 + i), "Sổ vàng quyển 3") for i, year in enumerate((2022, 2023, 2024), start=1)]


@pytest.fixture
def cstd_co_so(session, world):
    award = AwardType(code="CSTDCS", name="Chiến sĩ thi đua cơ sở", authority=world.authority,
                      category=AwardCategory.TITLE, collective_allowed=False, certificate_title="CHIẾN SĨ THI ĐUA")
    session.add(award)
    world.chien_si.prerequisites = requirements_to_json(parse_requirements("danh hiệu | Chiến sĩ thi đua cơ sở | 3"))
    session.commit()
    return award


def test_imported_titles_count_for_the_prerequisites_and_show_at_appraisal(session, world, store, cstd_co_so):
    nomination = factories.make_nomination(session, world, store, award_type=world.chien_si, name="Nguyễn Văn An",
                                           kind=NomineeKind.INDIVIDUAL, period_from=date(2022, 1, 1),
                                           period_to=date(2024, 12, 31))
    assert not all(f.met for f in prerequisites.findings(session, nomination))
    made = history.import_workbook(session, xlsx(*title_rows()), "so-vang-2024.xlsx", by=world.secretariat,
                                   authority=world.authority)
    session.commit()
    assert made.rows == 3 and len(made.sha256) == 64
    assert all(f.met for f in prerequisites.findings(session, nomination))
    prior = lookups.prior_awards(session, nomination)
    assert next((p.award_type, p.decision_number, p.imported_from) for p in prior) == (
        "Chiến sĩ thi đua cơ sở", "13/QĐ-UBND", "so-vang-2024.xlsx")
    award = session.scalar(select(HistoricalAward).where(HistoricalAward.row_number == 3))
    assert (award.recipient_name, award.period_to, award.source_note, award.golden_book_no) == (
        "Nguyễn Văn An", date(2022, 12, 31), "Sổ vàng quyển 3", "101")
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "import_history"))
    assert event.changes["rows"] == 3 and event.changes["sha256"] == made.sha256


def test_a_row_with_problems_refuses_the_whole_file_naming_row_and_column(session, world, cstd_co_so):
    rows = title_rows()
    rows[1] = (2, "Trần Thị Bé", "Cá nhân", "Xã A", "Huân chương Lao động", "abc", "31/02/2023", "Bộ Nội vụ",
               "năm ngoái", "", "")
    with pytest.raises(history.ImportRefused) as refused:
        history.import_workbook(session, xlsx(*rows), "so-vang.xlsx", by=world.secretariat, authority=world.authority)
    errors = refused.value.errors
    assert any(e.startswith("Dòng 4, cột E:") and "không có trong danh mục" in e for e in errors)
    assert any(e.startswith("Dòng 4, cột F:") for e in errors)
    assert any(e.startswith("Dòng 4, cột G:") and "không phải là ngày hợp lệ" in e for e in errors)
    assert any(e.startswith("Dòng 4, cột H:") for e in errors)
    assert any(e.startswith("Dòng 4, cột I:") for e in errors)
    assert not any(e.startswith(("Dòng 3", "Dòng 5")) for e in errors)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(HistoricalAward)) == 0
    assert session.scalar(select(func.count()).select_from(HistoricalImport)) == 0


def test_only_the_secretariat_of_the_authority_imports(session, world, cstd_co_so):
    for user in (world.officer_a, world.chair, world.admin):
        with pytest.raises(NotAllowed):
            history.import_workbook(session, xlsx(*title_rows()), "x.xlsx", by=user, authority=world.authority)


def test_the_template_reads_back_through_the_same_reader(session, world, cstd_co_so):
    from workflow.rules.workbook import read_table
    table = read_table(history.template_workbook(), history.COLUMNS)
    assert table.header_row == 2 and len(table.rows) == 1


def test_imported_awards_are_paged_in_the_register_with_the_decision_lines(session, world, store, cstd_co_so):
    from workflow.services import register
    from workflow.services.register import Filters

    for name in ("Xã Vĩnh Hưng A", "Xã Đông Hải"):
        factories.awarded(session, world, store, name=name)           # decided 03/03/2025
    history.import_workbook(session, xlsx(*title_rows(name="Lê Văn Đông")), "so-vang.xlsx", by=world.secretariat,
                            authority=world.authority)
    session.commit()
    everything = register.search(session, Filters()).rows
    assert [(r.recipient_name, r.imported) for r in everything][:2] == [("Xã Đông Hải", False),
                                                                       ("Xã Vĩnh Hưng A", False)]
    assert [r.decision_number for r in everything[2:]] == ["13/QĐ-UBND", "12/QĐ-UBND", "11/QĐ-UBND"]
    assert all(r.imported and r.id < 0 and r.campaign == "Dữ liệu nhập từ sổ sách cũ" and r.verify_code is None
               for r in everything[2:])
    pages, after = [], None
    while True:   # two rows a page: the cursor crosses from decision lines to imported awards
        page = register.search(session, Filters(), after=after, limit=2, cards=True)
        pages.append([row.recipient_name for row in page.rows])
        if page.next_cursor is None:
            break
        after = register.Cursor.parse(str(page.next_cursor))
    assert [name for page in pages for name in page] == [r.recipient_name for r in everything]
    assert [r.recipient_name for r in register.search(session, Filters(q="dong")).rows] == [
        "Xã Đông Hải", "Lê Văn Đông", "Lê Văn Đông", "Lê Văn Đông"]
    assert [r.decision_number for r in register.search(session, Filters(q="le van dong", year=2023)).rows] == [
        "12/QĐ-UBND"]
    assert register.count(session, Filters(q="dong")) == 4
    assert not any(r.imported for r in register.search(session, Filters(campaign_id=world.campaign.id)).rows)
