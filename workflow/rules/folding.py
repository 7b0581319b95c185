"""Text folding for search: lowercase, no diacritics, đ/Đ → d, single spaces. Pure.

Unicode decomposition strips the tone and vowel marks, but `đ` is a letter of its own, not d plus a
mark, so it is mapped by hand (SQLite's `remove_diacritics` leaves it too).
"""
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()
