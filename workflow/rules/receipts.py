"""A comment receipt's private key (mã bảo mật). The receipt code is public (the notice page lists answers
by it), so what the citizen wrote is shown only to whoever also holds this key: an HMAC of the code under
the application's secret, printed on the citizen's own receipt. Pure: no Flask, no SQLAlchemy."""
import base64
import hashlib
import hmac

KEY_LENGTH = 10  # base32 characters: 50 bits, read out like the receipt code itself


def receipt_key(secret: str | bytes, code: str) -> str:
    """The key of `code`, as printed: two groups of five characters, e.g. ``ABCDE-FGH23``."""
    raw = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(raw, b"receipt-key\x00" + code.encode(), hashlib.sha256).digest()
    key = base64.b32encode(digest).decode()[:KEY_LENGTH]
    return f"{key[:5]}-{key[5:]}"


def key_matches(secret: str | bytes, code: str, typed: str) -> bool:
    """Whether `typed` (any case, spaces and dashes ignored) is the key of `code`; compared in constant time."""
    clean = "".join(ch for ch in (typed or "").upper() if ch.isalnum())
    expected = receipt_key(secret, code).replace("-", "")
    return hmac.compare_digest(clean.encode(), expected.encode())
