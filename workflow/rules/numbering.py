"""Decision numbers: `{n}/QĐ-UBND`, the sequence restarting at 1 every 1 January, unique per issuer.
Golden-book numbers (số sổ vàng) run on per issuer without restarting. Who gives a decision its number is a
setting of the issuer (Decree 30/2020/NĐ-CP art. 15–16: the clerical office's register). Pure.
"""
import re
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import NamedTuple
from urllib.parse import urlsplit

from .errors import ValidationFailed
from .i18n import N_


class DecisionNumber(NamedTuple):
    year: int
    seq: int
    suffix: str = "QĐ-UBND"

    def __str__(self) -> str:
        return f"{self.seq}/{self.suffix}"


class NumberingMode(StrEnum):
    """Who numbers an issuer's decisions."""

    SELF = "self"                          # the product's own counter (the default, as before)
    OFFICE_REGISTER = "office_register"    # the clerical officer enters the register's number at issue time
    DOCUMENT_SYSTEM = "document_system"    # fetched from the document-management system at issue time


NUMBERING_LABELS = {
    NumberingMode.SELF: N_("Hệ thống tự cấp số theo thứ tự"),
    NumberingMode.OFFICE_REGISTER: N_("Văn thư nhập số từ sổ đăng ký văn bản khi ban hành"),
    NumberingMode.DOCUMENT_SYSTEM: N_("Lấy số từ hệ thống quản lý văn bản khi ban hành"),
}

# how an issued decision's page says where its number came from (kept as issued)
NUMBERING_SOURCE_LABELS = {
    NumberingMode.SELF: N_("Số do hệ thống cấp"),
    NumberingMode.OFFICE_REGISTER: N_("Số do Văn thư cấp theo sổ đăng ký văn bản đi"),
    NumberingMode.DOCUMENT_SYSTEM: N_("Số do hệ thống quản lý văn bản cấp"),
}

MAX_SEQ = 999_999
# The token itself never reaches the database, the audit trail or an export: the setting names the environment
# variable that holds it. The prefix keeps an administrator from sending another secret (SECRET_KEY…) to a URL.
TOKEN_VARIABLE = re.compile(r"REGISTER_TOKEN_[A-Z0-9_]{1,40}")
_ENTERED = re.compile(r"\s*0*(\d{1,6})\s*(?:/\s*(\S(?:.*\S)?)\s*)?")


def next_decision_number(previous: DecisionNumber | None, on: date, suffix: str = "QĐ-UBND") -> DecisionNumber:
    """The number after `previous` for a decision dated `on`; a new year starts again at 1."""
    if previous is not None and on.year < previous.year:
        raise ValueError("a decision cannot be numbered in a year before the last one issued")
    if previous is None or previous.year != on.year:
        return DecisionNumber(on.year, 1, suffix)
    return DecisionNumber(on.year, previous.seq + 1, suffix)


def next_free(last: int, is_taken: Callable[[int], bool]) -> int:
    """The counter's next number that no document holds yet: numbers entered from the office's register (or
    fetched from the document system) are skipped, never given twice."""
    seq = last + 1
    while is_taken(seq):
        seq += 1
    return seq


def parse_entered(text: str | None, suffix: str, on: date) -> DecisionNumber:
    """The number the clerical officer copied from the register: `123` or the whole symbol `123/QĐ-UBND`.
    A different symbol, zero or anything else is refused with a sentence saying what is expected."""
    match = _ENTERED.fullmatch(text or "")
    example = f"123/{suffix}"
    if not (text or "").strip():
        raise ValidationFailed(f"Cần nhập số quyết định đã đăng ký trong sổ văn bản đi (ví dụ: {example}).",
                               field="register_number")
    if match is None:
        raise ValidationFailed(f"Số quyết định «{text.strip()}» không hợp lệ: nhập số thứ tự (ví dụ 123) hoặc cả số "
                               f"và ký hiệu ({example}).", field="register_number")
    seq, given = int(match.group(1)), match.group(2)
    if given is not None and _compact(given) != _compact(suffix):
        raise ValidationFailed(f"Ký hiệu «{given}» khác ký hiệu quyết định của cấp ban hành («{suffix}»).",
                               field="register_number")
    return checked(seq, suffix, on)


def checked(seq: int, suffix: str, on: date) -> DecisionNumber:
    if not 1 <= seq <= MAX_SEQ:
        raise ValidationFailed("Số quyết định phải là số nguyên dương (số thứ tự trong năm).",
                               field="register_number")
    return DecisionNumber(on.year, seq, suffix)


def check_register_url(url: str) -> str:
    """The document system's address: http or https with a host (never file:// or another scheme)."""
    cleaned = (url or "").strip()
    parts = urlsplit(cleaned)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(cleaned) > 300:
        raise ValidationFailed("Địa chỉ hệ thống quản lý văn bản phải bắt đầu bằng https:// (hoặc http://) và có "
                               "tên máy chủ, tối đa 300 ký tự.", field="register_url")
    return cleaned


def check_token_variable(name: str) -> str:
    cleaned = (name or "").strip()
    if cleaned and not TOKEN_VARIABLE.fullmatch(cleaned):
        raise ValidationFailed("Tên biến môi trường chứa mã truy cập phải có dạng REGISTER_TOKEN_… (chữ in hoa, số, "
                               "dấu gạch dưới), ví dụ REGISTER_TOKEN_CA_MAU.", field="register_token_env")
    return cleaned


def _compact(symbol: str) -> str:
    return re.sub(r"\s+", "", symbol).upper()


def next_golden_book_number(previous: int | None) -> int:
    return (previous or 0) + 1
