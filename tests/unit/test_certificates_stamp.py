"""Marks on copies that are not the record (certificates/stamp.py, the decision layout's draft mark): a draft
decision says DỰ THẢO on every page and carries no signature; a revoked certificate's copy says ĐÃ THU HỒI, with
the revoking decision and date, on every page, carries no signature field, and leaves the signed file as it
was. No app, no database. Reads PDFs with pdftotext and pypdf."""
import hashlib
import io
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from certificates import render, render_decision, render_many, samples
from certificates.signing import Signer, generate_dev_keys, verify
from certificates.stamp import stamp_revoked

from .test_certificates import pdf_text, tool


def page_texts(pdf: bytes, *, raw: bool = False) -> list[str]:
    """pdftotext page by page (-raw: in drawing order, so a mark drawn over the page reads as one line)."""
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    mode = ["-raw"] if raw else []
    return [" ".join(subprocess.run([tool("pdftotext"), *mode, "-f", str(i), "-l", str(i), "-", "-"], input=pdf,
                                    capture_output=True, check=True).stdout.decode("utf-8").split())
            for i in range(1, pages + 1)]


def signature_fields(pdf: bytes) -> list[str]:
    fields = PdfReader(io.BytesIO(pdf)).get_fields() or {}
    return [name for name, value in fields.items() if value.get("/FT") == "/Sig"]


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    return generate_dev_keys(tmp_path_factory.mktemp("stamp-keys"))


@pytest.fixture(scope="module")
def signer(keys):
    return Signer(keys.p12_path, keys.password)


# --- the draft decision --------------------------------------------------------------------------------------

def test_a_draft_decision_says_du_thao_on_every_page_and_carries_no_signature():
    pdf = render_decision(samples.decision(8, draft=True))   # eight recipients: the attached list is page 2
    pages = page_texts(pdf)
    assert len(pages) == 2
    assert all("DỰ THẢO – chưa ban hành, chưa ký số" in page for page in pages)
    assert "Ông Nguyễn Văn Thành" in pdf_text(pdf)
    assert signature_fields(pdf) == [] and b"/Sig" not in pdf
    assert PdfReader(io.BytesIO(pdf)).metadata.title.startswith("DỰ THẢO – ")


def test_an_issued_decision_carries_no_draft_mark():
    pdf = render_decision(samples.decision(8))
    assert "DỰ THẢO" not in pdf_text(pdf) and "DỰ THẢO" not in PdfReader(io.BytesIO(pdf)).metadata.title


# --- the revoked certificate's copy --------------------------------------------------------------------------

def test_the_revoked_copy_is_stamped_on_every_page_with_the_decision_and_date(signer):
    signed = signer.sign(render_many([samples.certificate(0), samples.certificate(1)]))
    before = hashlib.sha256(signed).hexdigest()
    copy = stamp_revoked(signed, decision_number="45/QĐ-UBND", revoked_on=date(2026, 12, 3))
    pages = page_texts(copy, raw=True)
    assert len(pages) == 2
    for page in pages:
        assert "ĐÃ THU HỒI" in page
        assert "Thu hồi ngày 03/12/2026 theo Quyết định số 45/QĐ-UBND" in page
        assert "Khen thưởng này không còn hiệu lực" in page
    assert "Ông Nguyễn Văn Thành" in pdf_text(copy)   # the certificate itself is still there, under the stamp
    assert hashlib.sha256(signed).hexdigest() == before   # the input is not touched


def test_the_revoked_copy_carries_no_signature_while_the_signed_file_still_verifies(keys, signer):
    signed = signer.sign(render(samples.giay_khen()))
    assert signature_fields(signed) == ["ChuKySo"]
    copy = stamp_revoked(signed, decision_number="7/QĐ-UBND", revoked_on=date(2026, 1, 2))
    assert signature_fields(copy) == [] and "/AcroForm" not in PdfReader(io.BytesIO(copy)).trailer["/Root"]
    assert not verify(copy, signer.certificate).ok   # unsigned: it cannot pass for the record
    assert verify(signed, signer.certificate, expected_sha256=hashlib.sha256(signed).hexdigest()).ok
    page = PdfReader(io.BytesIO(copy)).pages[0]
    original = PdfReader(io.BytesIO(signed)).pages[0]
    assert (page.mediabox.width, page.mediabox.height) == (original.mediabox.width, original.mediabox.height)
