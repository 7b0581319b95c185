"""The app's printing press: the services' Press built from configuration, with the signing key loaded
once per process (re-reading a PKCS#12 per signature costs about 7×), and, when configured, the signer's personal
signature (a PKCS#11 token or a remote-signing service) before it (docs/SIGNING.md). Large decisions' signing and print
batches run as background jobs (workflow/jobs), so a request for hundreds of certificates returns at once."""
import functools
import logging
import threading
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from flask import Flask, current_app

from .files import file_store
from .rules.errors import ValidationFailed
from .services import documents
from .urls import public_base_url

log = logging.getLogger(__name__)
_signers: dict[tuple, object] = {}
_signers_lock = threading.Lock()

NOT_CONFIGURED = ("Chưa cấu hình khóa ký số của cơ quan ban hành (SIGNING_P12_PATH), nên chưa thể phát hành văn "
                  "bản có chữ ký số. Quản trị hệ thống chạy `flask --app wsgi keys dev-generate` (môi trường thử) "
                  "hoặc cấu hình tệp PKCS#12 của cơ quan.")


ISSUER_KEY_MISSING = ("Chưa có khóa ký chứng nhận điện tử của cơ quan ban hành (ISSUER_KEY_PATH), nên chưa thể phát "
                      "hành văn bản. Quản trị hệ thống chạy `flask --app wsgi keys dev-generate` (môi trường thử) hoặc "
                      "cấu hình tệp khóa Ed25519 của cơ quan.")


def signing_key_files(app: Flask) -> tuple[Path, str | None]:
    """The PKCS#12 path and its password: from config, else the password file written beside the key by
    `keys dev-generate`."""
    path = Path(app.config["SIGNING_P12_PATH"])
    password = app.config.get("SIGNING_P12_PASSWORD")
    if password is None:
        password_file = path.with_name(path.name + ".password")
        password = password_file.read_text().strip() if password_file.exists() else None
    return path, password


SIGNING_MODES = ("server", "personal_then_organisation")
PERSONAL_SIGNERS = ("pkcs11", "remote")


class SigningKeyRefused(RuntimeError):
    """Production refuses to start with a self-signed (development) signing key: the message says what to do."""


def signer(app: Flask | None = None):
    """What signs each issued PDF, or ValidationFailed with what to do when no key is configured: the issuer's
    PKCS#12 key (SIGNING_MODE "server"), or the signer's personal signature then the organisation's seal with
    that key ("personal_then_organisation"). Its `certificate` is the organisation's: the expected issuer."""
    app = app or current_app
    organisation = _organisation(app)
    if app.config.get("SIGNING_MODE", "server") != "personal_then_organisation":
        return organisation
    personal = _personal(app)
    key = ("sequence", id(personal), id(organisation))
    with _signers_lock:
        if key not in _signers:
            _signers[key] = _sequence_class()(personal, organisation)
        return _signers[key]


def _organisation(app: Flask):
    from certificates.signing import Signer

    path, password = signing_key_files(app)
    if not path.is_file():
        raise ValidationFailed(NOT_CONFIGURED)
    key = (str(path.resolve()), path.stat().st_mtime_ns, password)
    with _signers_lock:
        if key not in _signers:
            try:
                _signers[key] = Signer(path, password, location=app.config.get("SIGNING_LOCATION", ""))
            except (ValueError, OSError) as error:
                log.error("cannot load the signing key %s: %s", path, error)
                raise ValidationFailed("Không đọc được khóa ký số đã cấu hình (sai mật khẩu hoặc tệp hỏng). "
                                       "Vui lòng báo quản trị hệ thống.") from None
        return _signers[key]


def _personal(app: Flask):
    """The signer's personal signer (one per process and configuration): a PKCS#11 token, or a remote service."""
    c = app.config
    location = c.get("SIGNING_LOCATION", "")
    if c.get("SIGNING_PERSONAL") == "remote":
        if not c.get("SIGNING_REMOTE_URL"):
            raise ValidationFailed("Chưa cấu hình dịch vụ ký số từ xa (SIGNING_REMOTE_URL) cho chữ ký của người ký.")
        key = ("remote", c["SIGNING_REMOTE_URL"], c.get("SIGNING_REMOTE_TOKEN", ""), location)
        with _signers_lock:
            if key not in _signers:
                from certificates.remote_signing import RemoteSigner, RemoteSigningClient
                client = RemoteSigningClient(c["SIGNING_REMOTE_URL"], c.get("SIGNING_REMOTE_TOKEN", ""),
                                             timeout=float(c.get("SIGNING_REMOTE_TIMEOUT", 30)))
                _signers[key] = RemoteSigner(client, location=location)
            return _signers[key]
    module, token, label = (c.get(name) for name in (
        "SIGNING_PKCS11_MODULE", "SIGNING_PKCS11_TOKEN_LABEL", "SIGNING_PKCS11_KEY_LABEL"))
    if not (module and token and label):
        raise ValidationFailed("Chưa cấu hình thiết bị ký số của người ký (SIGNING_PKCS11_MODULE, "
                               "SIGNING_PKCS11_TOKEN_LABEL, SIGNING_PKCS11_KEY_LABEL).")
    pin = _pin(app)
    key = ("pkcs11", module, token, label, c.get("SIGNING_PKCS11_CERT_LABEL") or "", pin, location)
    with _signers_lock:
        if key not in _signers:
            from certificates.pkcs11_signing import TokenSigner
            _signers[key] = TokenSigner(module, token_label=token, key_label=label, pin=pin, location=location,
                                        cert_label=c.get("SIGNING_PKCS11_CERT_LABEL") or None)
        return _signers[key]


def _pin(app: Flask) -> str | None:
    if app.config.get("SIGNING_PKCS11_PIN") is not None:
        return app.config["SIGNING_PKCS11_PIN"]
    path = app.config.get("SIGNING_PKCS11_PIN_FILE")
    return Path(path).read_text().strip() if path else None


@functools.cache
def _sequence_class():
    from certificates.pkcs11_signing import TokenError
    from certificates.remote_signing import RemoteSigningError
    from certificates.signing import SignatureSequence

    class Sequence(SignatureSequence):
        """A personal signer that cannot sign (token absent, wrong PIN, service down) stops the issue with a
        message, and nothing is recorded (the caller's transaction is rolled back)."""

        def sign(self, pdf: bytes) -> bytes:
            try:
                return super().sign(pdf)
            except (TokenError, RemoteSigningError) as error:
                log.error("the personal signature failed: %s", error)
                raise ValidationFailed(f"Không ký được chữ ký số của người ký ({error}). Kiểm tra thiết bị ký số "
                                       "hoặc dịch vụ ký số từ xa rồi thử lại.") from None
    return Sequence


def trust_roots(app: Flask | None = None) -> list:
    """The certificates of the PEM files SIGNING_TRUST_ROOTS names (each file may hold several)."""
    from cryptography import x509

    app = app or current_app
    roots = []
    for name in app.config.get("SIGNING_TRUST_ROOTS") or []:
        path = Path(name)
        key = ("roots", str(path.resolve()), path.stat().st_mtime_ns if path.is_file() else None)
        with _signers_lock:
            if key not in _signers:
                if not path.is_file():
                    raise ValidationFailed(f"Không tìm thấy tệp chứng thư gốc tin cậy {path} (SIGNING_TRUST_ROOTS).")
                _signers[key] = x509.load_pem_x509_certificates(path.read_bytes())
            roots.extend(_signers[key])
    return roots


def init_app(app: Flask) -> None:
    """At start: an unknown SIGNING_MODE stops the app; production stops on a self-signed signing key."""
    c = app.config
    if c.get("SIGNING_MODE", "server") not in SIGNING_MODES:
        raise ValueError(f"SIGNING_MODE={c['SIGNING_MODE']!r}: chỉ nhận " + " hoặc ".join(SIGNING_MODES) + ".")
    if c.get("SIGNING_MODE") == "personal_then_organisation" and c.get("SIGNING_PERSONAL") not in PERSONAL_SIGNERS:
        raise ValueError(f"SIGNING_PERSONAL={c.get('SIGNING_PERSONAL')!r}: chỉ nhận pkcs11 hoặc remote.")
    if c.get("ENV_NAME") == "production" and not (app.debug or app.testing):
        refuse_self_signed_key(app)


def refuse_self_signed_key(app: Flask) -> None:
    """SigningKeyRefused when the issuer's key is a self-signed development one (itself, or the top of the chain
    it carries, is self-signed and not a configured trust root), unless SIGNING_ALLOW_SELF_SIGNED is set."""
    from certificates.signing import self_signed_reason

    if app.config.get("SIGNING_ALLOW_SELF_SIGNED"):
        return
    path, _ = signing_key_files(app)
    if not path.is_file():
        return   # no key yet: nothing is issued until one is configured (NOT_CONFIGURED says so)
    try:
        key = _organisation(app)
    except ValidationFailed as error:
        raise SigningKeyRefused(f"{error.message} ({path})") from None
    reason = self_signed_reason(key.certificate, key.chain, trust_roots(app))
    if reason:
        raise SigningKeyRefused(
            f"Hệ thống chính thức không khởi động với khóa ký số tự ký (khóa thử nghiệm) {path}: {reason}. "
            "Cấu hình khóa PKCS#12 do tổ chức cung cấp dịch vụ chứng thực chữ ký số cấp (SIGNING_P12_PATH) và "
            "chứng thư gốc của tổ chức đó (SIGNING_TRUST_ROOTS); chỉ khi thật sự cần, đặt "
            "SIGNING_ALLOW_SELF_SIGNED=1 để chấp nhận khóa tự ký. Xem docs/SIGNING.md.")


def press(app: Flask | None = None, *, signing: bool = True, base_url: str | None = None) -> documents.Press:
    """`signing=False` for printing, which needs no key (print batches are not signed). The QR codes point at
    `base_url`, else at our public address now (workflow/urls.py)."""
    app = app or current_app
    c = app.config
    defaults = documents.PrintSettings(
        paper=c.get("CERTIFICATE_PAPER", ""), offset_x_mm=Decimal(str(c.get("CERTIFICATE_OFFSET_X_MM", 0))),
        offset_y_mm=Decimal(str(c.get("CERTIFICATE_OFFSET_Y_MM", 0))), red=c.get("CERTIFICATE_RED", "#c8102e"),
        gold=c.get("CERTIFICATE_GOLD", "#b8860b"))
    return documents.Press(signer=signer(app) if signing else None, store=file_store(app),
                           public_base_url=base_url or public_base_url(app), defaults=defaults,
                           issuer_key=issuer_key(app))


def issuer_key(app: Flask | None = None):
    """The issuer's Ed25519 key (certificates.public_keys), which signs the credentials, the status list and the
    QR codes' statements; None when it is not configured (issuing then says so; prints carry only the address)."""
    from certificates.public_keys import ISSUER, KeyNotConfigured, signing_key
    try:
        return signing_key((app or current_app).config, ISSUER)
    except KeyNotConfigured:
        return None


def issuing(app: Flask | None = None) -> documents.Press:
    """The press for issuing a decision: a decision of up to SIGN_INLINE_MAX lines is signed in the request;
    a larger one by a background job, which services.decisions.issue queues in the same transaction."""
    app = app or current_app._get_current_object()
    issuing_press = press(app)
    if issuing_press.issuer_key is None:   # refused before anything is numbered, like a missing PDF key
        raise ValidationFailed(ISSUER_KEY_MISSING)
    return replace(issuing_press, sign_inline_max=app.config["SIGN_INLINE_MAX"], in_background=True)
