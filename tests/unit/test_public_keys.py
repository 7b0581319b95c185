"""The Ed25519 keys' public encodings and signed notes, against the published examples of Go's note package
(golang.org/x/mod/sumdb/note, example_test.go) and the Multikey examples of the VC Data Integrity spec."""
import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certificates import public_keys
from certificates.public_keys import PublicKey, SigningKey

# PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz: 0x01 then the 32-byte seed
SEED = base64.b64decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")[1:]
VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
SIGNED = (TEXT + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJ"
          "nAM=\n")
KEY = SigningKey(Ed25519PrivateKey.from_private_bytes(SEED))


def test_the_verifier_key_is_gos():
    assert KEY.public.note_verifier_key("PeterNeumann") == VKEY


def test_the_signed_note_is_gos_byte_for_byte():
    assert public_keys.sign_note(TEXT, "PeterNeumann", KEY) == SIGNED   # Ed25519 is deterministic


def test_a_note_opens_with_its_key_and_name_only():
    assert public_keys.open_note(SIGNED, "PeterNeumann", KEY.public) == TEXT
    assert public_keys.open_note(SIGNED, "PeterNeumann2", KEY.public) is None
    other = SigningKey(Ed25519PrivateKey.generate())
    assert public_keys.open_note(SIGNED, "PeterNeumann", other.public) is None
    assert public_keys.open_note(SIGNED.replace("answer", "Answer"), "PeterNeumann", KEY.public) is None


@pytest.mark.parametrize("text", ["", "no final newline", "a\n\nblank line\n"])
def test_a_malformed_text_is_not_signed(text):
    with pytest.raises(ValueError):
        public_keys.sign_note(text, "x", KEY)


def test_multibase_is_base58btc_of_the_multicodec_key():
    # did:key's Ed25519 keys all begin z6Mk (0xed01 then 32 bytes, in base58btc)
    assert KEY.public.multibase.startswith("z6Mk") and len(KEY.public.multibase) == 48
    assert public_keys.base58btc(b"\0\0\x01") == "112"
    assert public_keys.base58btc(b"hello world") == "StV1DL6CwTryKyV"


def test_a_key_file_is_made_owner_only_and_read_once(tmp_path):
    path = public_keys.generate(tmp_path / "k" / "issuer-ed25519.pem")
    assert path.stat().st_mode & 0o777 == 0o600
    config = {"ISSUER_KEY_PATH": str(path), "SIGNING_P12_PATH": str(tmp_path / "signer.p12")}
    key = public_keys.signing_key(config, public_keys.ISSUER)
    assert public_keys.signing_key(config, public_keys.ISSUER) is key
    assert isinstance(key.public, PublicKey) and len(key.public.raw) == 32
    with pytest.raises(FileExistsError):
        public_keys.generate(path)


def test_a_missing_key_says_which_setting_and_what_to_run(tmp_path):
    config = {"LOG_KEY_PATH": "", "SIGNING_P12_PATH": str(tmp_path / "signer.p12")}
    with pytest.raises(public_keys.KeyNotConfigured, match="LOG_KEY_PATH.*keys dev-generate"):
        public_keys.signing_key(config, public_keys.LOG)
    assert public_keys.key_path(config, public_keys.LOG) == tmp_path / "log-ed25519.pem"
