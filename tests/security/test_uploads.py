"""Uploads (ASVS 5.0 V5): what tests/web and tests/unit/test_files.py do not already cover. The type comes from
the bytes and decides the stored name's extension and the download's Content-Type; files live outside the web
root under their sha256 and nothing else; every download is an attachment; an oversized request on any form,
public ones included, gets the 413 page in Vietnamese.

Already covered elsewhere: sniffing (tests/unit/test_files.py), a non-allowed type refused beside the field,
the 10 MB cap and the 413 page on the unit form, path parts stripped from names (tests/web/test_unit.py),
private files and citizens' evidence never public (tests/web/test_public.py and the access matrix)."""
import io
import zlib
from pathlib import Path

import pytest
from sqlalchemy import select

from tests import factories
from workflow.models import Attachment
from workflow.services import clock

ROOT = Path(__file__).resolve().parents[2]
TOO_LARGE = "Tệp tải lên vượt quá dung lượng cho phép."


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    header = (1).to_bytes(4, "big") * 2 + b"\x08\x02\x00\x00\x00"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def upload(officer, nomination_id: int, data: bytes, filename: str, public: bool = False):
    url = f"/unit/nominations/{nomination_id}"
    payload = {"kind": "other", "file": (io.BytesIO(data), filename)} | ({"is_public": "y"} if public else {})
    return officer.post(f"{url}/attachments", payload, from_page=url, content_type="multipart/form-data")


@pytest.fixture
def draft(session, world, store):
    nomination = factories.make_nomination(session, world, store)
    session.commit()
    return nomination


def test_the_bytes_decide_the_type_the_stored_name_and_the_download_headers(app, session, world, store, draft,
                                                                            signed_in):
    officer = signed_in(world.officer_a)
    image = png()
    assert upload(officer, draft.id, image, "bao-cao.pdf").status_code == 302
    item = session.scalar(select(Attachment).where(Attachment.filename == "bao-cao.png"))
    assert item is not None and item.content_type == "image/png"
    response = officer.get(f"/unit/attachments/{item.id}")
    assert response.data == image and response.headers["Content-Type"] == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("data, name", [
    (b"<!doctype html><script>alert(1)</script>", "bao-cao.pdf"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "anh.png"),
    (b"%!PS-Adobe-3.0\n", "bao-cao.pdf"),
    (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "anh.jpg"),
    (b"PK\x03\x04" + b"\x00" * 40, "bao-cao.docx"),
])
def test_content_that_is_not_an_allowed_type_is_refused_whatever_its_name(app, session, world, draft, signed_in,
                                                                          data, name):
    before = session.scalar(select(Attachment.id).order_by(Attachment.id.desc()).limit(1))
    response = upload(signed_in(world.officer_a), draft.id, data, name)
    assert response.status_code == 200 and "Chỉ nhận tệp PDF, DOCX, PNG hoặc JPEG" in response.get_data(as_text=True)
    assert session.scalar(select(Attachment.id).order_by(Attachment.id.desc()).limit(1)) == before


def test_files_are_stored_outside_the_web_root_under_their_sha256_only(app, session, world, store, draft, signed_in):
    upload(signed_in(world.officer_a), draft.id, factories.PDF + b"% mot\n", "../../../static/x.pdf")
    item = session.scalar(select(Attachment).order_by(Attachment.id.desc()).limit(1))
    path = store.path(item.sha256)
    assert path.read_bytes() == factories.PDF + b"% mot\n" and path.name == item.sha256
    assert not Path(app.static_folder, "x.pdf").exists()
    root = store.root.resolve()
    assert not root.is_relative_to(Path(app.static_folder).resolve()) and not root.is_relative_to(ROOT / "templates")
    names = {p.name for p in root.rglob("*") if p.is_file()}
    assert all(len(name) == 64 and set(name) <= set("0123456789abcdef") for name in names)
    with pytest.raises(ValueError):
        store.path("../" + item.sha256[3:])


def test_the_secretariats_downloads_are_attachments_never_rendered(app, session, world, store, signed_in):
    nomination = factories.submitted(session, world, store)
    session.commit()
    response = signed_in(world.secretariat).get(
        f"/secretariat/nominations/{nomination.id}/attachments/{nomination.attachments[0].id}")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff" and "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("url", ["comment", "/verify"])
def test_an_oversized_public_upload_gets_the_413_page_in_vietnamese(app, session, world, store, browser, url):
    _, notice = factories.in_notice(session, world, store, today=clock.today())
    session.commit()
    target = f"/notices/{notice.id}/comment" if url == "comment" else url
    field = "attachment" if url == "comment" else "pdf"
    huge = factories.PDF + b"0" * app.config["MAX_CONTENT_LENGTH"]
    response = browser.post(target, {"full_name": "Lê Văn Tám", field: (io.BytesIO(huge), "lon.pdf")},
                            content_type="multipart/form-data")
    assert response.status_code == 413 and TOO_LARGE in response.get_data(as_text=True)
