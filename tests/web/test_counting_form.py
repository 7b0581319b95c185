"""The administrator's counting rule (/campaigns/<id>/counting): a POST that carries no field of the form is
refused, never read as "no award type counts" (issue 13, point 7); an explicit empty choice still clears."""
import re

import pytest

from workflow.models import AuditEvent, Indicator
from workflow.services import movement


@pytest.fixture
def counted(session, world) -> Indicator:
    """An indicator that counts the Bằng khen."""
    indicator = Indicator(campaign=world.campaign, code="XA_NTM", name="Xã đạt chuẩn nông thôn mới")
    session.add(indicator)
    session.flush()
    movement.set_counted_award_types(session, indicator, [world.bang_khen], by=world.admin)
    session.commit()
    return indicator


def _post(browser, world, indicator, **fields):
    page = browser.get(f"/campaigns/{world.campaign.id}/counting").get_data(as_text=True)
    prefix = f"i{indicator.id}-"
    token = re.search(rf'name="{prefix}csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = {prefix + "csrf_token": token} | {prefix + name: value for name, value in fields.items()}
    return browser.client.post(f"/campaigns/indicators/{indicator.id}/counting", data=data)


def _audit_count(session) -> int:
    return session.query(AuditEvent).count()


def test_a_post_with_only_the_csrf_token_is_refused_and_changes_nothing(app, session, world, counted, signed_in):
    admin = signed_in(world.admin)
    before = _audit_count(session)
    response = _post(admin, world, counted)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Không nhận được lựa chọn hình thức khen thưởng nào" in page and "chưa thay đổi gì" in page
    session.refresh(counted)
    assert [t.id for t in counted.counted_award_types] == [world.bang_khen.id]
    assert _audit_count(session) == before


def test_the_page_sends_its_marker_so_unticking_every_box_is_an_explicit_choice(app, session, world, counted,
                                                                               signed_in):
    admin = signed_in(world.admin)
    page = admin.get(f"/campaigns/{world.campaign.id}/counting").get_data(as_text=True)
    assert f'name="i{counted.id}-shown" type="hidden" value="1"' in page
    response = _post(admin, world, counted, shown="1")
    assert response.status_code == 302
    session.refresh(counted)
    assert counted.counted_award_types == []


def test_the_refusal_reads_in_english_too(app, session, world, counted, signed_in):
    admin = signed_in(world.admin)
    admin.get("/lang/en")
    page = _post(admin, world, counted).get_data(as_text=True)
    assert "No choice of award types was received" in page
