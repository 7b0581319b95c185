"""The secretariat's extension of a campaign's deadline, public on the campaign page; the secretariat's inbox by
processing time."""
import re
from datetime import date

from sqlalchemy import select

from tests import factories
from workflow.models import DeadlineExtension
from workflow.services import clock


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_the_secretariat_extends_the_deadline_and_the_public_campaign_page_shows_it(app, session, world,
                                                                                  signed_in):
    world.campaign.nomination_deadline = clock.today()
    session.commit()
    new = clock.today().replace(year=clock.today().year + 1, month=1, day=15)
    url = f"/campaigns/{world.campaign.id}/deadline"
    assert signed_in(world.officer_a).get(url).status_code == 403
    assert signed_in(world.chair).get(url).status_code == 403

    browser = signed_in(world.secretariat)
    response = browser.post(url, {"new_deadline": new.isoformat(), "reason": "Sắp xếp đơn vị hành chính cấp xã."})
    assert response.status_code == 302
    extension = session.scalar(select(DeadlineExtension))
    assert (extension.new_deadline, extension.recorded_by_id) == (new, world.secretariat.id)

    page = text(app.test_client().get(f"/campaigns/{world.campaign.id}"))
    assert f"Hạn nhận hồ sơ đang áp dụng: {new:%d/%m/%Y}." in page
    assert "Sắp xếp đơn vị hành chính cấp xã." in page
    assert f"(hạn ban đầu: {clock.today():%d/%m/%Y})" in page
    assert clock.local_time(extension.recorded_at).strftime("%d/%m/%Y %H:%M") in page


def test_an_extension_before_the_deadline_in_force_is_explained_beside_the_date(app, session, world, signed_in):
    world.campaign.nomination_deadline = date(2099, 1, 1)
    session.commit()
    response = signed_in(world.secretariat).post(f"/campaigns/{world.campaign.id}/deadline",
                                                 {"new_deadline": "2098-12-31", "reason": "Thử."})
    assert response.status_code == 200 and "Hạn mới phải sau hạn đang áp dụng" in text(response)
    assert session.scalar(select(DeadlineExtension)) is None


def test_the_secretariats_inbox_lists_dossiers_most_urgent_first_with_their_due_dates(app, session, world, store,
                                                                                    signed_in):
    calm = factories.submitted(session, world, store, name="Tập thể còn hạn")
    late = factories.in_appraisal(session, world, store, name="Tập thể quá hạn")
    late.processing_due_on = date(2025, 1, 10)
    session.commit()
    browser = signed_in(world.secretariat)
    page = text(browser.get("/secretariat/processing"))
    assert page.index("Tập thể quá hạn") < page.index("Tập thể còn hạn")
    assert f"{calm.processing_due_on:%d/%m/%Y}" in page
    assert re.search(r'10/01/2025 <span class="badge badge-late">quá hạn</span>', page)
    index = text(browser.get("/secretariat/"))
    assert re.search(r'Hồ sơ quá hạn xử lý</a></h2> <p><span class="count hot">1</span>', index)
