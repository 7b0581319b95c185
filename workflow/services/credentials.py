"""Certificates as verifiable credentials, the published status list, and the statement in the QR code (issue 19).

- `entry` gives a verification code its place in the status list, once (the row's id is the index);
- `issue_credential` builds and signs a certificate's OpenBadgeCredential (certificates/credentials.py), which
  documents.py embeds in the PDF before signing it and keeps on the entry;
- `revoked_indices` is the one answer to "which codes are no longer valid" (revoked, or superseded by a
  correction or a replacement: the same rule as register.verification), `status_list` the signed list of them;
- `published_status` reads a code's bit back from that list as any verifier would: the verify page shows it;
- `statement` is what a certificate's QR code states, `record_statement` what the register says for a code.

Plain Python: the issuer's key and the public address are handed in. Never commits.
"""
from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from certificates import credentials as vc
from certificates import qr_statement
from certificates import status_list as bitstring
from certificates.public_keys import PublicKey, SigningKey

from ..models import Certificate, CredentialStatus, DecisionLine, Nomination
from ..rules.states import State
from . import clock

STATUS_LIST_PATH = "/credentials/status/1"


def status_list_url(base_url: str) -> str:
    return base_url.rstrip("/") + STATUS_LIST_PATH


def entry(session: Session, certificate: Certificate) -> CredentialStatus:
    """The status-list entry of the certificate's code in force, made the first time it is asked for."""
    found = session.scalar(select(CredentialStatus).where(CredentialStatus.verify_code == certificate.verify_code))
    if found is None:
        found = CredentialStatus(certificate=certificate, verify_code=certificate.verify_code)
        session.add(found)
        session.flush()
    return found


def recipient_line(name: str, line: str) -> str:
    """The recipient as the certificate prints it: the name, then the position and unit."""
    return f"{name}, {line}" if line else name


def statement(certificate: Certificate) -> qr_statement.Statement:
    """What the QR code of the certificate in force states."""
    line = certificate.line
    return qr_statement.Statement.of(
        recipient=recipient_line(line.recipient_name, line.recipient_line), award=line.award_type.name,
        decision_number=line.decision.number, decision_date=line.decision.decision_date,
        golden_book_no=certificate.golden_book_no, code=certificate.verify_code)


def signed_statement(certificate: Certificate, key: SigningKey | None) -> str:
    """The QR code's fragment ("VD1:…"), or "" without the issuer's key (the code is then only the address)."""
    return qr_statement.sign(statement(certificate), key) if key is not None else ""


def credential_data(certificate: Certificate, status: CredentialStatus, *, base_url: str,
                    achievement: str) -> vc.CredentialData:
    line = certificate.line
    return vc.CredentialData(
        base_url=base_url.rstrip("/"), code=status.verify_code,
        recipient=recipient_line(line.recipient_name, line.recipient_line), award=line.award_type.name,
        award_type_id=line.award_type.id,
        certificate_title=(line.award_type.certificate_title or "Bằng khen").capitalize(), achievement=achievement,
        authority=line.decision.authority.name, decision_number=line.decision.number,
        decision_date=line.decision.decision_date,
        decision_url=f"{base_url.rstrip('/')}/decisions/{line.decision.id}", golden_book_no=certificate.golden_book_no,
        status_index=status.id, status_list_url=status_list_url(base_url))


def issue_credential(session: Session, certificate: Certificate, *, key: SigningKey, base_url: str,
                     achievement: str, now: datetime | None = None) -> bytes:
    """The signed credential of the certificate's code in force, as JSON bytes (embedded in its PDF)."""
    data = credential_data(certificate, entry(session, certificate), base_url=base_url, achievement=achievement)
    return vc.dumps(vc.issue(data, key, created=now or clock.now()))


def keep_credential(session: Session, code: str, credential: bytes) -> None:
    """Remember the credential signed into the PDF that was just stored for `code`."""
    session.execute(CredentialStatus.__table__.update().where(CredentialStatus.verify_code == code)
                    .values(credential=credential.decode()))


def stored_credential(session: Session, code: str) -> str | None:
    return session.scalar(select(CredentialStatus.credential).where(CredentialStatus.verify_code == code))


# --- the status list -----------------------------------------------------------------------------------------------

def revoked_indices(session: Session) -> list[int]:
    """The indices of every code that is no longer valid: its certificate or award revoked, or the code superseded
    (a correction or a replacement gave the certificate another one). Never un-set: neither comes back."""
    return list(session.scalars(
        select(CredentialStatus.id).join(Certificate, CredentialStatus.certificate_id == Certificate.id)
        .join(DecisionLine, Certificate.decision_line_id == DecisionLine.id)
        .join(Nomination, DecisionLine.nomination_id == Nomination.id)
        .where(or_(CredentialStatus.verify_code != Certificate.verify_code, Certificate.revoked.is_(True),
                   Nomination.state == State.REVOKED))
        .order_by(CredentialStatus.id)))


_lists: dict[tuple, dict] = {}
_lists_lock = threading.Lock()


def status_list(session: Session, *, key: SigningKey, base_url: str, issuer_name: str) -> dict:
    """The signed BitstringStatusListCredential as published now; the same bits give the same document (signed
    once per process and set of bits)."""
    revoked = revoked_indices(session)
    digest = hashlib.sha256(json.dumps(revoked).encode()).hexdigest()
    cache_key = (digest, key.public.raw, base_url, issuer_name)
    with _lists_lock:
        if cache_key in _lists:
            return _lists[cache_key]
    signed = bitstring.sign(status_list_url(base_url), revoked, key, base_url=base_url, issuer_name=issuer_name)
    with _lists_lock:
        if len(_lists) > 8:
            _lists.clear()
        _lists[cache_key] = signed
    return signed


@dataclass(frozen=True)
class PublishedStatus:
    index: int
    revoked: bool | None        # None: the list could not be read or verified (detail says why)
    detail: str = ""


def published_status(session: Session, code: str, *, key: SigningKey, base_url: str,
                     issuer_name: str) -> PublishedStatus | None:
    """The code's bit in the published list, read back and checked against the issuer's key the way a verifier
    reads it; None when the code never had a place in it (no credential was issued under it)."""
    index = session.scalar(select(CredentialStatus.id).where(CredentialStatus.verify_code == code))
    if index is None:
        return None
    published = status_list(session, key=key, base_url=base_url, issuer_name=issuer_name)
    try:
        revoked = bitstring.status_from_list(published, index, vc.keys_by_method(base_url, key.public))
    except (bitstring.StatusListError, vc.ProofError) as error:
        return PublishedStatus(index, None, str(error))
    return PublishedStatus(index, revoked)


# --- checking a credential or a QR statement ------------------------------------------------------------------------

def check_credential(credential: bytes | str | dict, public: PublicKey, *, base_url: str) -> str | None:
    """None when the credential's proof holds under the issuer's key; otherwise why not (Vietnamese)."""
    try:
        document = credential if isinstance(credential, dict) else json.loads(credential)
        vc.verify_proof(document, vc.keys_by_method(base_url, public))
    except (ValueError, TypeError) as error:   # ProofError is a ValueError, as is a JSON error
        return str(error) if isinstance(error, vc.ProofError) else "không đọc được chứng nhận điện tử (JSON hỏng)"
    return None


def record_statement(verification) -> qr_statement.Statement:
    """What the register says for a code (register.verification's result): for a code a correction superseded, the
    wording that code's certificate carried."""
    row, superseded = verification.row, verification.superseded_by
    name, line = row.recipient_name, row.recipient_line
    if superseded is not None and superseded.kind == "corrected":
        name, line = superseded.old_name, superseded.old_line
    return qr_statement.Statement.of(recipient=recipient_line(name, line or ""), award=row.award_type,
                                     decision_number=row.decision_number, decision_date=row.decision_date,
                                     golden_book_no=verification.golden_book_no, code=verification.code)


@dataclass(frozen=True)
class QrCheck:
    """A scanned or pasted QR code checked offline against the issuer's key, then against the register."""

    problem: str = ""                             # why it is refused (Vietnamese); "" when the statement holds
    kind: str = ""                                # unreadable | no_qr | foreign | damaged | signature | unknown
    statement: qr_statement.Statement | None = None
    verification: object = None                   # register.verification of its code
    differences: tuple[tuple[str, str, str], ...] = ()   # (field label, on the code, in the register)

    @property
    def ok(self) -> bool:
        return not self.problem and not self.differences


def check_qr_text(session: Session, text: str, *, keys: list[PublicKey]) -> QrCheck:
    """Open the statement of a QR code's text with the issuer's keys and compare it with the register's record of
    its code, naming every field that differs."""
    from . import register

    try:
        found = qr_statement.open_statement(text, keys)
    except qr_statement.StatementError as error:
        return QrCheck(str(error), error.kind)
    verification = register.verification(session, found.code)
    if verification is None:
        return QrCheck("Chữ ký trên mã QR hợp lệ nhưng mã xác thực trong đó không có trong sổ khen thưởng.", "unknown",
                       found)
    differences = tuple((qr_statement.LABELS[name], on_code, in_register) for name, on_code, in_register
                        in qr_statement.differences(found, record_statement(verification)))
    return QrCheck(statement=found, verification=verification, differences=differences)


def check_qr(session: Session, *, image: bytes | None, text: str | None, keys: list[PublicKey]) -> QrCheck:
    """A photo or scan of a QR code (read with zbar: certificates/qr_scan.py), or its pasted text, checked."""
    from certificates import qr_scan

    if image:
        try:
            texts = qr_scan.read_qr(image)
        except qr_scan.ScanError as error:
            return QrCheck(str(error), error.kind)
        ours = [each for each in texts if qr_statement.PREFIX in each]
        text = (ours or texts)[0]
    return check_qr_text(session, text or "", keys=keys)


def credential_on_demand(session: Session, code: str, *, key: SigningKey, base_url: str) -> str | None:
    """For a code in force whose PDF was signed before credentials existed (it has its status-list place from the
    migration): its credential made from the record, dated the decision's issue, so each request gets the same
    proof. None for any other code. Writes nothing."""
    from .documents import achievement_line

    found = session.scalar(select(CredentialStatus).where(CredentialStatus.verify_code == code))
    certificate = found.certificate if found is not None else None
    if certificate is None or certificate.verify_code != code or certificate.revoked:
        return None
    nomination = certificate.line.nomination
    data = credential_data(certificate, found, base_url=base_url,
                           achievement=achievement_line(nomination.achievement_summary, nomination.campaign.name))
    created = certificate.line.decision.issued_at or datetime.combine(data.decision_date, datetime.min.time())
    return vc.dumps(vc.issue(data, key, created=created)).decode()


def record_json(verification) -> dict:
    """The register's record of a code in the QR statement's short keys, with its status: what a verifier compares
    a scanned statement with (tools/vinhdanh_verify.py qr)."""
    record = record_statement(verification)
    return {short: getattr(record, name) for short, name in qr_statement.KEYS.items()} | {
        "status": verification.status, "valid": verification.valid}
