"""The certificates package's credentials (issue 19): eddsa-jcs-2022 against the W3C test vector, the
OpenBadgeCredential refused after one changed field, the credential embedded in a PDF under its signature, and the
Bitstring Status List's bits. No app, no database."""
import copy
import json
from datetime import UTC, date, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certificates import credentials as vc
from certificates import render, samples, status_list
from certificates.public_keys import PublicKey, SigningKey

# W3C "Data Integrity EdDSA Cryptosuites v1.0", eddsa-jcs-2022 test vector (w3c/vc-di-eddsa, TestVectors/keyPair.json
# and TestVectors/eddsa-jcs-2022/signedJCS.json): the key pair, the unsigned credential, the proof options, and the
# proofValue the specification publishes.
VECTOR_PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
VECTOR_PRIVATE = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
VECTOR_DOCUMENT = {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}
VECTOR_METHOD = f"did:key:{VECTOR_PUBLIC}#{VECTOR_PUBLIC}"
VECTOR_CREATED = datetime(2023, 2, 24, 23, 36, 38, tzinfo=UTC)
VECTOR_PROOF_VALUE = ("z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX")
VECTOR_COMBINED_HASH = ("66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db"
                        "59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19")


def vector_key() -> SigningKey:
    seed = vc.multibase_base58(VECTOR_PRIVATE)
    assert seed[:2] == b"\x80\x26"   # the multicodec of an Ed25519 private key
    return SigningKey(Ed25519PrivateKey.from_private_bytes(seed[2:]))


def test_our_eddsa_jcs_2022_proof_is_the_w3c_test_vector_byte_for_byte():
    key = vector_key()
    assert key.public.multibase == VECTOR_PUBLIC
    signed = vc.add_proof(VECTOR_DOCUMENT, key, VECTOR_METHOD, created=VECTOR_CREATED)
    proof = {k: v for k, v in signed["proof"].items() if k != "proofValue"}
    assert vc.hash_data(VECTOR_DOCUMENT, proof).hex() == VECTOR_COMBINED_HASH
    assert signed["proof"]["proofValue"] == VECTOR_PROOF_VALUE
    assert vc.verify_proof(signed, {VECTOR_METHOD: vc.multikey(VECTOR_PUBLIC)}) == VECTOR_DOCUMENT


def credential_data(**overrides) -> vc.CredentialData:
    values = dict(base_url="https://vinhdanh.example", code="K7Q2M4XW00000000",
                  recipient="Ủy ban nhân dân xã Vĩnh Hưng A, huyện Vĩnh Lợi", award="Bằng khen của Chủ tịch UBND tỉnh",
                  award_type_id=3, certificate_title="Bằng khen", achievement=samples.ACHIEVEMENT,
                  authority="Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu", decision_number="123/QĐ-UBND",
                  decision_date=date(2025, 3, 5), decision_url="https://vinhdanh.example/decisions/7",
                  golden_book_no=1045, status_index=42,
                  status_list_url="https://vinhdanh.example/credentials/status/1")
    return vc.CredentialData(**(values | overrides))


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return SigningKey(Ed25519PrivateKey.generate())


@pytest.fixture(scope="module")
def keys(key):
    return vc.keys_by_method("https://vinhdanh.example", key.public)


def test_the_credential_is_an_open_badge_with_only_public_data_and_verifies(key, keys):
    credential = json.loads(vc.dumps(vc.issue(credential_data(), key, created=datetime(2025, 3, 5, 3, tzinfo=UTC))))
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["@context"] == [vc.VC_CONTEXT, vc.OB_CONTEXT]
    subject = credential["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "Ủy ban nhân dân xã Vĩnh Hưng A, huyện Vĩnh Lợi"
    assert set(subject) == {"type", "identifier", "achievement"}
    assert credential["evidence"][0]["id"] == "https://vinhdanh.example/decisions/7"
    assert credential["credentialStatus"]["statusListIndex"] == "42"
    assert credential["proof"]["verificationMethod"] == f"https://vinhdanh.example/issuer#{key.public.multibase}"
    assert vc.verify_proof(credential, keys)["id"] == \
        "https://vinhdanh.example/verify/K7Q2M4XW00000000/credential.json"


@pytest.mark.parametrize("change", [
    lambda c: c["credentialSubject"]["identifier"][0].update(identityHash="Ông Nguyễn Văn Giả"),
    lambda c: c["evidence"][0].update(name="Quyết định số 999/QĐ-UBND ngày 05/03/2025"),
    lambda c: c["credentialStatus"].update(statusListIndex="43"),
    lambda c: c.update(validFrom="2024-03-05T00:00:00+07:00"),
    lambda c: c["proof"].update(created="2030-01-01T00:00:00Z"),
])
def test_one_changed_field_is_refused(key, keys, change):
    credential = vc.issue(credential_data(), key, created=datetime(2025, 3, 5, 3, tzinfo=UTC))
    changed = copy.deepcopy(credential)
    change(changed)
    with pytest.raises(vc.ProofError, match="không khớp"):
        vc.verify_proof(changed, keys)


def test_another_key_or_method_is_refused(key, keys):
    credential = vc.issue(credential_data(), key, created=datetime(2025, 3, 5, tzinfo=UTC))
    other = SigningKey(Ed25519PrivateKey.generate()).public
    with pytest.raises(vc.ProofError, match="không phải khóa"):
        vc.verify_proof(credential, vc.keys_by_method("https://vinhdanh.example", other))
    forged = {**credential, "proof": {**credential["proof"], "cryptosuite": "ecdsa-jcs-2019"}}
    with pytest.raises(vc.ProofError, match="eddsa-jcs-2022"):
        vc.verify_proof(forged, keys)


def test_the_pdf_carries_the_credential_as_an_associated_file_under_its_signature(key, signer):
    import pikepdf
    from certificates.signing import verify

    credential = vc.dumps(vc.issue(credential_data(), key, created=datetime(2025, 3, 5, tzinfo=UTC)))
    pdf = signer.sign(vc.embed(render(samples.certificate()), credential))
    assert vc.embedded(pdf) == credential
    assert verify(pdf, signer).ok
    with pikepdf.open(__import__("io").BytesIO(pdf)) as document:
        spec = document.Root.AF[0]
        assert spec.AFRelationship == pikepdf.Name.Alternative
        assert str(spec.EF.F.Subtype) == "/application/vc"
    assert vc.embedded(b"not a pdf") is None


@pytest.fixture(scope="module")
def signer(tmp_path_factory):
    from certificates.signing import Signer, generate_dev_keys
    keys = generate_dev_keys(tmp_path_factory.mktemp("vc-keys"))
    return Signer(keys.p12_path, keys.password)


# --- Bitstring Status List ---------------------------------------------------------------------------------------------

def test_the_bitstring_counts_from_the_left_most_bit_and_has_at_least_131072_bits():
    bits = status_list.decode(status_list.encode([0, 9, 131_071]))
    assert len(bits) * 8 == 131_072
    assert bits[0] == 0x80 and bits[1] == 0x40 and bits[-1] == 0x01
    assert [i for i in range(16) if status_list.is_set(bits, i)] == [0, 9]
    assert status_list.length_for([200_000]) == 200_008


def test_the_signed_list_says_which_index_is_revoked_and_a_changed_list_is_refused(key, keys):
    published = status_list.sign("https://vinhdanh.example/credentials/status/1", [5, 42], key,
                                 base_url="https://vinhdanh.example", issuer_name="Vinh danh")
    assert published["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert status_list.status_from_list(published, 42, keys) is True
    assert status_list.status_from_list(published, 43, keys) is False
    forged = copy.deepcopy(published)
    forged["credentialSubject"]["encodedList"] = status_list.encode([5])
    with pytest.raises(vc.ProofError):
        status_list.status_from_list(forged, 42, keys)
    with pytest.raises(status_list.StatusListError):
        status_list.decode("u" + "A" * 40)


def test_multikey_round_trip():
    public = SigningKey(Ed25519PrivateKey.generate()).public
    assert vc.multikey(public.multibase) == public
    assert vc.multikey("z123") is None and vc.multikey("not multibase") is None
    assert isinstance(vc.multikey(VECTOR_PUBLIC), PublicKey)
