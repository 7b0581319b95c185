"""Decision numbers: `{n}/QĐ-UBND`, the sequence restarting at 1 every 1 January, unique per issuer.
Golden-book numbers (số sổ vàng) run on per issuer without restarting. Pure.
"""
from datetime import date
from typing import NamedTuple


class DecisionNumber(NamedTuple):
    year: int
    seq: int
    suffix: str = "QĐ-UBND"

    def __str__(self) -> str:
        return f"{self.seq}/{self.suffix}"


def next_decision_number(previous: DecisionNumber | None, on: date, suffix: str = "QĐ-UBND") -> DecisionNumber:
    """The number after `previous` for a decision dated `on`; a new year starts again at 1."""
    if previous is not None and on.year < previous.year:
        raise ValueError("a decision cannot be numbered in a year before the last one issued")
    if previous is None or previous.year != on.year:
        return DecisionNumber(on.year, 1, suffix)
    return DecisionNumber(on.year, previous.seq + 1, suffix)


def next_golden_book_number(previous: int | None) -> int:
    return (previous or 0) + 1
