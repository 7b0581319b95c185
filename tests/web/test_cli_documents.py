"""The document commands: `keys dev-generate`, `certificates verify FILE.pdf`, `certificates issue-missing`,
and `demo-data` issuing the demo decisions' signed PDFs."""
from sqlalchemy import select

from tests import factories
from workflow.models import Certificate, Decision


def test_dev_generate_creates_a_key_once_and_refuses_in_production(app, tmp_path):
    app.config["SIGNING_P12_PATH"] = str(tmp_path / "keys" / "signer.p12")
    app.config["SIGNING_P12_PASSWORD"] = None
    runner = app.test_cli_runner()
    first = runner.invoke(args=["keys", "dev-generate"])
    assert first.exit_code == 0 and "Đã tạo khóa ký số thử nghiệm" in first.output
    assert (tmp_path / "keys" / "signer.p12").stat().st_mode & 0o077 == 0
    key = (tmp_path / "keys" / "signer.p12").read_bytes()
    again = runner.invoke(args=["keys", "dev-generate"])
    assert again.exit_code == 0 and "Đã có khóa ký số" in again.output
    assert (tmp_path / "keys" / "signer.p12").read_bytes() == key
    # the transparency log's and the issuer's Ed25519 keys beside it, owner-only; an existing install gets them too
    public = [tmp_path / "keys" / name for name in ("log-ed25519.pem", "issuer-ed25519.pem")]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in public)
    public[1].unlink()
    made = runner.invoke(args=["keys", "dev-generate"])
    assert "Đã tạo thêm khóa Ed25519" in made.output and public[1].exists()
    from workflow.press import signer
    assert "Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu" in signer(app).subject  # the password file is found
    app.config["ENV_NAME"] = "production"
    refused = runner.invoke(args=["keys", "dev-generate", "--overwrite"])
    assert refused.exit_code != 0 and "hệ thống chính thức" in refused.output


def test_issue_missing_then_verify_a_good_and_a_tampered_file(app, session, world, store, tmp_path):
    factories.awarded(session, world, store, name="Xã Vĩnh Hưng A")
    session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["certificates", "issue-missing"])
    assert result.exit_code == 0 and "Đã phát hành 2 tệp PDF có chữ ký số." in result.output
    certificate = session.scalars(select(Certificate)).one()
    good = tmp_path / "bang-khen.pdf"
    good.write_bytes(store.read(certificate.pdf_sha256))
    ok = runner.invoke(args=["certificates", "verify", str(good)])
    assert ok.exit_code == 0, ok.output
    assert "Bằng khen: Xã Vĩnh Hưng A — Quyết định 1/QĐ-UBND" in ok.output
    # the three checks of the PDF, and the credential it carries (issue 19)
    assert ok.output.count("[ĐẠT]") == 4 and "KHÔNG ĐẠT" not in ok.output
    assert "[ĐẠT] Chứng nhận điện tử đính kèm (W3C VC, eddsa-jcs-2022) hợp lệ" in ok.output

    data = good.read_bytes()
    at = data.index(b"Vi")
    bad = tmp_path / "sua.pdf"
    bad.write_bytes(data[:at] + bytes([data[at] ^ 1]) + data[at + 1:])
    failed = runner.invoke(args=["certificates", "verify", str(bad)])
    assert failed.exit_code == 1
    assert "[KHÔNG ĐẠT] Chữ ký số nguyên vẹn" in failed.output
    assert "[KHÔNG ĐẠT] Tệp trùng khớp với bản đã lưu (SHA-256)" in failed.output

    decision = tmp_path / "qd.pdf"
    decision.write_bytes(store.read(session.scalars(select(Decision)).one().pdf_sha256))
    assert "Quyết định số 1/QĐ-UBND" in runner.invoke(args=["certificates", "verify", str(decision)]).output


def test_demo_data_issues_the_demo_decisions_signed_files(app, session):
    result = app.test_cli_runner().invoke(args=["demo-data", "--password", "mot-mat-khau-demo"])
    assert result.exit_code == 0, result.output
    assert "tệp PDF có chữ ký số cho các quyết định mẫu" in result.output
    decisions = session.scalars(select(Decision)).all()
    assert decisions and all(d.pdf_sha256 for d in decisions)
    assert all(c.pdf_sha256 for c in session.scalars(select(Certificate)) if not c.revoked)
