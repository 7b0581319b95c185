"""The movement's arithmetic (workflow/rules/targets.py): met, exceeded, behind and no data against plan
figures and "at least" floors, the roll-up rule, shares, median and the nearest-rank 90th percentile."""
from decimal import Decimal

import pytest

from workflow.rules.targets import (
    AT_LEAST,
    DONE,
    EXACTLY,
    PROGRESS_LABELS,
    Progress,
    figure_of,
    median,
    percent,
    percentile,
    progress,
    target_text,
)


@pytest.mark.parametrize("target, comparator, figure, expected", [
    # a plan figure: "7 xã"
    (7, EXACTLY, None, Progress.NO_DATA),
    (7, EXACTLY, 0, Progress.BEHIND),
    (7, EXACTLY, 6, Progress.BEHIND),
    (7, EXACTLY, 7, Progress.MET),
    (7, EXACTLY, 8, Progress.EXCEEDED),
    # a floor: "ít nhất 1 xã" — reaching it meets it, going past it exceeds it, as for a plan figure
    (1, AT_LEAST, None, Progress.NO_DATA),
    (1, AT_LEAST, 0, Progress.BEHIND),
    (1, AT_LEAST, 1, Progress.MET),
    (1, AT_LEAST, 3, Progress.EXCEEDED),
    # a zero target is met by any figure, but not by the absence of one
    (0, EXACTLY, 0, Progress.MET),
    (0, AT_LEAST, None, Progress.NO_DATA),
])
def test_progress_against_plan_figures_and_floors(target, comparator, figure, expected):
    assert progress(target, comparator, figure) is expected


ORDER = [Progress.BEHIND, Progress.MET, Progress.EXCEEDED]


@pytest.mark.parametrize("target", [1, 7, 10, 42, 1000])
def test_the_status_never_falls_while_the_ratio_rises(target):
    """Issue 13: a unit at 200 % showed "Đạt" (a floor) while one at 114 % showed "Vượt" (a plan figure).
    Units of both kinds of target, sorted by their ratio, read in the order behind, met, exceeded."""
    units = sorted((figure / target, comparator) for figure in range(3 * target + 1)
                    for comparator in (EXACTLY, AT_LEAST))
    ranks = [ORDER.index(progress(target, comparator, round(ratio * target))) for ratio, comparator in units]
    assert ranks == sorted(ranks)


@pytest.mark.parametrize("ratio, expected", [
    (0, Progress.BEHIND), (50, Progress.BEHIND), (99.9, Progress.BEHIND), (100, Progress.MET),
    (100.1, Progress.EXCEEDED), (114, Progress.EXCEEDED), (200, Progress.EXCEEDED), (350, Progress.EXCEEDED),
])
@pytest.mark.parametrize("comparator", [EXACTLY, AT_LEAST])
def test_the_status_follows_the_ratio_alone_whatever_the_comparator(ratio, expected, comparator):
    target = 1000  # figure = ratio % of it, exactly
    assert progress(target, comparator, round(ratio * 10)) is expected
    assert percent(round(ratio * 10), target) == Decimal(str(ratio)).quantize(Decimal("0.1"))


def test_a_percentage_beside_a_status_never_contradicts_it():
    """99.96 % is behind and 100.04 % exceeded: rounded half up both would read 100.0 %."""
    assert progress(10000, EXACTLY, 9996) is Progress.BEHIND and percent(9996, 10000) == Decimal("99.9")
    assert progress(10000, AT_LEAST, 10004) is Progress.EXCEEDED and percent(10004, 10000) == Decimal("100.1")
    assert percent(10000, 10000) == Decimal("100.0")
    assert percent(1999, 2000) == Decimal("99.9") and percent(2001, 2000) == Decimal("100.1")


def test_exceeding_counts_as_done_and_every_status_has_a_vietnamese_label():
    assert DONE == {Progress.MET, Progress.EXCEEDED}
    assert set(PROGRESS_LABELS) == set(Progress)
    assert PROGRESS_LABELS[Progress.BEHIND] == "Chưa đạt"


def test_target_text_says_at_least_for_a_floor():
    assert target_text(7, EXACTLY, "xã") == "7 xã"
    assert target_text(1, AT_LEAST, "xã") == "ít nhất 1 xã"


@pytest.mark.parametrize("reported, recognised, children, expected", [
    (None, 0, [], None),                    # nothing to go on
    (5, 0, [], 5),                          # the report
    (None, 2, [], 2),                       # recognitions alone
    (5, 2, [], 5),                          # a recognised commune is already in the report: never 7
    (3, 4, [], 4),                          # a report older than the awards cannot count fewer
    (None, 0, [3, 7, None], 10),            # sub-units add up; one without data adds nothing
    (None, 0, [None, None], None),          # sub-units without data are no data
    (12, 0, [3, 7], 12),                    # the unit's own report is larger than its parts
    (None, 11, [3, 7], 11),
])
def test_a_figure_is_the_largest_lower_bound_never_a_double_count(reported, recognised, children, expected):
    assert figure_of(reported, recognised, children) == expected


def test_percent_rounds_half_up_to_one_decimal_and_has_no_value_without_a_whole():
    assert percent(38, 42) == Decimal("90.5")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 8) == Decimal("12.5")
    assert percent(0, 5) == Decimal("0.0")
    assert percent(3, 0) is None and percent(None, 5) is None


def test_median_of_odd_and_even_counts():
    assert median([]) is None
    assert median([30]) == 30
    assert median([40, 10, 30]) == 30
    assert median([10, 20, 30, 41]) == Decimal(25)
    assert median([10, 21]) == Decimal("15.5")


def test_the_90th_percentile_is_an_observed_value_by_nearest_rank():
    ten = [5, 1, 9, 3, 7, 2, 8, 4, 10, 6]
    assert percentile(ten, 90) == 9           # rank ceil(9.0) = 9
    assert percentile(ten + [11], 90) == 10   # rank ceil(9.9) = 10
    assert percentile([36], 90) == 36
    assert percentile([], 90) is None
    assert percentile([3, 1, 2], 100) == 3
    with pytest.raises(ValueError):
        percentile([1], 0)
