"""The password policy (workflow/rules/passwords.py, ASVS 5.0 §6.2) and where the services enforce it: creating
an account, the administrator's reset, the user's own change."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import factories
from workflow.rules import passwords
from workflow.rules.errors import ValidationFailed
from workflow.services import users
from workflow.services.admin import accounts

COMMON = "Mật khẩu này quá phổ biến"


@pytest.mark.parametrize("password", [
    "1234567890", "qwertyuiop", "password123", "Password2025!", "P@ssw0rd!!", "MatKhau@2025", "Mật khẩu 123",
    "matkhau2024", "anhyeuem123", "Vinhdanh2025", "admin12345", "aaaaaaaaaaaa", "abababababab", "1q2w3e4r5t",
])
def test_common_and_trivial_passwords_are_refused(password):
    assert COMMON in passwords.problem(password)


@pytest.mark.parametrize("password", [
    factories.PASSWORD, "vinhdanh-demo", "mua thu ha noi co gio", "Cà Mau 3 con sông", "x7#kQ9!vTz",
    "a" * 9 + "bcd",
])
def test_long_uncommon_passwords_and_passphrases_are_accepted(password):
    assert passwords.problem(password) is None


def test_too_short_and_too_long_passwords_say_so():
    assert passwords.problem("ngan-qua") == "Mật khẩu cần ít nhất 10 ký tự."
    assert passwords.problem("x" * 9) == "Mật khẩu cần ít nhất 10 ký tự."
    assert passwords.problem("dai-qua-" * 30) == "Mật khẩu dài tối đa 200 ký tự."
    assert passwords.problem("câu-dài-" * 25) is None  # 200 characters, diacritics and all


def test_the_user_name_is_not_a_password():
    assert passwords.problem("thuky-so-1-tinh", username="thuky") == "Mật khẩu không được chứa tên đăng nhập."
    assert passwords.problem("thuky-so-1-tinh", username="donvi.a") is None


def test_the_list_is_loaded_from_the_data_file_folded():
    common = passwords.common_passwords()
    assert "matkhau" in common and "1234567890" in common and len(common) > 100
    assert all(entry == entry.lower() and not entry.startswith("#") for entry in common)


@given(st.text(max_size=300))
def test_the_policy_answers_every_string_with_a_sentence_or_none(password):
    answer = passwords.problem(password, username="thuky")
    assert answer is None or answer.startswith("Mật khẩu")


def test_creating_an_account_refuses_a_common_password_in_vietnamese(session, world):
    with pytest.raises(ValidationFailed) as refused:
        users.create_user(session, username="canbo.moi", full_name="Cán bộ", password="Qwerty12345")
    assert COMMON in refused.value.message and refused.value.field == "password"


def test_the_administrators_reset_refuses_a_common_password_and_keeps_the_old_one(session, world):
    before = world.officer_a.password_hash
    with pytest.raises(ValidationFailed) as refused:
        accounts.reset_password(session, world.officer_a, by=world.admin, password="password1234")
    assert COMMON in refused.value.message and refused.value.field == "password"
    assert world.officer_a.password_hash == before


def test_a_change_needs_the_current_password_and_ends_every_session(session, world):
    token = world.officer_a.session_token
    with pytest.raises(ValidationFailed, match="hiện tại không đúng"):
        users.change_password(session, world.officer_a, current="doan-bua-thoi", new="mua thu ha noi co gio")
    assert world.officer_a.session_token == token
    users.change_password(session, world.officer_a, current=factories.PASSWORD, new="mua thu ha noi co gio")
    assert world.officer_a.session_token != token
    assert users.authenticate(session, "donvi.a", "mua thu ha noi co gio") is world.officer_a
    assert users.authenticate(session, "donvi.a", factories.PASSWORD) is None
