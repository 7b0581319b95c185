"""Certificates as verifiable credentials, end to end (issue 19): an issued certificate's PDF carries its signed
credential (also downloadable from the verify page) and its QR code the signed statement; the published status
list agrees with /verify through revocation, correction and replacement; a photographed QR code is checked against
the issuer's key and the register, naming each field that differs; `flask certificates verify` checks the embedded
credential and refuses one with a changed field."""
import io
import json
import subprocess
from datetime import date
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from certificates import credentials as vc
from certificates import qr_statement, status_list
from tests import factories
from tests.unit.test_certificates import tool
from tests.web.test_public import text
from workflow import press as press_module
from workflow.models import Certificate, CredentialStatus
from workflow.services import corrections, credentials, decisions, documents

BASE = "http://localhost"


@pytest.fixture
def issued(app, session, world, store):
    """Two certificates of one decision, signed and stored as issuing does."""
    first = factories.awarded(session, world, store, name="Ủy ban nhân dân xã Vĩnh Hưng A")
    second = factories.awarded(session, world, store, name="Hợp tác xã Đông Hải")
    for nomination in (first, second):
        decision = decisions.certificate_of(session, nomination).line.decision
        documents.issue(session, decision, press=press_module.press(app), by=world.chair)
    session.commit()
    return [decisions.certificate_of(session, n) for n in (first, second)], (first, second)


def issuer_keys(client) -> dict:
    profile = client.get("/issuer").get_json(force=True)
    method = profile["verificationMethod"][0]
    assert profile["assertionMethod"] == [method["id"]] and method["type"] == "Multikey"
    return {method["id"]: vc.multikey(method["publicKeyMultibase"])}


def published_bit(client, credential: dict, keys: dict) -> bool:
    entry = credential["credentialStatus"]
    listed = client.get(urlsplit(entry["statusListCredential"]).path).get_json(force=True)
    return status_list.status_from_list(listed, int(entry["statusListIndex"]), keys)


def test_the_pdf_carries_the_credential_the_verify_page_serves_and_it_verifies(app, session, store, issued):
    (cert, _), _ = issued
    client = app.test_client()
    embedded = vc.embedded(store.read(cert.pdf_sha256))
    served = client.get(f"/verify/{cert.verify_code}/credential.json")
    assert served.status_code == 200 and served.headers["Content-Type"].startswith("application/vc")
    assert json.loads(embedded) == served.get_json(force=True)
    credential = json.loads(embedded)
    assert vc.verify_proof(credential, issuer_keys(client))["credentialSubject"]["identifier"][0]["identityHash"] \
        .startswith("Ủy ban nhân dân xã Vĩnh Hưng A")
    assert credential["evidence"][0]["id"].endswith(f"/decisions/{cert.line.decision_id}")
    page = text(client.get(f"/verify/{cert.verify_code}"))
    assert "Danh sách trạng thái công bố" in page and "còn hiệu lực" in page
    assert "Trùng với trạng thái trong sổ khen thưởng." in page and "Tải chứng nhận điện tử" in page
    indices = session.scalars(select(CredentialStatus.id)).all()
    assert len(indices) == len(set(indices)) == 2


def test_the_status_list_and_verify_agree_through_revocation_correction_and_replacement(app, session, world, issued):
    (first, second), (revoked, _) = issued
    client = app.test_client()
    keys = issuer_keys(client)
    credentials_before = {c.verify_code: client.get(f"/verify/{c.verify_code}/credential.json").get_json(force=True)
                          for c in (first, second)}
    assert [published_bit(client, c, keys) for c in credentials_before.values()] == [False, False]

    decisions.revoke(session, revoked, by=world.chair, expected_version=revoked.version,
                     reason="Kê khai thành tích không đúng.", revoking_decision_no="15/QĐ-UBND")
    old_code = second.verify_code
    corrections.reissue(session, second, by=world.secretariat, reason="lost", requested_by="Ông Trần Văn Ba",
                        requested_on=date(2025, 3, 10))
    documents.issue(session, second.line.decision, press=press_module.press(app), by=world.chair)
    session.commit()

    assert published_bit(client, credentials_before[first.verify_code], keys) is True
    assert published_bit(client, credentials_before[old_code], keys) is True
    new = client.get(f"/verify/{second.verify_code}/credential.json").get_json(force=True)
    assert published_bit(client, new, keys) is False
    assert int(new["credentialStatus"]["statusListIndex"]) > int(credentials_before[old_code]["credentialStatus"]
                                                                   ["statusListIndex"])
    # the standalone verifier reads the same bits from the same published list, its proof checked
    tool, listed = verifier_module(), client.get("/credentials/status/1").get_json(force=True)
    tool_keys = tool.load_keys(client.get("/issuer").get_json(force=True)["verificationMethod"][0]["publicKeyMultibase"])
    assert [tool.revoked_by_status_list(c, tool_keys, listed) for c in (*credentials_before.values(), new)] == \
        [True, True, False]
    listed["credentialSubject"]["encodedList"] = "u" + "A" * 40   # the list altered: its proof no longer holds
    with pytest.raises(tool.Refused):
        tool.revoked_by_status_list(new, tool_keys, listed)
    for code, headline in ((first.verify_code, "ĐÃ THU HỒI"), (old_code, "ĐÃ ĐƯỢC THAY THẾ"),
                           (second.verify_code, "HỢP LỆ")):
        page = text(client.get(f"/verify/{code}"))
        assert headline in page and "Trùng với trạng thái trong sổ khen thưởng." in page, code
        assert ("đã thu hồi, không còn giá trị" in page) is (headline != "HỢP LỆ"), code


def scanned(pdf: bytes, tmp_path) -> bytes:
    """The certificate as a scanner would give it: a 300 dpi grayscale PNG of the page's lower-left quarter."""
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run([tool("pdftoppm"), "-r", "300", "-gray", "-x", "0", "-y", "1770", "-W", "2400", "-H", "1770",
                    "-png", "-singlefile", str(tmp_path / "c.pdf"), str(tmp_path / "c")], check=True)
    return (tmp_path / "c.png").read_bytes()


def test_a_photographed_qr_code_is_checked_offline_and_against_the_register(app, session, store, browser, issued,
                                                                           tmp_path):
    (cert, _), _ = issued
    photo = scanned(store.read(cert.pdf_sha256), tmp_path)
    form = browser.get("/verify/qr")
    assert form.status_code == 200 and form.headers["Cache-Control"] == "no-store"
    good = browser.post("/verify/qr", {"image": (io.BytesIO(photo), "qr.png")})
    page = text(good)
    assert good.status_code == 200 and "HỢP LỆ" in page and cert.verify_code in page, page
    assert "Ủy ban nhân dân xã Vĩnh Hưng A" in page and str(cert.golden_book_no) in page

    # the register says otherwise than the paper (e.g. a record changed afterwards): every field is named
    cert.line.decision.number = "99/QĐ-UBND"
    session.commit()
    differs = text(browser.post("/verify/qr", {"image": (io.BytesIO(photo), "qr.png")}))
    assert "KHÁC SỔ KHEN THƯỞNG" in differs
    assert "Số quyết định trên mã: 1/QĐ-UBND; trong sổ: 99/QĐ-UBND" in differs


@pytest.mark.parametrize(("upload", "message"), [
    (b"GIF89a not really", "Không đọc được tệp này như một ảnh"),
    (b"%PDF-1.7 a pdf, not an image", "Không đọc được tệp này như một ảnh"),
    (None, "Không tìm thấy mã QR trên ảnh"),
    ("https://example.com/menu-quan-an", "không mang bản tóm tắt có chữ ký của hệ thống này"),
])
def test_unreadable_images_no_qr_and_foreign_codes_each_get_their_own_message(app, browser, upload, message):
    if upload is None:
        from PIL import Image
        out = io.BytesIO()
        Image.new("L", (400, 300), 255).save(out, format="PNG")
        data = {"image": (io.BytesIO(out.getvalue()), "trang.png")}
    elif isinstance(upload, str):
        data = {"text": upload}
    else:
        data = {"image": (io.BytesIO(upload), "anh.jpg")}
    response = browser.post("/verify/qr", data)
    assert response.status_code == 400 and message in text(response)


def test_a_forged_statement_is_refused_for_its_signature(app, browser, issued):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from certificates.public_keys import SigningKey
    (cert, _), _ = issued
    forged = qr_statement.sign(credentials.statement(cert), SigningKey(Ed25519PrivateKey.generate()))
    response = browser.post("/verify/qr", {"text": f"{BASE}/verify/{cert.verify_code}#{forged}"})
    assert response.status_code == 400 and "KHÔNG hợp lệ" in text(response)


def test_the_cli_checks_the_embedded_credential_and_refuses_one_changed_field(app, session, store, issued, tmp_path):
    (cert, _), _ = issued
    pdf = store.read(cert.pdf_sha256)
    runner = app.test_cli_runner()
    (tmp_path / "issued.pdf").write_bytes(pdf)
    good = runner.invoke(args=["certificates", "verify", str(tmp_path / "issued.pdf")])
    assert good.exit_code == 0, good.output
    assert "[ĐẠT] Chứng nhận điện tử đính kèm (W3C VC, eddsa-jcs-2022) hợp lệ" in good.output

    # one field changed, and the PDF signed again with the organisation's own key: the PDF signature holds, the
    # credential's does not
    credential = json.loads(vc.embedded(pdf))
    credential["credentialSubject"]["identifier"][0]["identityHash"] = "Ông Nguyễn Văn Giả"
    from certificates import render
    rebuilt = press_module.signer(app).sign(vc.embed(render(documents.certificate_data(
        cert, verify_url=f"{BASE}/verify/{cert.verify_code}")), vc.dumps(credential)))
    (tmp_path / "changed.pdf").write_bytes(rebuilt)
    bad = runner.invoke(args=["certificates", "verify", str(tmp_path / "changed.pdf")])
    assert bad.exit_code == 1
    assert "[ĐẠT] Chữ ký số nguyên vẹn" in bad.output
    assert "[KHÔNG ĐẠT] Chứng nhận điện tử đính kèm (W3C VC, eddsa-jcs-2022) hợp lệ: chữ ký không khớp" in bad.output


def test_the_migration_gives_every_existing_code_its_place_and_downgrades(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import inspect

    from workflow.models import search_index

    from workflow import create_app
    from workflow.extensions import db
    from workflow.files import file_store

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.db'}",
                     BLOB_DIR=str(tmp_path / "blobs"))
    with app.app_context():
        upgrade(revision="f19a00000001")
        world = factories.make_world(db.session)
        store = file_store(app)
        for name in ("Xã Vĩnh Hưng A", "Hợp tác xã Đông Hải"):
            factories.awarded(db.session, world, store, name=name)
        db.session.commit()
        codes = db.session.scalars(select(Certificate.verify_code).order_by(Certificate.id)).all()
        db.session.remove()
        upgrade()
        rows = db.session.execute(select(CredentialStatus.id, CredentialStatus.verify_code)
                                  .order_by(CredentialStatus.id)).all()
        assert [code for _, code in rows] == codes and [i for i, _ in rows] == [1, 2]
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": search_index.include_name})
            assert compare_metadata(context, db.metadata) == []
        db.session.remove()
        downgrade(revision="f19a00000001")
        assert "credential_status" not in inspect(db.engine).get_table_names()
        upgrade()
        db.session.remove()


def verifier_module():
    """tools/vinhdanh_verify.py imported as the file it is (it is not a package)."""
    import importlib.util
    from pathlib import Path
    path = Path(__file__).resolve().parents[2] / "tools" / "vinhdanh_verify.py"
    spec = importlib.util.spec_from_file_location("vinhdanh_verify", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_tool(*args: str) -> subprocess.CompletedProcess:
    import sys
    from pathlib import Path
    script = Path(__file__).resolve().parents[2] / "tools" / "vinhdanh_verify.py"
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, timeout=60,
                          check=False)


def test_the_standalone_verifier_checks_a_printed_qr_code_and_a_credential_offline(app, store, issued, tmp_path):
    """tools/vinhdanh_verify.py's offline commands (standard library + cryptography) as a subprocess: a real certificate's QR read by zbar,
    checked against the published key and the register's record; a changed statement, another key and a record
    that differs are each refused, naming the fields."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from certificates.public_keys import SigningKey
    (cert, _), _ = issued
    client = app.test_client()
    (tmp_path / "issuer.json").write_bytes(client.get("/issuer").data)
    record = client.get(f"/verify/{cert.verify_code}/record.json").get_json(force=True)
    assert record["d"] == "1/QĐ-UBND" and record["valid"] is True
    (tmp_path / "record.json").write_text(json.dumps(record, ensure_ascii=False))
    (tmp_path / "qr.png").write_bytes(scanned(store.read(cert.pdf_sha256), tmp_path))
    issuer, photo, on_record = (str(tmp_path / name) for name in ("issuer.json", "qr.png", "record.json"))

    good = run_tool("qr", photo, "--issuer-key", issuer, "--record", on_record)
    assert good.returncode == 0 and "Trùng khớp với sổ khen thưởng." in good.stdout, good.stdout + good.stderr
    assert "Mã xác thực: " + cert.verify_code in good.stdout

    other = SigningKey(Ed25519PrivateKey.generate())
    wrong_key = run_tool("qr", photo, "--issuer-key", other.public.multibase)
    assert wrong_key.returncode == 1 and "KHÔNG hợp lệ" in wrong_key.stdout
    forged = qr_statement.sign(credentials.statement(cert), other)
    tampered = run_tool("qr", "--text", f"{BASE}/verify/{cert.verify_code}#{forged}", "--issuer-key", issuer)
    assert tampered.returncode == 1 and "KHÔNG hợp lệ" in tampered.stdout

    (tmp_path / "record.json").write_text(json.dumps(record | {"d": "99/QĐ-UBND", "g": "77"}, ensure_ascii=False))
    differs = run_tool("qr", photo, "--issuer-key", issuer, "--record", on_record)
    assert differs.returncode == 1
    assert "KHÁC SỔ: Số quyết định trên mã: 1/QĐ-UBND; trong sổ: 99/QĐ-UBND" in differs.stdout
    assert f"KHÁC SỔ: Số sổ vàng trên mã: {cert.golden_book_no}; trong sổ: 77" in differs.stdout

    credential = client.get(f"/verify/{cert.verify_code}/credential.json").get_json(force=True)
    (tmp_path / "credential.json").write_text(json.dumps(credential, ensure_ascii=False))
    assert run_tool("credential", str(tmp_path / "credential.json"), "--issuer-key", issuer,
                    "--offline").returncode == 0
    credential["validFrom"] = "2020-01-01T00:00:00+07:00"
    (tmp_path / "credential.json").write_text(json.dumps(credential, ensure_ascii=False))
    changed = run_tool("credential", str(tmp_path / "credential.json"), "--issuer-key", issuer, "--offline")
    assert changed.returncode == 1 and "KHÔNG hợp lệ" in changed.stdout


def test_without_the_issuer_key_nothing_is_issued_and_prints_carry_only_the_address(app, tmp_path):
    from workflow.rules.errors import ValidationFailed
    app.config["ISSUER_KEY_PATH"] = str(tmp_path / "none.pem")
    with pytest.raises(ValidationFailed, match="ISSUER_KEY_PATH"):
        press_module.issuing(app)
    assert press_module.press(app).issuer_key is None
