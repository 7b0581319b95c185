"""W3C Bitstring Status List v1.0: the published list of which credentials are no longer valid (issue 19).

The list is a bitstring of at least 131,072 bits (16 KB: herd privacy), bit `i` for the credential whose
`statusListIndex` is `i`, counted from the left-most bit of the first byte (§4 "Bitstring Encoding"); it is
GZIP-compressed and written as multibase base64url without padding ("u…"). The `BitstringStatusListCredential`
carrying it is signed like the certificates' credentials (eddsa-jcs-2022). Purpose: revocation (a bit once set
stays set). Pure: no I/O. Imports nothing from `workflow`.
"""
from __future__ import annotations

import base64
import gzip
from collections.abc import Iterable

from . import credentials
from .public_keys import SigningKey

MIN_BITS = 131_072
MAX_BITS = 1 << 26          # what a verifier accepts before refusing to inflate a list (8 MB)


class StatusListError(ValueError):
    """The published list cannot be read (not a status list, damaged encoding, index beyond it)."""


def length_for(indices: Iterable[int]) -> int:
    """Bits the list needs: at least MIN_BITS, else the highest index rounded up to whole bytes."""
    highest = max(indices, default=0)
    return max(MIN_BITS, (highest // 8 + 1) * 8)


def encode(revoked: Iterable[int], *, length: int = MIN_BITS) -> str:
    """The `encodedList` of a list of `length` bits with the bits of `revoked` set."""
    bits = bytearray(length // 8)
    for index in revoked:
        if not 0 <= index < length:
            raise ValueError(f"status index {index} outside a list of {length} bits")
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def decode(encoded: str) -> bytes:
    """The bitstring of an `encodedList`, refusing what is not one (or would inflate past MAX_BITS)."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise StatusListError("encodedList không phải multibase base64url")
    try:
        data = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
        with gzip.GzipFile(fileobj=_bytes_io(data)) as stream:
            bits = stream.read(MAX_BITS // 8 + 1)
    except (ValueError, OSError, EOFError) as error:
        raise StatusListError(f"encodedList hỏng: {error}") from None
    if len(bits) * 8 < MIN_BITS or len(bits) * 8 > MAX_BITS:
        raise StatusListError("danh sách trạng thái có độ dài không hợp lệ")
    return bits


def is_set(bits: bytes, index: int) -> bool:
    if not 0 <= index < len(bits) * 8:
        raise StatusListError(f"chỉ số {index} nằm ngoài danh sách trạng thái")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def list_credential(url: str, *, issuer: str, issuer_name: str, encoded: str) -> dict:
    """The unsigned BitstringStatusListCredential published at `url`."""
    return {
        "@context": [credentials.VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": issuer, "name": issuer_name},
        "credentialSubject": {"id": f"{url}#list", "type": "BitstringStatusList",
                              "statusPurpose": credentials.STATUS_PURPOSE, "encodedList": encoded},
    }


def sign(url: str, revoked: Iterable[int], key: SigningKey, *, base_url: str, issuer_name: str) -> dict:
    """The signed list credential with the bits of `revoked` set. Deterministic for one set of bits (no dates:
    Ed25519 signatures are deterministic), so it can be cached and served with an ETag."""
    revoked = sorted(set(revoked))
    encoded = encode(revoked, length=length_for(revoked))
    unsigned = list_credential(url, issuer=credentials.issuer_url(base_url), issuer_name=issuer_name, encoded=encoded)
    return credentials.add_proof(unsigned, key, credentials.verification_method(base_url, key.public))


def status_from_list(list_credential: dict, index: int, keys) -> bool:
    """Whether the credential at `index` is revoked, read as any verifier reads it: the list's proof is checked
    against the issuer's `keys`, its purpose must be revocation, and the bit at `index` says. StatusListError or
    credentials.ProofError when the list cannot be trusted."""
    credentials.verify_proof(list_credential, keys)
    subject = list_credential.get("credentialSubject") or {}
    if subject.get("type") != "BitstringStatusList" or subject.get("statusPurpose") != credentials.STATUS_PURPOSE:
        raise StatusListError("không phải danh sách trạng thái thu hồi (BitstringStatusList, revocation)")
    return is_set(decode(subject.get("encodedList")), index)


def _bytes_io(data: bytes):
    import io
    return io.BytesIO(data)
