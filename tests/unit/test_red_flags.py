"""Each red flag at its threshold: just under, at, and over."""
import pytest

from workflow.rules import red_flags as rf
from workflow.rules.positions import is_leader
from workflow.rules.red_flags import Facts, Overlap, Settings, flags

S = Settings()
WITH_EVIDENCE = {"other_documents": 1}


def codes(**facts) -> list[str]:
    return [f.code for f in flags(Facts(**{**WITH_EVIDENCE, **facts}), S)]


@pytest.mark.parametrize("position", ["Chủ tịch UBND xã", "Phó Chủ tịch Hội Nông dân", "Bí thư Đoàn",
                                      "PHÓ BÍ THƯ", "Giám đốc Sở", "Phó Giám đốc", "Trưởng phòng Nội vụ",
                                      "Trưởng ban Tuyên giáo", "Phó trưởng phòng", "Thủ trưởng đơn vị",
                                      "Hiệu trưởng", "Phó Hiệu trưởng", "chu tich", "truong phong"])
def test_leader_titles(position):
    assert is_leader(position)


@pytest.mark.parametrize("position", ["", None, "Giáo viên", "Công nhân", "Nông dân", "Chuyên viên",
                                      "Kế toán trưởng", "Bác sĩ", "Học sinh trường THCS"])
def test_not_leaders(position):
    assert not is_leader(position)


def test_own_report_only():
    flag, = flags(Facts(), S)
    assert flag.code == rf.OWN_REPORT_ONLY
    assert "chỉ có báo cáo thành tích" in flag.sentence
    assert codes(other_documents=1) == []
    assert flags(Facts(prerequisite_evidence=1), S) == []


def test_every_round_needs_all_of_the_last_n():
    assert codes(earlier_rounds=(True, True)) == []                 # only two earlier rounds exist
    assert codes(earlier_rounds=(True, True, False)) == []          # missed one of the last three
    assert codes(earlier_rounds=(True, True, True)) == [rf.EVERY_ROUND]
    assert codes(earlier_rounds=(True, True, True, False)) == [rf.EVERY_ROUND]   # older rounds do not count
    flag, = flags(Facts(other_documents=1, earlier_rounds=(True,) * 4), Settings(rounds=4))
    assert "4 đợt" in flag.sentence


def list_of(total, leaders, workers, individual=True):
    return codes(is_individual=individual, unit_individuals=total, unit_leaders=leaders,
                 unit_in_production=workers)


def test_leader_share_ceiling():
    assert list_of(10, 3, 5) == []                     # 30 %: at the ceiling, not above
    assert list_of(10, 4, 5) == [rf.LEADER_SHARE]      # 40 %
    assert list_of(1000, 301, 500) == [rf.LEADER_SHARE]   # 30.1 %
    flag, = flags(Facts(other_documents=1, unit_individuals=10, unit_leaders=4, unit_in_production=5), S)
    assert flag.sentence == ("Đơn vị đề nghị 4 lãnh đạo trên 10 cá nhân trong đợt (40.0%), vượt mức 30%.")


def test_production_floor():
    assert list_of(10, 0, 2) == []                     # 20 %: at the floor
    assert list_of(10, 0, 1) == [rf.PRODUCTION_SHARE]  # 10 %
    assert list_of(1000, 0, 199) == [rf.PRODUCTION_SHARE]


def test_list_shares_only_for_individuals_from_the_minimum():
    assert list_of(4, 4, 0) == []                      # below the minimum list of 5
    assert list_of(5, 5, 0) == [rf.LEADER_SHARE, rf.PRODUCTION_SHARE]
    assert list_of(5, 5, 0, individual=False) == []


def test_per_head_against_the_peer_median():
    # 10 on 1,000 head = 10/1,000; peers' median 5
    assert codes(unit_count=9, unit_headcount=1000, peer_rates=(4.0, 5.0, 6.0)) == []       # 1.8×
    assert codes(unit_count=10, unit_headcount=1000, peer_rates=(4.0, 5.0, 6.0)) == [rf.PER_HEAD]  # 2×
    assert codes(unit_count=11, unit_headcount=1000, peer_rates=(4.0, 5.0, 6.0)) == [rf.PER_HEAD]
    assert codes(unit_count=2, unit_headcount=1001, peer_rates=(1.0,)) == []    # 1.998×: never rounded up to 2
    assert codes(unit_count=50, unit_headcount=None, peer_rates=(1.0,)) == []                # head count unknown
    assert codes(unit_count=50, unit_headcount=1000, peer_rates=()) == []                    # no peers
    flag, = flags(Facts(other_documents=1, unit_count=10, unit_headcount=1000, peer_rates=(4.0, 5.0, 6.0)), S)
    assert flag.figures == {"count": 10, "headcount": 1000, "rate": 10.0, "ratio": 2.0, "median": 5.0, "peers": 3}


def test_upheld_objections():
    assert codes(upheld_objections=0) == []
    assert codes(upheld_objections=1) == [rf.UPHELD_OBJECTIONS]
    assert [f.code for f in flags(Facts(other_documents=1, upheld_objections=1), Settings(upheld_min=2))] == []


def test_same_achievement():
    other_award = Overlap(7, "Bằng khen", "Xã A", other_award=True, other_unit=False)
    other_unit = Overlap(8, "Giấy khen", "Xã B", other_award=False, other_unit=True)
    found = flags(Facts(other_documents=1, overlaps=(other_award, other_unit)), S)
    assert [f.code for f in found] == [rf.SAME_ACHIEVEMENT] * 2
    assert "#7 (Bằng khen, Xã A)" in found[0].sentence
    assert "#8" in found[1].sentence and "Xã B" in found[1].sentence


def test_frozen_keeps_the_sentence():
    flag, = flags(Facts(upheld_objections=2, other_documents=1), S)
    assert flag.frozen()["sentence"] == "Đã có 2 phản ánh được chấp nhận đối với hồ sơ của đơn vị ở các đợt trước."
    assert flag.frozen()["code"] == rf.UPHELD_OBJECTIONS


def test_no_verified_result_when_one_is_required():
    required = "Xã đạt chuẩn nông thôn mới nâng cao"
    assert codes(verified_required=required) == [rf.NO_VERIFIED_RESULT]
    assert codes(verified_required=required, verified_cited=True) == []
    [flag] = flags(Facts(other_documents=1, verified_required=required), S)
    assert "«Xã đạt chuẩn nông thôn mới nâng cao»" in flag.sentence


def test_no_verified_result_when_the_achievement_speaks_of_new_rural():
    assert codes(mentions_new_rural=True, recognitions_in_force=0) == []    # nothing to cite
    assert codes(mentions_new_rural=True, recognitions_in_force=1) == [rf.NO_VERIFIED_RESULT]
    assert codes(mentions_new_rural=False, recognitions_in_force=1) == []   # about something else
    assert codes(mentions_new_rural=True, recognitions_in_force=1, verified_cited=True) == []


def test_new_rural_words_are_read_folded():
    from workflow.rules.folding import fold
    assert rf.mentions_new_rural(fold("Dẫn đầu phong trào xây dựng Nông thôn mới nâng cao"))
    assert not rf.mentions_new_rural(fold("Dẫn đầu phong trào thi đua yêu nước"))
