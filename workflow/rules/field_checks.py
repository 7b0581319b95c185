"""Thẩm tra thực tế: the conclusions a field check may reach, and their labels. Pure: no Flask, no SQLAlchemy."""
from enum import StrEnum

from .i18n import N_


class FieldCheckConclusion(StrEnum):
    PASSED = "passed"          # đạt
    FAILED = "failed"          # không đạt
    INCOMPLETE = "incomplete"  # cần bổ sung


CONCLUSION_LABELS: dict[FieldCheckConclusion, str] = {
    FieldCheckConclusion.PASSED: N_("Đạt"),
    FieldCheckConclusion.FAILED: N_("Không đạt"),
    FieldCheckConclusion.INCOMPLETE: N_("Cần bổ sung"),
}


def allows_council(conclusions: list[str]) -> bool:
    """Whether checks concluded as listed (oldest first) let the nomination go before the council: the newest
    one counts, since a wrong or outdated check is corrected by recording another."""
    return bool(conclusions) and conclusions[-1] == FieldCheckConclusion.PASSED
