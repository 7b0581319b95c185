"""Title prerequisites: requirements as data, evidence, and the check at appraisal (pure)."""
from datetime import date

import pytest

from workflow.rules.classification import award_phrase, decision_subject
from workflow.rules.errors import ValidationFailed
from workflow.rules.prerequisites import (AT_LEAST, FROM_REGISTER, NONE, SHARE, Initiative, InitiativeEvidence,
                                          MemberRule, PriorTitle, TitleEvidence, assess, evidence_from_json, format_requirements, parse_evidence,
                                          parse_requirements, requirements_from_json, requirements_to_json,
                                          unmet_sentence)

CSTD_TINH = "danh hiệu | Chiến sĩ thi đua cơ sở | 3\nsáng kiến | tỉnh"


def _titles(*years, title="Chiến sĩ thi đua cơ sở"):
    return [TitleEvidence(title, y, f"{y}/QĐ-UBND") for y in years]


def _check(titles, initiatives=(), end=2025, text=CSTD_TINH):
    return assess(parse_requirements(text), period_end_year=end, titles=titles, initiatives=initiatives)


def test_requirements_round_trip_through_lines_and_json():
    found = parse_requirements(CSTD_TINH + "\n\n")
    assert found == [PriorTitle("Chiến sĩ thi đua cơ sở", 3), Initiative("tinh")]
    assert requirements_from_json(requirements_to_json(found)) == found
    assert parse_requirements(format_requirements(found)) == found
    assert parse_requirements("Danh hieu | Tập thể lao động tiên tiến | 1") == [PriorTitle("Tập thể lao động tiên tiến", 1)]


@pytest.mark.parametrize("line, words", [
    ("danh hiệu | Chiến sĩ thi đua cơ sở | ba", "số năm liên tục"),
    ("danh hiệu | Chiến sĩ thi đua cơ sở | 0", "từ 1 đến"),
    ("sáng kiến | huyện", "phạm vi «huyện»"),
    ("bằng khen | 2", "không đúng mẫu"),
])
def test_a_malformed_requirement_is_refused_naming_its_line(line, words):
    with pytest.raises(ValidationFailed) as refused:
        parse_requirements("sáng kiến | tỉnh\n" + line)
    assert "Dòng 2" in refused.value.message and words in refused.value.message
    assert refused.value.field == "prerequisite_lines"


def test_three_consecutive_years_ending_with_the_period_end_year_are_met():
    findings = _check(_titles(2023, 2024, 2025), [InitiativeEvidence("Số hóa hồ sơ", "tinh", "QĐ 12/QĐ-UBND")])
    assert [f.met for f in findings] == [True, True]
    assert [e.year for e in findings[0].evidence] == [2023, 2024, 2025]
    assert unmet_sentence(findings) is None


def test_the_run_must_reach_the_period_end_year_at_the_boundary():
    findings = _check(_titles(2022, 2023, 2024), end=2025)
    assert not findings[0].met and "năm 2025" in findings[0].missing
    assert _check(_titles(2022, 2023, 2024), end=2024)[0].met


def test_a_gap_year_is_not_consecutive():
    finding = _check(_titles(2023, 2025))[0]
    assert not finding.met
    assert finding.missing == "danh hiệu «Chiến sĩ thi đua cơ sở» năm 2024"


def test_another_title_does_not_count_and_names_compare_without_case_or_marks():
    assert not _check(_titles(2023, 2024, 2025, title="Lao động tiên tiến"))[0].met
    assert _check(_titles(2023, 2024, 2025, title="chien si thi dua co so"))[0].met


def test_an_initiative_of_a_lower_scope_is_not_enough_and_a_higher_one_is():
    basic = InitiativeEvidence("Cải tiến quy trình", "co_so", "QĐ 5/QĐ-UBND xã")
    finding = _check(_titles(2023, 2024, 2025), [basic])[1]
    assert not finding.met and finding.evidence == (basic,)  # shown, though it does not meet the requirement
    national = InitiativeEvidence("Phần mềm một cửa", "toan_quoc", "QĐ 1/QĐ-BNV")
    assert _check(_titles(2023, 2024, 2025), [basic, national])[1].met


def test_the_refusal_lists_everything_missing():
    sentence = unmet_sentence(_check(_titles(2024)))
    assert sentence == ("Hồ sơ chưa đủ điều kiện xét danh hiệu: còn thiếu danh hiệu «Chiến sĩ thi đua cơ sở» năm "
                        "2023, 2025; sáng kiến, đề tài có phạm vi ảnh hưởng từ cấp tỉnh (bộ, ban, ngành) trở lên.")


def test_the_units_declaration_is_preferred_to_the_registers_copy_of_the_same_year():
    register = TitleEvidence("Chiến sĩ thi đua cơ sở", 2025, "9/QĐ-UBND", source=FROM_REGISTER)
    finding = _check([register] + _titles(2023, 2024, 2025))[0]
    assert finding.met and all(e.source != FROM_REGISTER for e in finding.evidence)
    assert "theo sổ khen thưởng" in register.line()


def test_evidence_lines_parse_store_and_come_back():
    evidence = parse_evidence("Chiến sĩ thi đua cơ sở | 2024 | 15/QĐ-UBND | 20/12/2024\n",
                              "Số hóa hồ sơ | tỉnh | Quyết định 12/QĐ-UBND ngày 02/03/2025")
    assert evidence.titles[0].decision_date == date(2024, 12, 20)
    assert evidence.initiatives[0].scope == "tinh"
    assert evidence_from_json(evidence.to_json()) == evidence
    assert parse_evidence(evidence.title_lines(), evidence.initiative_lines()) == evidence
    assert evidence.lines()[0] == "Danh hiệu: Chiến sĩ thi đua cơ sở năm 2024, Quyết định số 15/QĐ-UBND ngày 20/12/2024"


@pytest.mark.parametrize("titles, initiatives, field", [
    ("Chiến sĩ thi đua cơ sở | năm ngoái | 1/QĐ", "", "evidence_titles"),
    ("Chiến sĩ thi đua cơ sở | 2024", "", "evidence_titles"),
    ("Chiến sĩ thi đua cơ sở | 2024 | 1/QĐ | 31/02/2024", "", "evidence_titles"),
    ("", "Số hóa | tỉnh", "evidence_initiatives"),
])
def test_malformed_evidence_is_refused_beside_its_box(titles, initiatives, field):
    with pytest.raises(ValidationFailed) as refused:
        parse_evidence(titles, initiatives)
    assert refused.value.field == field and "dòng 1" in refused.value.message


def test_a_title_is_awarded_as_a_title_and_a_form_by_its_name():
    assert award_phrase("Chiến sĩ thi đua cấp tỉnh", "title") == "danh hiệu “Chiến sĩ thi đua cấp tỉnh”"
    assert award_phrase("Bằng khen của Chủ tịch UBND tỉnh", "form") == "Bằng khen của Chủ tịch UBND tỉnh"
    assert decision_subject([("Bằng khen của Chủ tịch UBND tỉnh", "form")]) == \
        "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh"
    assert decision_subject([("Cờ thi đua của UBND tỉnh", "title"), ("Bằng khen", "form")]) == \
        "Về việc tặng Bằng khen và danh hiệu “Cờ thi đua của UBND tỉnh”"


# --- Tập thể lao động xuất sắc: a collective's members ---------------------------------------------------------

TTLDXS = ("thành viên | hoàn thành nhiệm vụ | 100%\nthành viên | Lao động tiên tiến | 70%\n"
          "thành viên | Chiến sĩ thi đua cơ sở | 1 người\nthành viên | bị kỷ luật từ khiển trách trở lên | không")


def _members(total, **counts):
    names = {"done": "hoàn thành nhiệm vụ", "ldtt": "Lao động tiên tiến", "cstd": "Chiến sĩ thi đua cơ sở",
             "discipline": "bị kỷ luật từ khiển trách trở lên"}
    lines = [f"tổng số thành viên | {total}"] + [f"{names[k]} | {v}" for k, v in counts.items()]
    return parse_evidence("", "", "\n".join(lines)).members


def _met(total, **counts):
    return [f.met for f in assess(parse_requirements(TTLDXS), period_end_year=2025, titles=(), initiatives=(),
                                  members=_members(total, **counts))]


def test_member_rules_round_trip_and_read_as_the_law_writes_them():
    rules = parse_requirements(TTLDXS)
    assert rules[1] == MemberRule("Lao động tiên tiến", SHARE, 70)
    assert rules[2] == MemberRule("Chiến sĩ thi đua cơ sở", AT_LEAST, 1)
    assert rules[3] == MemberRule("bị kỷ luật từ khiển trách trở lên", NONE)
    assert requirements_from_json(requirements_to_json(rules)) == rules
    assert parse_requirements(format_requirements(rules)) == rules
    assert parse_requirements("Thanh vien | Lao động tiên tiến | 70 %")[0] == rules[1]
    assert [r.label() for r in rules[1:]] == [
        "Ít nhất 70% thành viên của tập thể «Lao động tiên tiến»", "Có ít nhất 1 thành viên «Chiến sĩ thi đua cơ sở»",
        "Không có thành viên «bị kỷ luật từ khiển trách trở lên»"]


@pytest.mark.parametrize("line", ["thành viên | Lao động tiên tiến | 0%", "thành viên | Lao động tiên tiến | 101%",
                                  "thành viên | Lao động tiên tiến | nhiều", "thành viên | | 70%",
                                  "thành viên | Chiến sĩ thi đua cơ sở | 0 người"])
def test_a_malformed_member_rule_is_refused(line):
    with pytest.raises(ValidationFailed) as refused:
        parse_requirements(line)
    assert refused.value.field == "prerequisite_lines" and "Dòng 1" in refused.value.message


@pytest.mark.parametrize(("total", "ldtt", "met"), [
    (30, 21, True),    # exactly 70 %
    (30, 20, False),   # 66.7 %
    (25, 18, True),    # 72 %: 70 % of 25 is 17.5, and 17 persons are not enough
    (25, 17, False),
    (1, 1, True),
])
def test_a_share_of_members_is_met_exactly_at_its_boundary(total, ldtt, met):
    assert _met(total, done=total, ldtt=ldtt, cstd=1, discipline=0)[1] is met


def test_every_member_must_have_done_the_task_and_nobody_may_be_disciplined():
    assert _met(30, done=30, ldtt=21, cstd=1, discipline=0) == [True, True, True, True]
    assert _met(30, done=29, ldtt=21, cstd=0, discipline=1) == [False, True, False, False]


def test_an_undeclared_figure_is_not_met_and_the_sentence_says_what_is_missing():
    findings = assess(parse_requirements(TTLDXS), period_end_year=2025, titles=(), initiatives=(),
                      members=_members(30, done=30, ldtt=20))
    assert [f.met for f in findings] == [True, False, False, False]
    sentence = unmet_sentence(findings)
    assert "ít nhất 70% thành viên «Lao động tiên tiến» (mới có 20/30 thành viên «Lao động tiên tiến» (66,7%))" \
        in sentence
    assert "số thành viên «Chiến sĩ thi đua cơ sở»" in sentence
    assert "xác nhận số thành viên «bị kỷ luật từ khiển trách trở lên»" in sentence


def test_member_figures_round_trip_and_old_evidence_stays_equal():
    evidence = parse_evidence("", "", "tổng số thành viên | 18\nLao động tiên tiến | 13 | Quyết định số 55/QĐ-UBND\n"
                                      "bị kỷ luật từ khiển trách trở lên | 0")
    assert evidence.members_total == 18 and evidence.members[0].document == "Quyết định số 55/QĐ-UBND"
    assert evidence_from_json(evidence.to_json()) == evidence
    assert parse_evidence("", "", evidence.member_lines()) == evidence
    assert "Thành viên: 13/18 thành viên «Lao động tiên tiến» (72,2%), theo Quyết định số 55/QĐ-UBND" \
        in evidence.lines()
    old = {"titles": [], "initiatives": []}      # stored before member figures existed
    assert evidence_from_json(old).to_json() == old


@pytest.mark.parametrize(("text", "words"), [
    ("Lao động tiên tiến | 13", "tổng số thành viên | số người"),
    ("tổng số thành viên | 18\nLao động tiên tiến | 19", "19 người nhiều hơn tổng số 18"),
    ("tổng số thành viên | 18\nLao động tiên tiến | mười", "dòng 2"),
    ("tổng số thành viên | 18\nLao động tiên tiến | 3\nlao dong tien tien | 4", "đã được ghi"),
    ("tổng số thành viên | 0", "tổng số thành viên | số người"),
])
def test_malformed_member_figures_are_refused_beside_their_box(text, words):
    with pytest.raises(ValidationFailed) as refused:
        parse_evidence("", "", text)
    assert refused.value.field == "evidence_members" and words in refused.value.message
