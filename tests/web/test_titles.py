"""Titles on screen: the unit enters the evidence for a title's prerequisites in its form, the secretariat's
nomination screen shows each requirement met or not with that evidence, and a title is named as a title."""
import html
from datetime import date

from tests import factories
from tests.web.test_unit import error_beside, text_of
from workflow.rules.nominees import NomineeKind
from workflow.rules.prerequisites import parse_requirements, requirements_to_json
from workflow.services import nominations

CSTD_TINH = "danh hiệu | Chiến sĩ thi đua cơ sở | 3\nsáng kiến | tỉnh"


def _form(nomination, **evidence) -> dict:
    p = nomination.nominee
    return {"kind": "individual", "person_name": p.full_name, "position": "", "workplace": p.workplace, "period_from": "2022-01-01",
            "period_to": "2024-12-31", "achievement_summary": nomination.achievement_summary,
            "letter_no": nomination.letter_no, "letter_date": "2025-02-20", "version": str(nomination.version),
            **evidence}


def test_unit_enters_evidence_and_the_secretariat_sees_each_requirement_met_or_not(session, world, store, signed_in):
    world.chien_si.prerequisites = requirements_to_json(parse_requirements(CSTD_TINH))
    nomination = factories.make_nomination(session, world, store, award_type=world.chien_si, name="Nguyễn Văn An",
                                           kind=NomineeKind.INDIVIDUAL, period_from=date(2022, 1, 1),
                                           period_to=date(2024, 12, 31))
    session.commit()
    officer = signed_in(world.officer_a)
    url = f"/unit/nominations/{nomination.id}/edit"
    page = html.unescape(text_of(officer.get(url)))
    assert "Đạt danh hiệu «Chiến sĩ thi đua cơ sở» 3 năm liên tục" in page
    assert "Có sáng kiến, đề tài được công nhận phạm vi ảnh hưởng từ cấp tỉnh" in page

    refused = text_of(officer.post(url, _form(nomination, evidence_titles="Chiến sĩ thi đua cơ sở | 2024")))
    assert "cần ghi số quyết định" in error_beside(refused, "evidence_titles")
    titles = "Chiến sĩ thi đua cơ sở | 2023 | 11/QĐ-UBND | 20/12/2023\nChiến sĩ thi đua cơ sở | 2024 | 12/QĐ-UBND"
    initiative = "Số hóa hồ sơ một cửa | tỉnh | Quyết định 5/QĐ-UBND ngày 02/03/2024"
    response = officer.post(url, _form(nomination, evidence_titles=titles, evidence_initiatives=initiative))
    assert response.status_code == 302
    session.refresh(nomination)
    assert [t["year"] for t in nomination.evidence["titles"]] == [2023, 2024]
    nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    session.commit()

    page = html.unescape(text_of(signed_in(world.secretariat).get(f"/secretariat/nominations/{nomination.id}")))
    block = page[page.index("Điều kiện xét danh hiệu"):page.index("Thông tin hồ sơ")]
    assert "Chưa đạt" in block and "Còn thiếu: danh hiệu «Chiến sĩ thi đua cơ sở» năm 2022" in block
    assert "Chiến sĩ thi đua cơ sở năm 2023, Quyết định số 11/QĐ-UBND ngày 20/12/2023" in block
    assert "Đạt" in block and "Số hóa hồ sơ một cửa (cấp tỉnh (bộ, ban, ngành)), công nhận tại Quyết định 5" in block
    assert "Danh hiệu đề nghị" in page


def test_the_new_nomination_form_lists_what_each_title_on_offer_requires(session, world, signed_in):
    world.chien_si.prerequisites = requirements_to_json(parse_requirements(CSTD_TINH))
    session.commit()
    page = html.unescape(text_of(signed_in(world.officer_a).get("/unit/nominations/new")))
    block = page[page.index("Danh hiệu có điều kiện xét"):page.index("</details>")]
    assert "Chiến sĩ thi đua cấp tỉnh" in block and "Bằng khen" not in block
    assert "Đạt danh hiệu «Chiến sĩ thi đua cơ sở» 3 năm liên tục" in block


def test_a_collective_title_asks_for_member_figures_and_refuses_more_members_than_the_total(session, world, store,
                                                                                          signed_in):
    world.bang_khen.prerequisites = requirements_to_json(parse_requirements(
        "thành viên | Lao động tiên tiến | 70%\nthành viên | Chiến sĩ thi đua cơ sở | 1 người"))
    nomination = factories.make_nomination(session, world, store, name="Phòng Kinh tế xã Nhà Mát")
    session.commit()
    officer = signed_in(world.officer_a)
    url = f"/unit/nominations/{nomination.id}/edit"
    page = html.unescape(text_of(officer.get(url)))
    assert "Ít nhất 70% thành viên của tập thể «Lao động tiên tiến»" in page and 'name="evidence_members"' in page
    form = {"kind": "collective", "collective_name": nomination.nominee.full_name,
            "collective_unit": str(nomination.nominee.unit_id or ""), "collective_line": nomination.nominee.workplace,
            "period_from": "2024-01-01", "period_to": "2024-12-31",
            "achievement_summary": nomination.achievement_summary, "letter_no": nomination.letter_no,
            "letter_date": "2025-02-20", "version": str(nomination.version)}
    refused = text_of(officer.post(url, form | {"evidence_members": "tổng số thành viên | 18\nLao động tiên tiến | 19"}))
    assert "19 người nhiều hơn tổng số 18 thành viên" in error_beside(refused, "evidence_members")
    response = officer.post(url, form | {"evidence_members": "tổng số thành viên | 18\nLao động tiên tiến | 13\n"
                                                             "Chiến sĩ thi đua cơ sở | 1 | QĐ 56/QĐ-UBND"})
    assert response.status_code == 302, error_beside(text_of(response), "evidence_members")
    session.refresh(nomination)
    assert nomination.evidence["members"]["total"] == 18
    nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    session.commit()
    page = html.unescape(text_of(signed_in(world.secretariat).get(f"/secretariat/nominations/{nomination.id}")))
    block = page[page.index("Điều kiện xét danh hiệu"):page.index("Thông tin hồ sơ")]
    assert "13/18 thành viên «Lao động tiên tiến» (72,2%)" in block
    assert "1/18 thành viên «Chiến sĩ thi đua cơ sở» (5,6%), theo QĐ 56/QĐ-UBND" in block
