"""Decision numbers (workflow/rules/numbering.py): `{n}/QĐ-UBND`, restarting at 1 every 1 January;
golden-book numbers never restart."""
from datetime import date

from workflow.rules.numbering import DecisionNumber, next_decision_number, next_golden_book_number


def test_first_decision_of_an_issuer_is_number_one():
    assert next_decision_number(None, date(2025, 3, 14)) == DecisionNumber(2025, 1, "QĐ-UBND")


def test_numbers_run_on_within_a_year():
    assert next_decision_number(DecisionNumber(2025, 41), date(2025, 12, 31)) == DecisionNumber(2025, 42)


def test_numbering_restarts_at_one_on_the_first_of_january():
    last_of_2025 = next_decision_number(DecisionNumber(2025, 41), date(2025, 12, 31))
    assert str(last_of_2025) == "42/QĐ-UBND"
    first_of_2026 = next_decision_number(last_of_2025, date(2026, 1, 1))
    assert first_of_2026 == DecisionNumber(2026, 1)
    assert str(first_of_2026) == "1/QĐ-UBND"
    assert str(next_decision_number(first_of_2026, date(2026, 1, 2))) == "2/QĐ-UBND"


def test_a_year_of_decisions_numbers_them_one_to_n():
    number = None
    for day in (date(2025, 1, 2), date(2025, 6, 30), date(2025, 12, 31)):
        number = next_decision_number(number, day)
    assert number == DecisionNumber(2025, 3)


def test_str_is_number_slash_suffix():
    assert str(DecisionNumber(2025, 1)) == "1/QĐ-UBND"
    assert str(DecisionNumber(2025, 123, "QĐ-CTUBND")) == "123/QĐ-CTUBND"


def test_suffix_is_honoured():
    first = next_decision_number(None, date(2025, 5, 5), suffix="QĐ-CTUBND")
    assert str(first) == "1/QĐ-CTUBND"
    assert str(next_decision_number(first, date(2025, 5, 6), suffix="QĐ-CTUBND")) == "2/QĐ-CTUBND"
    assert str(next_decision_number(first, date(2026, 1, 1), suffix="QĐ-CTUBND")) == "1/QĐ-CTUBND"


def test_golden_book_numbers_start_at_one_and_never_restart():
    assert next_golden_book_number(None) == 1
    number = None
    for _ in range(3):
        number = next_golden_book_number(number)
    assert number == 3
    # the golden book knows no years: the 1,000th entry of last year is followed by the 1,001st
    assert next_golden_book_number(1_000) == 1_001
