"""The movement's arithmetic: a unit's figure against its target (met, exceeded, behind, no data), shares,
and the median and 90th percentile of processing times. Pure: imports neither Flask nor SQLAlchemy.

Targets are plan figures ("7 xã") or floors ("ít nhất 1 xã"); results are cumulative counts on a date.
"""
import math
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .i18n import N_, vietnamese

EXACTLY, AT_LEAST = "exactly", "at_least"   # the values of models.Comparator, without importing models


class Progress(StrEnum):
    MET = "met"              # đạt chỉ tiêu
    EXCEEDED = "exceeded"    # vượt chỉ tiêu: past the target (a plan figure or a floor)
    BEHIND = "behind"        # chưa đạt
    NO_DATA = "no_data"      # chưa có số liệu


PROGRESS_LABELS = {
    Progress.MET: N_("Đạt chỉ tiêu"),
    Progress.EXCEEDED: N_("Vượt chỉ tiêu"),
    Progress.BEHIND: N_("Chưa đạt"),
    Progress.NO_DATA: N_("Chưa có số liệu"),
}
DONE = frozenset({Progress.MET, Progress.EXCEEDED})


def progress(target: int, comparator: str, figure: int | None) -> Progress:
    """Where a unit stands: below its target it is behind, at it the target is met, past it exceeded
    ("hoàn thành vượt mức"), whether the target is a plan figure or a floor ("ít nhất"). The status depends
    on figure / target alone, so it never falls while the ratio rises (200 % is never less than 114 %).
    `comparator` only changes how the target is written (target_text)."""
    if figure is None:
        return Progress.NO_DATA
    if figure < target:
        return Progress.BEHIND
    return Progress.EXCEEDED if figure > target else Progress.MET


def target_text(target: int, comparator: str, measure_unit: str = "", gettext=vietnamese) -> str:
    """"7 xã" or "ít nhất 1 xã"; the page passes flask_babel's gettext (the measure unit is data)."""
    words = f"{target} {measure_unit}".strip()
    return gettext("ít nhất %(target)s", target=words) if comparator == AT_LEAST else words


def figure_of(reported: int | None, recognised: int, children: Iterable[int | None]) -> int | None:
    """A unit's figure: the largest of what was reported for it, the communes recognised by an award that
    counts, and the sum of its sub-units' figures. Each is a lower bound of the same count (a recognised
    commune has reached the level; sub-units do not overlap), so adding them would count a commune twice.
    None when there is nothing to go on: no report, no recognition and no sub-unit with a figure."""
    known = [value for value in children if value is not None]
    candidates = [value for value in (reported, recognised or None, sum(known) if known else None)
                  if value is not None]
    return max(candidates) if candidates else None


def percent(part: int | None, whole: int | None) -> Decimal | None:
    """part / whole as a percentage with one decimal, rounded half up; None when there is no whole. A part
    short of the whole never reads 100.0 (99.96 % shows 99.9), nor one past it (100.04 % shows 100.1), so the
    figure beside a status never contradicts it."""
    if part is None or not whole:
        return None
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if value == 100 and part != whole:
        return Decimal("99.9") if part < whole else Decimal("100.1")
    return value


def median(values: Sequence[int]) -> Decimal | None:
    """The middle value; with an even count, the mean of the two middle values."""
    if not values:
        return None
    ordered, middle = sorted(values), len(values) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle])
    return (Decimal(ordered[middle - 1]) + Decimal(ordered[middle])) / 2


def percentile(values: Sequence[int], p: int) -> int | None:
    """The nearest-rank percentile: the smallest observed value with at least p % of the values at or below
    it. Always one of the observations, so "90 % were decided within N working days" is literally true."""
    if not values:
        return None
    if not 0 < p <= 100:
        raise ValueError("p must be in (0, 100]")
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p * len(ordered) / 100)) - 1]
