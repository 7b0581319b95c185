"""Free text as people type it, made fit to store and to print in signed documents: Unicode NFC, no control
characters, no invisible formatting characters (bidi embeddings, overrides and isolates, direction marks,
zero-width characters), at most MAX_MARKS combining marks on one letter. Every Vietnamese letter survives
unchanged (NFC writes each one as a single code point).

Pure: imports neither Flask nor SQLAlchemy. certificates/text.py keeps its own copy of these rules (that
package imports nothing from workflow, and rules import nothing from it); tests/unit/test_text.py holds the
two to the same answers.
"""
import unicodedata

# Vietnamese needs at most two (e + circumflex + tilde in NFD, none in NFC); three leaves room for the Latin
# orthographies of minority languages and still stops a "zalgo" flood from covering the lines around it.
MAX_MARKS = 3
# Line and paragraph separators a browser or a pasted document may carry; a one-line field turns them into
# spaces, a text area into "\n".
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def clean_text(value, *, multiline: bool = False):
    """`value` cleaned (anything but a str comes back as it is):
    - NFC, so "Nguyễn" typed in decomposed form is stored as the same letters as everywhere else;
    - "\r\n", "\r" and the other line breaks become "\n" in a text area, a space in a one-line field; a tab
      becomes a space; every other control character (C0, C1) is dropped;
    - every format character (category Cf) is dropped: U+202A–202E, U+2066–2069, U+200E, U+200F, U+061C,
      U+200B–200D, U+2060, U+FEFF, the soft hyphen… A right-to-left override in a name printed the rest
      of a decision's sentence backwards;
    - more than MAX_MARKS combining marks in a row are dropped."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n"))
    kept: list[str] = []
    marks = 0
    for ch in text:
        category = unicodedata.category(ch)
        if ch in LINE_BREAKS:
            kept.append("\n" if multiline else " ")
        elif ch == "\t":
            kept.append(" ")
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
    # dropping a character may bring a letter and its mark together again: compose them
    return unicodedata.normalize("NFC", "".join(kept))


def clean_line(value):
    """A one-line field (a name, a title): `clean_text` with line breaks as spaces."""
    return clean_text(value)


def clean_lines(value):
    """A text area (an achievement summary, a reason): `clean_text` keeping its line breaks."""
    return clean_text(value, multiline=True)
