"""Issuing the signed PDFs of a decision: rendered from the records, signed once, stored under their sha256,
recorded on the rows and publicly in the audit trail; printing (unsigned, overlay) and the print batch;
checking a file against the record."""
import io
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from certificates.signing import Signer, generate_dev_keys, verify
from tests import factories
from workflow.models import AuditEvent, Certificate, Decision, Job, JobKind, PrintJob, PrintJobStatus
from workflow.rules.errors import InvalidTransition, NotAllowed, ValidationFailed
from workflow.rules.nominees import NomineeKind
from workflow.services import audit, decisions, documents, jobs

NAME = "Ủy ban nhân dân xã Vĩnh Hưng A"


@pytest.fixture(scope="module")
def signer(tmp_path_factory):
    keys = generate_dev_keys(tmp_path_factory.mktemp("press-keys"))
    signer = Signer(keys.p12_path, keys.password)
    signer.issuer_key = factories.issuer_key(keys.p12_path)   # the credentials' and QR statements' key beside it
    return signer


@pytest.fixture
def press(signer, store):
    return documents.Press(signer=signer, store=store, public_base_url="https://vinhdanh.example/",
                           issuer_key=signer.issuer_key)


@pytest.fixture
def decided(session, world, store):
    """One decision with two lines: a collective and an individual."""
    first = factories.endorsed(session, world, store, name=NAME)
    second = factories.endorsed(session, world, store, name="Nguyễn Thị Mỹ Lệ", kind=NomineeKind.INDIVIDUAL)
    decision = decisions.decide(session, [first, second], by=world.chair, signer=world.signer,
                                decision_date=date(2025, 3, 5),
                                expected_versions={first.id: first.version, second.id: second.version})
    session.commit()
    return decision


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_issuing_signs_and_stores_each_certificate_and_the_decision_and_records_their_hashes(
        session, world, store, press, signer, decided):
    before = factories.audit_count(session)
    assert documents.issue(session, decided, press=press, by=world.chair) == 3
    session.commit()

    for line in decided.lines:
        certificate = line.certificate
        pdf = store.read(certificate.pdf_sha256)
        report = verify(pdf, signer, expected_sha256=certificate.pdf_sha256)
        assert report.ok, report.checks
        words = text_of(pdf)
        assert line.recipient_name in words and "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU" in words
        assert "1/QĐ-UBND" in words and str(certificate.golden_book_no) in words
        assert f"https://vinhdanh.example/verify/{certificate.verify_code}" not in words  # in the QR, not the text
        assert certificate.verify_code in words.replace(" ", "")
    decision_pdf = store.read(decided.pdf_sha256)
    assert verify(decision_pdf, signer, expected_sha256=decided.pdf_sha256).ok
    words = text_of(decision_pdf)
    assert "QUYẾT ĐỊNH" in words and "Căn cứ Luật Thi đua, khen thưởng" in words and NAME in words
    assert "Bạc Liêu, ngày 05 tháng 3 năm 2025" in words

    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "issue_pdf").order_by(AuditEvent.seq)).all()
    assert factories.audit_count(session) == before + 3 and len(events) == 3
    assert {e.visibility for e in events} == {"public"} and {e.actor_id for e in events} == {world.chair.id}
    recorded = {e.changes["sha256"] for e in events}
    assert recorded == {line.certificate.pdf_sha256 for line in decided.lines} | {decided.pdf_sha256}
    assert audit.verify(session).ok


def test_issuing_again_signs_nothing_new_so_downloads_stay_byte_identical(session, world, press, decided):
    documents.issue(session, decided, press=press, by=world.chair)
    hashes = [line.certificate.pdf_sha256 for line in decided.lines] + [decided.pdf_sha256]
    count = factories.audit_count(session)
    assert documents.issue(session, decided, press=press, by=world.chair) == 0
    assert [line.certificate.pdf_sha256 for line in decided.lines] + [decided.pdf_sha256] == hashes
    assert factories.audit_count(session) == count


def test_rendering_is_deterministic_before_signing(session, world, press, decided):
    from certificates import render
    certificate = decided.lines[0].certificate
    data = documents.certificate_data(certificate, verify_url=press.verify_url(certificate.verify_code))
    assert render(data) == render(data)


def test_only_the_deciding_authority_may_issue_or_print(session, world, press, decided):
    for outsider in (world.secretariat, world.officer_a, world.members[1], world.admin):
        with pytest.raises(NotAllowed):
            documents.issue(session, decided, press=press, by=outsider)
        with pytest.raises(NotAllowed):
            documents.request_print(session, decided, by=outsider, settings=documents.PrintSettings())
    assert session.scalar(select(Decision.pdf_sha256)) is None


def test_a_revoked_certificate_is_neither_rendered_nor_printed_again(session, world, press, decided):
    line = decided.lines[0]
    decisions.revoke(session, line.nomination, by=world.chair, expected_version=line.nomination.version,
                     reason="Kê khai sai.", revoking_decision_no="45/QĐ-UBND")
    assert documents.issue(session, decided, press=press, by=world.chair) == 2  # the other line and the decision
    assert line.certificate.pdf_sha256 is None
    with pytest.raises(InvalidTransition, match="đã bị thu hồi theo Quyết định số 45/QĐ-UBND"):
        documents.printable(line.certificate, press=press, settings=documents.PrintSettings())


def test_overlay_print_carries_only_the_variable_text_with_the_printers_offsets(session, world, press, decided):
    certificate = decided.lines[0].certificate
    settings = documents.PrintSettings.parse(overlay=True, paper="a4", offset_x_mm="1,5", offset_y_mm="-2")
    assert (settings.offset_x_mm, settings.offset_y_mm) == (Decimal("1.5"), Decimal("-2.0"))
    pdf = documents.printable(certificate, press=press, settings=settings)
    words = text_of(pdf)
    assert NAME in words and "1/QĐ-UBND" in words
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in words  # pre-printed on the blank
    width, height = (float(v) * 25.4 / 72 for v in PdfReader(io.BytesIO(pdf)).pages[0].mediabox[2:])
    assert (round(width), round(height)) == (297, 210)
    assert not PdfReader(io.BytesIO(pdf)).get_fields()  # the print is not signed


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"paper": "b5"}, "paper", "Khổ giấy không hợp lệ."),
    ({"offset_x_mm": "abc"}, "offset_x_mm", "Độ lệch phải là một số"),
    ({"offset_y_mm": "51"}, "offset_y_mm", "±50 mm"),
    ({"offset_x_mm": "NaN"}, "offset_x_mm", "±50 mm"),
    ({"offset_x_mm": "1e400"}, "offset_x_mm", "±50 mm"),
])
def test_print_settings_refuse_what_a_printer_cannot_do(values, field, message):
    with pytest.raises(ValidationFailed, match=message.replace("(", r"\(")) as refused:
        documents.PrintSettings.parse(**values)
    assert refused.value.field == field


def test_a_print_job_renders_every_certificate_in_force_and_reports_progress(session, world, store, press, decided):
    line = decided.lines[1]
    decisions.revoke(session, line.nomination, by=world.chair, expected_version=line.nomination.version,
                     reason="Kê khai sai.", revoking_decision_no="45/QĐ-UBND")
    job = documents.request_print(session, decided, by=world.chair,
                                  settings=documents.PrintSettings.parse(overlay=False, paper="a4"))
    session.commit()
    assert (job.status, job.total, job.done) == (PrintJobStatus.QUEUED, 1, 0)
    event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert (event.action, event.visibility, event.changes["certificates"]) == ("print_certificates", "internal", 1)

    documents.run_print_job(session, job.id, press=press, chunk_size=100, workers=1)
    job = session.get(PrintJob, job.id)
    assert (job.status, job.done, job.total) == (PrintJobStatus.DONE, 1, 1) and job.finished_at
    pdf = store.read(job.pdf_sha256)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert NAME in text_of(pdf) and line.recipient_name not in text_of(pdf)


def test_a_print_job_that_fails_says_so_and_each_request_is_an_outbox_row(session, world, store, press, decided):
    job = documents.request_print(session, decided, by=world.chair, settings=documents.PrintSettings())
    session.commit()
    broken = documents.Press(signer=None, store=store, public_base_url="x",
                             defaults=documents.PrintSettings(red="not-a-colour"))
    with pytest.raises(ValueError):
        documents.run_print_job(session, job.id, press=broken, workers=1)
    job = session.get(PrintJob, job.id)
    assert job.status == PrintJobStatus.FAILED and "Không tạo được bản in" in job.error

    waiting = documents.request_print(session, decided, by=world.chair, settings=documents.PrintSettings())
    session.rollback()   # the outbox row goes with its print job: a rolled-back request leaves no job
    assert session.scalar(select(func.count()).select_from(Job)) == 1
    waiting = documents.request_print(session, decided, by=world.chair, settings=documents.PrintSettings())
    session.commit()
    row = jobs.latest(session, JobKind.PRINT, waiting.id)
    assert (row.state, row.attempts, row.requested_by_id) == ("queued", 0, world.chair.id)


def test_a_file_is_checked_three_ways_against_the_record(session, world, press, signer, store, decided, tmp_path):
    documents.issue(session, decided, press=press, by=world.chair)
    certificate = decided.lines[0].certificate
    issued = store.read(certificate.pdf_sha256)

    result = documents.check_file(session, issued, expected_issuer=signer.certificate)
    assert result.certificate == certificate and result.report.ok
    assert [c.name for c in result.report.checks] == ["signature_intact", "signer_is_issuer", "sha256_matches"]

    at = issued.index(b"Vi")  # a byte inside the signed content
    flipped = issued[:at] + bytes([issued[at] ^ 1]) + issued[at + 1:]
    altered = documents.check_file(session, flipped, expected_issuer=signer.certificate)
    assert not altered.record_found and not altered.report.check("sha256_matches").ok
    assert not altered.report.check("signature_intact").ok

    other = generate_dev_keys(tmp_path / "other", common_name="Người khác")
    from certificates import render
    unsigned = render(documents.certificate_data(certificate, verify_url=press.verify_url(certificate.verify_code)))
    foreign = Signer(other.p12_path, other.password).sign(unsigned)
    stranger = documents.check_file(session, foreign, expected_issuer=signer.certificate)
    assert not stranger.report.check("signer_is_issuer").ok

    assert documents.check_file(session, store.read(decided.pdf_sha256), expected_issuer=signer).decision == decided


def test_decisions_without_files_are_listed_until_issued(session, world, press, decided):
    assert documents.without_files(session) == [decided]
    documents.issue(session, decided, press=press, by=world.chair)
    assert documents.without_files(session) == []
    assert session.scalar(select(Certificate.pdf_sha256).limit(1))


@pytest.mark.parametrize(("summary", "expected"), [
    ("Đã có thành tích xuất sắc trong phong trào thi đua năm 2024. Cụ thể: ...",
     "Đã có thành tích xuất sắc trong phong trào thi đua năm 2024"),
    ("Hoàn thành xuất sắc nhiệm vụ; dẫn đầu phong trào.",
     "Đã có thành tích xuất sắc trong phong trào thi đua “Phong trào X”"),
    ("Đã có thành tích " + "rất " * 100 + "xuất sắc.", "Đã có thành tích xuất sắc trong phong trào thi đua “Phong trào X”"),
])
def test_the_achievement_line_is_the_summarys_first_sentence_when_it_fits(summary, expected):
    assert documents.achievement_line(summary, "Phong trào X") == expected


def test_a_revoked_copys_stamp_is_dated_by_the_calendar_in_viet_nam(session, world, store, press, decided):
    """Revoked at 18:30 UTC on 04/12 is 01:30 on 05/12 in Việt Nam: the stamp says 05/12/2026."""
    import subprocess
    from datetime import datetime
    documents.issue(session, decided, press=press, by=world.chair)
    session.commit()
    sha = decided.lines[0].certificate.pdf_sha256
    pdf = documents.revoked_copy(store, sha, revoking_decision_no="9/QĐ-UBND", revoked_at=datetime(2026, 12, 4, 18, 30))
    words = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "05/12/2026" in words and "04/12/2026" not in words
