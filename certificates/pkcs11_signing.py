"""The signer's personal signature with a key that never leaves a PKCS#11 device: a USB token, a smart card or a
network HSM, through its PKCS#11 module (the vendor's .so; SoftHSM2's in the tests). pyHanko's PKCS11Signer does
the signing; this opens one logged-in session per process, on first use, and keeps it.

The PIN is handed in by the caller (workflow/press.py reads it from the environment or a file): it is never in
the repository. The token holds the signer's certificate under the key's label (or `cert_label`), and may hold
its issuers' certificates too: all of them are embedded in the signature so a verifier can build the chain.
"""
import threading

from cryptography import x509
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.sign import pkcs11 as hanko_pkcs11

from .signing import _cert, _outside_event_loop, _PdfSigner


# python-pkcs11's exceptions for a PIN the token refuses, in the signer's words
PIN_ERRORS = {
    "PinIncorrect": "mã PIN không đúng; thiết bị sẽ bị khóa nếu nhập sai nhiều lần, hãy kiểm tra cấu hình "
                    "SIGNING_PKCS11_PIN trước khi thử lại",
    "PinLocked": "mã PIN của thiết bị đã bị khóa do nhập sai nhiều lần; cần mã PUK hoặc tổ chức cung cấp dịch vụ "
                 "chứng thực để mở khóa",
    "PinExpired": "mã PIN của thiết bị đã hết hạn; cần đổi mã PIN trước khi ký",
}


class TokenError(RuntimeError):
    """The token or its key cannot be used (module missing, token absent, wrong PIN, no such key)."""


class TokenSigner(_PdfSigner):
    field_name = "ChuKyNguoiKy"

    def __init__(self, module: str, *, token_label: str, key_label: str, pin: str | None,
                 cert_label: str | None = None, reason: str = "Ký ban hành", location: str = "",
                 field_name: str | None = None):
        super().__init__(reason=reason, location=location, field_name=field_name)
        self.module, self.token_label, self.key_label = module, token_label, key_label
        self.cert_label = cert_label or key_label
        self._pin = pin
        self._session = None
        self._signer: hanko_pkcs11.PKCS11Signer | None = None
        self._open_lock = threading.Lock()

    def _pyhanko_signer(self) -> hanko_pkcs11.PKCS11Signer:
        with self._open_lock:
            if self._signer is None:
                self._signer = _outside_event_loop(self._open)
            return self._signer

    def _open(self) -> hanko_pkcs11.PKCS11Signer:
        try:
            session = hanko_pkcs11.open_pkcs11_session(
                self.module, token_criteria=TokenCriteria(label=self.token_label), user_pin=self._pin)
        except Exception as error:
            said = PIN_ERRORS.get(type(error).__name__)
            if said:   # never retried by itself (a DomainError fails the job for good): a token locks after a few
                raise TokenError(f"{said} (thiết bị ký số «{self.token_label}»)") from error
            raise TokenError(f"không mở được thiết bị ký số «{self.token_label}» qua {self.module}: "
                             f"{type(error).__name__} {error}") from error
        signer = hanko_pkcs11.PKCS11Signer(session, cert_label=self.cert_label, key_label=self.key_label,
                                           other_certs_to_pull=None)   # None: every certificate on the token
        try:
            signer.signing_cert   # noqa: B018  (loads the key handle and certificates now, failing here if absent)
        except Exception as error:
            session.close()
            raise TokenError(f"không tìm thấy khóa «{self.key_label}» trên thiết bị ký số «{self.token_label}»: "
                             f"{error}") from error
        self._session = session
        return signer

    @property
    def certificate(self) -> x509.Certificate:
        return _cert(self._pyhanko_signer().signing_cert)

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        signer = self._pyhanko_signer()
        own = signer.signing_cert.dump()
        return tuple(_cert(c) for c in signer.cert_registry if c.dump() != own)

    def close(self) -> None:
        with self._open_lock:
            if self._session is not None:
                self._session.close()
            self._session = self._signer = None
