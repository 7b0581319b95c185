"""The document-management system (hệ thống quản lý văn bản và điều hành) as a source of decision numbers: a small
interface and its one HTTP implementation. Standard library only; never imports flask or the models.

The HTTP interface (JSON, `Authorization: Bearer <token>` when a token is configured):
    POST <url>  {"symbol": "QĐ-UBND", "year": 2026, "date": "2026-12-06", "title": "…", "issuer": "…"}
        ->  200 {"number": 123, "symbol": "123/QĐ-UBND"}       ("symbol" optional; if given it must agree)
Any other answer (a timeout, a refused connection, HTTP 4xx/5xx, not JSON, no positive number, another symbol)
refuses the issue with a Vietnamese sentence saying so; nothing is issued.
"""
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from ...rules.errors import ValidationFailed
from ...rules.numbering import MAX_SEQ, check_register_url

AFTER = "Quyết định chưa được ban hành, chưa có số nào được ghi; vui lòng thử lại sau hoặc báo văn thư."


@dataclass(frozen=True)
class NumberRequest:
    """What the document system is told about the act it numbers."""

    issuer: str
    symbol: str
    decision_date: date
    title: str


class DocumentSystemUnavailable(ValidationFailed):
    """The document system could not give a number: down, too slow, refused, or answered nonsense."""


class DocumentSystem(Protocol):
    def take_number(self, request: NumberRequest) -> int:
        """Register the act in the office's register and return its number (its sequence in the year)."""


class HttpDocumentSystem:
    def __init__(self, url: str, token: str = "", *, timeout: float = 10.0):
        self.url, self._token, self.timeout = check_register_url(url), token, timeout

    def __repr__(self) -> str:   # never the token
        return f"HttpDocumentSystem({self.url!r}, timeout={self.timeout})"

    def take_number(self, request: NumberRequest) -> int:
        answer = self._post({"symbol": request.symbol, "year": request.decision_date.year,
                             "date": request.decision_date.isoformat(), "title": request.title,
                             "issuer": request.issuer})
        number, symbol = (answer.get("number"), answer.get("symbol")) if isinstance(answer, dict) else (None, None)
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= MAX_SEQ:
            raise self._refusal("trả về dữ liệu không có số văn bản hợp lệ")
        if symbol is not None and _compact(symbol) != _compact(f"{number}/{request.symbol}"):
            raise self._refusal(f"trả về số ký hiệu «{symbol}», khác ký hiệu «{request.symbol}» của cấp ban hành")
        return number

    def _post(self, body: dict) -> object:
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        call = urllib.request.Request(self.url, data=json.dumps(body).encode(), headers=headers, method="POST")
        try:
            # the scheme is checked to be http(s) in __init__ (rules.numbering.check_register_url)
            with urllib.request.urlopen(call, timeout=self.timeout) as response:  # nosec B310
                return json.loads(response.read(64 * 1024))
        except urllib.error.HTTPError as error:
            raise self._refusal(f"từ chối yêu cầu cấp số (mã lỗi HTTP {error.code})") from None
        except (TimeoutError, urllib.error.URLError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                raise self._refusal(f"không trả lời trong {self.timeout:g} giây") from None
            raise self._refusal("không kết nối được") from None
        except OSError:
            raise self._refusal("ngắt kết nối khi đang trả lời") from None
        except ValueError:
            raise self._refusal("trả về dữ liệu không đọc được (không phải JSON)") from None

    def _refusal(self, what: str) -> DocumentSystemUnavailable:
        return DocumentSystemUnavailable(f"Không lấy được số quyết định: hệ thống quản lý văn bản ({self.url}) {what}. "
                                         f"{AFTER}")


def _compact(symbol: object) -> str:
    return "".join(str(symbol).split()).upper()
