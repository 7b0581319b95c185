"""A unit's parent is dated: a commune belonged to its district until 30/06/2025 and to the province from
01/07/2025. The per-unit answer (Unit.parent_on / ancestors_on) and the whole-tree answer (parent_ids_on) agree,
at both sides of the boundary."""
from datetime import date

from workflow.models import Unit, UnitKind, UnitParent, parent_ids_on

LAST_DAY, FIRST_DAY = date(2025, 6, 30), date(2025, 7, 1)


def _tree(session):
    old_province = Unit(code="P1", name="Tỉnh Cũ", kind=UnitKind.PROVINCE, valid_to=LAST_DAY)
    new_province = Unit(code="P2", name="Tỉnh Mới", kind=UnitKind.PROVINCE, valid_from=FIRST_DAY)
    old_province.successor = new_province
    district = Unit(code="P1.H", name="Huyện Cũ", kind=UnitKind.DISTRICT, parent=old_province, valid_to=LAST_DAY,
                    successor=new_province)
    commune = Unit(code="P1.H.X", name="Xã Còn Lại", kind=UnitKind.COMMUNE, parent=new_province)
    commune.parent_periods = [UnitParent(parent=district, valid_to=LAST_DAY),
                              UnitParent(parent=new_province, valid_from=FIRST_DAY)]
    undated = Unit(code="P2.S", name="Sở", kind=UnitKind.DEPARTMENT, parent=new_province)
    session.add_all([old_province, new_province, district, commune, undated])
    session.flush()
    return old_province, new_province, district, commune, undated


def test_a_commune_has_its_district_until_the_reform_and_the_province_from_it(session):
    old_province, new_province, district, commune, _ = _tree(session)
    assert commune.parent_on(LAST_DAY) is district
    assert commune.ancestors_on(LAST_DAY) == [district, old_province]
    assert commune.parent_on(FIRST_DAY) is new_province
    assert commune.ancestors_on(FIRST_DAY) == [new_province]
    assert commune.parent is new_province  # the parent now


def test_the_whole_tree_on_a_day_agrees_with_each_unit(session):
    units = _tree(session)
    for on in (LAST_DAY, FIRST_DAY, date(2021, 1, 1), date(2026, 12, 4)):
        tree = parent_ids_on(session, on)
        for unit in units:
            parent = unit.parent_on(on)
            assert tree[unit.id] == (parent.id if parent else None), (unit.code, on)


def test_a_unit_without_dated_periods_has_its_one_parent_on_every_day(session):
    *_, undated = _tree(session)
    assert undated.parent_on(date(1990, 1, 1)) is undated.parent
    assert undated.ancestors_on(FIRST_DAY) == [undated.parent]
