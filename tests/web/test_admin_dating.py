"""The administrator's effective-dating screens (issue 15): a new legal basis from a date, a unit's parent from a
date, an authority's end and successor, a signer's term — through the pages, one audit event each."""
from datetime import date

import pytest
from sqlalchemy import select

from tests.web.test_admin import error_beside, text
from workflow.models import AuditEvent, Authority, Signer, Unit


@pytest.fixture
def admin(world, signed_in):
    return signed_in(world.admin)


def test_a_new_decree_from_1_july_2025_is_recorded_and_listed(app, world, admin, session):
    url = f"/admin/award-types/{world.bang_khen.id}/legal-bases"
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text(admin.get(url))
    response = admin.post(url, {"valid_from": "2025-07-01", "source": "Công báo",
                                "body": "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ;"})
    assert response.status_code == 302
    page = text(admin.get(url))
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ;" in page and "đến hết 30/06/2025" in page
    session.expire_all()
    assert world.bang_khen.legal_basis_lines(date(2025, 7, 1)) == ["Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ;"]
    refused = text(admin.post(url, {"valid_from": "2025-06-01", "body": "Căn cứ khác;"}))
    assert "Đã có căn cứ áp dụng từ ngày này" in error_beside(refused, "valid_from")


def test_a_commune_moves_to_the_province_from_a_date_through_the_page(app, world, admin, session):
    ca_mau = Unit(code="CM", name="Tỉnh Cà Mau", kind="province", valid_from=date(2025, 7, 1))
    session.add(ca_mau)
    session.commit()
    url = f"/admin/units/{world.commune.id}/parent"
    response = admin.post(url, {"parent": str(ca_mau.id), "valid_from": "2025-07-01"})
    assert response.status_code == 302
    page = text(admin.get(url))
    assert "Tỉnh Cà Mau" in page and "đến hết 30/06/2025" in page
    session.expire_all()
    assert world.commune.parent_on(date(2025, 6, 30)).code == world.district_a.code
    assert world.commune.parent.code == "CM"
    event = session.scalars(select(AuditEvent).where(AuditEvent.object_type == "unit")).one()
    assert event.action == "configure" and event.changes["parent_from"]["new"] == "2025-07-01"


def test_an_authority_ends_with_a_successor_and_a_signer_is_added_with_a_term(app, world, admin, session):
    new = Authority(name="Chủ tịch Ủy ban nhân dân tỉnh Cà Mau", issuer_title="CHỦ TỊCH", organ_name="UBND",
                    place_name="Cà Mau", valid_from=date(2025, 7, 1))
    session.add(new)
    session.commit()
    url = f"/admin/authorities/{world.authority.id}"
    assert admin.post(url, {"validity-valid_to": "2025-06-30", "validity-successor": str(new.id)}).status_code == 302
    response = admin.post(f"/admin/authorities/{new.id}/signers", {
        "signer-full_name": "Lâm Thị Diễm Trang", "signer-signing_form": "KT. CHỦ TỊCH",
        "signer-title": "PHÓ CHỦ TỊCH", "signer-valid_from": "2025-07-01"})
    assert response.status_code == 302
    page = text(admin.get("/admin/authorities"))
    assert "đến hết 30/06/2025" in page and "Lâm Thị Diễm Trang" in page
    session.expire_all()
    assert world.authority.successor_id == new.id
    signer = session.scalar(select(Signer).where(Signer.full_name == "Lâm Thị Diễm Trang"))
    assert signer.valid_from == date(2025, 7, 1) and signer.authority_id == new.id
