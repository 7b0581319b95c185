"""Free text cleaning (workflow/rules/text.py) and its copy in the certificates package (certificates/text.py):
bidi controls, zero-width and other invisible characters go, combining-mark floods are capped, and every
Vietnamese name survives unchanged. No app, no database."""
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from certificates.text import LONG_RUN, ZERO_WIDTH_SPACE, breakable, for_print, printable
from workflow.rules.text import MAX_MARKS, clean_lines, clean_text

VIETNAMESE_LETTERS = ("aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ")
VIETNAMESE = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " -,.()/0123456789"
NAMES = ("Nguyễn Văn An", "Trần Thị Mỹ Lệ", "Huỳnh Thị Ngọc Hân", "Đặng Quốc Huy", "Ủy ban nhân dân xã Vĩnh Hưng A",
         "Hộ ông Lê Văn Tám", "Phường Nguyễn Thái Học", "Ấp Láng Giài", "Bà Ngô Thị Tuyết Nhung", "Ông Đỗ Ưng Kỳ")
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


@pytest.mark.parametrize("name", NAMES)
def test_real_vietnamese_names_survive_unchanged(name):
    assert clean_text(name) == name
    assert clean_lines(name) == name


@pytest.mark.parametrize("name", NAMES)
def test_a_name_typed_in_decomposed_form_is_stored_as_the_same_letters(name):
    assert clean_text(unicodedata.normalize("NFD", name)) == name


@pytest.mark.parametrize("char", BIDI + ZERO_WIDTH + "\u00ad\u2061\U000e0041")
def test_bidi_controls_and_invisible_characters_are_dropped(char):
    assert clean_text(f"Nguyễn{char} Văn A") == "Nguyễn Văn A"
    assert clean_lines(f"Nguyễn{char} Văn A") == "Nguyễn Văn A"


def test_a_right_to_left_override_inside_a_name_is_dropped():
    assert clean_text("Nguyễn\u202eVăn A") == "NguyễnVăn A"
    assert clean_text("\u202eA năV \u202c") == "A năV "


@pytest.mark.parametrize("char", [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r\v\f\x1c\x1d\x1e"]
                         + ["\x7f", "\x80", "\x9f"])
def test_control_characters_are_dropped(char):
    assert clean_text(f"Văn{char}A") == "VănA"


def test_a_one_line_field_turns_line_breaks_and_tabs_into_spaces():
    assert clean_text("Nguyễn\r\nVăn\rA\tB\u2028C") == "Nguyễn Văn A B C"


def test_a_text_area_keeps_its_lines_as_newlines():
    summary = "- Tham gia xây dựng nông thôn mới;\r\n- Hiến 500 m² đất làm đường.\r\n\tNăm 2024."
    assert clean_lines(summary) == "- Tham gia xây dựng nông thôn mới;\n- Hiến 500 m² đất làm đường.\n Năm 2024."


def test_a_flood_of_combining_marks_is_capped():
    flood = "Z" + "\u0301\u0302\u0303\u0309\u0323" * 20 + "algo"
    cleaned = clean_text(flood)
    assert len(cleaned) == 1 + MAX_MARKS + 4 and cleaned.endswith("algo")
    assert sum(1 for ch in cleaned if unicodedata.category(ch) == "Mn") == MAX_MARKS


def test_an_invisible_character_does_not_reset_the_count_of_marks():
    assert clean_text("a" + "\u0301\u200b" * 10) == "á" + "\u0301" * MAX_MARKS


def test_anything_but_text_comes_back_as_it_is():
    assert clean_text(None) is None
    assert clean_text(5) == 5


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=VIETNAMESE, max_size=80))
def test_every_vietnamese_text_survives_in_either_normal_form(text):
    assert clean_text(text) == text
    assert clean_text(unicodedata.normalize("NFD", text)) == text
    assert printable(unicodedata.normalize("NFD", text)) == text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_cleaning_is_idempotent_and_leaves_no_control_or_format_character(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in once)
    lines = clean_lines(text)
    assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in lines if ch != "\n")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_the_documents_clean_text_as_the_app_does(text):
    """certificates/text.py keeps a copy of the rules (it imports nothing from workflow): the two agree."""
    assert printable(text) == clean_lines(text)


# --- what a document prints ------------------------------------------------------------------------------

def test_ordinary_words_codes_and_numbers_stay_unbreakable():
    for value in ("Ủy ban nhân dân xã Vĩnh Hưng A", "123/QĐ-UBND", "K7Q2M4XW00000000", "98/2023/NĐ-CP",
                  "2025-03-05T00:00:00", "x" * LONG_RUN):
        assert for_print(value) == value


def test_a_long_unbroken_run_may_break_between_any_two_letters_but_never_inside_a_letter():
    run = "Nguyễn" * 10
    printed = for_print(f"Ông {run} ở ấp")
    assert printed.replace(ZERO_WIDTH_SPACE, "") == f"Ông {run} ở ấp"
    assert printed.count(ZERO_WIDTH_SPACE) == len(run) - 1
    decomposed = unicodedata.normalize("NFD", run)   # letters with their marks: breaks only between clusters
    assert all(not unicodedata.combining(part[0]) for part in breakable(decomposed).split(ZERO_WIDTH_SPACE))


def test_the_documents_drop_a_bidi_override_from_every_printed_value():
    assert for_print("Nguyễn Văn\u202e An") == "Nguyễn Văn An"


def test_images_and_template_markup_are_not_made_breakable():
    uri = "data:image/png;base64," + "A" * 200
    assert for_print(uri) == uri
    markup = Markup("ỦY BAN &amp; " + "B" * 40 + "\u202e")
    assert for_print(markup) == Markup("ỦY BAN &amp; " + "B" * 40)
    assert isinstance(for_print(markup), Markup)
    assert for_print(3.5) == 3.5
