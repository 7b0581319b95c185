"""Certificate verification through the test client: VALID, REVOKED with the reason and the revoking
decision, UNKNOWN as a friendly 404; a pasted code or an uploaded PDF finds the certificate."""
import hashlib
import io

import pytest
from sqlalchemy import select

from tests import factories
from tests.web.test_public import text
from workflow.models import Certificate
from workflow.services import decisions


@pytest.fixture
def certificate(session, world, store):
    nomination = factories.awarded(session, world, store, name="Xã Vĩnh Hưng A")
    session.commit()
    return session.scalar(select(Certificate)), nomination


def test_a_valid_certificate_shows_its_recipient_award_and_decision(app, world, certificate):
    cert, _ = certificate
    response = app.test_client().get(f"/verify/{cert.verify_code}")
    page = text(response)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "public, max-age=60"
    assert "HỢP LỆ" in page and "ĐÃ THU HỒI" not in page
    assert "Xã Vĩnh Hưng A" in page and world.bang_khen.name in page
    assert "1/QĐ-UBND" in page and "03/03/2025" in page and str(cert.golden_book_no) in page
    assert "Có trong sổ khen thưởng" in page and "Chưa bị thu hồi" in page


def test_a_revoked_certificate_says_so_with_the_reason_and_the_revoking_decision(app, session, world, certificate):
    cert, nomination = certificate
    decisions.revoke(session, nomination, by=world.chair, expected_version=nomination.version,
                     reason="Số liệu kê khai không đúng thực tế.", revoking_decision_no="1035/QĐ-UBND")
    session.commit()
    page = text(app.test_client().get(f"/verify/{cert.verify_code}"))
    assert "ĐÃ THU HỒI" in page and "HỢP LỆ" not in page
    assert "1035/QĐ-UBND" in page and "Số liệu kê khai không đúng thực tế." in page
    assert "Xã Vĩnh Hưng A" in page


@pytest.mark.parametrize("code", ["AAAAAAAAAAAAAAAA", "khong-co", "%00", "A" * 300])
def test_an_unknown_code_is_a_friendly_404(app, certificate, code):
    response = app.test_client().get(f"/verify/{code}")
    assert response.status_code == 404
    page = text(response)
    assert "KHÔNG XÁC ĐỊNH" in page and "Xác thực mã" in page


def test_a_pasted_code_finds_the_certificate_whatever_its_spacing_case_or_link(app, certificate):
    cert, _ = certificate
    client, code = app.test_client(), cert.verify_code
    spaced = " ".join(code[i:i + 4] for i in range(0, 16, 4)).lower()
    for pasted in (spaced, f"https://vinhdanh.example/verify/{code}", code):
        response = client.get("/verify", query_string={"code": pasted})
        assert response.status_code == 302 and response.headers["Location"].endswith(f"/verify/{code}"), pasted
    assert client.get(f"/verify/{code.lower()}").headers["Location"].endswith(f"/verify/{code}")
    empty = client.get("/verify?code=")
    assert empty.status_code == 200 and "Nhập mã xác thực." in text(empty)
    assert empty.headers["Cache-Control"] == "no-store"


def test_an_uploaded_pdf_is_matched_against_the_issued_one(app, session, store, browser, certificate):
    cert, _ = certificate
    issued = factories.PDF + b"% ban da cap, da ky so\n"
    cert.pdf_sha256 = store.put(issued)
    session.commit()
    response = browser.post("/verify", {"pdf": (io.BytesIO(issued), "bang-khen.pdf")})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/verify/{cert.verify_code}?pdf=khop")
    page = text(browser.get(f"/verify/{cert.verify_code}?pdf=khop"))
    assert "khớp" in page and hashlib.sha256(issued).hexdigest() in page
    download = browser.get(f"/verify/{cert.verify_code}/certificate.pdf")
    assert download.status_code == 200 and download.data == issued
    assert download.headers["Content-Disposition"].startswith("attachment;")
    recognition = browser.get(f"/recognitions/{cert.decision_line_id}").get_data(as_text=True)
    assert f'href="/verify/{cert.verify_code}/certificate.pdf"' in recognition
    forged = browser.post("/verify", {"pdf": (io.BytesIO(issued + b"sua"), "bang-khen.pdf")})
    assert forged.status_code == 400 and "không khớp" in text(forged)


def test_the_pdf_download_is_404_until_a_pdf_is_issued(app, certificate):
    cert, _ = certificate
    client = app.test_client()
    assert client.get(f"/verify/{cert.verify_code}/certificate.pdf").status_code == 404
    assert "chưa được đăng" in text(client.get(f"/verify/{cert.verify_code}"))
    assert client.get("/verify/AAAAAAAAAAAAAAAA/certificate.pdf").status_code == 404
