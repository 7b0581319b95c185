"""The only way WeasyPrint may read anything: files inside `certificates/layouts/` and `data:` URIs.

Every other URL — `file://` outside that folder, `http(s)://`, `ftp://`, anything else — is refused
before any I/O, so text that looks like a URL can never make the renderer read or send anything.
"""
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

LAYOUTS_DIR = Path(__file__).resolve().parent / "layouts"


class RefusedURL(ValueError):
    """A URL outside what the locked fetcher serves."""


class LockedFetcher(URLFetcher):
    """Serves `file:` URLs under `root` and `data:` URIs; refuses everything else."""

    def __init__(self, root: Path = LAYOUTS_DIR):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.root = Path(root).resolve()

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)   # decoded in memory by urllib's DataHandler
        if scheme == "file":
            return self._file(url)
        raise RefusedURL(f"refused: {url[:200]}")

    def _file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"refused: {url[:200]}")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise RefusedURL(f"refused: {url[:200]}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})
