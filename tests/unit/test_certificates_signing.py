"""PAdES signatures (certificates/signing.py): a signed certificate validates with pyHanko, any changed
byte fails, the signer must be the expected issuer, the recorded sha256 must match; development keys."""
import hashlib
import stat
from io import BytesIO

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from certificates import render, samples
from certificates.signing import Signer, generate_dev_keys, verify


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    return generate_dev_keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="module")
def signer(keys):
    return Signer(keys.p12_path, keys.password, location="Bạc Liêu")


@pytest.fixture(scope="module")
def unsigned():
    return render(samples.certificate())


@pytest.fixture(scope="module")
def signed(signer, unsigned):
    return signer.sign(unsigned)


def test_signed_pdf_validates_with_pyhanko_against_the_dev_ca(keys, signed):
    ca = x509.load_pem_x509_certificate(keys.ca_cert_path.read_bytes())
    root = asn1_x509.Certificate.load(ca.public_bytes(Encoding.DER))
    embedded = PdfFileReader(BytesIO(signed)).embedded_signatures
    assert len(embedded) == 1
    status = validate_pdf_signature(embedded[0], ValidationContext(trust_roots=[root], allow_fetching=False))
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert embedded[0].sig_object["/SubFilter"] == "/ETSI.CAdES.detached"      # PAdES


def test_signing_appends_to_the_unsigned_bytes(unsigned, signed):
    assert signed.startswith(unsigned)


def test_verify_reports_each_check_passing(signer, signed, keys):
    ca = x509.load_pem_x509_certificate(keys.ca_cert_path.read_bytes())
    report = verify(signed, signer, expected_sha256=hashlib.sha256(signed).hexdigest(), trust_roots=[ca])
    assert [(c.name, c.ok) for c in report.checks] == [
        ("signature_intact", True), ("signer_is_issuer", True), ("chain_trusted", True), ("sha256_matches", True)]
    assert report.ok
    assert "Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu" in report.signer_subject
    assert report.signed_at is not None


@pytest.mark.parametrize("where", [0.25, 0.5, 0.75])
def test_a_flipped_byte_fails_verification(signer, unsigned, signed, where):
    tampered = bytearray(signed)
    tampered[int(len(unsigned) * where)] ^= 0x01
    report = verify(bytes(tampered), signer)
    assert not report.ok
    assert not report.check("signature_intact").ok


def test_a_flipped_bit_in_the_signature_value_fails(signer, signed):
    value = PdfFileReader(BytesIO(signed)).embedded_signatures[0].signer_info["signature"].native
    hex_value = value.hex().encode()
    at = signed.lower().index(hex_value) + len(hex_value) // 2          # the RSA signature, inside /Contents
    tampered = bytearray(signed)
    tampered[at] = ord("1") if tampered[at] == ord("0") else ord("0")
    assert not verify(bytes(tampered), signer).check("signature_intact").ok


def test_content_appended_after_signing_fails(signer, signed):
    assert not verify(signed + b"\n% appended\n", signer).check("signature_intact").ok


def test_an_unsigned_file_fails(signer, unsigned):
    report = verify(unsigned, signer)
    assert not report.ok
    assert "không có chữ ký số" in report.check("signature_intact").detail


def test_a_signature_by_someone_else_is_intact_but_not_the_issuer(tmp_path, signed):
    other = Signer((other_keys := generate_dev_keys(tmp_path, common_name="Người khác")).p12_path,
                   other_keys.password)
    report = verify(signed, other)
    assert report.check("signature_intact").ok
    assert not report.check("signer_is_issuer").ok
    assert not report.ok


@pytest.mark.parametrize("expected, ok", [
    ("Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu", True),
    ("CN=Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu,O=ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU,C=VN", True),
    ("Chủ tịch Ủy ban nhân dân tỉnh Cà Mau", False),
])
def test_the_expected_signer_can_be_named_by_subject(signed, expected, ok):
    assert verify(signed, expected).check("signer_is_issuer").ok is ok


def test_the_expected_signer_can_be_a_pem_certificate(signer, signed):
    assert verify(signed, signer.certificate.public_bytes(Encoding.PEM)).ok


def test_a_sha256_other_than_the_recorded_one_fails(signer, signed):
    report = verify(signed, signer, expected_sha256="0" * 64)
    assert report.check("signature_intact").ok and not report.check("sha256_matches").ok
    assert not report.ok


def test_the_key_is_read_once(keys, unsigned):
    p12 = keys.p12_path.with_name("copy.p12")
    p12.write_bytes(keys.p12_path.read_bytes())
    signer = Signer(p12, keys.password)
    p12.unlink()                                    # signing no longer needs the file
    assert verify(signer.sign(unsigned), signer).ok


def test_a_wrong_password_is_refused(keys):
    with pytest.raises(ValueError):
        Signer(keys.p12_path, "not the password")


def test_dev_keys_are_private_files_and_never_overwritten(keys):
    for path in keys.files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.p12_path.with_name("signer.p12.password").read_text() == keys.password
    with pytest.raises(FileExistsError):
        generate_dev_keys(keys.p12_path.parent)


def test_signing_and_verifying_work_inside_a_running_event_loop(tmp_path):
    """pyHanko's sync API calls asyncio.run(); Playwright's sync API (browser tests) or an async server keep a
    loop running in the thread, where asyncio.run() refuses to start."""
    import asyncio

    from certificates import render, samples
    from certificates.signing import Signer, generate_dev_keys, verify

    keys = generate_dev_keys(tmp_path)
    signer = Signer(keys.p12_path, keys.password)
    unsigned = render(samples.certificate())

    async def inside_a_loop():
        signed = signer.sign(unsigned)
        return verify(signed, signer)

    assert asyncio.run(inside_a_loop()).ok
