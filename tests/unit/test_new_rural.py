"""The new-rural recognition's rules as data (rules/new_rural.py): thresholds at their edges, the posting period,
the level a commune must already hold, the criteria set in force, and every sentence a dossier can be refused
with."""
from datetime import date

import pytest

from workflow.rules import new_rural
from workflow.rules.new_rural import Assessment, Dossier, Level, Survey

SET = new_rural.QD_318_2022
ALL_MET = {item.code: Assessment(True, True) for item in new_rural.items_of(SET)}
POSTED = date(2025, 3, 3)


def _dossier(**kw) -> Dossier:
    values = dict(level=Level.STANDARD, criteria_set=SET, assessments=ALL_MET, survey=Survey(1000, 950),
                  posting_ends_on=new_rural.POSTING_PERIOD.end(POSTED), unanswered_objections=0,
                  recognised_levels=frozenset())
    return Dossier(**values | kw)


@pytest.mark.parametrize(("satisfied", "level", "refused"), [
    (899, Level.STANDARD, True), (900, Level.STANDARD, False),
    (949, Level.ADVANCED, True), (950, Level.ADVANCED, False), (950, Level.MODEL, False)])
def test_satisfaction_thresholds_at_their_edges(satisfied, level, refused):
    assert float(Survey(1000, satisfied).rate) == pytest.approx(satisfied / 10)
    assert (new_rural.satisfaction_refusal(level, Survey(1000, satisfied)) is not None) is refused


def test_a_rate_just_under_the_threshold_is_named_with_a_decimal_comma():
    assert new_rural.satisfaction_refusal(Level.STANDARD, Survey(1000, 899)) == (
        "Tỷ lệ người dân hài lòng 89,9 %, chưa đạt mức tối thiểu 90,0 % để công nhận xã đạt chuẩn nông thôn mới.")


def test_the_posting_lasts_fifteen_calendar_days():
    assert new_rural.POSTING_PERIOD.unit == new_rural.DayUnit.CALENDAR
    assert new_rural.POSTING_PERIOD.end(date(2025, 3, 3)) == date(2025, 3, 18)


def test_a_complete_dossier_after_the_posting_is_sendable():
    assert new_rural.submission_refusals(_dossier(), date(2025, 3, 19)) == []


def test_every_reason_is_given_at_once():
    assessments = dict(ALL_MET)
    del assessments["qd318-01"]
    assessments["qd318-10"] = Assessment(False, True)
    assessments["qd318-17"] = Assessment(True, False)
    sentences = new_rural.submission_refusals(
        _dossier(level=Level.ADVANCED, assessments=assessments, survey=Survey(1000, 940), unanswered_objections=2),
        date(2025, 3, 18))
    assert sentences == [
        "Tiêu chí số 1 «Quy hoạch» chưa được tự đánh giá.",
        "Tiêu chí số 10 «Thu nhập» chưa đạt.",
        "Tiêu chí số 17 «Môi trường và an toàn thực phẩm» chưa có tài liệu minh chứng.",
        ("Tỷ lệ người dân hài lòng 94,0 %, chưa đạt mức tối thiểu 95,0 % để công nhận xã đạt chuẩn nông thôn mới "
        "nâng cao."),
        "Chưa hết thời hạn công khai lấy ý kiến (15 ngày, đến hết ngày 18/03/2025).",
        "Còn 2 ý kiến phản ánh chưa được trả lời.",
        ("Xã chưa được công nhận đạt chuẩn nông thôn mới, điều kiện để xét công nhận xã đạt chuẩn nông thôn mới "
        "nâng cao.")]


def test_conditions_of_recognition_are_assessed_like_criteria():
    assessments = dict(ALL_MET) | {new_rural.NO_CONSTRUCTION_DEBT: Assessment(False, True)}
    assert new_rural.submission_refusals(_dossier(assessments=assessments), date(2025, 3, 19)) == [
        "Điều kiện «Không có nợ đọng xây dựng cơ bản thuộc Chương trình xây dựng nông thôn mới» chưa đạt."]


def test_no_survey_and_no_posting():
    sentences = new_rural.submission_refusals(_dossier(survey=None, posting_ends_on=None), date(2025, 3, 19))
    assert sentences == ["Chưa có kết quả lấy ý kiến sự hài lòng của người dân.",
                         "Kết quả tự đánh giá chưa được công khai lấy ý kiến nhân dân."]


@pytest.mark.parametrize(("level", "held", "refused"), [
    (Level.STANDARD, set(), False), (Level.ADVANCED, {Level.STANDARD}, False), (Level.MODEL, {Level.STANDARD}, True),
    (Level.MODEL, {Level.STANDARD, Level.ADVANCED}, False)])
def test_each_level_requires_the_one_below(level, held, refused):
    assert (new_rural.prerequisite_refusal(level, held) is not None) is refused


def test_the_criteria_set_in_force_on_a_day():
    assert new_rural.criteria_set_on(date(2025, 6, 1)) is new_rural.QD_318_2022
    assert len(new_rural.QD_318_2022.criteria) == 19
    assert new_rural.criteria_set_on(date(2026, 2, 15)) is new_rural.QD_51_2025
    assert len(new_rural.QD_51_2025.criteria) == 10
    with pytest.raises(LookupError, match="nâng cao"):
        new_rural.criteria_set_on(date(2026, 3, 1), Level.ADVANCED)


def test_the_decision_title_names_the_communes_and_the_level():
    assert new_rural.decision_title(Level.ADVANCED, ["Xã Vĩnh Hưng A"], 2025) == (
        "Về việc công nhận xã Vĩnh Hưng A đạt chuẩn nông thôn mới nâng cao năm 2025")
