#!/usr/bin/env python3
"""Check a Vinh danh certificate offline: the signed statement in its QR code, or its credential (issue 19).

Self-contained: the standard library and `cryptography` (Ed25519) only. The QR statement is
`https://<site>/verify/<code>#VD1:<base45(COSE_Sign1)>` (docs/credentials.md): this file decodes base45 (RFC 9285)
and the CBOR it needs (RFC 8949) itself, checks the COSE_Sign1 (RFC 9052, EdDSA) against the issuer's published key,
and compares the fields with the register's record (`/verify/<code>/record.json`, fetched or given as a file). A
credential (`credential.json`, or the one in a PDF, extracted by the caller) is checked as eddsa-jcs-2022 with an
RFC 8785 JCS encoder written here for JSON without fractions.

    python tools/qr_offline.py qr PHOTO.png --key z6Mk…            # zbarimg reads the QR code
    python tools/qr_offline.py qr --text 'https://…#VD1:…' --key issuer.json --record record.json
    python tools/qr_offline.py qr PHOTO.png --key z6Mk… --site https://vinhdanh.example   # fetches the record
    python tools/qr_offline.py credential credential.json --key z6Mk…

`--key`: the Multikey (publicKeyMultibase "z6Mk…"), 64 hex digits of the raw key, or the issuer's profile
(`/issuer`, a file or an https address). Exit status: 0 valid and matching, 1 refused or differing, 2 unusable input.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess  # nosec B404: zbarimg, found on PATH, on the file named on the command line
import sys
import urllib.request
from urllib.parse import unquote, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

PREFIX = "VD1:"
FIELDS = (("n", "Người, tập thể được khen"), ("a", "Hình thức khen thưởng"), ("d", "Số quyết định"),
          ("t", "Ngày quyết định"), ("g", "Số sổ vàng"), ("c", "Mã xác thực"))
RECIPIENT_MAX = 120
B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class Refused(Exception):
    """The input is readable but does not hold (bad signature, foreign code…)."""


class Unusable(Exception):
    """The input cannot be used at all (no image tool, no QR code, unreadable key)."""


# --- encodings -------------------------------------------------------------------------------------------------------

def b45decode(text: str) -> bytes:
    """RFC 9285 §4.2."""
    out = bytearray()
    for i in range(0, len(text), 3):
        chunk = [B45.index(c) for c in text[i:i + 3]]
        value = sum(d * 45 ** k for k, d in enumerate(chunk))
        if len(chunk) == 3:
            if value > 0xFFFF:
                raise ValueError("base45 value out of range")
            out += value.to_bytes(2, "big")
        elif len(chunk) == 2 and value <= 0xFF:
            out.append(value)
        else:
            raise ValueError("bad base45 length")
    return bytes(out)


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + B58.index(char)
    zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * zeros + (number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b"")


class Tag:
    def __init__(self, tag: int, value):
        self.tag, self.value = tag, value


def cbor_decode(data: bytes):
    """The subset of CBOR (RFC 8949) a COSE_Sign1 and its claims use: integers, byte and text strings, arrays,
    maps, tags, false/true/null. Definite lengths only."""
    value, end = _cbor(data, 0)
    if end != len(data):
        raise ValueError("trailing bytes after CBOR item")
    return value


def _cbor(data: bytes, at: int):
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if info < 24:
        argument = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        argument = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise ValueError("indefinite or reserved CBOR length")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        raw = data[at:at + argument]
        if len(raw) != argument:
            raise ValueError("truncated CBOR string")
        return (raw if major == 2 else raw.decode("utf-8")), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = _cbor(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(argument):
            key, at = _cbor(data, at)
            mapping[key], at = _cbor(data, at)
        return mapping, at
    if major == 6:
        item, at = _cbor(data, at)
        return Tag(argument, item), at
    if major == 7 and argument in (20, 21, 22):
        return {20: False, 21: True, 22: None}[argument], at
    raise ValueError("unsupported CBOR item")


def cbor_encode_sig_structure(protected: bytes, payload: bytes) -> bytes:
    """["Signature1", protected, h'', payload] (RFC 9052 §4.4), the bytes a COSE_Sign1 signature covers."""
    def head(major: int, length: int) -> bytes:
        if length < 24:
            return bytes([major << 5 | length])
        for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
            if length < 1 << (8 * size):
                return bytes([major << 5 | info]) + length.to_bytes(size, "big")
        raise ValueError("too long")
    context = b"Signature1"
    return (head(4, 4) + head(3, len(context)) + context + head(2, len(protected)) + protected + head(2, 0)
            + head(2, len(payload)) + payload)


def jcs(value) -> bytes:
    """RFC 8785 for JSON without fractional numbers: keys sorted by UTF-16 code units, no whitespace, minimal
    string escapes (json.dumps's, which are RFC 8785's for these)."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda item: item[0].encode("utf-16-be"))
        return b"{" + b",".join(jcs(k) + b":" + jcs(v) for k, v in items) + b"}"
    if isinstance(value, list):
        return b"[" + b",".join(jcs(v) for v in value) + b"]"
    if isinstance(value, float) and not value.is_integer():
        raise ValueError("fractional numbers are not used by these credentials")
    if isinstance(value, float):
        value = int(value)
    return json.dumps(value, ensure_ascii=False).encode()


# --- keys ------------------------------------------------------------------------------------------------------------

def load_keys(spec: str) -> list[bytes]:
    """Raw Ed25519 keys from a Multikey, 64 hex digits, or an issuer profile (file or https address)."""
    if spec.startswith("z"):
        return [_multikey(spec)]
    if len(spec) == 64 and all(c in "0123456789abcdefABCDEF" for c in spec):
        return [bytes.fromhex(spec)]
    try:
        profile = json.loads(_read(spec))
        keys = [_multikey(m["publicKeyMultibase"]) for m in profile.get("verificationMethod", [])]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise Unusable(f"Không đọc được khóa công khai {spec}: {error}") from None
    if not keys:
        raise Unusable(f"Hồ sơ {spec} không có khóa công khai (verificationMethod).")
    return keys


def _multikey(text: str) -> bytes:
    raw = b58decode(text[1:]) if text.startswith("z") else b""
    if len(raw) != 34 or raw[:2] != b"\xed\x01":
        raise Unusable(f"{text} không phải khóa Ed25519 dạng Multikey (z6Mk…).")
    return raw[2:]


def _read(spec: str) -> bytes:
    if urlsplit(spec).scheme in ("http", "https"):
        with urllib.request.urlopen(spec, timeout=20) as response:  # nosec B310: only http(s), checked above
            return response.read(1_000_000)
    with open(spec, "rb") as file:
        return file.read(1_000_000)


def ed25519_ok(raw_key: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(raw_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


# --- the QR statement -------------------------------------------------------------------------------------------------

def read_qr_image(path: str) -> str:
    tool = shutil.which("zbarimg")
    if tool is None:
        raise Unusable("Không có zbarimg (apt-get install zbar-tools).")
    done = subprocess.run([tool, "-q", "--raw", "-Sdisable", "-Sqrcode.enable", path],  # nosec B603
                          capture_output=True, timeout=60, check=False)
    texts = [t for t in done.stdout.decode("utf-8", "replace").splitlines() if t.strip()]
    if not texts:
        raise Unusable(f"Không tìm thấy mã QR trên ảnh {path}.")
    return next((t for t in texts if PREFIX in t), texts[0])


def open_statement(text: str, keys: list[bytes]) -> dict:
    """The statement's fields (short keys) when signed by one of `keys`; Refused otherwise."""
    address, _, fragment = text.strip().partition("#")
    if not fragment.startswith(PREFIX):
        raise Refused("Mã QR không mang bản tóm tắt có chữ ký của Vinh danh.")
    try:
        message = cbor_decode(b45decode(unquote(fragment[len(PREFIX):])))
        if not isinstance(message, Tag) or message.tag != 18 or len(message.value) != 4:
            raise ValueError("not a COSE_Sign1")
        protected, _, payload, signature = message.value
        if cbor_decode(protected).get(1) != -8:
            raise ValueError("not EdDSA")
        claims = cbor_decode(payload)
        fields = {short: str(claims[short]) for short, _ in FIELDS}
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, UnicodeDecodeError):
        raise Refused("Bản tóm tắt trong mã QR bị hỏng, không đọc được.") from None
    data = cbor_encode_sig_structure(protected, payload)
    if not any(ed25519_ok(key, signature, data) for key in keys):
        raise Refused("Chữ ký trên bản tóm tắt KHÔNG hợp lệ với khóa công khai của cơ quan ban hành.")
    if address and not address.rstrip("/").endswith("/verify/" + fields["c"]):
        raise Refused(f"Địa chỉ trong mã QR ({address}) không phải trang xác thực của mã {fields['c']}.")
    return fields


def differences(statement: dict, record: dict) -> list[str]:
    """Every field that differs, named: «Số quyết định trên mã: …; trong sổ: …»."""
    found = []
    for short, label in FIELDS:
        on_code, in_register = statement[short], str(record.get(short, ""))
        expected = " ".join(in_register.split())
        if short == "n" and len(expected) > RECIPIENT_MAX:
            expected = expected[:RECIPIENT_MAX - 1].rstrip() + "…"
        if on_code != expected:
            found.append(f"{label} trên mã: {on_code}; trong sổ: {in_register}")
    return found


def check_qr(text: str, keys: list[bytes], record: dict | None) -> tuple[bool, list[str]]:
    fields = open_statement(text, keys)
    lines = ["Chữ ký trên bản tóm tắt: HỢP LỆ (khóa của cơ quan ban hành)."]
    lines += [f"  {label}: {fields[short]}" for short, label in FIELDS]
    if record is None:
        return True, lines + ["Chưa đối chiếu với sổ khen thưởng (không có --record hay --site)."]
    differing = differences(fields, record)
    lines += [f"KHÁC SỔ: {line}" for line in differing] or ["Trùng khớp với sổ khen thưởng."]
    if record.get("valid") is False:
        lines.append(f"Trạng thái trong sổ: {record.get('status')} — mã này KHÔNG còn hiệu lực.")
    return not differing and record.get("valid", True) is not False, lines


# --- the credential ---------------------------------------------------------------------------------------------------

def check_credential(credential: dict, keys: list[bytes]) -> str:
    """The credential's id when its eddsa-jcs-2022 proof holds under one of `keys`; Refused otherwise."""
    proof = credential.get("proof") if isinstance(credential, dict) else None
    if not isinstance(proof, dict) or proof.get("cryptosuite") != "eddsa-jcs-2022" \
            or proof.get("type") != "DataIntegrityProof":
        raise Refused("Không có chứng minh eddsa-jcs-2022 (DataIntegrityProof).")
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    document = {k: v for k, v in credential.items() if k != "proof"}
    if "@context" in options:
        if document.get("@context", [])[:len(options["@context"])] != options["@context"]:
            raise Refused("@context của tài liệu không khớp với chứng minh.")
        document["@context"] = options["@context"]
    value = proof.get("proofValue", "")
    try:
        signature = b58decode(value[1:]) if value.startswith("z") else b""
    except ValueError:
        signature = b""
    data = hashlib.sha256(jcs(options)).digest() + hashlib.sha256(jcs(document)).digest()
    if len(signature) != 64 or not any(ed25519_ok(key, signature, data) for key in keys):
        raise Refused("Chữ ký của chứng nhận điện tử KHÔNG hợp lệ: nội dung đã bị sửa hoặc khóa khác.")
    return str(credential.get("id", ""))


# --- command line -----------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kiểm tra ngoại tuyến mã QR hoặc chứng nhận điện tử của Vinh danh.")
    commands = parser.add_subparsers(dest="command", required=True)
    qr = commands.add_parser("qr", help="mã QR trên bản giấy (ảnh chụp, ảnh quét, hoặc nội dung)")
    qr.add_argument("image", nargs="?")
    qr.add_argument("--text")
    qr.add_argument("--key", required=True)
    qr.add_argument("--record", help="bản ghi trong sổ (record.json)")
    qr.add_argument("--site", help="địa chỉ trang Vinh danh, để tải bản ghi /verify/<mã>/record.json")
    credential = commands.add_parser("credential", help="chứng nhận điện tử (credential.json)")
    credential.add_argument("file")
    credential.add_argument("--key", required=True)
    args = parser.parse_args(argv)
    try:
        keys = load_keys(args.key)
        if args.command == "credential":
            print(f"Chứng nhận điện tử HỢP LỆ: {check_credential(json.loads(_read(args.file)), keys)}")
            return 0
        if not args.image and not args.text:
            raise Unusable("Cần ảnh mã QR hoặc --text.")
        text = args.text or read_qr_image(args.image)
        record = _record(args, text)
        ok, lines = check_qr(text, keys, record)
        print("\n".join(lines))
        return 0 if ok else 1
    except Refused as error:
        print(f"KHÔNG HỢP LỆ: {error}")
        return 1
    except (Unusable, OSError, ValueError) as error:
        print(f"Không kiểm tra được: {error}", file=sys.stderr)
        return 2


def _record(args, text: str) -> dict | None:
    if args.record:
        return json.loads(_read(args.record))
    if args.site:
        code = open_statement(text, load_keys(args.key))["c"]
        return json.loads(_read(f"{args.site.rstrip('/')}/verify/{code}/record.json"))
    return None


if __name__ == "__main__":
    sys.exit(main())
