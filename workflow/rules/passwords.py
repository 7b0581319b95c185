"""Which passwords are acceptable (OWASP ASVS 5.0 §6.2): long enough, not absurdly long, not on the list of
common passwords, not the user name. Pure: no Flask, no SQLAlchemy.

No composition rules (a digit, a capital…): length and a block list are what the standard asks for, and a
passphrase of plain Vietnamese words is a good password.
"""
import string
from functools import cache
from pathlib import Path

from .folding import fold

MIN_LENGTH = 10
# The sign-in form accepts up to 200 characters; a longer password could be set but never typed back.
MAX_LENGTH = 200
MIN_DISTINCT = 4  # "aaaaaaaaaa", "ababababab": long, yet guessed at once
COMMON_FILE = Path(__file__).with_name("data") / "common_passwords.txt"
_TRAILING = string.digits + string.punctuation + " "


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line) for line in lines if line.strip() and not line.startswith("#"))


def is_common(password: str) -> bool:
    """On the list as typed, or a listed stem followed by digits or punctuation ("MậtKhẩu2025!")."""
    folded = fold(password)
    stem = folded.rstrip(_TRAILING)
    return folded in common_passwords() or (bool(stem) and stem in common_passwords())


def problem(password: str, *, username: str = "") -> str | None:
    """What is wrong with this password, as a Vietnamese sentence for the form; None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Mật khẩu cần ít nhất {MIN_LENGTH} ký tự."
    if len(password) > MAX_LENGTH:
        return f"Mật khẩu dài tối đa {MAX_LENGTH} ký tự."
    if is_common(password) or len(set(fold(password))) < MIN_DISTINCT:
        return "Mật khẩu này quá phổ biến, dễ bị đoán ra. Hãy chọn mật khẩu khác, ví dụ một câu ngắn dễ nhớ."
    name = fold(username)
    if len(name) >= 3 and name in fold(password):
        return "Mật khẩu không được chứa tên đăng nhập."
    return None
