"""The two Ed25519 keys whose signatures anyone can check with the public key the site publishes (issue 19):

- the **log key** signs the transparency log's checkpoints (C2SP signed notes: docs/transparency.md);
- the **issuer key** signs each certificate's verifiable credential and the statement its QR code carries.

Two keys for two purposes: whoever could sign checkpoints cannot mint credentials, and the reverse. Both are
PKCS#8 PEM files (unencrypted, owner-only, like the PDF signing key beside them), configured as LOG_KEY_PATH and
ISSUER_KEY_PATH; by default they sit in the folder of SIGNING_P12_PATH, where `flask keys dev-generate` writes
development ones. Never commit them. Production keeps them in its secrets store and points the settings there.
"""
import base64
import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

LOG, ISSUER = "log", "issuer"
FILE_NAMES = {LOG: "log-ed25519.pem", ISSUER: "issuer-ed25519.pem"}
SETTINGS = {LOG: "LOG_KEY_PATH", ISSUER: "ISSUER_KEY_PATH"}
WHAT = {LOG: "khóa ký điểm kiểm tra của nhật ký minh bạch", ISSUER: "khóa ký chứng nhận điện tử của cơ quan ban hành"}
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_MULTICODEC = b"\xed\x01"   # the multicodec prefix of an Ed25519 public key (Multikey, did:key)
NOTE_ED25519 = b"\x01"             # the signed-note signature type of Ed25519 (C2SP signed-note)


class KeyNotConfigured(RuntimeError):
    """The key file is missing: the message (Vietnamese) says which setting and what to run."""


@dataclass(frozen=True)
class PublicKey:
    """A public Ed25519 key with the encodings the published documents use."""
    raw: bytes   # 32 bytes

    def verify(self, signature: bytes, data: bytes) -> bool:
        from cryptography.exceptions import InvalidSignature
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, data)
        except InvalidSignature:
            return False
        return True

    @property
    def multibase(self) -> str:
        """Multikey `publicKeyMultibase`: base58btc ("z") of 0xed01 and the key (VC Data Integrity, did:key)."""
        return "z" + base58btc(ED25519_MULTICODEC + self.raw)

    def note_key_id(self, name: str) -> bytes:
        """The 4-byte key id of a C2SP signed note: SHA-256(name, LF, 0x01, key)[:4]."""
        return hashlib.sha256(name.encode() + b"\n" + NOTE_ED25519 + self.raw).digest()[:4]

    def note_verifier_key(self, name: str) -> str:
        """The vkey a verifier is given: `<name>+<hex key id>+<base64(0x01 || key)>` (golang.org/x/mod/sumdb/note)."""
        return f"{name}+{self.note_key_id(name).hex()}+{base64.b64encode(NOTE_ED25519 + self.raw).decode()}"


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey

    @property
    def public(self) -> PublicKey:
        return PublicKey(self.private.public_key().public_bytes(serialization.Encoding.Raw,
                                                                serialization.PublicFormat.Raw))

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)


def base58btc(data: bytes) -> str:
    number, text = int.from_bytes(data, "big"), ""
    while number:
        number, digit = divmod(number, 58)
        text = BASE58[digit] + text
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + text


def key_path(config, purpose: str) -> Path:
    """Where the key of `purpose` (LOG or ISSUER) is: its setting, else beside the PDF signing key."""
    configured = config.get(SETTINGS[purpose])
    if configured:
        return Path(configured)
    return Path(config["SIGNING_P12_PATH"]).parent / FILE_NAMES[purpose]


_loaded: dict[tuple[str, float], SigningKey] = {}
_lock = threading.Lock()


def signing_key(config, purpose: str) -> SigningKey:
    """The key of `purpose`, read once per process and file version; KeyNotConfigured when the file is missing."""
    path = key_path(config, purpose)
    try:
        version = path.stat().st_mtime
    except FileNotFoundError:
        raise KeyNotConfigured(
            f"Chưa có {WHAT[purpose]} ({SETTINGS[purpose]}: {path}). Quản trị hệ thống chạy "
            "`flask --app wsgi keys dev-generate` (môi trường thử) hoặc cấu hình tệp khóa Ed25519 của cơ quan."
        ) from None
    with _lock:
        key = _loaded.get((str(path), version))
        if key is None:
            private = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(private, Ed25519PrivateKey):
                raise KeyNotConfigured(f"{SETTINGS[purpose]} ({path}) không phải khóa Ed25519.")
            key = _loaded[(str(path), version)] = SigningKey(private)
        return key


def generate(path: str | os.PathLike) -> Path:
    """A new Ed25519 key as an owner-only PKCS#8 PEM file (refuses to replace one)."""
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                     serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return path


# --- C2SP signed notes (c2sp.org/signed-note; golang.org/x/mod/sumdb/note) ------------------------------------------

NOTE_DASH = "\u2014"   # "—", then a space, the key name, a space, base64(key id || signature)


def sign_note(text: str, name: str, key: SigningKey) -> str:
    """The note `text` (non-empty lines, each ending in a newline) with one Ed25519 signature line by `key` as
    `name`: the text, a blank line, then `— <name> <base64(key id || signature of the text)>`."""
    if not text.endswith("\n") or "\n\n" in text or not text.strip():
        raise ValueError("a note's text is non-empty lines, each ending in a newline")
    signature = key.public.note_key_id(name) + key.sign(text.encode())
    return f"{text}\n{NOTE_DASH} {name} {base64.b64encode(signature).decode()}\n"


def open_note(note: str, name: str, public: PublicKey) -> str | None:
    """The text of `note` if it carries a valid signature by `public` as `name`, else None."""
    text, separator, signatures = note.rpartition("\n\n")
    if not separator:
        return None
    text += "\n"
    expected = public.note_key_id(name)
    for line in signatures.splitlines():
        dash, _, rest = line.partition(" ")
        signer, _, encoded = rest.partition(" ")
        if dash != NOTE_DASH or signer != name:
            continue
        try:
            raw = base64.b64decode(encoded, validate=True)
        except ValueError:
            continue
        if raw[:4] == expected and public.verify(raw[4:], text.encode()):
            return text
    return None
