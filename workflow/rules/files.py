"""What an uploaded file really is, judged by its first bytes and never by its name. Pure.

Accepted: PDF, DOCX (a ZIP holding word/document.xml), PNG and JPEG.
"""
import io
import re
import unicodedata
import zipfile

ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "image/png": ".png",
    "image/jpeg": ".jpg",
}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def sniff(data: bytes) -> str | None:
    """The allowed content type these bytes are, or None."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"PK\x03\x04") and _is_docx(data):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return None


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError, OSError):  # unreadable: not a DOCX
        return False


_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)


def safe_filename(name: str, content_type: str) -> str:
    """A display name without paths or control characters, ending in the extension of its real type."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    stem = _UNSAFE.sub("_", base.rsplit(".", 1)[0] if "." in base else base).strip(" ._")[:120]
    return f"{stem or 'tep'}{ALLOWED_TYPES[content_type]}"
