"""Rate limits of the public forms (Flask-Limiter, in-memory: each server process counts its own). A
refusal is a 429, answered in Vietnamese by workflow/errors.py.

Per IP address every submission counts; per contact (the phone or e-mail given) only the comments
received, so a citizen who mistypes a field is not locked out.
"""
from flask import request
from flask_limiter.util import get_remote_address

from ...extensions import limiter  # noqa: F401 (the public views import it from here)
from ...rules.folding import fold

COMMENTS_PER_IP = "10 per minute;40 per hour"
COMMENTS_PER_CONTACT = "5 per day"
UPLOADS_PER_IP = "20 per minute"


def contact_key() -> str:
    """The contact as typed, folded and without spaces or dots, so "0912 345 678" and "0912.345.678" count
    together; an empty contact counts with its IP address."""
    contact = "".join(ch for ch in fold(request.form.get("contact", "")) if ch.isalnum() or ch in "@+")
    return f"contact:{contact}" if contact else f"ip:{get_remote_address()}"


def received(response) -> bool:
    """Only a comment received (the redirect to its receipt) counts against the contact."""
    return response.status_code == 303
