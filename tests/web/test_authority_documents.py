"""The signed files through the screens: issuing a decision signs and stores its PDFs in the same action
(or nothing at all without a key), the authority downloads and prints them (one certificate, or a background
batch with a progress page), the public downloads the decision and sees the three checks on /verify."""
import hashlib
import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from tests import factories
from tests.web.test_authority import _draft, _hidden, _issue
from tests.web.test_public import text
from workflow.models import AuditEvent, Authority, Certificate, Decision, PrintJob
from workflow.rules.permissions import Grant, Role
from workflow.services import clock, decisions, users


@pytest.fixture
def chair(world, signed_in):
    return signed_in(world.chair)


@pytest.fixture
def issued(app, session, world, store, chair):
    """Decision 1/QĐ-UBND with two lines, issued through the screen."""
    draft = _draft(session, world, store, count=2)
    assert _issue(chair, draft).status_code == 302
    session.expire_all()
    return session.scalars(select(Decision)).one()


def words(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_issuing_signs_every_certificate_and_the_decision_and_the_page_offers_them(app, session, chair, issued):
    listing = chair.get("/authority/").get_data(as_text=True)
    row = re.search(rf">{re.escape(issued.number)}</a></td>.*?</tr>", listing, re.DOTALL).group(0)
    assert re.search(r"<td>2</td>\s*</tr>$", row)  # its two lines, counted by the database
    page = chair.get(f"/authority/decisions/{issued.id}").get_data(as_text=True)
    assert "Tải Quyết định (PDF có chữ ký số)" in page and issued.pdf_sha256 in page
    assert "chưa có tệp PDF có chữ ký số" not in page
    for line in issued.lines:
        certificate = line.certificate
        href = f"/authority/certificates/{certificate.id}.pdf"
        assert href in page
        response = chair.get(href)
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert hashlib.sha256(response.data).hexdigest() == certificate.pdf_sha256
        assert line.recipient_name in words(response.data)
    decision_pdf = chair.get(f"/authority/decisions/{issued.id}/decision.pdf")
    assert hashlib.sha256(decision_pdf.data).hexdigest() == issued.pdf_sha256
    assert "Xã Ninh Quới 1" in words(decision_pdf.data) and "1/QĐ-UBND" in words(decision_pdf.data)


def test_without_a_signing_key_nothing_is_issued_and_the_message_says_what_to_do(app, session, world, store, chair):
    draft = _draft(session, world, store)
    app.config["SIGNING_P12_PATH"] = "/nonexistent/signer.p12"
    response = _issue(chair, draft)
    page = text(response)
    assert response.status_code in (400, 409, 422) and "Chưa cấu hình khóa ký số" in page
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Decision)) == 0
    assert session.scalar(select(func.count()).select_from(Certificate)) == 0
    assert session.scalar(select(AuditEvent.action).order_by(AuditEvent.seq.desc()).limit(1)) == "prepare_decision"


def test_files_are_scoped_to_the_authority_and_refused_to_other_roles(app, session, world, signed_in, issued):
    certificate = issued.lines[0].certificate
    urls = [f"/authority/certificates/{certificate.id}.pdf", f"/authority/decisions/{issued.id}/decision.pdf",
            f"/authority/certificates/{certificate.id}/print"]
    for user in (world.officer_a, world.secretariat, world.members[0]):
        browser = signed_in(user)
        assert {browser.get(url).status_code for url in urls} == {403}
    ca_mau = Authority(name="Chủ tịch Ủy ban nhân dân tỉnh Cà Mau", issuer_title="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
                       organ_name="ỦY BAN NHÂN DÂN TỈNH CÀ MAU", place_name="Cà Mau")
    session.add(ca_mau)
    session.flush()
    other = users.create_user(session, username="chutich.khac", full_name="Chủ tịch khác", password=factories.PASSWORD,
                              grants=[Grant(Role.AUTHORITY, authority_id=ca_mau.id)])
    session.commit()
    assert {signed_in(other).get(url).status_code for url in urls} == {404}
    anonymous = app.test_client()
    assert all(anonymous.get(url).status_code == 302 for url in urls)


def test_printing_one_certificate_on_a_pre_printed_blank(app, chair, issued):
    certificate = issued.lines[0].certificate
    form = chair.get(f"/authority/certificates/{certificate.id}/print")
    assert form.status_code == 200 and "Chỉ in phần chữ lên phôi in sẵn" in text(form)
    pdf = chair.get(f"/authority/certificates/{certificate.id}/print",
                    query_string={"overlay": "y", "paper": "a4", "offset_x_mm": "1,5", "offset_y_mm": "-2"})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "Xã Ninh Quới 1" in words(pdf.data) and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in words(pdf.data)
    bad = chair.get(f"/authority/certificates/{certificate.id}/print", query_string={"offset_x_mm": "80"})
    assert bad.status_code == 400 and "Độ lệch phải trong khoảng ±50 mm." in text(bad)
    odd = chair.get(f"/authority/certificates/{certificate.id}/print", query_string={"paper": "<b>", "offset_y_mm": "x"})
    assert odd.status_code == 400 and "Khổ giấy không hợp lệ." in text(odd)
    nan = chair.get(f"/authority/certificates/{certificate.id}/print", query_string={"offset_y_mm": "x"})
    assert nan.status_code == 400 and "Độ lệch phải là một số" in text(nan)


def test_a_revoked_certificate_is_not_printed_again_but_its_signed_record_remains(app, session, world, chair, issued):
    line = issued.lines[0]
    decisions.revoke(session, line.nomination, by=world.chair, expected_version=line.nomination.version,
                     reason="Kê khai sai.", revoking_decision_no="45/QĐ-UBND")
    session.commit()
    refused = chair.get(f"/authority/certificates/{line.certificate.id}/print",
                        query_string={"overlay": "y"})
    assert refused.status_code == 400 and "đã bị thu hồi theo Quyết định số 45/QĐ-UBND; không in lại" in text(refused)
    assert chair.get(f"/authority/certificates/{line.certificate.id}.pdf").status_code == 200


def test_a_batch_prints_in_the_background_with_a_progress_page_then_downloads(app, session, world, chair, issued):
    page_url = f"/authority/decisions/{issued.id}"
    page = chair.get(page_url).get_data(as_text=True)
    response = chair.post(f"/authority/decisions/{issued.id}/print",
                          {"csrf_token": _hidden(page, "csrf_token"), "paper": "a4", "offset_x_mm": "0",
                           "offset_y_mm": "0"}, from_page=page_url)
    assert response.status_code == 303
    job_url = response.headers["Location"]
    waiting = chair.get(job_url).get_data(as_text=True)
    assert 'http-equiv="refresh"' in waiting and "Đang chờ bắt đầu…" in waiting
    _run_queued_jobs(app)
    session.expire_all()
    job = session.scalars(select(PrintJob)).one()
    assert (job.status, job.done, job.total) == ("done", 2, 2), job.error
    progress = chair.get(job_url)
    assert progress.headers["Cache-Control"] == "no-store" and 'http-equiv="refresh"' not in progress.get_data(as_text=True)
    assert "Đã xong: 2 bằng khen." in text(progress)
    pdf = chair.get(f"/authority/print-jobs/{job.id}.pdf")
    assert pdf.status_code == 200 and len(PdfReader(io.BytesIO(pdf.data)).pages) == 2
    assert "Xã Ninh Quới 1" in words(pdf.data) and "Xã Ninh Quới 2" in words(pdf.data)
    assert f"Bản in số {job.id}" in text(chair.get(page_url))
    assert session.scalar(select(AuditEvent.action).order_by(AuditEvent.seq.desc()).limit(1)) == "print_certificates"


def test_a_running_batch_page_refreshes_itself_and_a_bad_form_is_answered_in_place(app, session, world, chair, issued):
    from workflow.services import documents
    job = documents.request_print(session, issued, by=world.chair, settings=documents.PrintSettings())
    session.commit()
    running = chair.get(f"/authority/print-jobs/{job.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' in running and "0 / 2 bằng khen" in text(chair.get(f"/authority/print-jobs/{job.id}"))
    assert chair.get(f"/authority/print-jobs/{job.id}.pdf").status_code == 404
    page_url = f"/authority/decisions/{issued.id}"
    page = chair.get(page_url).get_data(as_text=True)
    bad = chair.post(f"/authority/decisions/{issued.id}/print",
                     {"csrf_token": _hidden(page, "csrf_token"), "offset_y_mm": "-99"}, from_page=page_url)
    assert bad.status_code == 400 and "Độ lệch phải trong khoảng ±50 mm." in text(bad)


def test_decisions_issued_before_a_key_was_configured_get_their_files_from_the_page(app, session, world, store,
                                                                                      chair):
    nomination = factories.awarded(session, world, store, name="Xã Long Thạnh")
    session.commit()
    clock.advance(days=1)   # long after issuing: no background signer is at work on it any more
    decision = session.scalars(select(Decision)).one()
    page_url = f"/authority/decisions/{decision.id}"
    page = chair.get(page_url).get_data(as_text=True)
    assert "2 văn bản của quyết định này chưa có tệp PDF có chữ ký số" in page
    response = chair.post(f"/authority/decisions/{decision.id}/issue-files",
                          {"csrf_token": _hidden(page, "csrf_token")}, from_page=page_url)
    assert response.status_code == 302   # at once: the request only queues the job
    session.expire_all()
    assert session.get(Decision, decision.id).pdf_sha256 is None
    waiting = text(chair.get(page_url))
    assert "Đã chuyển việc ký số các tệp còn thiếu cho tiến trình xử lý nền" in waiting
    assert "Việc ký số 2 / 2 tệp PDF đang chờ tiến trình xử lý nền nhận." in waiting
    _run_queued_jobs(app)
    session.expire_all()
    assert session.get(Decision, decision.id).pdf_sha256 and nomination.id
    assert "chưa có tệp PDF" not in text(chair.get(page_url))


def _run_queued_jobs(app) -> None:
    """What the worker does: take each job id from the app's queue, claim the job and run it."""
    from workflow import jobs
    jobs.drain(app)


def test_a_large_decision_is_issued_at_once_and_its_files_signed_in_the_background(app, session, world, store,
                                                                                    chair):
    app.config["SIGN_INLINE_MAX"] = 2
    draft = _draft(session, world, store, count=3)
    response = _issue(chair, draft)
    assert response.status_code == 302
    decision = session.scalars(select(Decision)).one()   # committed before the files
    _run_queued_jobs(app)
    session.expire_all()
    assert all(line.certificate.pdf_sha256 for line in decision.lines) and decision.pdf_sha256
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "issue_pdf")).all()
    assert len(events) == 4 and {e.actor_id for e in events} == {world.chair.id}
    page = chair.get(f"/authority/decisions/{decision.id}").get_data(as_text=True)
    assert "Đã ban hành Quyết định số 1/QĐ-UBND. Đang ký số 4 tệp PDF trong nền" in page   # the flash
    assert "Đang ký số các tệp PDF trong nền: còn" not in page and 'http-equiv="refresh"' not in page
    assert "chưa có tệp PDF" not in page


def test_two_issuers_racing_keep_one_file_per_certificate(app, session, world, store, issued):
    """The page's button while the background signer runs: the row already taken keeps its first file."""
    from workflow.press import press
    from workflow.services import documents
    line = issued.lines[0]
    first = line.certificate.pdf_sha256
    # another issuer stored its file meanwhile; this one had loaded the row while it was still empty
    session.execute(update(Certificate).where(Certificate.id == line.certificate.id).values(pdf_sha256="f" * 64)
                    .execution_options(synchronize_session=False))
    set_committed_value(line.certificate, "pdf_sha256", None)
    count = factories.audit_count(session)
    assert documents.issue(session, issued, press=press(app), by=world.chair) == 0
    assert line.certificate.pdf_sha256 == "f" * 64 != first and factories.audit_count(session) == count


def test_the_public_downloads_the_decision_and_sees_the_three_checks(app, session, issued):
    client = app.test_client()
    page = text(client.get(f"/decisions/{issued.id}"))
    assert "Tải Quyết định (PDF có chữ ký số)" in page
    assert "✓ Chữ ký số nguyên vẹn" in page and "✓ Người ký là cơ quan ban hành" in page
    assert "✓ Tệp trùng khớp với bản đã lưu (SHA-256)" in page
    pdf = client.get(f"/decisions/{issued.id}/decision.pdf")
    assert pdf.status_code == 200 and hashlib.sha256(pdf.data).hexdigest() == issued.pdf_sha256
    assert pdf.headers["Cache-Control"] == "public, max-age=300"
    certificate = issued.lines[0].certificate
    verify = text(client.get(f"/verify/{certificate.verify_code}"))
    assert "HỢP LỆ" in verify and "✓ Chữ ký số nguyên vẹn" in verify and "✓ Người ký là cơ quan ban hành" in verify
    assert "✓ Tệp trùng khớp với bản đã lưu (SHA-256)" in verify and certificate.pdf_sha256 in verify


def test_a_stored_file_damaged_on_disk_fails_its_checks_on_the_verify_page(app, session, store, issued):
    certificate = issued.lines[1].certificate
    path = store.path(certificate.pdf_sha256)
    data = path.read_bytes()
    at = data.index(b"Vi")
    path.write_bytes(data[:at] + bytes([data[at] ^ 1]) + data[at + 1:])
    page = text(app.test_client().get(f"/verify/{certificate.verify_code}"))
    assert "✗ Chữ ký số nguyên vẹn" in page and "✗ Tệp trùng khớp với bản đã lưu (SHA-256)" in page


def test_an_uploaded_copy_altered_after_signing_is_explained_check_by_check(app, browser, store, issued):
    certificate = issued.lines[0].certificate
    data = store.read(certificate.pdf_sha256)
    at = data.index(b"Vi")
    altered = data[:at] + bytes([data[at] ^ 1]) + data[at + 1:]
    response = browser.post("/verify", {"pdf": (io.BytesIO(altered), "bang-khen.pdf")})
    page = text(response)
    assert response.status_code == 400 and "không khớp" in page
    assert "✗ Chữ ký số nguyên vẹn" in page and "✗ Tệp trùng khớp với bản đã lưu (SHA-256)" in page
    original = browser.post("/verify", {"pdf": (io.BytesIO(data), "bang-khen.pdf")})
    assert original.status_code == 303 and original.headers["Location"].endswith(f"/verify/{certificate.verify_code}?pdf=khop")
    decision = browser.post("/verify", {"pdf": (io.BytesIO(store.read(issued.pdf_sha256)), "qd.pdf")})
    assert decision.status_code == 303 and decision.headers["Location"].endswith(f"/decisions/{issued.id}?pdf=khop")
