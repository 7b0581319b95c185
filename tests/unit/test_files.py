"""Uploads (workflow/rules/files.py): a file is what its first bytes say, never what its name says."""
import io
import unicodedata
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow.rules.files import ALLOWED_TYPES, safe_filename, sniff

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def make_zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


REAL_DOCX = make_zip({
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                           'content-types"/>',
    "_rels/.rels": "<Relationships/>",
    "word/document.xml": '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                         "<w:body><w:p><w:r><w:t>Báo cáo thành tích</w:t></w:r></w:p></w:body></w:document>",
})
XLSX_LIKE_ZIP = make_zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
PLAIN_ZIP = make_zip({"bao-cao.txt": "không phải DOCX"})


def with_unsupported_zip_version(data: bytes) -> bytes:
    """The same archive, its central directory claiming 'version needed to extract' 8.0."""
    patched = bytearray(data)
    at = patched.find(b"PK\x01\x02")
    while at != -1:
        patched[at + 6:at + 8] = (80).to_bytes(2, "little")
        at = patched.find(b"PK\x01\x02", at + 4)
    return bytes(patched)


# --- sniff ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("data, content_type", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", PDF),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00", PNG),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", JPEG),
    (b"\xff\xd8\xff\xe1\x00\x16Exif\x00\x00", JPEG),
    (REAL_DOCX, DOCX),
])
def test_sniff_recognises_the_allowed_types_by_their_bytes(data, content_type):
    assert sniff(data) == content_type


@pytest.mark.parametrize("data", [
    pytest.param(XLSX_LIKE_ZIP, id="zip-without-word-document"),
    pytest.param(PLAIN_ZIP, id="plain-zip"),
    pytest.param(b"PK\x03\x04" + b"\x00" * 40, id="zip-signature-then-garbage"),
    pytest.param(REAL_DOCX[:200], id="truncated-docx"),
    pytest.param(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", id="windows-exe"),
    pytest.param(b"\x7fELF\x02\x01\x01\x00", id="elf"),
    pytest.param(b"<!DOCTYPE html><html><script>alert(1)</script></html>", id="html"),
    pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", id="svg"),
    pytest.param(b" %PDF-1.4", id="pdf-signature-not-at-the-start"),
    pytest.param(b"GIF89a\x01\x00\x01\x00", id="gif"),
    pytest.param(b"", id="empty"),
])
def test_sniff_refuses_everything_else(data):
    assert sniff(data) is None


def test_sniff_refuses_a_zip_it_cannot_read_instead_of_crashing():
    # An upload is attacker-controlled: a DOCX whose header claims an unsupported ZIP version makes
    # zipfile raise NotImplementedError, which must be a refusal, not a server error.
    assert sniff(with_unsupported_zip_version(REAL_DOCX)) is None


@given(st.binary(max_size=200))
def test_sniff_never_raises_on_arbitrary_bytes(data):
    assert sniff(data) in {None, *ALLOWED_TYPES}
    assert sniff(b"PK\x03\x04" + data) in {None, DOCX}


# --- safe_filename --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, content_type, safe", [
    ("../../etc/passwd.pdf", PDF, "passwd.pdf"),
    ("..\\..\\Windows\\system32\\evil.pdf", PDF, "evil.pdf"),
    ("/tmp/upload/Tờ trình 15-TTr-UBND.pdf", PDF, "Tờ trình 15-TTr-UBND.pdf"),
    ("Báo cáo thành tích.docx", DOCX, "Báo cáo thành tích.docx"),
    ("virus.exe", PDF, "virus.pdf"),                  # the extension follows the real type
    ("anh-trao-thuong.JPEG", JPEG, "anh-trao-thuong.jpg"),
    ("scan", PNG, "scan.png"),
    ("bao<script>cao.pdf", PDF, "bao_script_cao.pdf"),
    ("bao\x00cao\n.pdf", PDF, "bao_cao.pdf"),
    ("ho so (ban 2).pdf", PDF, "ho so (ban 2).pdf"),
    (".pdf", PDF, "tep.pdf"),
    ("..", PDF, "tep.pdf"),
    ("", PDF, "tep.pdf"),
])
def test_safe_filename_strips_paths_and_unsafe_characters(name, content_type, safe):
    assert safe_filename(name, content_type) == safe


def test_path_traversal_filename_is_sanitised():
    assert safe_filename("../../etc/passwd.pdf", PDF) == "passwd.pdf"


def test_decomposed_vietnamese_name_comes_out_composed():
    name = unicodedata.normalize("NFD", "Báo cáo thành tích.docx")
    assert safe_filename(name, DOCX) == unicodedata.normalize("NFC", "Báo cáo thành tích.docx")


def test_a_very_long_name_is_shortened_but_keeps_its_extension():
    safe = safe_filename("a" * 500 + ".pdf", PDF)
    assert safe == "a" * 120 + ".pdf"


@given(st.text(max_size=300), st.sampled_from(sorted(ALLOWED_TYPES)))
def test_safe_filename_never_yields_a_path_or_a_hidden_file(name, content_type):
    safe = safe_filename(name, content_type)
    assert "/" not in safe and "\\" not in safe
    assert not safe.startswith(".")
    assert safe.endswith(ALLOWED_TYPES[content_type])
    assert all(ch.isprintable() for ch in safe)
    assert len(safe) <= 120 + len(".docx")
