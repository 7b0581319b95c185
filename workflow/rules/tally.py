"""The council tally: quorum, threshold and denominator, as the award type's rule says. Pure.

Counting uses integers only (cross-multiplication), so "exactly at the threshold" is never lost to
floating-point rounding. Members recused for a conflict of interest neither vote nor count in the
denominator of that item: a recusal must not weigh as a "no".

The sentence saying why is a message template (a Vietnamese message id) with its numbers: the minutes store it
in Vietnamese, the web pages translate the template and fill in the same numbers.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .i18n import N_, vietnamese


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
class Reason:
    """Why an item passed or failed: a message template (Vietnamese msgid with %(name)s placeholders) and its
    values; Decimal values are percentages, written by the caller's `pct` (the decimal mark is the language's)."""

    message: str
    values: tuple[tuple[str, int | Decimal], ...] = ()

    def text(self, translate: Callable[..., str] = vietnamese, pct: Callable[[Decimal], str] | None = None) -> str:
        pct = pct or percent
        return translate(self.message, **{k: pct(v) if isinstance(v, Decimal) else v for k, v in self.values})


@dataclass(frozen=True)
class TallyResult:
    quorum_met: bool
    denominator: int
    agree: int
    passed: bool
    reason: str  # one Vietnamese sentence saying why, for the minutes and the proposing unit
    explanation: Reason = field(default=Reason(""), compare=False)  # the same sentence, to translate

    @property
    def agree_pct(self) -> Decimal:
        if not self.denominator:
            return Decimal(0)
        return (Decimal(self.agree) * 100 / self.denominator).quantize(Decimal("0.01"))


def percent(value, decimal_mark: str = ",") -> str:
    """Vietnamese writes a decimal comma and drops a zero fraction: "83,33%", "70%" (English: "83.33%")."""
    text = f"{Decimal(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", decimal_mark) + "%"


QUORUM_MISSED = N_("Không đủ số thành viên dự họp (%(present)d/%(members)d, cần ít nhất %(num)d/%(den)d).")
# (denominator, some members recused, passed) -> the sentence. It names exactly what was divided: with a
# recusal the base is not "all members" any more, so the sentence says which members and how many are left out.
SENTENCES = {
    (Denominator.ALL, False, True): N_(
        "%(agree)d/%(denominator)d phiếu đồng ý (%(pct)s tổng số thành viên), đạt ngưỡng %(threshold)s."),
    (Denominator.ALL, False, False): N_(
        "%(agree)d/%(denominator)d phiếu đồng ý (%(pct)s tổng số thành viên), không đạt ngưỡng %(threshold)s."),
    (Denominator.PRESENT, False, True): N_(
        "%(agree)d/%(denominator)d phiếu đồng ý (%(pct)s số thành viên dự họp), đạt ngưỡng %(threshold)s."),
    (Denominator.PRESENT, False, False): N_(
        "%(agree)d/%(denominator)d phiếu đồng ý (%(pct)s số thành viên dự họp), không đạt ngưỡng %(threshold)s."),
    (Denominator.ALL, True, True): N_(
        "%(agree)d/%(denominator)d phiếu đồng ý (%(pct)s số thành viên được biểu quyết: %(base)d thành viên, "
        "trừ %(recused)d thành viên không tham gia do liên quan), đạt ngưỡng %(threshold)s."),
    (Denominator.ALL, True, False): N_(
        "%(agree)d/%(denominator)d phiếu đồng ý (%(pct)s số thành viên được biểu quyết: %(base)d thành viên, "
        "trừ %(recused)d thành viên không tham gia do liên quan), không đạt ngưỡng %(threshold)s."),
    (Denominator.PRESENT, True, True): N_(
        "%(agree)d/%(denominator)d phiếu đồng ý (%(pct)s số thành viên được biểu quyết: %(base)d thành viên dự "
        "họp, trừ %(recused)d thành viên không tham gia do liên quan), đạt ngưỡng %(threshold)s."),
    (Denominator.PRESENT, True, False): N_(
        "%(agree)d/%(denominator)d phiếu đồng ý (%(pct)s số thành viên được biểu quyết: %(base)d thành viên dự "
        "họp, trừ %(recused)d thành viên không tham gia do liên quan), không đạt ngưỡng %(threshold)s."),
}


def quorum_met(rule: CouncilRule, members: int, present: int) -> bool:
    return members > 0 and present * rule.quorum_den >= rule.quorum_num * members


def tally(rule: CouncilRule, count: Count) -> TallyResult:
    if count.agree + count.disagree + count.abstain > count.present - count.recused:
        raise ValueError("more ballots than members entitled to vote")
    base = count.members if rule.denominator is Denominator.ALL else count.present
    denominator = base - count.recused
    if not quorum_met(rule, count.members, count.present):
        return _result(False, denominator, count.agree, False, Reason(QUORUM_MISSED, (
            ("present", count.present), ("members", count.members),
            ("num", rule.quorum_num), ("den", rule.quorum_den))))
    passed = denominator > 0 and count.agree * 100 >= rule.threshold_pct * denominator
    share = TallyResult(True, denominator, count.agree, passed, "").agree_pct
    message = SENTENCES[Denominator(rule.denominator), count.recused > 0, bool(passed)]
    return _result(True, denominator, count.agree, passed, Reason(message, (
        ("agree", count.agree), ("denominator", denominator), ("pct", share), ("base", base),
        ("recused", count.recused), ("threshold", Decimal(rule.threshold_pct)))))


def _result(quorum: bool, denominator: int, agree: int, passed: bool, why: Reason) -> TallyResult:
    return TallyResult(quorum, denominator, agree, passed, why.text(), why)
