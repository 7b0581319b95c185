"""Required documents on screen: the administrator lists them in the award-type form, the unit picks which one a
file is, the nomination page shows the checklist, and the submit page refuses with the missing list."""
import html
import io
import re

from sqlalchemy import select

from tests import factories
from tests.web.test_admin import award_type_form
from tests.web.test_unit import text_of
from workflow.models import AuditEvent

MINUTES, REPORT = "Biên bản họp xét của đơn vị đề nghị", "Báo cáo thành tích"


def test_the_administrator_lists_required_documents_one_a_line(session, world, signed_in):
    admin = signed_in(world.admin)
    url = f"/admin/award-types/{world.bang_khen.id}/edit"
    assert 'name="document_lines"' in text_of(admin.get(url))
    response = admin.post(url, award_type_form(world.bang_khen, document_lines=f"{MINUTES}\n\n {REPORT} \n"))
    assert response.status_code == 302
    session.expire_all()
    assert world.bang_khen.required_documents == [MINUTES, REPORT]
    event = session.scalars(select(AuditEvent).where(AuditEvent.object_type == "award_type")).one()
    assert event.changes["required_documents"]["new"] == [MINUTES, REPORT]
    assert f"{MINUTES}\n{REPORT}" in html.unescape(text_of(admin.get(url)))


def _upload(officer, nomination_id: int, document: str):
    url = f"/unit/nominations/{nomination_id}"
    payload = {"kind": "other", "document": document, "file": (io.BytesIO(factories.PDF), "tep.pdf")}
    return officer.post(f"{url}/attachments", payload, from_page=url, content_type="multipart/form-data")


def test_the_unit_sees_the_checklist_and_cannot_submit_until_every_document_is_attached(
        session, world, store, signed_in):
    world.bang_khen.required_documents = [MINUTES, REPORT]
    nomination = factories.make_nomination(session, world, store)
    session.commit()
    officer = signed_in(world.officer_a)
    url = f"/unit/nominations/{nomination.id}"
    page = html.unescape(text_of(officer.get(url)))
    block = page[page.index("Giấy tờ bắt buộc của hồ sơ"):page.index('id="tep-dinh-kem"')]
    assert re.search(rf"{MINUTES}:\s*<strong>còn thiếu", block) and re.search(rf"{REPORT}:\s*<strong>còn thiếu", block)

    refused = officer.post(f"{url}/submit", {"version": str(nomination.version)})
    assert refused.status_code == 400
    assert ("Hồ sơ còn thiếu giấy tờ bắt buộc: «Biên bản họp xét của đơn vị đề nghị»; «Báo cáo thành tích»."
            in html.unescape(text_of(refused)))

    assert _upload(officer, nomination.id, MINUTES).status_code == 302
    assert _upload(officer, nomination.id, REPORT).status_code == 302
    page = html.unescape(text_of(officer.get(url)))
    block = page[page.index("Giấy tờ bắt buộc của hồ sơ"):page.index('id="tep-dinh-kem"')]
    assert "còn thiếu" not in block and block.count("<strong>đã có") == 2
    session.refresh(nomination)
    assert officer.post(f"{url}/submit", {"version": str(nomination.version)}).status_code == 302
    session.refresh(nomination)
    assert nomination.state == "submitted"
    seen = html.unescape(text_of(signed_in(world.secretariat).get(f"/secretariat/nominations/{nomination.id}")))
    block = seen[seen.index("Giấy tờ bắt buộc của hồ sơ"):seen.index("Ý kiến thẩm định")]
    assert block.count("<strong>đã có") == 2 and "còn thiếu" not in block and MINUTES in block


def test_a_document_choice_outside_the_list_is_refused_beside_the_field(session, world, store, signed_in):
    world.bang_khen.required_documents = [REPORT]
    nomination = factories.make_nomination(session, world, store)
    session.commit()
    page = text_of(_upload(signed_in(world.officer_a), nomination.id, "Giấy khai sinh"))
    assert "Lựa chọn không hợp lệ" in html.unescape(page)
    session.refresh(nomination)
    assert len(nomination.attachments) == 1
