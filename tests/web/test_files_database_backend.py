"""With FILE_STORE=database the files live in the stored_file table: issuing a decision stores its signed PDFs
there (none in BLOB_DIR), and the download pages serve them, a large one read in slices."""
import hashlib
import io
import os

import pytest
from sqlalchemy import select, update

from tests import factories
from tests.web.test_authority import _draft, _issue
from tests.web.test_public import open_notice, post_comment  # noqa: F401 - a fixture used below
from workflow.extensions import db
from workflow.models import Decision, PublicComment, StoredFile
from workflow.services.blobs import CHUNK


@pytest.fixture
def database_store(app):
    app.config["FILE_STORE"] = "database"


def test_a_decision_issued_with_the_database_store_downloads_from_it(app, database_store, session, world, store,
                                                                      signed_in, tmp_path):
    chair = signed_in(world.chair)
    draft = _draft(session, world, store, count=1)
    assert _issue(chair, draft).status_code == 302
    session.expire_all()
    decision = session.scalars(select(Decision)).one()
    certificate = decision.lines[0].certificate
    stored = set(session.scalars(select(StoredFile.sha256)))
    assert {certificate.pdf_sha256, decision.pdf_sha256} <= stored
    assert not any(files for _, _, files in os.walk(app.config["BLOB_DIR"]))   # nothing on this machine's disk
    response = chair.get(f"/authority/certificates/{certificate.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert hashlib.sha256(response.data).hexdigest() == certificate.pdf_sha256
    assert response.headers["Content-Length"] == str(len(response.data))
    assert chair.get(f"/authority/certificates/{certificate.id}.pdf",
                     headers={"If-None-Match": f'"{certificate.pdf_sha256}"'}).status_code == 304

    large = os.urandom(2 * CHUNK + 777)          # served slice by slice, with its length announced
    sha = store.put(large)
    session.execute(update(Decision).where(Decision.id == decision.id).values(pdf_sha256=sha))
    session.commit()
    response = chair.get(f"/authority/decisions/{decision.id}/decision.pdf")
    assert response.status_code == 200 and response.headers["Content-Length"] == str(len(large))
    assert response.data == large
    db.session.execute(update(Decision).where(Decision.id == decision.id).values(pdf_sha256="cd" * 32))
    db.session.commit()
    assert chair.get(f"/authority/decisions/{decision.id}/decision.pdf").status_code == 404


def test_the_admin_reads_what_a_clean_removed_in_the_audit_log(app, database_store, session, world, store,
                                                              signed_in):
    orphan = store.put(b"left by a rolled-back signing")
    session.commit()
    result = app.test_cli_runner().invoke(args=["files", "check", "--clean", "--older-than", "0h"])
    assert result.exit_code == 0 and "Đã xóa 1 tệp" in result.output, result.output
    page = signed_in(world.admin).get("/admin/audit?action=clean_files").get_data(as_text=True)
    assert "Dọn tệp không còn dùng" in page and "Số tệp đã xóa" in page and orphan in page
    assert "Hệ thống" in page and "Kho tệp" in page


def test_a_citizens_evidence_is_stored_while_the_comment_is_still_being_built(database_store, session, browser,
                                                                            open_notice):  # noqa: F811
    """The file is stored before its row joins the comment: the store must not flush the half-built rows."""
    notice, nomination = open_notice
    response = post_comment(browser, notice, nomination,
                            attachment=(io.BytesIO(factories.PDF + b"bang chung"), "bằng chứng.pdf"))
    assert response.status_code == 303
    [evidence] = session.scalar(select(PublicComment)).attachments
    assert session.get(StoredFile, evidence.sha256).size == len(factories.PDF) + len(b"bang chung")
