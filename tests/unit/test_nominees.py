"""Who a nominee is (workflow/rules/nominees.py), for "one achievement is awarded once"."""
from datetime import date

import pytest

from workflow.rules.nominees import NOMINEE_KIND_LABELS, NomineeKind, identity_key

INDIVIDUAL, COLLECTIVE, HOUSEHOLD = NomineeKind.INDIVIDUAL, NomineeKind.COLLECTIVE, NomineeKind.HOUSEHOLD


def test_a_collective_that_is_a_unit_is_that_unit_whatever_its_name():
    assert identity_key(COLLECTIVE, "Xã Vĩnh Hưng A", unit_id=57) == "unit:57"
    assert identity_key(COLLECTIVE, "UBND xã Vĩnh Hưng A", unit_id=57) == "unit:57"


def test_an_individual_with_an_id_number_is_that_number():
    key = identity_key(INDIVIDUAL, "Nguyễn Văn An", id_number=" 094080001234 ", birth_date=date(1980, 5, 1))
    assert key == "id:094080001234"
    assert identity_key(INDIVIDUAL, "Nguyen Van An (đổi tên)", id_number="094080001234") == key


def test_an_individual_without_an_id_number_is_folded_name_birth_date_and_workplace():
    key = identity_key(INDIVIDUAL, "Nguyễn Văn An", birth_date=date(1980, 5, 1), affiliation="Xã Vĩnh Hưng A")
    assert key == "individual:nguyen van an|1980-05-01|xa vinh hung a"


def test_an_empty_id_number_falls_back_to_name_and_birth_date():
    assert identity_key(INDIVIDUAL, "Đặng Thị Bé", id_number="", birth_date=date(1975, 1, 2)) == \
        "individual:dang thi be|1975-01-02|"


def test_spelling_variants_of_the_same_name_share_a_key():
    a = identity_key(HOUSEHOLD, "Hộ ông Nguyễn Văn Tư", affiliation="Ấp Nội Ô, xã Vĩnh Hưng A")
    b = identity_key(HOUSEHOLD, "HỘ ÔNG  NGUYỄN VĂN TƯ", affiliation="ấp nội ô, xã vĩnh hưng a")
    assert a == b == "household:ho ong nguyen van tu||ap noi o, xa vinh hung a"


@pytest.mark.parametrize("other", [
    {"birth_date": date(1981, 5, 1), "affiliation": "Xã Vĩnh Hưng A"},   # a namesake born another day
    {"birth_date": date(1980, 5, 1), "affiliation": "Xã Vĩnh Hưng"},     # the same name elsewhere
])
def test_namesakes_are_told_apart(other):
    base = identity_key(INDIVIDUAL, "Nguyễn Văn An", birth_date=date(1980, 5, 1), affiliation="Xã Vĩnh Hưng A")
    assert identity_key(INDIVIDUAL, "Nguyễn Văn An", **other) != base


def test_kind_is_part_of_the_key():
    individual = identity_key(INDIVIDUAL, "Nguyễn Văn Tư", affiliation="Ấp Nội Ô")
    household = identity_key(HOUSEHOLD, "Nguyễn Văn Tư", affiliation="Ấp Nội Ô")
    assert individual != household


def test_unit_and_id_shortcuts_only_apply_to_their_kind():
    # a household is never "the unit", a collective never "an ID number"
    assert identity_key(HOUSEHOLD, "Hộ bà Lê Thị Hai", unit_id=57) == "household:ho ba le thi hai||"
    assert identity_key(COLLECTIVE, "Tổ hợp tác Rạch Rắn", id_number="123") == "collective:to hop tac rach ran||"


def test_every_kind_has_a_vietnamese_label():
    assert NOMINEE_KIND_LABELS == {INDIVIDUAL: "Cá nhân", COLLECTIVE: "Tập thể", HOUSEHOLD: "Hộ gia đình"}
