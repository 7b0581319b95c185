"""Test key material for the signer's personal signature: a test CA and certificates it issues (made with
`cryptography`, never committed), a SoftHSM2 token holding one of them, and a fake remote-signing service.

SoftHSM2 comes from Debian (`make test-deps` installs it, TEST_DEBS in the Makefile): when it is missing the
tests fail with that instruction; they never skip."""
import base64
import json
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from cryptography.x509.oid import NameOID

SOFTHSM_MODULES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
MISSING_SOFTHSM = ("SoftHSM2 chưa được cài nên không kiểm thử được chữ ký qua PKCS#11: chạy `make test-deps` "
                   "hoặc `sudo apt-get update && sudo apt-get install -y softhsm2` (gói Debian softhsm2).")


@dataclass
class Issued:
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def name(common_name: str, organization: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_ca(common_name: str, organization: str = "Tổ chức chứng thực thử nghiệm") -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = name(common_name, organization)
    cert = (_builder(subject, subject, key.public_key())
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_usage(ca=True), critical=True)
            .sign(key, hashes.SHA256()))
    return Issued(key, cert)


def issue(ca: Issued, common_name: str, organization: str) -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (_builder(name(common_name, organization), ca.certificate.subject, key.public_key())
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(ca=False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
            .sign(ca.key, hashes.SHA256()))
    return Issued(key, cert)


def _builder(subject, issuer, public_key) -> x509.CertificateBuilder:
    start = datetime.now(UTC) - timedelta(minutes=5)
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
            .serial_number(x509.random_serial_number()).not_valid_before(start)
            .not_valid_after(start + timedelta(days=365))
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False))


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                         encipher_only=False, decipher_only=False)


# -- SoftHSM2 ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Token:
    module: str
    label: str
    pin: str
    key_label: str
    ca: Issued
    signer: Issued


def softhsm_module() -> str:
    module = next((m for m in SOFTHSM_MODULES if Path(m).is_file()), None)
    if module is None or shutil.which("softhsm2-util") is None:
        pytest.fail(MISSING_SOFTHSM, pytrace=False)
    return module


def softhsm_token(folder: Path, *, label: str, pin: str, key_label: str, ca: Issued, signer: Issued) -> Token:
    """A SoftHSM2 token in `folder` (SOFTHSM2_CONF points at its config for this process and its children),
    holding the signer's key (imported as PKCS#8 with softhsm2-util) and the signer's and the CA's certificates
    (written with python-pkcs11 in a child process, so this process loads the module only once it is ready)."""
    module = softhsm_module()
    (folder / "tokens").mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    key_file = folder / "signer-key.pem"
    key_file.write_bytes(signer.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                  serialization.NoEncryption()))
    _run(["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", pin + "-so"])
    _run(["softhsm2-util", "--import", str(key_file), "--token", label, "--label", key_label, "--id", "01",
          "--pin", pin])
    key_file.unlink()
    certificates = json.dumps([[key_label, "01", signer.certificate.public_bytes(serialization.Encoding.DER).hex(),
                                signer.certificate.subject.public_bytes().hex()],
                               ["test-ca", "02", ca.certificate.public_bytes(serialization.Encoding.DER).hex(),
                                ca.certificate.subject.public_bytes().hex()]])
    _run([sys.executable, "-c", _WRITE_CERTIFICATES, module, label, pin, certificates])
    return Token(module, label, pin, key_label, ca, signer)


def _run(args: list[str]) -> None:
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(f"{args[0]} {args[1]} thất bại ({done.returncode}): {done.stderr or done.stdout}", pytrace=False)


_WRITE_CERTIFICATES = """
import json, sys
import pkcs11
from pkcs11 import Attribute, CertificateType, ObjectClass
module, label, pin, certificates = sys.argv[1:]
with pkcs11.lib(module).get_token(token_label=label).open(rw=True, user_pin=pin) as session:
    for cert_label, cert_id, der, subject in json.loads(certificates):
        session.create_object({Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                               Attribute.TOKEN: True, Attribute.LABEL: cert_label, Attribute.ID: bytes.fromhex(cert_id),
                               Attribute.VALUE: bytes.fromhex(der), Attribute.SUBJECT: bytes.fromhex(subject)})
"""


# -- a fake remote-signing service -------------------------------------------------------------------------------
@dataclass
class FakeSigningService:
    """The interface of certificates/remote_signing.py, served on 127.0.0.1 by a thread: it signs the digests it
    is sent with the signer's key, for requests bearing its token, and records what it was asked."""
    signer: Issued
    chain: list[Issued]
    token: str
    requests: list[tuple[str, str, dict]] = field(default_factory=list)

    def __post_init__(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                service.requests.append(("GET", self.path, {}))
                if not self._authorized() or self.path != "/certificates":
                    return
                pems = [c.pem.decode() for c in (service.signer, *service.chain)]
                self._answer(200, {"certificates": pems})

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                service.requests.append(("POST", self.path, body))
                if not self._authorized() or self.path != "/sign":
                    return
                digest = base64.b64decode(body["digest"])
                value = service.signer.key.sign(digest, padding.PKCS1v15(), Prehashed(hashes.SHA256()))
                self._answer(200, {"signature": base64.b64encode(value).decode()})

            def _authorized(self) -> bool:
                if self.headers.get("Authorization") != f"Bearer {service.token}":
                    self._answer(401, {"error": "unauthorized"})
                    return False
                return True

            def _answer(self, status: int, body: dict):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
