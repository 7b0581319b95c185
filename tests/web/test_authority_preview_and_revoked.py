"""Issue 13, the authority's documents through the screens: the chairperson reads the draft decision (rendered,
unsigned, marked DỰ THẢO) before the issue button, and nothing is numbered, stored or audited by reading it; a
revoked certificate is served, to the public and to the authority, as a copy stamped ĐÃ THU HỒI, while the
signed original stays byte for byte as issued and still verifies."""
import hashlib
import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from certificates.signing import verify
from tests import factories
from tests.web.test_authority import _draft, _issue
from tests.web.test_i18n import english, visible
from tests.web.test_public import text
from workflow.models import Authority, Decision, IssuerCounter
from workflow.rules.permissions import Grant, Role
from workflow.services import clock, decisions, users


@pytest.fixture
def chair(world, signed_in):
    return signed_in(world.chair)


def pdftotext(pdf: bytes, *, raw: bool = False) -> str:
    """pdftotext's reading, whitespace folded (-raw: drawing order, so a mark drawn over a page reads as one)."""
    out = subprocess.run(["pdftotext", *(["-raw"] if raw else []), "-", "-"], input=pdf, capture_output=True,
                         check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def signature_fields(pdf: bytes) -> list[str]:
    return [name for name, field in (PdfReader(io.BytesIO(pdf)).get_fields() or {}).items()
            if field.get("/FT") == "/Sig"]


def blobs(store) -> set[Path]:
    return set(store.root.rglob("*")) if store.root.exists() else set()


# --- 1. the draft decision before the issue button ------------------------------------------------------------

def test_the_confirmation_page_offers_the_draft_decision_before_the_issue_button(app, session, world, store, chair):
    draft = _draft(session, world, store, count=2)
    page = chair.get(f"/authority/drafts/{draft.id}/issue").get_data(as_text=True)
    link = f'href="/authority/drafts/{draft.id}/preview.pdf"'
    issue_form = f'action="/authority/drafts/{draft.id}/issue"'
    assert link in page and page.index(link) < page.index(issue_form)
    assert "Xem dự thảo quyết định (PDF)" in page
    assert link in chair.get(f"/authority/drafts/{draft.id}").get_data(as_text=True)


def test_the_draft_pdf_is_the_decision_marked_du_thao_unsigned_and_nothing_is_numbered_stored_or_audited(
        app, session, world, store, chair):
    draft = _draft(session, world, store, count=2)
    events, files = factories.audit_count(session), blobs(store)
    response = chair.get(f"/authority/drafts/{draft.id}/preview.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("inline;")
    words = pdftotext(response.data)
    assert "DỰ THẢO" in words and "Xã Ninh Quới 1" in words and "Xã Ninh Quới 2" in words
    assert "Số: …/QĐ-UBND" in words and "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV." in words
    assert signature_fields(response.data) == [] and "/AcroForm" not in PdfReader(io.BytesIO(response.data)).trailer["/Root"]
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Decision)) == 0
    # no decision or golden-book number taken (the council's minutes have their own series)
    assert session.scalar(select(func.count()).select_from(IssuerCounter)
                          .where(~IssuerCounter.series.startswith("minutes:"))) == 0
    assert factories.audit_count(session) == events and blobs(store) == files
    assert _issue(chair, draft).status_code == 302   # and the decision issued afterwards is number 1
    assert session.scalars(select(Decision)).one().number == "1/QĐ-UBND"


def test_the_draft_pdf_is_refused_to_other_roles_and_other_authorities(app, session, world, store, signed_in):
    draft = _draft(session, world, store)
    url = f"/authority/drafts/{draft.id}/preview.pdf"
    for user in (world.officer_a, world.secretariat, world.members[0]):
        assert signed_in(user).get(url).status_code == 403
    ca_mau = Authority(name="Chủ tịch Ủy ban nhân dân tỉnh Cà Mau", issuer_title="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
                       organ_name="ỦY BAN NHÂN DÂN TỈNH CÀ MAU", place_name="Cà Mau")
    session.add(ca_mau)
    session.flush()
    other = users.create_user(session, username="chutich.khac", full_name="Chủ tịch khác", password=factories.PASSWORD,
                              grants=[Grant(Role.AUTHORITY, authority_id=ca_mau.id)])
    session.commit()
    assert signed_in(other).get(url).status_code == 404
    assert app.test_client().get(url).status_code == 302


def test_an_issued_draft_has_no_draft_pdf_any_more(app, session, world, store, chair):
    draft = _draft(session, world, store)
    assert _issue(chair, draft).status_code == 302
    response = chair.get(f"/authority/drafts/{draft.id}/preview.pdf")
    assert response.status_code == 400 and "Dự thảo này đã được ban hành." in text(response)


# --- 2. a revoked certificate is served stamped; the signed original stays the record -------------------------

@pytest.fixture
def revoked(app, session, world, store, chair):
    """Decision 1/QĐ-UBND with two lines issued through the screen; the first line then revoked."""
    assert _issue(chair, _draft(session, world, store, count=2)).status_code == 302
    decision = session.scalars(select(Decision)).one()
    line = decision.lines[0]
    decisions.revoke(session, line.nomination, by=world.chair, expected_version=line.nomination.version,
                     reason="Kê khai sai thành tích.", revoking_decision_no="45/QĐ-UBND")
    session.commit()
    return decision


def test_a_revoked_certificate_downloads_stamped_and_its_signed_original_is_unchanged(app, session, store, revoked):
    from workflow import press
    certificate = revoked.lines[0].certificate
    day = f"{clock.local_date(certificate.revoked_at):%d/%m/%Y}"   # the day in Việt Nam
    stored = store.read(certificate.pdf_sha256)
    response = app.test_client().get(f"/verify/{certificate.verify_code}/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "da-thu-hoi.pdf" in response.headers["Content-Disposition"]
    words = pdftotext(response.data, raw=True)
    assert "ĐÃ THU HỒI" in words and f"Thu hồi ngày {day} theo Quyết định số 45/QĐ-UBND" in words
    assert "Xã Ninh Quới 1" in pdftotext(response.data)
    assert hashlib.sha256(response.data).hexdigest() != certificate.pdf_sha256
    assert signature_fields(response.data) == []
    # the record: byte for byte as issued, and it still passes the signature checks
    assert hashlib.sha256(stored).hexdigest() == certificate.pdf_sha256 == hashlib.sha256(
        store.read(certificate.pdf_sha256)).hexdigest()
    assert verify(stored, press.signer(app).certificate, expected_sha256=certificate.pdf_sha256).ok
    page = text(app.test_client().get(f"/verify/{certificate.verify_code}"))
    assert "Tải bản sao có dấu ĐÃ THU HỒI" in page and "✓ Chữ ký số nguyên vẹn" in page


def test_the_authority_downloads_the_stamped_copy_and_the_labelled_signed_original(app, session, chair, revoked):
    certificate = revoked.lines[0].certificate
    page = chair.get(f"/authority/decisions/{revoked.id}").get_data(as_text=True)
    assert "Tải PDF (có dấu ĐÃ THU HỒI)" in page and "Tải bản gốc đã ký (đã thu hồi)" in page
    stamped = chair.get(f"/authority/certificates/{certificate.id}.pdf")
    assert stamped.status_code == 200 and "ĐÃ THU HỒI" in pdftotext(stamped.data, raw=True)
    assert signature_fields(stamped.data) == []
    original = chair.get(f"/authority/certificates/{certificate.id}/original.pdf")
    assert original.status_code == 200 and "ban-goc-da-thu-hoi.pdf" in original.headers["Content-Disposition"]
    assert hashlib.sha256(original.data).hexdigest() == certificate.pdf_sha256
    assert signature_fields(original.data) == ["ChuKySo"]


def test_a_certificate_in_force_downloads_as_issued(app, session, chair, revoked):
    certificate = revoked.lines[1].certificate
    public = app.test_client().get(f"/verify/{certificate.verify_code}/certificate.pdf")
    assert hashlib.sha256(public.data).hexdigest() == certificate.pdf_sha256
    assert "ĐÃ THU HỒI" not in pdftotext(public.data, raw=True)
    assert "Tải bản PDF đã cấp" in text(app.test_client().get(f"/verify/{certificate.verify_code}"))
    for url in (f"/authority/certificates/{certificate.id}.pdf", f"/authority/certificates/{certificate.id}/original.pdf"):
        assert hashlib.sha256(chair.get(url).data).hexdigest() == certificate.pdf_sha256


def test_the_new_links_read_in_english_once_chosen(app, session, world, store, chair, revoked):
    waiting = factories.endorsed(session, world, store, officer=world.officer_b, name="Xã Lộc Ninh")
    draft = decisions.prepare_draft(session, [waiting], by=world.secretariat, signer=world.signer,
                                    decision_date=factories.TODAY)
    session.commit()
    confirm = visible(english(chair).get(f"/authority/drafts/{draft.id}/issue"))
    assert "View the draft decision (PDF)" in confirm and "Viewing the draft takes no number" in confirm
    assert "Xem dự thảo" not in confirm
    page = visible(chair.get(f"/authority/decisions/{revoked.id}"))
    assert "Download the signed original (revoked)" in page and "Tải bản gốc" not in page
    verify_page = visible(english(app.test_client()).get(f"/verify/{revoked.lines[0].certificate.verify_code}"))
    assert "Download the copy stamped “ĐÃ THU HỒI” (revoked)" in verify_page
