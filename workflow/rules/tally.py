"""The council tally: quorum, threshold and denominator, as the award type's rule says. Pure.

Counting uses integers only (cross-multiplication), so "exactly at the threshold" is never lost to
floating-point rounding. Members recused for a conflict of interest neither vote nor count in the
denominator of that item: a recusal must not weigh as a "no".
"""
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Denominator(StrEnum):
    ALL = "all"          # all members of the council
    PRESENT = "present"  # members present at the session


class BallotKind(StrEnum):
    SECRET = "secret"
    OPEN = "open"


class Choice(StrEnum):
    AGREE = "agree"
    DISAGREE = "disagree"
    ABSTAIN = "abstain"


@dataclass(frozen=True)
class CouncilRule:
    quorum_num: int = 2
    quorum_den: int = 3
    threshold_pct: Decimal = Decimal(70)
    denominator: Denominator = Denominator.ALL
    ballot: BallotKind = BallotKind.SECRET


@dataclass(frozen=True)
class Count:
    members: int   # members of the session
    present: int   # members attending
    recused: int   # present members recused on this item
    agree: int
    disagree: int = 0
    abstain: int = 0


@dataclass(frozen=True)
class TallyResult:
    quorum_met: bool
    denominator: int
    agree: int
    passed: bool
    reason: str  # one Vietnamese sentence saying why, for the minutes and the proposing unit

    @property
    def agree_pct(self) -> Decimal:
        if not self.denominator:
            return Decimal(0)
        return (Decimal(self.agree) * 100 / self.denominator).quantize(Decimal("0.01"))


def percent(value) -> str:
    """Vietnamese writes a decimal comma and drops a zero fraction: "83,33%", "70%"."""
    text = f"{Decimal(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def quorum_met(rule: CouncilRule, members: int, present: int) -> bool:
    return members > 0 and present * rule.quorum_den >= rule.quorum_num * members


def tally(rule: CouncilRule, count: Count) -> TallyResult:
    if count.agree + count.disagree + count.abstain > count.present - count.recused:
        raise ValueError("more ballots than members entitled to vote")
    base = count.members if rule.denominator is Denominator.ALL else count.present
    denominator = base - count.recused
    if not quorum_met(rule, count.members, count.present):
        return TallyResult(False, denominator, count.agree, False,
                           f"Không đủ số thành viên dự họp ({count.present}/{count.members}, "
                           f"cần ít nhất {rule.quorum_num}/{rule.quorum_den}).")
    passed = denominator > 0 and count.agree * 100 >= rule.threshold_pct * denominator
    result = TallyResult(True, denominator, count.agree, passed, "")
    verdict = "đạt" if passed else "không đạt"
    who = "tổng số thành viên" if rule.denominator is Denominator.ALL else "số thành viên dự họp"
    reason = (f"{count.agree}/{denominator} phiếu đồng ý ({percent(result.agree_pct)} {who}), {verdict} "
              f"ngưỡng {percent(rule.threshold_pct)}.")
    return TallyResult(True, denominator, count.agree, passed, reason)
