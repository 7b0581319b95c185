"""Each certificate as a machine-verifiable credential (issue 19): a W3C Verifiable Credential 2.0 in the Open Badges
3.0 shape (`OpenBadgeCredential`), secured by a Data Integrity proof with the cryptosuite **eddsa-jcs-2022** (W3C
"Data Integrity EdDSA Cryptosuites v1.0", §3.3): hashData = SHA-256(JCS(proof config)) ‖ SHA-256(JCS(document
without proof)), signed with Ed25519, proofValue = multibase base58btc ("z…"). JCS is RFC 8785 (`rfc8785`).

Plain data in, JSON out; the issuer's key comes from certificates.public_keys. The recipient is only what the
public decision prints (the name or collective and its line), never a birth date, an ID number or a contact.
`embed`/`embedded` put the credential into a PDF as an associated file (PDF 2.0 /AF, AFRelationship
/Alternative), before the PDF is signed, so the PDF signature covers it. Imports nothing from `workflow`.
"""
from __future__ import annotations

import copy
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, UTC

import rfc8785

from .public_keys import BASE58, ED25519_MULTICODEC, PublicKey, SigningKey, base58btc

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CRYPTOSUITE = "eddsa-jcs-2022"
MEDIA_TYPE = "application/vc"             # VC Data Model 2.0 §6.3 (a JSON-LD credential with an embedded proof)
FILE_NAME = "chung-nhan-dien-tu.json"     # the associated file's name inside the PDF
STATUS_PURPOSE = "revocation"


@dataclass(frozen=True, kw_only=True)
class CredentialData:
    """What a certificate's credential states: everything here is already public on the decision's page."""

    base_url: str             # the site's public address, "https://…" (no trailing slash)
    code: str                 # the verification code
    recipient: str            # the recipient line as printed: "Ông Nguyễn Văn An, Chủ tịch UBND xã …"
    award: str                # the award type's name: "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    award_type_id: int
    certificate_title: str    # "Bằng khen" / "Giấy khen"
    achievement: str          # the sentence the certificate prints: "Đã có thành tích …"
    authority: str            # who awards: "Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu"
    decision_number: str      # "123/QĐ-UBND"
    decision_date: date
    decision_url: str         # the public decision page: the credential's evidence
    golden_book_no: str | int
    status_index: int         # its place in the published Bitstring Status List, allocated once per code
    status_list_url: str


def credential_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/verify/{code}/credential.json"


def issuer_url(base_url: str) -> str:
    """The issuer's profile (an Open Badges Profile and a controller document listing the Multikey)."""
    return f"{base_url.rstrip('/')}/issuer"


def verification_method(base_url: str, public: PublicKey) -> str:
    """The key's id: the issuer's profile and the key's multibase as fragment (the profile lists it)."""
    return f"{issuer_url(base_url)}#{public.multibase}"


def open_badge(data: CredentialData) -> dict:
    """The unsigned OpenBadgeCredential of one certificate."""
    day = data.decision_date.strftime("%d/%m/%Y")
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_url(data.base_url, data.code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{data.certificate_title} – {data.recipient}",
        "description": f"{data.certificate_title} theo Quyết định số {data.decision_number} ngày {day}; số sổ vàng "
                       f"{data.golden_book_no}; mã xác thực {data.code}.",
        "issuer": {"id": issuer_url(data.base_url), "type": ["Profile"], "name": data.authority},
        "validFrom": f"{data.decision_date.isoformat()}T00:00:00+07:00",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            # Open Badges 3.0 names a recipient by an IdentityObject; "name", not hashed: the decision prints it
            "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                            "identityHash": data.recipient}],
            "achievement": {
                "id": achievement_id(data.base_url, data.award_type_id),
                "type": ["Achievement"], "achievementType": "Award", "name": data.award,
                "description": data.achievement,
                "criteria": {"narrative": f"{data.award} do {data.authority} tặng theo Luật Thi đua, khen thưởng."},
            },
        },
        "evidence": [{"id": data.decision_url, "type": ["Evidence"],
                      "name": f"Quyết định số {data.decision_number} ngày {day}",
                      "description": f"Quyết định khen thưởng của {data.authority}; "
                                     f"số sổ vàng {data.golden_book_no}."}],
        "credentialStatus": {
            "id": f"{data.status_list_url}#{data.status_index}", "type": "BitstringStatusListEntry",
            "statusPurpose": STATUS_PURPOSE, "statusListIndex": str(data.status_index),
            "statusListCredential": data.status_list_url,
        },
    }


def achievement_id(base_url: str, award_type_id: int) -> str:
    """A stable URI per award type and site (the catalogue has no public page of its own)."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base_url.rstrip('/')}/award-types/{award_type_id}"))


def issue(data: CredentialData, key: SigningKey, *, created: datetime) -> dict:
    """The credential with its eddsa-jcs-2022 proof by the issuer's key."""
    return add_proof(open_badge(data), key, verification_method(data.base_url, key.public), created=created)


# --- Data Integrity, eddsa-jcs-2022 ------------------------------------------------------------------------------

def jcs(value) -> bytes:
    """RFC 8785 JSON Canonicalization Scheme."""
    return rfc8785.dumps(value)


def hash_data(document: dict, proof_config: dict) -> bytes:
    """eddsa-jcs-2022 §3.3.4: SHA-256 of the canonical proof configuration, then of the canonical document."""
    return hashlib.sha256(jcs(proof_config)).digest() + hashlib.sha256(jcs(document)).digest()


def add_proof(document: dict, key: SigningKey, method: str, *, created: datetime | None = None) -> dict:
    """eddsa-jcs-2022 Create Proof (§3.3.1): the proof carries the document's @context (step 2)."""
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    proof = {"type": "DataIntegrityProof", "cryptosuite": CRYPTOSUITE}
    if created is not None:
        moment = created if created.tzinfo is not None else created.replace(tzinfo=UTC)   # naive = UTC
        proof["created"] = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    proof |= {"verificationMethod": method, "proofPurpose": "assertionMethod"}
    if "@context" in unsecured:
        proof["@context"] = copy.deepcopy(unsecured["@context"])
    signature = key.sign(hash_data(unsecured, proof))
    return {**unsecured, "proof": {**proof, "proofValue": "z" + base58btc(signature)}}


class ProofError(ValueError):
    """Why a proof does not verify, in Vietnamese."""


def verify_proof(secured: dict, keys: dict[str, PublicKey] | PublicKey) -> dict:
    """eddsa-jcs-2022 Verify Proof (§3.3.2): the unsecured document when the proof is by one of `keys` (a key, or
    verification method id → key) and the signature holds; ProofError saying why otherwise."""
    if not isinstance(secured, dict) or not isinstance(secured.get("proof"), dict):
        raise ProofError("không có chứng minh chữ ký (proof)")
    proof = secured["proof"]
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(f"chứng minh không theo bộ mật mã {CRYPTOSUITE}")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError("mục đích của chứng minh không phải assertionMethod")
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    unsecured = {k: v for k, v in secured.items() if k != "proof"}
    if "@context" in options:
        context, wanted = unsecured.get("@context"), options["@context"]
        if not isinstance(context, list) or not isinstance(wanted, list) or context[:len(wanted)] != wanted:
            raise ProofError("@context của tài liệu không khớp với chứng minh")
        unsecured["@context"] = wanted
    public = keys if isinstance(keys, PublicKey) else _key_of(keys, str(options.get("verificationMethod")))
    if public is None:
        raise ProofError(f"khóa ký {options.get('verificationMethod')} không phải khóa của cơ quan ban hành")
    signature = multibase_base58(proof.get("proofValue"))
    if signature is None or len(signature) != 64 or not public.verify(signature, hash_data(unsecured, options)):
        raise ProofError("chữ ký không khớp với nội dung (nội dung đã bị thay đổi hoặc khóa khác)")
    return unsecured


def _key_of(keys: dict[str, PublicKey], method: str) -> PublicKey | None:
    """The key a verification method names: by its id, or (the site's address having changed since, e.g. a new
    domain) by its fragment, the key's own multibase, among the issuer's keys."""
    if method in keys:
        return keys[method]
    fragment = method.rpartition("#")[2]
    return next((key for key in keys.values() if key.multibase == fragment), None)


def multibase_base58(text) -> bytes | None:
    """The bytes of a multibase base58btc string ("z…"), or None."""
    if not isinstance(text, str) or not text.startswith("z") or not text[1:]:
        return None
    number = 0
    for char in text[1:]:
        digit = BASE58.find(char)
        if digit < 0:
            return None
        number = number * 58 + digit
    zeros = len(text[1:]) - len(text[1:].lstrip("1"))
    return b"\0" * zeros + (number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b"")


def multikey(text: str) -> PublicKey | None:
    """A Multikey publicKeyMultibase ("z6Mk…": 0xed01 and 32 bytes) as a key, or None."""
    raw = multibase_base58(text)
    if raw is None or len(raw) != 34 or not raw.startswith(ED25519_MULTICODEC):
        return None
    return PublicKey(raw[2:])


def keys_by_method(base_url: str, *publics: PublicKey) -> dict[str, PublicKey]:
    return {verification_method(base_url, public): public for public in publics}


def dumps(credential: dict) -> bytes:
    """As served and embedded: UTF-8 JSON, readable (the proof covers the content, not the bytes)."""
    return json.dumps(credential, ensure_ascii=False, indent=2).encode()


# --- the associated file of the PDF -------------------------------------------------------------------------------

def embed(pdf: bytes, credential: bytes) -> bytes:
    """`pdf` with `credential` as an associated file of the document (EmbeddedFiles and the catalogue's /AF,
    AFRelationship /Alternative: a machine-readable form of what the page shows). Deterministic: no dates."""
    import io

    import pikepdf
    with pikepdf.open(io.BytesIO(pdf)) as document:
        spec = pikepdf.AttachedFileSpec(document, credential, filename=FILE_NAME, mime_type=MEDIA_TYPE,
                                        description="Chứng nhận điện tử (W3C Verifiable Credential, Open Badges 3.0)",
                                        relationship=pikepdf.Name.Alternative)
        document.attachments[FILE_NAME] = spec
        document.Root.AF = pikepdf.Array([document.attachments[FILE_NAME].obj])
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
        return out.getvalue()


def embedded(pdf: bytes) -> bytes | None:
    """The credential a PDF carries as an associated file, or None (none, or not a readable PDF)."""
    import io

    import pikepdf
    try:
        with pikepdf.open(io.BytesIO(pdf)) as document:
            spec = document.attachments.get(FILE_NAME)
            return spec.get_file().read_bytes() if spec is not None else None
    except (pikepdf.PdfError, ValueError, KeyError):
        return None
