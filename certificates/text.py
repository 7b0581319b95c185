"""How Vietnamese administrative documents write dates, money and counts (Decree 30/2020/NĐ-CP).

Pure functions: no WeasyPrint, no I/O. Imports nothing from `workflow`.
"""
from datetime import date


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
