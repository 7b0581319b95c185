"""The administrator's two settings for issue 17: a unit's head count and an award type's exclusive achievement."""
import pytest

from tests.web.test_admin import award_type_form, error_beside, text


@pytest.fixture
def admin(world, signed_in):
    return signed_in(world.admin)


def test_a_units_head_count_is_saved_and_a_nonsense_one_explained(app, world, admin, session):
    url = f"/admin/units/{world.district_b.id}/edit"
    base = {"code": "HD", "name": "Huyện Hồng Dân", "kind": "district", "parent": str(world.province.id)}
    assert 'name="headcount"' in text(admin.get(url))
    assert admin.post(url, base | {"headcount": "95000"}).status_code == 302
    session.expire_all()
    assert world.district_b.headcount == 95000
    page = text(admin.post(url, base | {"headcount": "0"}))
    assert error_beside(page, "headcount") == "Số cán bộ hoặc số dân phải là số nguyên dương."
    assert admin.post(url, base | {"headcount": ""}).status_code == 302
    session.expire_all()
    assert world.district_b.headcount is None


def test_an_award_type_can_refuse_a_second_form_for_one_achievement(app, world, admin, session):
    url = f"/admin/award-types/{world.giay_khen.id}/edit"
    assert 'name="exclusive_achievement"' in text(admin.get(url))
    assert admin.post(url, award_type_form(world.giay_khen, exclusive_achievement="y")).status_code == 302
    session.expire_all()
    assert world.giay_khen.exclusive_achievement
