"""The integration API's pure rules: client tokens (format, hash at rest, scopes), opaque cursors, and the
signature of a webhook. Pure: imports neither Flask nor SQLAlchemy.

A token reads `vd_<prefix>_<secret>`: the prefix finds the client's row (indexed, shown in lists), the secret
is 32 random bytes, and only the SHA-256 of the whole token is kept. A slow password hash is not needed: the
secret is random, not chosen by a person, so nothing can be guessed from the hash.
"""
import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
from enum import StrEnum
from typing import Any


class Scope(StrEnum):
    PROPOSALS_READ = "proposals:read"     # read the client's own proposals and their status
    PROPOSALS_WRITE = "proposals:write"   # submit proposals with their nominees and attachments


TOKEN = re.compile(r"vd_([a-z0-9]{10})_([A-Za-z0-9_-]{43})")
PREFIX_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


def new_token() -> tuple[str, str]:
    """(prefix, token): the token is shown once; the prefix is kept to find the row."""
    prefix = "".join(secrets.choice(PREFIX_CHARS) for _ in range(10))
    return prefix, f"vd_{prefix}_{secrets.token_urlsafe(32)}"


def token_prefix(token: str) -> str | None:
    """The prefix of a well-formed token, None for anything else."""
    match = TOKEN.fullmatch(token or "")
    return match.group(1) if match else None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(token_hash(token), stored_hash)


def parse_scopes(text: str) -> frozenset[Scope]:
    """Scopes as stored (space-separated); an unknown word is ignored, never granted."""
    known = {str(s) for s in Scope}
    return frozenset(Scope(word) for word in text.split() if word in known)


def scopes_text(scopes) -> str:
    return " ".join(sorted({str(Scope(s)) for s in scopes}))


# --- cursors ---------------------------------------------------------------------------------------------------

def encode_cursor(*values: Any) -> str:
    """An opaque cursor: the keyset values (text, numbers) as base64url JSON; clients pass it back unchanged."""
    return base64.urlsafe_b64encode(json.dumps(list(values), separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(text: str | None, *types: type) -> tuple | None:
    """The values of a cursor this module wrote, of the given types in order; None for anything else."""
    if not text or len(text) > 200:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(values, list) or len(values) != len(types):
        return None
    if not all(type(value) is kind for value, kind in zip(values, types, strict=True)):
        return None
    return tuple(values)


# --- webhooks --------------------------------------------------------------------------------------------------

SIGNATURE_HEADER = "X-Vinhdanh-Signature"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the receiver recomputes it with its secret and
    refuses an old timestamp (a replayed delivery)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signature_valid(secret: str, header: str, body: bytes, *, now: int, tolerance: int = 300) -> bool:
    """What a receiver does (the docs and the tests use it): the signature matches and is recent."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    return abs(now - timestamp) <= tolerance and hmac.compare_digest(sign(secret, timestamp, body), header)
