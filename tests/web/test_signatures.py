"""The signer's own signature (issue 18): the chairperson's personal signature, through a PKCS#11 token (SoftHSM2
here) or a remote-signing service (a fake one started here), then the organisation's seal with the server's
PKCS#12 key over it; both read back with pyHanko (intact, names, order, chain to the test CA), listed by the verify
page and `flask certificates verify`; a changed byte fails; production refuses a self-signed signing key."""
import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import func, select

from certificates.signing import _asn1
from tests.signing import keys
from tests.web.test_authority import _draft, _issue
from tests.web.test_public import text
from workflow.models import Certificate, Decision

CHAIR = "Nguyễn Văn Chủ Tịch"
ORGAN = "ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU"


@pytest.fixture(scope="session")
def personal_ca():
    return keys.make_ca("CA thử nghiệm chữ ký cá nhân")


@pytest.fixture(scope="session")
def token(tmp_path_factory, personal_ca):
    """One SoftHSM2 token per run (the PKCS#11 module reads SOFTHSM2_CONF once per process)."""
    return keys.softhsm_token(tmp_path_factory.mktemp("softhsm"), label="chu-tich", pin="123456",
                              key_label="chu-ky-chu-tich", ca=personal_ca,
                              signer=keys.issue(personal_ca, CHAIR, ORGAN))


@pytest.fixture
def service(personal_ca):
    fake = keys.FakeSigningService(keys.issue(personal_ca, CHAIR, ORGAN), [personal_ca], token="ma-truy-cap-thu")
    yield fake
    fake.close()


@pytest.fixture
def roots(tmp_path, personal_ca, signing_keys):
    """The trust roots: the personal signer's test CA and the organisation key's (development) CA."""
    path = tmp_path / "roots.pem"
    path.write_bytes(personal_ca.pem + signing_keys.ca_cert_path.read_bytes())
    return path


@pytest.fixture
def chair(world, signed_in):
    return signed_in(world.chair)


def with_token(app, token, roots):
    app.config.update(SIGNING_MODE="personal_then_organisation", SIGNING_PERSONAL="pkcs11",
                      SIGNING_PKCS11_MODULE=token.module, SIGNING_PKCS11_TOKEN_LABEL=token.label,
                      SIGNING_PKCS11_KEY_LABEL=token.key_label, SIGNING_PKCS11_PIN=token.pin,
                      SIGNING_TRUST_ROOTS=[str(roots)])


def with_service(app, service, roots, token=None):
    app.config.update(SIGNING_MODE="personal_then_organisation", SIGNING_PERSONAL="remote",
                      SIGNING_REMOTE_URL=service.url, SIGNING_REMOTE_TOKEN=token or service.token,
                      SIGNING_TRUST_ROOTS=[str(roots)])


def issued_decision(session, world, store, chair) -> Decision:
    draft = _draft(session, world, store)
    response = _issue(chair, draft)
    assert response.status_code == 302, text(response)
    session.expire_all()
    return session.scalars(select(Decision)).one()


def read_back(pdf: bytes, trust_roots) -> list[tuple[str, str, str, bool]]:
    """Every signature with pyHanko itself: (field, CN, O, trusted), asserting each is intact and valid, the last
    covering the whole file and the earlier ones their revision with only allowed changes after it."""
    signatures = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    context = ValidationContext(trust_roots=[_asn1(r) for r in trust_roots], allow_fetching=False)
    found = []
    for position, signature in enumerate(signatures, start=1):
        status = validate_pdf_signature(signature, context)
        assert status.intact and status.valid, (position, status.summary())
        if position == len(signatures):
            assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        else:
            assert status.coverage == SignatureCoverageLevel.ENTIRE_REVISION and status.docmdp_ok
        subject = status.signing_cert.subject.native
        found.append((signature.field_name, subject["common_name"], subject["organization_name"], status.trusted))
    return found


def test_a_decision_signed_on_a_softhsm_token_then_sealed_by_the_organisation(
        app, session, world, store, chair, token, roots, personal_ca, signing_keys, tmp_path):
    with_token(app, token, roots)
    decision = issued_decision(session, world, store, chair)
    certificate = decision.lines[0].certificate
    organisation = "Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu"   # the development key's common name
    trusted = [personal_ca.certificate, signing_keys.ca_cert_path.read_bytes()]
    for sha256 in (decision.pdf_sha256, certificate.pdf_sha256):
        assert read_back(store.read(sha256), trusted) == [
            ("ChuKyNguoiKy", CHAIR, ORGAN, True), ("ChuKySo", organisation, ORGAN, True)]
    # trusting only the personal CA: the organisation's seal is intact but not trusted
    assert [t for *_, t in read_back(store.read(decision.pdf_sha256), [personal_ca.certificate])] == [True, False]

    page = text(app.test_client().get(f"/verify/{certificate.verify_code}"))
    assert "Các chữ ký số trên tệp, theo thứ tự ký" in page
    assert page.index(CHAIR) < page.index(organisation, page.index("theo thứ tự ký"))
    assert page.count("chứng thư do tổ chức tin cậy cấp") == 2 and "KHÔNG" not in page

    path = tmp_path / "qd.pdf"
    path.write_bytes(store.read(decision.pdf_sha256))
    result = app.test_cli_runner().invoke(args=["certificates", "verify", str(path)])
    assert result.exit_code == 0, result.output
    first, second = (line for line in result.output.splitlines() if line.strip().startswith("Chữ ký "))
    assert first.strip().startswith(f"Chữ ký 1 (ChuKyNguoiKy): {CHAIR} — {ORGAN}")
    assert second.strip().startswith(f"Chữ ký 2 (ChuKySo): {organisation}")
    assert "nguyên vẹn, chứng thư tin cậy" in first and "nguyên vẹn, chứng thư tin cậy" in second
    assert "[ĐẠT] Chứng thư số do tổ chức tin cậy cấp" in result.output and "KHÔNG ĐẠT" not in result.output


def test_a_changed_byte_fails_the_signatures_it_falls_under(app, session, world, store, chair, token, roots,
                                                             tmp_path):
    with_token(app, token, roots)
    pdf = store.read(issued_decision(session, world, store, chair).pdf_sha256)
    first_revision_ends = pdf.index(b"%%EOF") + 5
    runner = app.test_cli_runner()

    early = tmp_path / "sua-truoc.pdf"   # a byte of the page content, under both signatures
    at = pdf.index(b"stream") + 20
    early.write_bytes(pdf[:at] + bytes([pdf[at] ^ 1]) + pdf[at + 1:])
    result = runner.invoke(args=["certificates", "verify", str(early)])
    assert result.exit_code == 1 and "[KHÔNG ĐẠT] Chữ ký số nguyên vẹn" in result.output
    assert result.output.count("KHÔNG nguyên vẹn") == 2

    late = tmp_path / "sua-sau.pdf"      # a byte of the organisation's revision only: the personal one stands
    at = pdf.rindex(b"/M (D\\072") + 12   # a digit of the organisation's signing time, in its signature dictionary
    assert at > first_revision_ends
    late.write_bytes(pdf[:at] + bytes([pdf[at] ^ 1]) + pdf[at + 1:])
    result = runner.invoke(args=["certificates", "verify", str(late)])
    assert result.exit_code == 1 and "[KHÔNG ĐẠT] Chữ ký số nguyên vẹn" in result.output
    first, second = (line for line in result.output.splitlines() if line.strip().startswith("Chữ ký "))
    assert " — nguyên vẹn" in first and "KHÔNG nguyên vẹn" in second


def test_a_remote_signing_service_signs_only_digests_in_two_steps(app, session, world, store, chair, service,
                                                                  roots, personal_ca, signing_keys):
    with_service(app, service, roots)
    decision = issued_decision(session, world, store, chair)
    trusted = [personal_ca.certificate, signing_keys.ca_cert_path.read_bytes()]
    for sha256 in (decision.pdf_sha256, decision.lines[0].certificate.pdf_sha256):
        assert [(f, cn, trust) for f, cn, _, trust in read_back(store.read(sha256), trusted)] == [
            ("ChuKyNguoiKy", CHAIR, True), ("ChuKySo", "Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu", True)]
    signs = [body for method, path, body in service.requests if (method, path) == ("POST", "/sign")]
    assert len(signs) == 2   # the certificate and the decision: one digest each, never the document
    assert all(set(body) == {"digest", "digest_algorithm"} and len(body["digest"]) == 44 for body in signs)


def test_a_large_decision_signed_in_the_background_gets_both_signatures_too(app, session, world, store, chair,
                                                                          token, roots, personal_ca, signing_keys):
    from workflow import jobs
    with_token(app, token, roots)
    app.config["SIGN_INLINE_MAX"] = 1
    assert _issue(chair, _draft(session, world, store, count=2)).status_code == 302
    jobs.drain(app)   # what the job worker does
    session.expire_all()
    decision = session.scalars(select(Decision)).one()
    files = [decision.pdf_sha256, *(line.certificate.pdf_sha256 for line in decision.lines)]
    assert all(files) and len(files) == 3
    trusted = [personal_ca.certificate, signing_keys.ca_cert_path.read_bytes()]
    for sha256 in files:
        assert [(field, trust) for field, _, _, trust in read_back(store.read(sha256), trusted)] == [
            ("ChuKyNguoiKy", True), ("ChuKySo", True)]


def test_a_refused_remote_signature_issues_nothing_and_says_why(app, session, world, store, chair, service, roots):
    with_service(app, service, roots, token="sai-ma")
    response = _issue(chair, _draft(session, world, store))
    assert response.status_code in (400, 409, 422)
    assert "Không ký được chữ ký số của người ký" in text(response) and "HTTP 401" in text(response)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Decision).where(Decision.pdf_sha256.is_not(None))) == 0
    assert session.scalar(select(func.count()).select_from(Certificate)) == 0


def test_a_token_that_is_not_there_issues_nothing_and_says_why(app, session, world, store, chair, token, roots):
    with_token(app, token, roots)
    app.config["SIGNING_PKCS11_TOKEN_LABEL"] = "the-khac"
    response = _issue(chair, _draft(session, world, store))
    assert response.status_code in (400, 409, 422)
    assert "Không ký được chữ ký số của người ký" in text(response) and "«the-khac»" in text(response)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Certificate)) == 0


def test_the_default_is_still_one_server_signature(app, session, world, store, chair):
    decision = issued_decision(session, world, store, chair)
    signatures = PdfFileReader(io.BytesIO(store.read(decision.pdf_sha256))).embedded_signatures
    assert [s.field_name for s in signatures] == ["ChuKySo"]


# --- production refuses a self-signed signing key ---------------------------------------------------------------

def production(tmp_path, monkeypatch, **settings):
    from workflow import create_app
    monkeypatch.setenv("SECRET_KEY", "k" * 64)
    return create_app("production", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/p.db", BLOB_DIR=str(tmp_path),
                      **settings)


def test_production_refuses_a_self_signed_development_key_unless_allowed(tmp_path, monkeypatch, signing_keys,
                                                                        personal_ca):
    from workflow.press import SigningKeyRefused

    key = dict(SIGNING_P12_PATH=str(signing_keys.p12_path), SIGNING_P12_PASSWORD=signing_keys.password)
    with pytest.raises(SigningKeyRefused) as refused:
        production(tmp_path, monkeypatch, **key)
    message = str(refused.value)
    assert "không khởi động với khóa ký số tự ký" in message and str(signing_keys.p12_path) in message
    assert "Vinh danh DEV CA" in message and "SIGNING_ALLOW_SELF_SIGNED=1" in message
    # trusting another CA changes nothing: the key's own root is still not trusted
    other = tmp_path / "other.pem"
    other.write_bytes(personal_ca.pem)
    with pytest.raises(SigningKeyRefused):
        production(tmp_path, monkeypatch, SIGNING_TRUST_ROOTS=[str(other)], **key)

    assert production(tmp_path, monkeypatch, SIGNING_ALLOW_SELF_SIGNED=True, **key)
    # the key's CA named as a trust root: an explicit choice, accepted
    assert production(tmp_path, monkeypatch, SIGNING_TRUST_ROOTS=[str(signing_keys.ca_cert_path)], **key)
    # no key at all: the app starts (nothing is issued until one is configured)
    assert production(tmp_path, monkeypatch, SIGNING_P12_PATH=str(tmp_path / "none.p12"))


def test_an_unknown_signing_mode_stops_the_app(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="SIGNING_MODE"):
        production(tmp_path, monkeypatch, SIGNING_P12_PATH=str(tmp_path / "none.p12"), SIGNING_MODE="hai")


def test_a_wrong_pin_issues_nothing_and_says_so(app, session, world, store, chair, token, roots):
    """A token locks after a few wrong PINs: the refusal names the PIN and the setting to check. (It is a refusal,
    a DomainError, which the job queue never retries: runner._failure.)"""
    from workflow import press
    for each in list(press._signers.values()):   # PKCS#11 logs a whole process in: end the earlier tests' sessions
        if hasattr(each, "close"):
            each.close()
    with_token(app, token, roots)
    app.config["SIGNING_PKCS11_PIN"] = "000000"
    response = _issue(chair, _draft(session, world, store))
    assert response.status_code in (400, 409, 422)
    assert "mã PIN không đúng" in text(response) and "SIGNING_PKCS11_PIN" in text(response)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Certificate)) == 0
