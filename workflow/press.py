"""The app's printing press: the services' Press built from configuration, with the signing key loaded
once per process (re-reading a PKCS#12 per signature costs about 7×). Large decisions' signing and print
batches run as background jobs (workflow/jobs), so a request for hundreds of certificates returns at once."""
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


def signing_key_files(app: Flask) -> tuple[Path, str | None]:
    """The PKCS#12 path and its password: from config, else the password file written beside the key by
    `keys dev-generate`."""
    path = Path(app.config["SIGNING_P12_PATH"])
    password = app.config.get("SIGNING_P12_PASSWORD")
    if password is None:
        password_file = path.with_name(path.name + ".password")
        password = password_file.read_text().strip() if password_file.exists() else None
    return path, password


def signer(app: Flask | None = None):
    """The issuer's Signer, or ValidationFailed with what to do when no key is configured."""
    from certificates.signing import Signer

    app = app or current_app
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
                           public_base_url=base_url or public_base_url(app), defaults=defaults)


def issuing(app: Flask | None = None) -> documents.Press:
    """The press for issuing a decision: a decision of up to SIGN_INLINE_MAX lines is signed in the request;
    a larger one by a background job, which services.decisions.issue queues in the same transaction."""
    app = app or current_app._get_current_object()
    return replace(press(app), sign_inline_max=app.config["SIGN_INLINE_MAX"], in_background=True)
