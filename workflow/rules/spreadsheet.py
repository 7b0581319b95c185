"""Cells of the spreadsheets and CSV files we hand out (open data, the movement's workbook and CSVs, the audit
log): a text that a spreadsheet program would run as a formula (CSV/formula injection) arrives as text.

One rule for every export: `formula_like(value)` says whether a cell is dangerous. A CSV writes such a text
with a leading apostrophe (`csv_cell`, OWASP's defence: Excel and LibreOffice show it as text); an Excel
workbook keeps the text unchanged as a string cell marked "quote prefix" (services.movement.export), so
"- Tham gia phong trào…" reads as written there. Numbers and dates we generate are not text and stay numbers.
Pure: imports neither Flask nor SQLAlchemy.
"""
import re

# What makes a spreadsheet read a cell as a formula: =, +, -, @ (and their full-width forms, which some
# locales accept), or a tab or line break before one of them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Characters XML 1.0 (an .xlsx file) cannot carry: openpyxl refuses a cell holding one.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def formula_like(value) -> bool:
    """A text cell a spreadsheet would take for a formula. Only text: a number we write is never one."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """A CSV cell: a formula-like text gets a leading apostrophe ("'- Tham gia…", "'=HYPERLINK(…)"); any other
    value is written as it is."""
    return "'" + value if formula_like(value) else value


def xlsx_text(value: str) -> str:
    """A text as an .xlsx cell can hold it: without the control characters XML forbids (tab and line breaks
    stay). Ask `formula_like` of the text this returns, which is what the cell shows."""
    return XML_ILLEGAL.sub("", value)
