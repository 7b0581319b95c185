"""The after-issue rules (pure): the correcting decision's title and a replacement's printed line."""
from datetime import date

import pytest

from workflow.rules.after_issue import correction_title, reissue_note


def test_the_correcting_decision_names_each_decision_it_corrects_once():
    assert correction_title([("12/QĐ-UBND", date(2025, 3, 3))]) == \
        "Về việc đính chính Quyết định số 12/QĐ-UBND ngày 03/03/2025"
    twice = [("12/QĐ-UBND", date(2025, 3, 3)), ("12/QĐ-UBND", date(2025, 3, 3)), ("40/QĐ-UBND", date(2025, 7, 1))]
    assert correction_title(twice) == ("Về việc đính chính Quyết định số 12/QĐ-UBND ngày 03/03/2025 và Quyết định "
                                       "số 40/QĐ-UBND ngày 01/07/2025")
    with pytest.raises(ValueError):
        correction_title([])


def test_a_replacement_says_which_and_when():
    assert reissue_note(2, date(2026, 12, 5)) == "Cấp lại lần 2 ngày 05/12/2026"
    with pytest.raises(ValueError):
        reissue_note(0, date(2026, 12, 5))
