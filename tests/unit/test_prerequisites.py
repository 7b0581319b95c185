"""Title prerequisites: requirements as data, evidence, and the check at appraisal (pure)."""
from datetime import date

import pytest

from workflow.rules.classification import award_phrase, decision_subject
from workflow.rules.errors import ValidationFailed
from workflow.rules.prerequisites import (FROM_REGISTER, Initiative, InitiativeEvidence, PriorTitle, TitleEvidence,
                                          assess, evidence_from_json, format_requirements, parse_evidence,
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
