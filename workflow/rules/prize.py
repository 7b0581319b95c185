"""Prize money (tiền thưởng) = coefficient × base salary in force on the decision date, rounded **up** to
the next 10,000 đồng (Decree 98/2023). Only confirmed base salary rows are applied; a reported (announced) rate is
warned of until the administrator confirms it. Pure.
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


def salary_warnings(confirmed: Iterable[tuple[date, int]], reported: Iterable[tuple[date, int, str]], on: date,
                    max_age_days: int) -> list[str]:
    """What the decision screen warns of about the base salary for a decision dated `on`: the confirmed row in force
    is older than `max_age_days`; a newer rate is reported (announced, not yet confirmed by the administrator),
    which prize money does not use until it is confirmed. Empty when there is nothing to say."""
    in_force = max(((f, a) for f, a in confirmed if f <= on), default=None)
    warnings = []
    if in_force and (on - in_force[0]).days > max_age_days:
        warnings.append(f"Mức lương cơ sở đang áp dụng ({format_vnd(in_force[1])}, từ ngày {in_force[0]:%d/%m/%Y}) "
                        f"đã quá {max_age_days} ngày: đề nghị quản trị hệ thống kiểm tra đã có mức mới chưa.")
    for valid_from, amount, source in sorted(reported):
        if in_force is None or valid_from > in_force[0]:
            cited = f" (nguồn: {source})" if source else ""
            used = f"mức {format_vnd(in_force[1])}" if in_force else "mức đã xác nhận"
            warnings.append(f"Đã có thông tin mức lương cơ sở mới {format_vnd(amount)} từ ngày {valid_from:%d/%m/%Y}"
                            f"{cited} nhưng chưa được xác nhận: tiền thưởng vẫn tính theo {used} cho đến khi quản "
                            "trị hệ thống xác nhận mức mới.")
    return warnings


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
