"""PAdES B-B signatures with pyHanko: sign PDF bytes with the issuer's key, and check a signed file.

Signers (all with `sign(pdf) -> pdf`, `certificate`): `Signer` reads a PKCS#12 once and keeps the key
(re-reading it per signature costs ~7×): the server's key, the organisation's seal; `pkcs11_signing.TokenSigner` signs
with a key on a PKCS#11 token or HSM; `remote_signing.RemoteSigner` asks a remote-signing service in two steps.
`SignatureSequence(personal, organisation)` applies them in order, each as an incremental update.
`verify` lists every signature in order (signer, intact, trusted) and answers, check by check: are they all
intact, is the last signer the expected issuer, does every chain reach a trust root (when roots are given),
and (when the recorded digest is given) does the file's sha256 match. Nothing here touches the network.
`generate_dev_keys` makes a self-signed development CA and a signer: for development only, never commit.
"""
import asyncio
import hashlib
import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext


class _CachedKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner re-parses its private key for every signature (~50 ms for RSA); this one
    parses it once. Mechanisms other than RSA PKCS#1 v1.5 and ECDSA fall back to the original code."""

    def __init__(self, loaded: signers.SimpleSigner):
        super().__init__(signing_cert=loaded.signing_cert, signing_key=loaded.signing_key,
                         cert_registry=loaded.cert_registry)
        self._key = serialization.load_der_private_key(loaded.signing_key.dump(), password=None)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        digest = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(data, padding.PKCS1v15(), digest)
        if mechanism == "ecdsa" and isinstance(self._key, ec.EllipticCurvePrivateKey):
            return self._key.sign(data, ec.ECDSA(digest))
        return super().sign_raw(data, digest_algorithm)


class _PdfSigner:
    """A pyHanko signer and its signature field: `sign(pdf)` returns the PDF with one more signature, as an
    incremental update (the bytes before it stay as they were, so earlier signatures keep verifying)."""

    field_name = "ChuKySo"
    reserved = 16384   # room for the CMS blob, fixed so pyHanko need not sign a dummy first to measure it

    def __init__(self, *, reason: str = "Ban hành", location: str = "", field_name: str | None = None):
        self.field_name = field_name or self.field_name
        self._meta = signers.PdfSignatureMetadata(
            field_name=self.field_name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason or None, location=location or None)
        self._lock = threading.Lock()

    @property
    def certificate(self) -> x509.Certificate:
        """The signer's certificate: pass it to `verify` as the expected issuer."""
        raise NotImplementedError

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        """The other certificates the signer carries (its issuers), as embedded in each signature."""
        return ()

    @property
    def subject(self) -> str:
        return self.certificate.subject.rfc4514_string()

    def sign(self, pdf: bytes) -> bytes:
        return _outside_event_loop(self._sign, pdf)

    def _sign(self, pdf: bytes) -> bytes:
        with self._lock:
            writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
            out = signers.sign_pdf(writer, self._meta, signer=self._pyhanko_signer(), bytes_reserved=self.reserved)
            return out.getvalue()

    def _pyhanko_signer(self) -> signers.Signer:
        raise NotImplementedError


class Signer(_PdfSigner):
    """The issuer's signing key from a PKCS#12 file, loaded once: the server's key, the organisation's seal."""

    def __init__(self, p12_path: str | os.PathLike, password: str | bytes | None, *,
                 reason: str = "Ban hành", location: str = "", field_name: str = "ChuKySo"):
        super().__init__(reason=reason, location=location, field_name=field_name)
        secret = password.encode() if isinstance(password, str) else password
        loaded = signers.SimpleSigner.load_pkcs12_data(Path(p12_path).read_bytes(), [], secret)
        self._signer = _CachedKeySigner(loaded)
        chain = [loaded.signing_cert, *loaded.cert_registry]
        self.reserved = 8192 + 2 * sum(len(cert.dump()) for cert in chain)
        self._chain = tuple(_cert(c) for c in loaded.cert_registry if c.dump() != loaded.signing_cert.dump())

    @property
    def certificate(self) -> x509.Certificate:
        return x509.load_der_x509_certificate(self._signer.signing_cert.dump())

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        return self._chain

    def _pyhanko_signer(self) -> signers.Signer:
        return self._signer


class SignatureSequence:
    """Several signers applied in order, each over the last one's output: the signer's personal signature, then
    the organisation's over it. `certificate` is the last signer's (the issuing organisation's)."""

    def __init__(self, *sequence: _PdfSigner):
        if not sequence:
            raise ValueError("no signer")
        self.signers = tuple(sequence)

    @property
    def certificate(self) -> x509.Certificate:
        return self.signers[-1].certificate

    @property
    def subject(self) -> str:
        return self.signers[-1].subject

    def sign(self, pdf: bytes) -> bytes:
        for each in self.signers:
            pdf = each.sign(pdf)
        return pdf


def self_signed_reason(certificate: x509.Certificate, chain=(), trust_roots=()) -> str | None:
    """Why this signing certificate is a self-signed (development) one, or None: it signed itself, or the
    top of its own chain is a self-signed root that is not among `trust_roots`."""
    trusted = {_cert(root).fingerprint(hashes.SHA256()) for root in trust_roots}
    by_subject = {c.subject: c for c in map(_cert, chain)}
    current, seen = _cert(certificate), set()
    while current.fingerprint(hashes.SHA256()) not in seen:
        seen.add(current.fingerprint(hashes.SHA256()))
        if current.fingerprint(hashes.SHA256()) in trusted:
            return None
        if current.issuer == current.subject:
            top = current.subject.rfc4514_string()
            return (f"chứng thư tự ký ({top})" if len(seen) == 1
                    else f"chuỗi chứng thư dừng ở một CA tự ký không nằm trong danh sách tin cậy ({top})")
        issuer = by_subject.get(current.issuer)
        if issuer is None:
            return None   # issued by a CA outside the bundle: not a self-made chain
        current = issuer
    return None


# -- verification --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Check:
    name: str        # stable key: "signature_intact", "signer_is_issuer", "sha256_matches", "chain_trusted"
    label: str       # what the verify page shows, in Vietnamese
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class SignatureInfo:
    """One signature of the file, in the order they were made: who signed (the certificate's CN and O), when,
    whether it is intact (the last one covering the whole file; an earlier one its revision, with only
    signatures added after it), and whether its chain reaches a configured trust root (None: no roots given)."""
    position: int
    field: str
    signer_name: str
    organization: str
    subject: str
    signed_at: datetime | None
    intact: bool
    trusted: bool | None
    detail: str = ""


@dataclass(frozen=True)
class Report:
    checks: tuple[Check, ...]
    signer_subject: str = ""
    signed_at: datetime | None = None
    sha256: str = ""
    signatures: tuple[SignatureInfo, ...] = ()

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(check.ok for check in self.checks)

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)


Expected = _PdfSigner | SignatureSequence | x509.Certificate | asn1_x509.Certificate | bytes | str   # who should have signed


def _outside_event_loop(function, *args, **kwargs):
    """pyHanko's synchronous API calls asyncio.run(), which refuses to run inside a running event loop (an
    async server, or Playwright's sync API in the same thread): then the call runs in a helper thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def verify(pdf: bytes, expected: Expected, *, expected_sha256: str | None = None,
           trust_roots: list | None = None) -> Report:
    """Check a signed PDF. `expected` names the issuer: a Signer, a certificate (cryptography, asn1crypto,
    PEM or DER bytes; compared by fingerprint) or a subject string (RFC 4514 form or the common name).
    `expected_sha256` is the digest recorded at issuance; `trust_roots` (certificates) adds a chain check."""
    return _outside_event_loop(_verify, pdf, expected, expected_sha256=expected_sha256, trust_roots=trust_roots)


def _verify(pdf: bytes, expected: Expected, *, expected_sha256: str | None = None,
            trust_roots: list | None = None) -> Report:
    digest = hashlib.sha256(pdf).hexdigest()
    checks: list[Check] = []
    found: list[SignatureInfo] = []
    last = None
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
        if not embedded:
            raise ValueError("tệp không có chữ ký số")
        roots = [_asn1(root) for root in trust_roots or []]
        for position, signature in enumerate(embedded, start=1):
            status = _validated(signature, roots)
            found.append(_signature_info(position, signature, status, last=position == len(embedded),
                                         with_roots=bool(roots)))
            last = status
        failed = next((each for each in found if not each.intact), None)
        checks.append(Check("signature_intact", "Chữ ký số nguyên vẹn", failed is None,
                            failed.detail if failed else ""))
    except Exception as error:  # noqa: BLE001  (unreadable or unsigned: the file fails, whatever the reason)
        checks.append(Check("signature_intact", "Chữ ký số nguyên vẹn", False, f"không kiểm tra được: {error}"))
    signer_cert = last.signing_cert if last is not None else None
    checks.append(_signer_check(signer_cert, expected))
    if trust_roots:
        trusted = bool(found) and all(each.trusted for each in found)
        checks.append(Check("chain_trusted", "Chứng thư số do tổ chức tin cậy cấp", trusted))
    if expected_sha256 is not None:
        same = secrets.compare_digest(digest, expected_sha256.lower())
        checks.append(Check("sha256_matches", "Tệp trùng khớp với bản đã lưu (SHA-256)", same,
                            "" if same else f"sha256 của tệp: {digest}"))
    subject = _cert(signer_cert).subject.rfc4514_string() if signer_cert is not None else ""
    signed_at = last.signer_reported_dt if last is not None else None
    return Report(tuple(checks), subject, signed_at, digest, tuple(found))


def _validated(signature, roots: list):
    # without trust roots, anchor the path at the signer's own certificate: the identity check is what
    # matters then, and pyHanko does not log a failed path search for every file
    context = ValidationContext(trust_roots=roots or [signature.signer_cert], allow_fetching=False)
    return validate_pdf_signature(signature, context)


def _signature_info(position: int, signature, status, *, last: bool, with_roots: bool) -> SignatureInfo:
    covered = (status.coverage == SignatureCoverageLevel.ENTIRE_FILE if last
               else status.coverage >= SignatureCoverageLevel.ENTIRE_REVISION and status.docmdp_ok is not False)
    intact = bool(status.intact and status.valid and covered)
    detail = ("" if intact else "nội dung đã bị thay đổi sau khi ký" if not status.intact
              else "chữ ký không hợp lệ" if not status.valid else "có nội dung thêm vào sau khi ký")
    cert = _cert(status.signing_cert)
    return SignatureInfo(position, signature.field_name, _attribute(cert, NameOID.COMMON_NAME),
                         _attribute(cert, NameOID.ORGANIZATION_NAME), cert.subject.rfc4514_string(),
                         status.signer_reported_dt, intact, bool(status.trusted) if with_roots else None, detail)


def _attribute(cert: x509.Certificate, oid) -> str:
    values = cert.subject.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def _signer_check(signer_cert, expected) -> Check:
    label = "Người ký là cơ quan ban hành"
    if signer_cert is None:
        return Check("signer_is_issuer", label, False, "không đọc được chứng thư của người ký")
    actual = _cert(signer_cert)
    if isinstance(expected, str):
        names = {actual.subject.rfc4514_string()}
        names |= {a.value for a in actual.subject.get_attributes_for_oid(NameOID.COMMON_NAME)}
        ok = expected in names
    else:
        wanted = _cert(expected.certificate if isinstance(expected, (_PdfSigner, SignatureSequence)) else expected)
        ok = wanted.fingerprint(hashes.SHA256()) == actual.fingerprint(hashes.SHA256())
    return Check("signer_is_issuer", label, ok, "" if ok else f"người ký: {actual.subject.rfc4514_string()}")


def _cert(value) -> x509.Certificate:
    if isinstance(value, x509.Certificate):
        return value
    if isinstance(value, asn1_x509.Certificate):
        return x509.load_der_x509_certificate(value.dump())
    if isinstance(value, (bytes, bytearray)):
        data = bytes(value)
        return (x509.load_pem_x509_certificate(data) if data.lstrip().startswith(b"-----")
                else x509.load_der_x509_certificate(data))
    raise TypeError(f"not a certificate: {type(value).__name__}")


def _asn1(value) -> asn1_x509.Certificate:
    if isinstance(value, asn1_x509.Certificate):
        return value
    return asn1_x509.Certificate.load(_cert(value).public_bytes(serialization.Encoding.DER))


# -- development keys ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DevKeys:
    p12_path: Path
    password: str
    ca_cert_path: Path
    files: tuple[Path, ...] = field(default=())


def generate_dev_keys(directory: str | os.PathLike, *, password: str | None = None,
                      organ: str = "ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU",
                      common_name: str = "Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu",
                      overwrite: bool = False) -> DevKeys:
    """A self-signed development CA and a signer certificate issued by it, as `signer.p12` (key and chain,
    encrypted with `password`, random if not given and then written to `signer.p12.password`) and
    `dev-ca.pem`. Files are created 0600. Refuses to overwrite unless asked. Never commit these files."""
    folder = Path(directory)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    p12_path, ca_path, pw_path = folder / "signer.p12", folder / "dev-ca.pem", folder / "signer.p12.password"
    if not overwrite and any(p.exists() for p in (p12_path, ca_path)):
        raise FileExistsError(f"development keys already exist in {folder}")
    password = password or secrets.token_urlsafe(18)
    now = datetime.now(UTC) - timedelta(minutes=5)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name("Vinh danh DEV CA - không dùng để ký thật", organ)
    ca_cert = (_builder(ca_name, ca_name, ca_key.public_key(), now, years=10)
               .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
               .add_extension(_usage(cert_sign=True), critical=True)
               .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (_builder(_name(common_name, organ), ca_name, key.public_key(), now, years=3)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(cert_sign=False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    p12 = pkcs12.serialize_key_and_certificates(
        b"signer", key, cert, [ca_cert], serialization.BestAvailableEncryption(password.encode()))
    _write_private(p12_path, p12)
    _write_private(ca_path, ca_cert.public_bytes(serialization.Encoding.PEM))
    _write_private(pw_path, password.encode())
    public = dev_public_keys(folder, overwrite=overwrite)
    return DevKeys(p12_path, password, ca_path, (p12_path, ca_path, pw_path, *public))


def dev_public_keys(folder: Path, *, overwrite: bool = False) -> tuple[Path, ...]:
    """The log and issuer Ed25519 keys (certificates.public_keys) beside the development signer, made when
    missing (or replaced when asked)."""
    from . import public_keys
    paths = tuple(folder / name for name in public_keys.FILE_NAMES.values())
    for path in paths:
        if overwrite:
            path.unlink(missing_ok=True)
        if not path.exists():
            public_keys.generate(path)
    return paths


def _name(common_name: str, organ: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organ),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _builder(subject, issuer, public_key, start, *, years: int) -> x509.CertificateBuilder:
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + timedelta(days=365 * years))
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False))


def _usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=not cert_sign, content_commitment=not cert_sign,
                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                         key_cert_sign=cert_sign, crl_sign=cert_sign, encipher_only=False, decipher_only=False)


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
