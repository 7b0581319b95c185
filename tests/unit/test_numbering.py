"""Decision numbers (workflow/rules/numbering.py): `{n}/QĐ-UBND`, restarting at 1 every 1 January;
golden-book numbers never restart; numbers entered from the office's register, checked (issue 18)."""
from datetime import date

import pytest

from workflow.rules.errors import ValidationFailed
from workflow.rules.numbering import (DecisionNumber, check_register_url, check_token_variable, next_decision_number,
                                      next_free, next_golden_book_number, parse_entered)


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


# --- numbers from the office's register (issue 18) ---------------------------------------------------------

ON = date(2026, 12, 7)


@pytest.mark.parametrize("entered", ["123", " 123 ", "0123", "123/QĐ-UBND", "123 / qđ-ubnd", "123/QĐ - UBND"])
def test_the_clerk_may_enter_the_number_or_the_whole_symbol(entered):
    assert parse_entered(entered, "QĐ-UBND", ON) == DecisionNumber(2026, 123, "QĐ-UBND")


@pytest.mark.parametrize(("entered", "words"), [
    ("", "Cần nhập số quyết định"), ("   ", "Cần nhập số quyết định"), (None, "Cần nhập số quyết định"),
    ("abc", "không hợp lệ"), ("12a", "không hợp lệ"), ("-5", "không hợp lệ"), ("1234567", "không hợp lệ"),
    ("0", "số nguyên dương"), ("000", "số nguyên dương"),
    ("123/QĐ-SNV", "Ký hiệu «QĐ-SNV» khác ký hiệu quyết định của cấp ban hành («QĐ-UBND»)"),
])
def test_a_malformed_number_is_refused_beside_its_field(entered, words):
    with pytest.raises(ValidationFailed) as info:
        parse_entered(entered, "QĐ-UBND", ON)
    assert words in info.value.message and info.value.field == "register_number"


def test_the_counter_steps_over_numbers_entered_from_the_register():
    held = {5, 6, 8}
    assert next_free(4, held.__contains__) == 7
    assert next_free(6, held.__contains__) == 7
    assert next_free(0, held.__contains__) == 1


@pytest.mark.parametrize("url", ["https://qlvb.camau.gov.vn/api/cap-so", "http://10.0.0.5:8080/cap-so"])
def test_the_document_systems_address_is_http_or_https(url):
    assert check_register_url(f" {url} ") == url


@pytest.mark.parametrize("url", ["", "file:///etc/passwd", "javascript:alert(1)", "qlvb.camau.gov.vn/cap-so",
                                 "https://", "https://x/" + "a" * 300])
def test_any_other_address_is_refused(url):
    with pytest.raises(ValidationFailed) as info:
        check_register_url(url)
    assert info.value.field == "register_url"


def test_the_token_is_named_by_a_register_token_variable_never_another_secret():
    assert check_token_variable(" REGISTER_TOKEN_CA_MAU ") == "REGISTER_TOKEN_CA_MAU"
    assert check_token_variable("") == ""
    for name in ("SECRET_KEY", "SIGNING_P12_PASSWORD", "register_token_ca_mau", "REGISTER_TOKEN_", "bi-mat-123"):
        with pytest.raises(ValidationFailed) as info:
            check_token_variable(name)
        assert info.value.field == "register_token_env"
