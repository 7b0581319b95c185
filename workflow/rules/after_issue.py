"""After issue (issue 16), pure: the correcting decision's title, the line a replacement certificate prints,
and the words a replacement's reason is said in. No Flask, no SQLAlchemy."""
from collections.abc import Iterable
from datetime import date

from .i18n import N_

REISSUE_REASON_LABELS = {"lost": N_("Mất"), "damaged": N_("Hư hỏng")}


def correction_title(originals: Iterable[tuple[str, date]]) -> str:
    """«Về việc đính chính Quyết định số 12/QĐ-UBND ngày 03/3/2025» (several: «… và Quyết định số …»)."""
    named = [f"Quyết định số {number} ngày {day.day:02d}/{day.month:02d}/{day.year}"
             for number, day in dict.fromkeys(originals)]
    if not named:
        raise ValueError("a correction corrects at least one decision")
    return "Về việc đính chính " + " và ".join(named)


def reissue_note(number: int, on: date) -> str:
    """The small line a replacement certificate prints under its golden-book number."""
    if number < 1:
        raise ValueError("a replacement is numbered from 1")
    return f"Cấp lại lần {number} ngày {on.day:02d}/{on.month:02d}/{on.year}"
