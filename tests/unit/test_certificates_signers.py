"""The signers without the app: the remote two-step signer against a fake service, the sequence of two
signatures and its verification report, and what counts as a self-signed (development) signing key."""
import pytest

from certificates import render_decision, samples
from certificates.remote_signing import RemoteSigner, RemoteSigningClient, RemoteSigningError
from certificates.signing import SignatureSequence, Signer, generate_dev_keys, self_signed_reason, verify
from tests.signing import keys


@pytest.fixture(scope="module")
def ca():
    return keys.make_ca("CA thử nghiệm")


@pytest.fixture(scope="module")
def organisation(tmp_path_factory):
    made = generate_dev_keys(tmp_path_factory.mktemp("org"), common_name="Văn phòng UBND tỉnh")
    return made, Signer(made.p12_path, made.password)


@pytest.fixture
def service(ca):
    fake = keys.FakeSigningService(keys.issue(ca, "Trần Thị Ký", "UBND TỈNH"), [ca], token="t")
    yield fake
    fake.close()


def test_remote_then_organisation_are_listed_in_order_and_trusted_only_with_both_roots(service, ca, organisation):
    made, seal = organisation
    personal = RemoteSigner(RemoteSigningClient(service.url, "t"))
    pdf = SignatureSequence(personal, seal).sign(render_decision(samples.decision()))
    report = verify(pdf, seal, trust_roots=[ca.certificate, made.ca_cert_path.read_bytes()])
    assert report.ok, report.checks
    assert [(s.position, s.field, s.signer_name, s.organization, s.intact, s.trusted) for s in report.signatures] == [
        (1, "ChuKyNguoiKy", "Trần Thị Ký", "UBND TỈNH", True, True),
        (2, "ChuKySo", "Văn phòng UBND tỉnh", "ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU", True, True)]
    only_personal = verify(pdf, seal, trust_roots=[ca.certificate])
    assert [s.trusted for s in only_personal.signatures] == [True, False]
    assert not only_personal.check("chain_trusted").ok
    # without roots nothing is claimed about trust
    assert [s.trusted for s in verify(pdf, seal).signatures] == [None, None]
    # the sequence's issuer is the organisation: the personal signer alone is not the expected issuer
    assert not verify(pdf, personal.certificate).check("signer_is_issuer").ok


def test_the_remote_client_says_what_went_wrong(service):
    with pytest.raises(RemoteSigningError, match="HTTP 401"):
        RemoteSigningClient(service.url, "sai").certificates()
    with pytest.raises(RemoteSigningError, match="không kết nối được"):
        RemoteSigningClient("http://127.0.0.1:9", "t", timeout=2).sign_digest(bytes(32))
    with pytest.raises(ValueError, match="không hợp lệ"):
        RemoteSigningClient("file:///etc/passwd")


def test_what_counts_as_a_self_signed_signing_key(ca, organisation):
    made, seal = organisation
    assert "CA tự ký" in self_signed_reason(seal.certificate, seal.chain)
    assert self_signed_reason(seal.certificate, seal.chain, [made.ca_cert_path.read_bytes()]) is None
    assert "chứng thư tự ký" in self_signed_reason(ca.certificate)
    issued = keys.issue(ca, "Người ký", "UBND")
    assert self_signed_reason(issued.certificate) is None   # its issuer is not in the bundle: not self-made
    assert self_signed_reason(issued.certificate, [ca.certificate], [ca.certificate]) is None
