"""The administrator records changes of law and organisation (issue 15): a new legal basis from a date closes
the one in force the day before; a unit's parent changes from a date (refusing overlaps and cycles) with
`parent_id` mirroring the open period; an authority ends with a successor; a signer's term. One CONFIGURE
event each; a refusal writes nothing."""
from datetime import date

import pytest

from tests.services.helpers import audit_mark, events_since
from workflow.models import Authority, Unit, parent_ids_on
from workflow.rules.errors import NotAllowed, ValidationFailed
from workflow.services.admin import dating

LAST, FIRST = date(2025, 6, 30), date(2025, 7, 1)


def _ca_mau(session) -> Unit:
    ca_mau = Unit(code="CM", name="Tỉnh Cà Mau", kind="province", valid_from=FIRST)
    session.add(ca_mau)
    session.flush()
    return ca_mau


def test_a_new_legal_basis_from_a_date_ends_the_one_in_force_the_day_before(session, world):
    mark = audit_mark(session)
    basis = dating.add_legal_basis(session, world.bang_khen, valid_from=FIRST, by=world.admin,
                                   body="  Căn cứ Luật Thi đua, khen thưởng;\n\nCăn cứ Nghị định số 152/2025/NĐ-CP;",
                                   source="Công báo")
    old = world.bang_khen.legal_bases[0]
    assert (old.valid_to, basis.valid_from, basis.valid_to) == (LAST, FIRST, None)
    assert world.bang_khen.legal_basis_lines(LAST) == old.lines()
    assert world.bang_khen.legal_basis_lines(FIRST) == ["Căn cứ Luật Thi đua, khen thưởng;",
                                                        "Căn cứ Nghị định số 152/2025/NĐ-CP;"]
    [event] = events_since(session, mark)
    assert (event.action, event.object_type, event.object_id) == ("configure", "award_type", world.bang_khen.id)
    assert event.changes["legal_basis_from"]["new"] == "2025-07-01"


def test_a_legal_basis_may_not_start_before_the_newest(session, world):
    dating.add_legal_basis(session, world.bang_khen, valid_from=FIRST, body="Căn cứ A;", by=world.admin)
    with pytest.raises(ValidationFailed, match="Đã có căn cứ áp dụng từ ngày này") as info:
        dating.add_legal_basis(session, world.bang_khen, valid_from=LAST, body="Căn cứ B;", by=world.admin)
    assert info.value.field == "valid_from"


def test_only_the_administrator_records_a_legal_basis(session, world):
    with pytest.raises(NotAllowed):
        dating.add_legal_basis(session, world.bang_khen, valid_from=FIRST, body="Căn cứ A;", by=world.secretariat)


def test_a_commune_moves_to_the_province_from_1_july_2025_and_the_tree_answers_per_day(session, world):
    ca_mau = _ca_mau(session)
    commune, district = world.commune, world.district_a
    mark = audit_mark(session)
    dating.set_parent(session, commune, ca_mau, FIRST, by=world.admin)
    assert commune.parent is ca_mau                       # parent_id mirrors the open period
    assert [p.parent for p in commune.parent_periods] == [district, ca_mau]
    assert commune.parent_on(LAST) is district and commune.parent_on(FIRST) is ca_mau
    assert parent_ids_on(session, LAST)[commune.id] == district.id
    assert parent_ids_on(session, FIRST)[commune.id] == ca_mau.id
    [event] = events_since(session, mark)
    assert event.changes["parent"] == {"old": district.code, "new": "CM"}


def test_a_parent_change_may_not_overlap_a_later_period(session, world):
    ca_mau = _ca_mau(session)
    dating.set_parent(session, world.commune, ca_mau, FIRST, by=world.admin)
    with pytest.raises(ValidationFailed, match="không được chồng thời gian"):
        dating.set_parent(session, world.commune, world.district_b, LAST, by=world.admin)


def test_a_unit_cannot_be_placed_under_its_own_child(session, world):
    with pytest.raises(ValidationFailed, match="đơn vị cấp dưới"):
        dating.set_parent(session, world.district_a, world.commune, FIRST, by=world.admin)


def test_a_dated_unit_changes_its_parent_only_from_a_date(session, world):
    from workflow.services import admin
    from workflow.services.admin import UnitData
    ca_mau = _ca_mau(session)
    dating.set_parent(session, world.commune, ca_mau, FIRST, by=world.admin)
    data = UnitData(code=world.commune.code, name=world.commune.name, kind="commune", parent=world.district_b)
    with pytest.raises(ValidationFailed, match="đổi cấp trên từ một ngày"):
        admin.update_unit(session, world.commune, data, by=world.admin)


def test_an_authority_ends_with_a_successor_and_resolves_to_it(session, world):
    new = Authority(name="Chủ tịch Ủy ban nhân dân tỉnh Cà Mau", issuer_title="CHỦ TỊCH", organ_name="UBND",
                    place_name="Cà Mau", valid_from=FIRST)
    session.add(new)
    session.flush()
    with pytest.raises(ValidationFailed, match="Chỉ chọn cấp kế thừa khi"):
        dating.update_authority(session, world.authority, dating.Validity(), successor=new, by=world.admin)
    mark = audit_mark(session)
    changes = dating.update_authority(session, world.authority, dating.Validity(valid_to=LAST), successor=new,
                                      by=world.admin)
    assert set(changes) == {"valid_to", "successor"} and len(events_since(session, mark)) == 1
    assert world.authority.as_of(FIRST) is new
    with pytest.raises(ValidationFailed, match="dẫn vòng"):
        dating.update_authority(session, new, dating.Validity(FIRST, date(2030, 1, 1)), successor=world.authority,
                                by=world.admin)


def test_a_signer_is_added_with_a_term_and_the_term_can_end(session, world):
    signer = dating.add_signer(session, world.authority, full_name="Lâm Thị Diễm Trang", title="PHÓ CHỦ TỊCH",
                               signing_form="KT. CHỦ TỊCH", validity=dating.Validity(FIRST), by=world.admin)
    assert world.authority.signers_on(LAST) == [world.signer]
    assert signer in world.authority.signers_on(FIRST)
    dating.update_signer(session, world.signer, dating.Validity(valid_to=LAST), by=world.admin)
    assert world.authority.signers_on(FIRST) == [signer]
    with pytest.raises(ValidationFailed, match="không được trước"):
        dating.update_signer(session, signer, dating.Validity(FIRST, LAST), by=world.admin)
