"""Search folding (workflow/rules/folding.py): lowercase, no diacritics, đ/Đ → d, single spaces."""
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow.rules.folding import fold


@pytest.mark.parametrize("text, folded", [
    ("Đông Hải", "dong hai"),
    ("ĐÔNG HẢI", "dong hai"),
    ("đông hải", "dong hai"),
    ("Xã Vĩnh Hưng A", "xa vinh hung a"),
    ("Nguyễn", "nguyen"),
    ("Đặng", "dang"),
    ("Phạm Văn Thiều", "pham van thieu"),
    ("Hồng Dân", "hong dan"),
    ("Ủy ban nhân dân tỉnh Bạc Liêu", "uy ban nhan dan tinh bac lieu"),
    ("ưƯơƠăĂâÂêÊôÔ", "uuooaaaaeeoo"),
    ("", ""),
])
def test_fold_lowercases_strips_diacritics_and_maps_d_with_stroke(text, folded):
    assert fold(text) == folded


def test_fold_of_dong_hai():
    assert fold("Đông Hải") == "dong hai"


def test_decomposed_input_folds_like_composed_input():
    assert fold(unicodedata.normalize("NFD", "Xã Vĩnh Hưng A")) == "xa vinh hung a"
    assert fold(unicodedata.normalize("NFD", "Đông Hải")) == "dong hai"


@pytest.mark.parametrize("text", ["  Xã\tVĩnh\u00a0Hưng   A \n", "Xã Vĩnh\n\nHưng A", "\u2003Xã Vĩnh Hưng A"])
def test_whitespace_is_collapsed_and_trimmed(text):
    assert fold(text) == "xa vinh hung a"


@pytest.mark.parametrize("query, name", [
    ("vinh hung a", "Xã Vĩnh Hưng A (huyện Vĩnh Lợi)"),
    ("dong hai", "Huyện Đông Hải"),
    ("DONG  HAI", "huyện Đông Hải"),
])
def test_a_query_without_diacritics_finds_the_name(query, name):
    assert fold(query) in fold(name)


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_folded_text_has_no_marks_no_d_with_stroke_and_single_spaces(text):
    folded = fold(text)
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert "đ" not in folded and "Đ" not in folded
    assert folded == folded.strip()
    assert "  " not in folded
