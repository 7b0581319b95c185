"""The signed statement in a certificate's QR code (issue 19): COSE_Sign1 in base45 after the address, read back
from the printed page by zbarimg at print resolution, refused when changed, foreign or signed by another key."""
import subprocess
from dataclasses import replace
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certificates import qr_statement as qs
from certificates import render, samples
from certificates.public_keys import SigningKey
from certificates.qr import qr_code
from tests.unit.test_certificates import tool

STATEMENT = qs.Statement.of(recipient="Ủy ban nhân dân xã Vĩnh Hưng A, Huyện Vĩnh Lợi, tỉnh Bạc Liêu",
                            award="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", decision_number="123/QĐ-UBND",
                            decision_date=date(2025, 3, 5), golden_book_no=1045, code="K7Q2M4XW00000000")
URL = "https://vinhdanh.baclieu.gov.vn/verify/K7Q2M4XW00000000"


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return SigningKey(Ed25519PrivateKey.generate())


def test_the_statement_opens_with_the_issuers_key_and_names_each_field(key):
    fragment = qs.sign(STATEMENT, key)
    assert fragment.startswith("VD1:") and " " not in fragment
    assert set(fragment) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$%*+-./:")   # QR alphanumeric only
    assert qs.open_statement(f"{URL}#{fragment}", [key.public]) == STATEMENT
    assert qs.open_statement(fragment, [SigningKey(Ed25519PrivateKey.generate()).public, key.public]) == STATEMENT


def test_a_changed_statement_a_foreign_code_and_another_key_are_each_refused(key):
    fragment = qs.sign(STATEMENT, key)
    forged = qs.sign(replace(STATEMENT, decision_number="999/QĐ-UBND"), SigningKey(Ed25519PrivateKey.generate()))
    with pytest.raises(qs.StatementError) as refused:
        qs.open_statement(forged, [key.public])
    assert refused.value.kind == "signature"
    damaged = fragment[:40] + ("A" if fragment[40] != "A" else "B") + fragment[41:]
    with pytest.raises(qs.StatementError) as refused:
        qs.open_statement(damaged, [key.public])
    assert refused.value.kind in {"signature", "damaged"}
    with pytest.raises(qs.StatementError) as refused:
        qs.open_statement(fragment[:-30], [key.public])
    assert refused.value.kind == "damaged"
    with pytest.raises(qs.StatementError) as refused:
        qs.open_statement("https://example.com/menu", [key.public])
    assert refused.value.kind == "foreign"


def test_differences_name_every_field_and_a_long_recipient_line_is_cut():
    record = replace(STATEMENT, decision_number="124/QĐ-UBND", golden_book_no="1046")
    assert qs.differences(STATEMENT, record) == [("decision_number", "123/QĐ-UBND", "124/QĐ-UBND"),
                                                 ("golden_book_no", "1045", "1046")]
    long_line = "Ông Nguyễn Văn An, " + "Phòng Nông nghiệp và Phát triển nông thôn " * 5
    cut = qs.Statement.of(recipient=long_line, award="a", decision_number="d", decision_date=date(2025, 1, 1),
                          golden_book_no=1, code="c")
    assert len(cut.recipient) == qs.RECIPIENT_MAX and cut.recipient.endswith("…")
    assert qs.differences(cut, replace(cut, recipient=long_line)) == []


@pytest.mark.parametrize("make", [samples.certificate, samples.giay_khen], ids=["bang_khen_400x300", "giay_khen_a4"])
def test_the_printed_qr_code_scans_at_300_dpi_with_the_address_first(key, make, tmp_path):
    """The smallest print is the A4 Giấy khen: 10.5rem = 29.4 mm for ~73–77 modules, ≥ 0.38 mm a module."""
    data = make(1)
    fragment = qs.sign(replace(STATEMENT, recipient=f"{data.recipient}, {data.unit_line}"), key)
    code = qr_code(data.verify_url, fragment)
    assert code.version <= 16
    assert data.sheet().height_mm / 75 * 10.5 / code.symbol_size(border=0)[0] >= 0.37   # mm per module
    (tmp_path / "c.pdf").write_bytes(render(replace(data, qr_statement=fragment)))
    width, height = (round(mm * 300 / 25.4) for mm in (data.sheet().width_mm, data.sheet().height_mm))
    crop = ["-x", "0", "-y", str(height // 2), "-W", str(width // 2), "-H", str(height // 2)]   # its quarter
    subprocess.run([tool("pdftoppm"), "-r", "300", *crop, "-gray", "-png", "-singlefile", str(tmp_path / "c.pdf"),
                    str(tmp_path / "c")], check=True)
    scanned = subprocess.run([tool("zbarimg"), "-q", "--raw", str(tmp_path / "c.png")], capture_output=True,
                             text=True, check=True).stdout.strip()
    assert scanned == f"{data.verify_url}#{fragment}"
    assert qs.open_statement(scanned, [key.public]).golden_book_no == "1045"
