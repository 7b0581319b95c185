"""Decision numbers from the office's register through the screens (issue 18): the administrator's setting on the
authority's page (audited), the clerical officer's field on the issue page with the symbol as it will be printed,
a refusal shown beside it with nothing issued, the document system down refused with its sentence, and the number
printed in the signed decision PDF."""
from sqlalchemy import func, select

from tests import factories
from tests.document_system_fake import FakeDocumentSystem
from tests.web.test_admin import error_beside, text
from tests.web.test_authority import _draft, _hidden
from tests.web.test_authority_preview_and_revoked import pdftotext
from workflow.models import AuditEvent, Decision
from workflow.rules.numbering import NumberingMode


def _setting(admin, world, mode: str, url: str = "", token_env: str = ""):
    return admin.post(f"/admin/authorities/{world.authority.id}/numbering", {
        "numbering-numbering_mode": mode, "numbering-register_url": url, "numbering-register_token_env": token_env},
        from_page=f"/admin/authorities/{world.authority.id}")


def _issue_with(chair, draft, number: str | None = None):
    url = f"/authority/drafts/{draft.id}/issue"
    page = chair.get(url).get_data(as_text=True)
    data = {"ids": _hidden(page, "ids"), "versions": _hidden(page, "versions")}
    if number is not None:
        data["register_number"] = number
    return chair.post(url, data, from_page=url)


def test_the_administrator_chooses_the_office_register_and_it_is_audited(app, session, world, signed_in):
    admin = signed_in(world.admin)
    page = text(admin.get(f"/admin/authorities/{world.authority.id}"))
    assert "Nghị định 30/2020/NĐ-CP" in page and "Hệ thống tự cấp số theo thứ tự" in page
    assert _setting(admin, world, "office_register").status_code == 302
    session.expire_all()
    assert world.authority.numbering_mode == NumberingMode.OFFICE_REGISTER
    event = session.scalars(select(AuditEvent).where(AuditEvent.object_type == "authority")).one()
    assert event.changes["numbering_mode"] == {"old": "self", "new": "office_register"}


def test_a_document_system_without_an_address_or_with_another_secret_is_refused_beside_the_field(
        app, session, world, signed_in):
    admin = signed_in(world.admin)
    page = text(_setting(admin, world, "document_system"))
    assert "phải bắt đầu bằng https://" in error_beside(page, "numbering-register_url")
    page = text(_setting(admin, world, "document_system", "https://qlvb.baclieu.example/cap-so", "SECRET_KEY"))
    assert "REGISTER_TOKEN_" in error_beside(page, "numbering-register_token_env")
    session.expire_all()
    assert world.authority.numbering_mode == NumberingMode.SELF
    assert session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.object_type == "authority")) == 0


def test_the_clerk_enters_the_register_number_and_the_signed_pdf_prints_it(app, session, world, store, signed_in):
    world.authority.numbering_mode = NumberingMode.OFFICE_REGISTER
    draft = _draft(session, world, store)
    chair = signed_in(world.chair)
    assert "do Văn thư nhập từ sổ đăng ký văn bản đi khi ban hành" in text(chair.get(f"/authority/drafts/{draft.id}"))
    page = text(chair.get(f"/authority/drafts/{draft.id}/issue"))
    assert 'name="register_number"' in page and "<strong>/QĐ-UBND</strong>" in page
    assert "«Số: 123/QĐ-UBND»" in page
    refused = _issue_with(chair, draft, "")
    assert refused.status_code == 400
    assert "Cần nhập số quyết định đã đăng ký" in error_beside(text(refused), "register_number")
    assert _issue_with(chair, draft, "0123").status_code == 302
    session.expire_all()
    decision = session.scalars(select(Decision)).one()
    assert (decision.number, decision.number_source) == ("123/QĐ-UBND", NumberingMode.OFFICE_REGISTER)
    page = text(chair.get(f"/authority/decisions/{decision.id}"))
    assert "Số do Văn thư cấp theo sổ đăng ký văn bản đi" in page
    words = pdftotext(chair.get(f"/authority/decisions/{decision.id}/decision.pdf").data)
    assert "Số: 123/QĐ-UBND" in words


def test_a_number_another_decision_holds_is_refused_on_the_page_naming_it(app, session, world, store, signed_in):
    factories.awarded(session, world, store, name="Xã Vĩnh Hưng")
    world.authority.numbering_mode = NumberingMode.OFFICE_REGISTER
    draft = _draft(session, world, store)
    refused = _issue_with(signed_in(world.chair), draft, "1/QĐ-UBND")
    assert refused.status_code == 400
    assert "đã được cấp cho Quyết định số 1/QĐ-UBND ngày 03/03/2025" in error_beside(text(refused), "register_number")
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Decision)) == 1


def test_the_document_system_down_refuses_the_issue_and_up_gives_the_printed_number(
        app, session, world, store, signed_in):
    with FakeDocumentSystem(first=77) as fake:
        world.authority.numbering_mode, world.authority.register_url = NumberingMode.DOCUMENT_SYSTEM, fake.url
        draft = _draft(session, world, store)
        chair = signed_in(world.chair)
        assert "lấy từ hệ thống quản lý văn bản khi ban hành" in text(chair.get(f"/authority/drafts/{draft.id}/issue"))
        fake.answer(status=503)
        refused = _issue_with(chair, draft)
        assert refused.status_code == 400 and "mã lỗi HTTP 503" in text(refused)
        assert "Quyết định chưa được ban hành" in text(refused)
        session.expire_all()
        assert session.scalar(select(func.count()).select_from(Decision)) == 0
        fake.answer()
        assert _issue_with(chair, draft).status_code == 302
    session.expire_all()
    decision = session.scalars(select(Decision)).one()
    assert (decision.number, decision.number_source) == ("77/QĐ-UBND", NumberingMode.DOCUMENT_SYSTEM)
    assert "Số: 77/QĐ-UBND" in pdftotext(chair.get(f"/authority/decisions/{decision.id}/decision.pdf").data)
