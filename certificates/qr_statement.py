"""The signed statement a certificate's QR code carries (issue 19), so that the paper proves itself offline.

The QR code holds the verify address first (a phone opens the page), then, in its fragment, the statement:

    https://<site>/verify/<code>#VD1:<base45 of a COSE_Sign1>     (spaces and "%" of base45 percent-encoded)

- **COSE_Sign1** (RFC 9052 §4.2, tag 18) signed with the issuer's Ed25519 key (alg -8, EdDSA, in the protected
  header), as the EU Digital COVID Certificate does (without its zlib step: it saves ~13 bytes on 280 and costs
  a dependency in every verifier). Its payload is a CBOR map (a CWT claims set, RFC 8392, private claims) with
  short text keys: n (recipient line as printed), a (award), d (decision number), t (decision date,
  YYYY-MM-DD), g (golden-book number), c (verification code).
- **base45** (RFC 9285) because its alphabet is the QR alphanumeric set: the fragment goes into an alphanumeric
  segment (5.5 bits a character), the address into a byte segment. Its space and "%" are percent-encoded, so
  the whole content stays a valid URL (ZXing and phone cameras refuse a "URL" with a space) and stays in the
  alphanumeric set ("%20", "%25").
- Measured (docs/credentials.md): a typical statement is ~230 bytes of COSE, the QR version 12–15 (65–77
  modules) at error correction M, against version 17 (85 modules) for the same fields as a compact JWS.

The fragment never reaches the server when a phone opens the address; the verify page takes it from an uploaded
photo or a pasted text instead. Imports nothing from `workflow`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from urllib.parse import quote, unquote

import base45
import cbor2

from .public_keys import PublicKey, SigningKey

PREFIX = "VD1:"
COSE_SIGN1_TAG = 18
ALG, EDDSA = 1, -8
RECIPIENT_MAX = 120      # longer recipient lines are cut, ending in "…": the QR code must stay scannable
KEYS = {"n": "recipient", "a": "award", "d": "decision_number", "t": "decision_date", "g": "golden_book_no",
        "c": "code"}
LABELS = {"recipient": "Người, tập thể được khen", "award": "Hình thức khen thưởng", "decision_number": "Số quyết định",
          "decision_date": "Ngày quyết định", "golden_book_no": "Số sổ vàng", "code": "Mã xác thực"}


@dataclass(frozen=True)
class Statement:
    recipient: str
    award: str
    decision_number: str
    decision_date: str      # YYYY-MM-DD
    golden_book_no: str
    code: str

    @classmethod
    def of(cls, *, recipient: str, award: str, decision_number: str, decision_date: date, golden_book_no,
           code: str) -> Statement:
        recipient = " ".join(recipient.split())
        if len(recipient) > RECIPIENT_MAX:
            recipient = recipient[:RECIPIENT_MAX - 1].rstrip() + "…"
        return cls(recipient, award, decision_number, decision_date.isoformat(), str(golden_book_no), code)


class StatementError(ValueError):
    """Why a QR text is not a good statement: `kind` is "foreign" (not ours), "damaged" (ours, unreadable) or
    "signature" (readable, not signed by the issuer's key)."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def sign(statement: Statement, key: SigningKey) -> str:
    """The fragment: PREFIX and the percent-encoded base45 of the COSE_Sign1."""
    protected = cbor2.dumps({ALG: EDDSA})
    payload = cbor2.dumps({short: getattr(statement, name) for short, name in KEYS.items()}, canonical=True)
    signature = key.sign(_to_be_signed(protected, payload))
    message = cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]))
    return PREFIX + quote(base45.b45encode(message).decode(), safe="$*+-./:")


def qr_text(verify_url: str, fragment: str) -> str:
    return f"{verify_url}#{fragment}" if fragment else verify_url


def split(qr: str) -> tuple[str, str]:
    """(address, fragment) of a QR code's text."""
    address, _, fragment = qr.strip().partition("#")
    return address, fragment


def open_statement(text: str, keys: list[PublicKey]) -> Statement:
    """The statement of a QR text (the whole content, or its fragment) signed by one of `keys`."""
    fragment = split(text)[1] if "#" in text else text.strip()
    if not fragment.startswith(PREFIX):
        raise StatementError("foreign", "Mã QR không mang bản tóm tắt có chữ ký của hệ thống này.")
    try:
        message = cbor2.loads(base45.b45decode(unquote(fragment[len(PREFIX):])))
        protected, _, payload, signature = message.value
        header, claims = cbor2.loads(protected), cbor2.loads(payload)
        if message.tag != COSE_SIGN1_TAG or header.get(ALG) != EDDSA or not isinstance(claims, dict):
            raise ValueError("not a COSE_Sign1 with EdDSA")
        statement = Statement(**{name: str(claims[short]) for short, name in KEYS.items()})
    except Exception:  # noqa: BLE001  (whatever a damaged or forged text makes the decoders raise)
        raise StatementError("damaged", "Mã QR có bản tóm tắt nhưng bị hỏng, không đọc được.") from None
    if not any(key.verify(signature, _to_be_signed(protected, payload)) for key in keys):
        raise StatementError("signature", "Chữ ký trên bản tóm tắt trong mã QR KHÔNG hợp lệ: nội dung đã bị sửa "
                                          "hoặc không do cơ quan ban hành ký.")
    return statement


def differences(statement: Statement, record: Statement) -> list[tuple[str, str, str]]:
    """(field, on the code, in the register) for every field that differs; a recipient line cut at RECIPIENT_MAX
    matches a record that starts with it."""
    found = []
    for name, value in asdict(statement).items():
        expected = getattr(record, name)
        if name == "recipient":
            expected = Statement.of(recipient=expected, award="", decision_number="", decision_date=date.min,
                                    golden_book_no="", code="").recipient
        if value != expected:
            found.append((name, value, getattr(record, name)))
    return found


def _to_be_signed(protected: bytes, payload: bytes) -> bytes:
    """Sig_structure of RFC 9052 §4.4: ["Signature1", protected, external_aad (empty), payload]."""
    return cbor2.dumps(["Signature1", protected, b"", payload])
