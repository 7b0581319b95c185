"""The council tally (workflow/rules/tally.py): quorum, threshold, denominator, recusals."""
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow.rules.tally import (QUORUM_MISSED, Count, CouncilRule, Denominator, TallyResult, percent, quorum_met,
                                   tally)

RULE_70 = CouncilRule()  # defaults: quorum 2/3, threshold 70 %, denominator all members
RULE_90 = CouncilRule(threshold_pct=Decimal(90))  # Chiến sĩ thi đua
RULE_70_PRESENT = CouncilRule(denominator=Denominator.PRESENT)


def test_default_rule_is_two_thirds_quorum_seventy_percent_of_all_members():
    assert (RULE_70.quorum_num, RULE_70.quorum_den) == (2, 3)
    assert RULE_70.threshold_pct == 70
    assert RULE_70.denominator is Denominator.ALL


# --- threshold ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("rule, members, agree, passed", [
    (RULE_70, 10, 7, True),    # exactly 70 %
    (RULE_70, 10, 6, False),   # one vote below
    (RULE_90, 10, 9, True),    # exactly 90 %
    (RULE_90, 10, 8, False),
    (RULE_90, 30, 27, True),   # 90 % of a denominator that is not a round number
    (RULE_90, 30, 26, False),
    (RULE_70, 20, 14, True),
    (RULE_70, 20, 13, False),
])
def test_exactly_at_threshold_passes_and_one_vote_below_fails(rule, members, agree, passed):
    result = tally(rule, Count(members=members, present=members, recused=0, agree=agree,
                               disagree=members - agree))
    assert result.quorum_met
    assert result.denominator == members
    assert result.passed is passed


def test_exactly_at_threshold_passes():
    assert tally(RULE_70, Count(members=10, present=10, recused=0, agree=7, disagree=3)).passed


def test_one_vote_below_threshold_fails():
    assert not tally(RULE_70, Count(members=10, present=10, recused=0, agree=6, disagree=4)).passed


def test_threshold_with_a_fractional_percentage_is_exact():
    rule = CouncilRule(threshold_pct=Decimal("66.67"))
    assert not tally(rule, Count(members=3, present=3, recused=0, agree=2, disagree=1)).passed  # 66.66…%
    assert tally(CouncilRule(threshold_pct=Decimal("66.66")),
                 Count(members=3, present=3, recused=0, agree=2, disagree=1)).passed


def test_abstentions_count_as_not_agreeing():
    result = tally(RULE_70, Count(members=10, present=10, recused=0, agree=6, disagree=0, abstain=4))
    assert not result.passed


# --- quorum ---------------------------------------------------------------------------------------------

def test_quorum_missed_fails_even_if_everyone_present_agrees():
    result = tally(RULE_70_PRESENT, Count(members=7, present=4, recused=0, agree=4))
    assert not result.quorum_met
    assert not result.passed


def test_quorum_exactly_met_with_six_of_nine():
    result = tally(RULE_70_PRESENT, Count(members=9, present=6, recused=0, agree=6))
    assert result.quorum_met
    assert result.passed


@pytest.mark.parametrize("members, present, met", [
    (9, 6, True), (9, 5, False),
    (7, 5, True), (7, 4, False),   # 2/3 of 7 is 4.67: five are needed
    (3, 2, True), (3, 1, False),
    (10, 7, True), (10, 6, False),
    (0, 0, False),                 # an empty council never has a quorum
])
def test_two_thirds_quorum(members, present, met):
    assert quorum_met(RULE_70, members, present) is met


def test_a_rule_may_ask_for_a_different_quorum():
    half = CouncilRule(quorum_num=1, quorum_den=2)
    assert quorum_met(half, 10, 5)
    assert not quorum_met(half, 10, 4)


# --- denominator: all members or those present ----------------------------------------------------------

def test_denominator_all_and_present_give_different_outcomes_on_the_same_counts():
    count = Count(members=9, present=7, recused=0, agree=6, disagree=1)
    on_all = tally(RULE_70, count)
    on_present = tally(RULE_70_PRESENT, count)
    assert (on_all.denominator, on_all.passed) == (9, False)          # 6/9 = 66.67 %
    assert (on_present.denominator, on_present.passed) == (7, True)   # 6/7 = 85.71 %


def test_recused_members_are_excluded_from_the_denominator():
    with_recusal = tally(RULE_70, Count(members=9, present=9, recused=1, agree=6, disagree=2))
    assert with_recusal.denominator == 8
    assert with_recusal.passed  # 6/8 = 75 %; had the recusal weighed as a "no", 6/9 would fail


def test_recused_members_are_excluded_from_the_present_denominator_too():
    result = tally(RULE_70_PRESENT, Count(members=9, present=7, recused=2, agree=4, disagree=1))
    assert result.denominator == 5
    assert result.passed  # 4/5 = 80 %


def test_recused_members_still_count_towards_the_quorum():
    result = tally(RULE_70, Count(members=9, present=6, recused=1, agree=5))
    assert result.quorum_met
    assert result.denominator == 8


def test_everyone_recused_does_not_pass_and_does_not_divide_by_zero():
    result = tally(RULE_70_PRESENT, Count(members=3, present=3, recused=3, agree=0))
    assert result.denominator == 0
    assert not result.passed
    assert result.agree_pct == 0


# --- impossible counts ----------------------------------------------------------------------------------

@pytest.mark.parametrize("count", [
    Count(members=10, present=7, recused=0, agree=8),                        # more ballots than present
    Count(members=10, present=7, recused=1, agree=5, disagree=1, abstain=1),  # a recused member voted
    Count(members=10, present=10, recused=0, agree=6, disagree=4, abstain=1),
])
def test_more_ballots_than_members_entitled_to_vote_raises(count):
    with pytest.raises(ValueError):
        tally(RULE_70, count)


# --- what the minutes say -------------------------------------------------------------------------------

def test_reason_of_a_pass_states_the_counts_percentage_and_threshold():
    result = tally(RULE_70, Count(members=10, present=10, recused=0, agree=7, disagree=3))
    assert result.reason == "7/10 phiếu đồng ý (70% tổng số thành viên), đạt ngưỡng 70%."


def test_reason_of_a_failure_names_the_counts_and_the_denominator():
    result = tally(RULE_90, Count(members=10, present=10, recused=0, agree=8, disagree=2))
    assert result.reason == "8/10 phiếu đồng ý (80% tổng số thành viên), không đạt ngưỡng 90%."
    result = tally(RULE_70_PRESENT, Count(members=9, present=7, recused=0, agree=4, disagree=3))
    assert "4/7" in result.reason and "số thành viên dự họp" in result.reason and "không đạt" in result.reason


def test_reason_of_a_missed_quorum_states_attendance_and_the_quorum():
    result = tally(RULE_70, Count(members=7, present=4, recused=0, agree=4))
    assert result.reason == "Không đủ số thành viên dự họp (4/7, cần ít nhất 2/3)."


def test_agree_percentage_has_two_decimals():
    assert TallyResult(True, 3, 2, False, "").agree_pct == Decimal("66.67")
    assert TallyResult(True, 10, 7, True, "").agree_pct == Decimal("70.00")


# --- property: integer arithmetic never loses "exactly at the threshold" --------------------------------

@st.composite
def councils(draw):
    members = draw(st.integers(1, 40))
    present = draw(st.integers(0, members))
    recused = draw(st.integers(0, present))
    agree = draw(st.integers(0, present - recused))
    disagree = draw(st.integers(0, present - recused - agree))
    threshold = draw(st.decimals(min_value=1, max_value=100, places=2))
    denominator = draw(st.sampled_from(Denominator))
    return CouncilRule(threshold_pct=threshold, denominator=denominator), Count(members, present, recused,
                                                                                 agree, disagree)


@given(councils())
def test_passes_exactly_when_the_agreeing_share_reaches_the_threshold(council):
    rule, count = council
    if rule.denominator is Denominator.VALID:      # the ballots cast; a recused member casts none
        denominator = count.agree + count.disagree + count.abstain
    else:
        base = count.members if rule.denominator is Denominator.ALL else count.present
        denominator = base - count.recused
    quorum = 3 * count.present >= 2 * count.members
    share_ok = denominator > 0 and Fraction(count.agree, denominator) >= Fraction(rule.threshold_pct) / 100
    result = tally(rule, count)
    assert result.quorum_met is quorum
    assert result.passed is (quorum and share_ok)


# --- issue 13: the sentence says exactly what was divided, and can be said in another language -----------------

def test_a_recusal_is_named_in_the_sentence_instead_of_calling_the_rest_all_members():
    result = tally(RULE_70, Count(members=7, present=7, recused=1, agree=5, disagree=1))
    assert result.reason == ("5/6 phiếu đồng ý (83,33% số thành viên được biểu quyết: 7 thành viên, trừ 1 thành viên "
                             "không tham gia do liên quan), đạt ngưỡng 70%.")
    assert "tổng số thành viên" not in result.reason


def test_a_recusal_under_the_present_denominator_names_the_members_present():
    result = tally(RULE_70_PRESENT, Count(members=9, present=7, recused=2, agree=3, disagree=2))
    assert result.reason == ("3/5 phiếu đồng ý (60% số thành viên được biểu quyết: 7 thành viên dự họp, trừ 2 thành "
                             "viên không tham gia do liên quan), không đạt ngưỡng 70%.")


def test_the_reason_is_a_template_and_numbers_a_translation_fills_in():
    result = tally(RULE_70, Count(members=7, present=7, recused=1, agree=5, disagree=1))
    assert result.explanation.text() == result.reason   # the stored Vietnamese is the template filled in
    seen = {}

    def translate(message, **values):
        seen.update(values)
        return "EN:" + message % values
    english = result.explanation.text(translate, pct=lambda value: percent(value, "."))
    assert "83.33%" in english and "70%" in english and english.startswith("EN:5/6")
    assert seen["base"] == 7 and seen["recused"] == 1 and seen["denominator"] == 6


def test_a_missed_quorum_is_a_template_too():
    result = tally(RULE_70, Count(members=7, present=4, recused=0, agree=4))
    assert result.explanation.message == QUORUM_MISSED
    assert result.explanation.text() == "Không đủ số thành viên dự họp (4/7, cần ít nhất 2/3)."


# --- issue 15: three denominators × recusal × written ballots -------------------------------------------------

RULE_ALL = CouncilRule(threshold_pct=Decimal(50))
RULE_PRESENT = CouncilRule(threshold_pct=Decimal(50), denominator=Denominator.PRESENT)
RULE_VALID = CouncilRule(threshold_pct=Decimal(50), denominator=Denominator.VALID)


@pytest.mark.parametrize("rule, count, denominator", [
    # 9 members, 7 present, nobody recused, 5 ballots (3 agree, 1 disagree, 1 abstain)
    (RULE_ALL, Count(9, 7, 0, 3, 1, 1), 9),
    (RULE_PRESENT, Count(9, 7, 0, 3, 1, 1), 7),
    (RULE_VALID, Count(9, 7, 0, 3, 1, 1), 5),
    # one present member recused: out of the all-members and present bases; valid ballots are unchanged
    (RULE_ALL, Count(9, 7, 1, 3, 1, 1), 8),
    (RULE_PRESENT, Count(9, 7, 1, 3, 1, 1), 6),
    (RULE_VALID, Count(9, 7, 1, 3, 1, 1), 5),
    # one absent member recused: only the all-members base counts absent members, so only it loses one
    (RULE_ALL, Count(9, 7, 0, 3, 1, 1, recused_absent=1), 8),
    (RULE_PRESENT, Count(9, 7, 0, 3, 1, 1, recused_absent=1), 7),
    (RULE_VALID, Count(9, 7, 0, 3, 1, 1, recused_absent=1), 5),
    # two written ballots of absent members among the 5: in the all-members base already, added to the present
    # base (they took part), and valid ballots like any other
    (RULE_ALL, Count(9, 7, 0, 3, 1, 1, written=2), 9),
    (RULE_PRESENT, Count(9, 7, 0, 3, 1, 1, written=2), 9),
    (RULE_VALID, Count(9, 7, 0, 3, 1, 1, written=2), 5),
    # all together: one recused present, one recused absent, one written
    (RULE_ALL, Count(9, 7, 1, 3, 1, 1, written=1, recused_absent=1), 7),
    (RULE_PRESENT, Count(9, 7, 1, 3, 1, 1, written=1, recused_absent=1), 7),
    (RULE_VALID, Count(9, 7, 1, 3, 1, 1, written=1, recused_absent=1), 5),
])
def test_each_denominator_with_recusals_and_written_ballots(rule, count, denominator):
    assert tally(rule, count).denominator == denominator


def test_valid_ballots_are_agree_disagree_and_abstain_and_a_recusal_does_not_change_them():
    count = Count(members=9, present=7, recused=2, agree=3, disagree=1, abstain=1)
    result = tally(RULE_VALID, count)
    assert (result.denominator, result.passed) == (5, True)  # 3/5 = 60 % ≥ 50 %
    assert result.reason == "3/5 phiếu đồng ý (60% số phiếu hợp lệ), đạt ngưỡng 50%."


def test_no_valid_ballot_never_passes():
    assert not tally(RULE_VALID, Count(members=9, present=7, recused=0, agree=0)).passed


def test_a_written_ballot_turns_a_failing_item_into_a_passing_one():
    rule = CouncilRule(threshold_pct=Decimal(90))  # Chiến sĩ thi đua cấp tỉnh: 90 % of all members
    room = Count(members=7, present=5, recused=1, agree=4)
    assert not tally(rule, room).passed  # 4/6
    result = tally(rule, Count(members=7, present=5, recused=1, agree=6, written=2))
    assert result.passed and result.reason == (
        "6/6 phiếu đồng ý (100% số thành viên được biểu quyết: 7 thành viên, trừ 1 thành viên không tham gia do "
        "liên quan), đạt ngưỡng 90%. Trong đó có 2 phiếu bằng văn bản của thành viên vắng mặt.")


def test_written_ballots_do_not_make_a_quorum():
    result = tally(RULE_ALL, Count(members=9, present=5, recused=0, agree=7, written=2))
    assert not result.quorum_met and not result.passed  # 5/9 present < 2/3, whatever the written ballots say


def test_more_written_ballots_than_entitled_absent_members_is_an_error():
    with pytest.raises(ValueError):
        tally(RULE_ALL, Count(members=9, present=7, recused=0, agree=3, written=3))
    with pytest.raises(ValueError):
        tally(RULE_ALL, Count(members=9, present=7, recused=0, agree=2, written=2, recused_absent=1))
    with pytest.raises(ValueError):  # ballots in the room beyond the present members entitled to vote
        tally(RULE_ALL, Count(members=9, present=7, recused=1, agree=8, written=1))


def test_the_all_members_sentence_counts_absent_recused_members_too():
    result = tally(RULE_ALL, Count(members=9, present=7, recused=1, agree=5, disagree=1, recused_absent=1))
    assert result.reason == ("5/7 phiếu đồng ý (71,43% số thành viên được biểu quyết: 9 thành viên, trừ 2 thành viên "
                             "không tham gia do liên quan), đạt ngưỡng 50%.")
