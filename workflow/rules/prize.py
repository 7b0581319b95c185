"""Prize money (tiền thưởng) = coefficient × base salary in force on the decision date, rounded **up** to
the next 10,000 đồng (Decree 98/2023). Pure.
"""
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_CEILING, Decimal

ROUNDING_STEP = 10_000


def base_salary_on(table: Iterable[tuple[date, int]], on: date) -> int:
    """The amount of the latest (valid_from, amount) row in force on `on`."""
    in_force = [(valid_from, amount) for valid_from, amount in table if valid_from <= on]
    if not in_force:
        raise LookupError(f"Chưa có mức lương cơ sở áp dụng cho ngày {on:%d/%m/%Y}.")
    return max(in_force)[1]


def prize_amount(coefficient: Decimal, base_salary: int) -> int:
    raw = Decimal(str(coefficient)) * base_salary / ROUNDING_STEP  # via str: 1.1 must be 1.1, not 1.1000000000000000888
    return int(raw.to_integral_value(rounding=ROUND_CEILING)) * ROUNDING_STEP


def format_coefficient(value: Decimal) -> str:
    """Decimal("2.00") -> '2', Decimal("1.50") -> '1,5': a decimal comma, since dots group thousands."""
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def format_vnd(amount: int) -> str:
    """2340000 -> '2.340.000 đ', as Vietnamese documents write money."""
    return f"{amount:,}".replace(",", ".") + " đ"
