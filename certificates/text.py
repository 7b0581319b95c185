"""How Vietnamese administrative documents write dates, money and counts (Decree 30/2020/NĐ-CP).

Also what every printed value goes through (`for_print`): free text cleaned of control and bidi characters,
and long unbroken strings made breakable. Pure functions: no WeasyPrint, no I/O. Imports nothing from
`workflow`.
"""
import re
import unicodedata
from datetime import date

from markupsafe import Markup


def day_text(d: date) -> str:
    """`ngày 05 tháng 3 năm 2025`: a leading zero for days below 10 and for months 1 and 2 only."""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def place_date(place: str, d: date) -> str:
    """`Bạc Liêu, ngày 05 tháng 3 năm 2025`: the place-and-date line under the national motto."""
    return f"{place}, {day_text(d)}"


def money(amount: int) -> str:
    """`4.680.000`: thousands grouped with dots, as Vietnamese documents write đồng amounts."""
    if amount < 0:
        return "-" + money(-amount)
    return f"{amount:,}".replace(",", ".")


def count(n: int) -> str:
    """`02`, `15`: counts of recipients below ten take a leading zero in decisions ("02 tập thể")."""
    return f"{n:02d}"


# --- text laid out in a document ----------------------------------------------------------------------
# The app cleans free text where people type it (workflow/rules/text.py); a document cleans it again, so a
# name stored before that cleaning, or passed by another caller, still prints in logical order. A copy of
# those rules, not an import: this package imports nothing from workflow (tests/unit/test_text.py checks the
# two agree).
MAX_MARKS = 3
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
# A run of more than LONG_RUN characters without a space is no word of any language we print: it may break
# between any two of its characters. Shorter runs (words, "123/QĐ-UBND", a verification code) never do.
LONG_RUN = 20
ZERO_WIDTH_SPACE = "\u200b"


def printable(value):
    """What a document prints for `value` (anything but a str comes back as it is): NFC; line breaks kept as
    "\\n", tabs as spaces, other control and every format character (bidi overrides, zero-width…) dropped;
    at most MAX_MARKS combining marks in a row."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n"))
    kept: list[str] = []
    marks = 0
    for ch in text:
        category = unicodedata.category(ch)
        if ch in LINE_BREAKS or ch == "\t":
            kept.append("\n" if ch in LINE_BREAKS else " ")
        elif category in ("Cc", "Cf", "Cs"):
            continue
        elif category.startswith("M"):
            marks += 1
            if marks <= MAX_MARKS:
                kept.append(ch)
            continue
        else:
            kept.append(ch)
        marks = 0
    return unicodedata.normalize("NFC", "".join(kept))


def breakable(text: str) -> str:
    """`text` with a zero-width space between the letters of every run longer than LONG_RUN, so a 200-character
    "name" wraps inside its box or table cell instead of running off the page, while every ordinary word
    keeps its own width (CSS `overflow-wrap: anywhere` would let a table break real words too)."""
    return _LONG_RUN.sub(lambda run: ZERO_WIDTH_SPACE.join(_clusters(run.group())), text)


def for_print(value):
    """The Jinja `finalize` of every layout: each printed value, cleaned and made breakable. A `data:` URI (a
    QR code, a chart) is an image source, never text; markup the template built (`join`) is only cleaned."""
    if not isinstance(value, str) or value.startswith("data:"):
        return value
    if isinstance(value, Markup):
        return Markup(printable(str(value)))  # nosec B704: markup the layout itself built, only cleaned of controls
    return breakable(printable(value))


_LONG_RUN = re.compile(rf"\S{{{LONG_RUN + 1},}}")


def _clusters(run: str) -> list[str]:
    """Each letter with the combining marks that follow it: a break never separates them."""
    clusters: list[str] = []
    for ch in run:
        if clusters and unicodedata.category(ch).startswith("M"):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters
