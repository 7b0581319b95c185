"""The signer's personal signature through a remote-signing service (the key stays with the service, e.g. a
provider's cloud HSM approved on the signer's phone), in two steps with pyHanko's interrupted signing:

1. we prepare the PDF (the signature field, the byte ranges) and the CMS signed attributes over its digest, and
   send the service only the sha256 of those attributes;
2. the service returns the raw signature value; we build the CMS around it and embed it in the reserved space.

The service's interface (`RemoteSigningClient`, JSON over HTTPS, `Authorization: Bearer <token>`):
    GET  <url>/certificates  ->  {"certificates": ["-----BEGIN CERTIFICATE-----…", …]}   the signer's first
    POST <url>/sign  {"digest": base64, "digest_algorithm": "sha256"}  ->  {"signature": base64}
A provider with another interface needs only another client with these two methods.
"""
import asyncio
import base64
import hashlib
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from io import BytesIO

from cryptography import x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .signing import _asn1, _cert, _outside_event_loop, _PdfSigner


class RemoteSigningError(RuntimeError):
    """The service could not be reached, refused the request, or answered something unusable."""


class RemoteSigningClient:
    def __init__(self, url: str, token: str = "", *, timeout: float = 30.0):
        if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise ValueError(f"địa chỉ dịch vụ ký số từ xa không hợp lệ: {url!r}")
        self.url, self._token, self.timeout = url.rstrip("/"), token, timeout

    def certificates(self) -> list[x509.Certificate]:
        answer = self._call("GET", "/certificates")
        try:
            return [x509.load_pem_x509_certificate(pem.encode()) for pem in answer["certificates"]]
        except (KeyError, TypeError, ValueError) as error:
            raise RemoteSigningError(f"dịch vụ ký số trả về chứng thư không đọc được: {error}") from error

    def sign_digest(self, digest: bytes, digest_algorithm: str = "sha256") -> bytes:
        answer = self._call("POST", "/sign", {"digest": base64.b64encode(digest).decode(),
                                              "digest_algorithm": digest_algorithm})
        try:
            return base64.b64decode(answer["signature"], validate=True)
        except (KeyError, TypeError, ValueError) as error:
            raise RemoteSigningError(f"dịch vụ ký số trả về chữ ký không đọc được: {error}") from error

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        headers = {"Accept": "application/json"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        data = None
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        request = urllib.request.Request(self.url + path, data=data, headers=headers, method=method)
        try:
            # the scheme is checked to be http(s) in __init__
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # nosec B310
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise RemoteSigningError(f"dịch vụ ký số từ chối yêu cầu (HTTP {error.code})") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise RemoteSigningError(f"không kết nối được dịch vụ ký số {self.url}: {error}") from error
        except ValueError as error:
            raise RemoteSigningError(f"dịch vụ ký số trả lời không phải JSON: {error}") from error


class RemoteSigner(_PdfSigner):
    field_name = "ChuKyNguoiKy"

    def __init__(self, client: RemoteSigningClient, *, reason: str = "Ký ban hành", location: str = "",
                 field_name: str | None = None):
        super().__init__(reason=reason, location=location, field_name=field_name)
        self.client = client
        self._certificates: list[x509.Certificate] | None = None
        self._fetch_lock = threading.Lock()

    def _chain_from_service(self) -> list[x509.Certificate]:
        with self._fetch_lock:
            if self._certificates is None:
                certificates = self.client.certificates()
                if not certificates:
                    raise RemoteSigningError("dịch vụ ký số không trả về chứng thư của người ký")
                self._certificates = certificates
            return self._certificates

    @property
    def certificate(self) -> x509.Certificate:
        return self._chain_from_service()[0]

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        return tuple(self._chain_from_service()[1:])

    def _sign(self, pdf: bytes) -> bytes:
        with self._lock:
            return asyncio.run(self._two_steps(pdf))

    def sign(self, pdf: bytes) -> bytes:
        return _outside_event_loop(self._sign, pdf)

    def _external(self, signature_value: bytes | int) -> signers.ExternalSigner:
        chain = self._chain_from_service()
        return signers.ExternalSigner(signing_cert=_asn1(chain[0]), signature_value=signature_value,
                                      cert_registry=_registry(chain[1:]))

    async def _two_steps(self, pdf: bytes) -> bytes:
        # step 1: the document's digest and the signed attributes over it (a placeholder value sizes the CMS)
        preparing = self._external(512)
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        pdf_signer = signers.PdfSigner(self._meta, signer=preparing)
        prepared, tbs, output = await pdf_signer.async_digest_doc_for_signing(writer, bytes_reserved=self.reserved)
        attributes = await preparing.signed_attrs(prepared.document_digest, "sha256", use_pades=True)
        # the service signs the digest of the signed attributes (it never sees the document)
        value = self.client.sign_digest(hashlib.sha256(attributes.dump()).digest(), "sha256")
        # step 2: the CMS around the returned value, embedded in the space reserved in step 1
        cms = await self._external(value).async_sign_prescribed_attributes("sha256", signed_attrs=attributes)
        await PdfTBSDocument.async_finish_signing(output, prepared, cms, post_sign_instr=tbs.post_sign_instructions)
        return output.getvalue()


def _registry(certificates) -> SimpleCertificateStore:
    return SimpleCertificateStore.from_certs([_asn1(_cert(c)) for c in certificates])
