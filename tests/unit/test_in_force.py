"""rules.in_force at the 2025 boundary: 30/06/2025 is the last day of Bạc Liêu's units and authority, 01/07/2025
the first of Cà Mau's; each refusal is one Vietnamese sentence naming the successor when there is one."""
from datetime import date

import pytest

from workflow.models import Authority, AwardType, LegalBasis, Signer, Unit
from workflow.rules import in_force
from workflow.rules.errors import InvalidTransition

LAST, FIRST = date(2025, 6, 30), date(2025, 7, 1)


def _units():
    ca_mau = Unit(name="Tỉnh Cà Mau", valid_from=FIRST)
    vinh_loi = Unit(name="Huyện Vĩnh Lợi", valid_from=date(1900, 1, 1), valid_to=LAST, successor=ca_mau)
    return vinh_loi, ca_mau


def test_an_ended_unit_is_in_force_on_its_last_day_and_refused_the_next_naming_its_successor():
    vinh_loi, _ = _units()
    assert in_force.refusal(vinh_loi, LAST) is None
    assert in_force.refusal(vinh_loi, FIRST) == (
        "Huyện Vĩnh Lợi đã kết thúc hoạt động từ ngày 01/07/2025; đơn vị kế thừa: Tỉnh Cà Mau.")


def test_a_new_unit_is_refused_the_day_before_it_starts_and_in_force_on_its_first_day():
    _, ca_mau = _units()
    assert in_force.refusal(ca_mau, LAST) == (
        "Tỉnh Cà Mau chỉ có hiệu lực từ ngày 01/07/2025, chưa được thực hiện vào ngày 30/06/2025.")
    assert in_force.refusal(ca_mau, FIRST) is None


def test_an_authority_without_successor_is_refused_without_one():
    district = Authority(name="Chủ tịch Ủy ban nhân dân huyện Vĩnh Lợi", valid_from=date(1900, 1, 1), valid_to=LAST)
    assert in_force.refusal(district, LAST) is None
    assert in_force.refusal(district, FIRST) == (
        "Chủ tịch Ủy ban nhân dân huyện Vĩnh Lợi đã kết thúc hoạt động từ ngày 01/07/2025.")


def test_an_authority_names_its_successor_authority_and_resolves_to_it():
    new = Authority(id=2, name="Chủ tịch Ủy ban nhân dân tỉnh Cà Mau", valid_from=FIRST)
    old = Authority(id=1, name="Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu", valid_from=date(1900, 1, 1), valid_to=LAST,
                    successor=new)
    assert in_force.refusal(old, FIRST, what="cấp có thẩm quyền").endswith(
        "; cấp có thẩm quyền kế thừa: Chủ tịch Ủy ban nhân dân tỉnh Cà Mau.")
    assert (old.as_of(LAST), old.as_of(FIRST)) == (old, new)


def test_an_award_type_has_expired_from_the_day_after_its_last_day():
    new = AwardType(name="Bằng khen của Chủ tịch UBND tỉnh Cà Mau", effective_from=FIRST)
    old = AwardType(name="Bằng khen của Chủ tịch UBND tỉnh Bạc Liêu", effective_from=date(2024, 1, 1),
                    effective_to=LAST, successor=new)
    assert in_force.refusal(old, LAST) is None and in_force.refusal(new, FIRST) is None
    assert in_force.refusal(old, FIRST) == ("Bằng khen của Chủ tịch UBND tỉnh Bạc Liêu đã hết hiệu lực từ ngày "
                                            "01/07/2025; hình thức kế thừa: Bằng khen của Chủ tịch UBND tỉnh Cà Mau.")


def test_a_signer_signs_only_within_the_term():
    signer = Signer(full_name="Trần Thanh Phong", valid_from=date(1900, 1, 1), valid_to=LAST, active=True)
    assert signer.is_valid_on(LAST) and not signer.is_valid_on(FIRST)
    assert in_force.refusal(signer, FIRST) == "Trần Thanh Phong đã hết thời gian được ký từ ngày 01/07/2025."
    signer.active = False
    assert not signer.is_valid_on(LAST)


def test_require_raises_the_first_refusal_in_order():
    vinh_loi, ca_mau = _units()
    with pytest.raises(InvalidTransition, match="^Huyện Vĩnh Lợi đã kết thúc"):
        in_force.require([(vinh_loi, "đơn vị"), (ca_mau, "đơn vị")], FIRST)
    with pytest.raises(InvalidTransition, match="^Tỉnh Cà Mau chỉ có hiệu lực"):
        in_force.require([(vinh_loi, "đơn vị"), (ca_mau, "đơn vị")], LAST)


def test_the_legal_basis_printed_is_the_one_in_force_on_the_day():
    award_type = AwardType(name="Bằng khen", effective_from=date(2024, 1, 1))
    award_type.legal_bases = [
        LegalBasis(valid_from=date(1900, 1, 1), valid_to=LAST, body="Căn cứ Nghị định số 98/2023/NĐ-CP;"),
        LegalBasis(valid_from=FIRST,
                   body="Căn cứ Luật Thi đua, khen thưởng;\n  \nCăn cứ Nghị định số 152/2025/NĐ-CP;")]
    assert award_type.legal_basis_lines(LAST) == ["Căn cứ Nghị định số 98/2023/NĐ-CP;"]
    assert award_type.legal_basis_lines(FIRST) == ["Căn cứ Luật Thi đua, khen thưởng;",
                                                   "Căn cứ Nghị định số 152/2025/NĐ-CP;"]
