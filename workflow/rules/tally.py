"""The council tally: quorum, threshold and denominator, as the award type's rule says. Pure.

Counting uses integers only (cross-multiplication), so "exactly at the threshold" is never lost to
floating-point rounding.

The denominator (mẫu số) is the award type's rule, one of three:
- ALL: the council's total members, less every member recused on the item (present or absent);
- PRESENT: the members present, less those recused, plus the written ballots of absent members (a written
  ballot is a member taking part in the vote, so it counts below the line as well as above it);
- VALID: the valid ballots cast, agree + disagree + abstain, in the room and in writing. A recused member casts
  none, so recusal changes nothing here; a member who does not vote is not in it either.
A member recused for a conflict of interest neither votes nor counts in the denominator of that item, under
every rule: a recusal must not weigh as a "no". Written ballots (phiếu bằng văn bản, given by absent members
when the award type allows them) count like ballots cast at the meeting; the quorum is attendance only.

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
    PRESENT = "present"  # members present at the session (and absent members who voted in writing)
    VALID = "valid"      # valid ballots cast: agree + disagree + abstain, written ballots included


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
    written: bool = False  # absent members may give a written ballot before the session closes


@dataclass(frozen=True)
class Count:
    members: int   # members of the session
    present: int   # members attending
    recused: int   # present members recused on this item
    agree: int     # the choices: ballots cast at the meeting and written ballots together
    disagree: int = 0
    abstain: int = 0
    written: int = 0         # of those ballots, how many were written ballots of absent members
    recused_absent: int = 0  # absent members recused on this item (they may not vote in writing either)

    @property
    def cast(self) -> int:
        return self.agree + self.disagree + self.abstain


@dataclass(frozen=True)
class Reason:
    """Why an item passed or failed: a message template (Vietnamese msgid with %(name)s placeholders) and its
    values; Decimal values are percentages, written by the caller's `pct` (the decimal mark is the language's)."""

    message: str
    values: tuple[tuple[str, int | Decimal | str], ...] = ()
    then: "Reason | None" = None  # a further sentence (how many ballots were written)

    def text(self, translate: Callable[..., str] = vietnamese, pct: Callable[[Decimal], str] | None = None) -> str:
        pct = pct or percent
        first = translate(self.message, **{k: pct(v) if isinstance(v, Decimal) else v for k, v in self.values})
        return f"{first} {self.then.text(translate, pct)}" if self.then else first


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
    # valid ballots: a recused member casts none, so the sentence is the same with or without a recusal
    (Denominator.VALID, False, True): N_(
        "%(agree)d/%(denominator)d phiếu đồng ý (%(pct)s số phiếu hợp lệ), đạt ngưỡng %(threshold)s."),
    (Denominator.VALID, False, False): N_(
        "%(agree)d/%(denominator)d phiếu đồng ý (%(pct)s số phiếu hợp lệ), không đạt ngưỡng %(threshold)s."),
}
# The denominator rule as the minutes print it (after "tính trên …"), saying what a recusal and a written ballot do
DENOMINATOR_RULES = {
    Denominator.ALL: N_("tổng số thành viên Hội đồng, trừ thành viên không tham gia biểu quyết do có liên quan "
                        "(có mặt hay vắng mặt)"),
    Denominator.PRESENT: N_("số thành viên dự họp cộng số phiếu bằng văn bản của thành viên vắng mặt, trừ thành "
                            "viên không tham gia biểu quyết do có liên quan"),
    Denominator.VALID: N_("số phiếu hợp lệ: phiếu đồng ý, không đồng ý và không biểu quyết, kể cả phiếu bằng văn "
                          "bản (thành viên không tham gia biểu quyết do có liên quan không có phiếu)"),
}
WRITTEN_RULE = N_("Thành viên vắng mặt được gửi phiếu bầu bằng văn bản trước khi kết thúc phiên họp; phiếu bằng "
                  "văn bản được tính như phiếu bỏ tại phiên họp.")
WRITTEN_NOTE = N_("Trong đó có %(written)d phiếu bằng văn bản của thành viên vắng mặt.")


def quorum_met(rule: CouncilRule, members: int, present: int) -> bool:
    return members > 0 and present * rule.quorum_den >= rule.quorum_num * members


def base_and_denominator(rule: CouncilRule, count: Count) -> tuple[int, int]:
    """What the rule divides by, before and after leaving out the recused members (module docstring)."""
    if rule.denominator is Denominator.VALID:
        return count.cast, count.cast
    if rule.denominator is Denominator.PRESENT:
        base = count.present + count.written
        return base, base - count.recused
    return count.members, count.members - count.recused - count.recused_absent


def _check(count: Count) -> None:
    if count.cast - count.written > count.present - count.recused:
        raise ValueError("more ballots than members entitled to vote")
    if count.written > count.members - count.present - count.recused_absent:
        raise ValueError("more written ballots than absent members entitled to vote")


def tally(rule: CouncilRule, count: Count) -> TallyResult:
    _check(count)
    rule = CouncilRule(rule.quorum_num, rule.quorum_den, rule.threshold_pct, Denominator(rule.denominator),
                       rule.ballot, rule.written)
    base, denominator = base_and_denominator(rule, count)
    note = Reason(WRITTEN_NOTE, (("written", count.written),)) if count.written else None
    if not quorum_met(rule, count.members, count.present):
        return _result(False, denominator, count.agree, False, Reason(QUORUM_MISSED, (
            ("present", count.present), ("members", count.members),
            ("num", rule.quorum_num), ("den", rule.quorum_den))))
    passed = denominator > 0 and count.agree * 100 >= rule.threshold_pct * denominator
    share = TallyResult(True, denominator, count.agree, passed, "").agree_pct
    recused = count.recused + (count.recused_absent if rule.denominator is Denominator.ALL else 0)
    with_recusal = recused > 0 and rule.denominator is not Denominator.VALID
    message = SENTENCES[rule.denominator, with_recusal, bool(passed)]
    return _result(True, denominator, count.agree, passed, Reason(message, (
        ("agree", count.agree), ("denominator", denominator), ("pct", share), ("base", base),
        ("recused", recused), ("threshold", Decimal(rule.threshold_pct))), note))


def _result(quorum: bool, denominator: int, agree: int, passed: bool, why: Reason) -> TallyResult:
    return TallyResult(quorum, denominator, agree, passed, why.text(), why)
