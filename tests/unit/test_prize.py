"""Prize money (workflow/rules/prize.py): coefficient × base salary in force on the decision date,
rounded UP to the next 10,000 đ."""
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow.rules.prize import base_salary_on, format_vnd, prize_amount

BASE_SALARY_TABLE = [(date(2023, 7, 1), 1_800_000), (date(2024, 7, 1), 2_340_000)]


@pytest.mark.parametrize("coefficient, base, amount", [
    ("0.3", 2_340_000, 710_000),     # 702,000 rounds up, not to the nearest
    ("1.0", 2_340_000, 2_340_000),   # already a multiple of 10,000: not bumped
    ("2.0", 1_800_000, 3_600_000),
    ("0.5", 2_340_000, 1_170_000),   # exact multiple
    ("1.5", 2_340_000, 3_510_000),
    ("0.3", 1_800_000, 540_000),
    ("0.6", 2_340_000, 1_410_000),   # 1,404,000
    ("4.5", 2_340_000, 10_530_000),
    ("0.15", 2_340_000, 360_000),    # 351,000
    ("0", 2_340_000, 0),
])
def test_prize_is_rounded_up_to_ten_thousand_dong(coefficient, base, amount):
    assert prize_amount(Decimal(coefficient), base) == amount


def test_a_single_dong_above_a_multiple_rounds_up_a_whole_step():
    assert prize_amount(Decimal(1), 2_340_001) == 2_350_000


@given(st.decimals(min_value=0, max_value=10, places=2), st.integers(1, 20_000_000))
def test_prize_is_the_smallest_multiple_of_ten_thousand_not_below_the_exact_amount(coefficient, base):
    exact = Fraction(coefficient) * base
    amount = prize_amount(coefficient, base)
    assert amount % 10_000 == 0
    assert exact <= amount < exact + 10_000


# --- base salary in force -------------------------------------------------------------------------------

@pytest.mark.parametrize("on, amount", [
    (date(2023, 7, 1), 1_800_000),
    (date(2024, 6, 30), 1_800_000),
    (date(2024, 7, 1), 2_340_000),
    (date(2026, 1, 15), 2_340_000),
])
def test_base_salary_on_picks_the_row_in_force(on, amount):
    assert base_salary_on(BASE_SALARY_TABLE, on) == amount


def test_base_salary_table_order_does_not_matter():
    assert base_salary_on(reversed(BASE_SALARY_TABLE), date(2024, 6, 30)) == 1_800_000
    assert base_salary_on(reversed(BASE_SALARY_TABLE), date(2024, 7, 1)) == 2_340_000


def test_no_base_salary_before_the_first_row_raises_lookup_error_in_vietnamese():
    with pytest.raises(LookupError, match="30/06/2023"):
        base_salary_on(BASE_SALARY_TABLE, date(2023, 6, 30))


def test_an_empty_base_salary_table_raises_lookup_error():
    with pytest.raises(LookupError):
        base_salary_on([], date(2025, 1, 1))


@pytest.mark.parametrize("decision_date, amount", [(date(2024, 6, 30), 540_000), (date(2024, 7, 1), 710_000)])
def test_prize_follows_the_base_salary_in_force_on_the_decision_date(decision_date, amount):
    assert prize_amount(Decimal("0.3"), base_salary_on(BASE_SALARY_TABLE, decision_date)) == amount


# --- money as Vietnamese documents write it -------------------------------------------------------------

@pytest.mark.parametrize("amount, text", [
    (2_340_000, "2.340.000 đ"),
    (710_000, "710.000 đ"),
    (10_530_000, "10.530.000 đ"),
    (1_000, "1.000 đ"),
    (999, "999 đ"),
    (0, "0 đ"),
])
def test_format_vnd_uses_dots_for_thousands(amount, text):
    assert format_vnd(amount) == text


@pytest.mark.parametrize(("value", "text"), [("2.00", "2"), ("1.50", "1,5"), ("0.25", "0,25"), ("10", "10"),
                                             ("15.0", "15")])
def test_a_coefficient_is_written_with_a_decimal_comma_and_no_zero_fraction(value, text):
    from decimal import Decimal

    from workflow.rules.prize import format_coefficient
    assert format_coefficient(Decimal(value)) == text
