"""Red flags computed from nominations made through the real services, the one-achievement-one-award refusal,
and the flags frozen on the agenda item."""
from datetime import date

import pytest

from tests.factories import PDF, audit_count, in_council, make_nomination, submitted
from workflow.models import AttachmentKind, Campaign
from workflow.rules import red_flags as rf
from workflow.rules.errors import InvalidTransition
from workflow.rules.nominees import NomineeKind
from workflow.rules.states import State
from workflow.services import nominations, red_flags


def codes(session, nomination, **settings):
    return [f.code for f in red_flags.flags_for(session, nomination, rf.Settings(**settings))]


def _evidence(session, world, store, nomination, officer=None):
    nominations.add_attachment(session, nomination, by=officer or world.officer_a, store=store,
                               filename="bien-ban.pdf", data=PDF, kind=AttachmentKind.MINUTES)


def _sent(session, world, store, **kw):
    """A nomination with a document beside the unit's report (so only the flag under test shows), sent."""
    nomination = make_nomination(session, world, store, **kw)
    officer = kw.get("officer") or world.officer_a
    _evidence(session, world, store, nomination, officer)
    nominations.submit(session, nomination, by=officer, expected_version=nomination.version)
    return nomination


def test_only_the_units_own_report_then_another_document(session, world, store):
    nomination = submitted(session, world, store)
    flag, = red_flags.flags_for(session, nomination)
    assert flag.code == rf.OWN_REPORT_ONLY
    other = make_nomination(session, world, store)
    _evidence(session, world, store, other)
    assert codes(session, other) == []


def _campaign(session, world, year: int) -> Campaign:
    campaign = Campaign(name=f"Đợt {year}", authority=world.authority, period_start=date(year, 1, 1),
                        period_end=date(year, 12, 31), award_types=[world.bang_khen, world.giay_khen])
    session.add(campaign)
    session.flush()
    return campaign


def test_proposed_in_each_of_the_last_rounds(session, world, store):
    # world.campaign starts in 2021: the three earlier rounds are 2018-2020
    for year in (2018, 2019):
        submitted(session, world, store, name="Tập thể Ấp 1", campaign=_campaign(session, world, year),
                  period_from=date(year, 1, 1), period_to=date(year, 12, 31))
    now = make_nomination(session, world, store, name="Tập thể Ấp 1")
    _evidence(session, world, store, now)
    assert codes(session, now) == []                       # only two earlier rounds
    assert codes(session, now, rounds=2) == [rf.EVERY_ROUND]
    withdrawn_round = _campaign(session, world, 2020)
    assert codes(session, now) == []                       # the 2020 round exists, without the nominee
    submitted(session, world, store, name="Tập thể Ấp 1", campaign=withdrawn_round,
              period_from=date(2020, 1, 1), period_to=date(2020, 12, 31))
    flag, = red_flags.flags_for(session, now)
    assert flag.code == rf.EVERY_ROUND and "3 đợt" in flag.sentence


def _people(session, world, store, positions, workers: int):
    made = []
    for i, position in enumerate(positions):
        made.append(_sent(session, world, store, kind=NomineeKind.INDIVIDUAL, name=f"Nguyễn Văn {position}",
                          position=position, works_in_production=i < workers, gender="male"))
    return made


def test_share_of_leaders_and_of_workers_in_the_units_round(session, world, store):
    made = _people(session, world, store, ["Chủ tịch UBND", "Phó Giám đốc", "Chuyên viên", "Nông dân"], workers=1)
    assert codes(session, made[0]) == []                   # four individuals: below the minimum list of five
    made += _people(session, world, store, ["Trưởng phòng"], workers=0)
    flag_codes = codes(session, made[0])
    assert flag_codes == [rf.LEADER_SHARE]                 # 3 of 5 leaders = 60 %; 1 of 5 workers = 20 %: at the floor
    leader = next(f for f in red_flags.flags_for(session, made[0]) if f.code == rf.LEADER_SHARE)
    assert leader.figures == {"leaders": 3, "total": 5, "share": 60.0, "ceiling": 30}
    assert codes(session, made[0], production_floor_pct=21) == [rf.LEADER_SHARE, rf.PRODUCTION_SHARE]


def test_a_unit_proposing_far_more_per_head_than_its_peers(session, world, store):
    world.district_a.headcount, world.district_b.headcount = 1000, 1000
    mine = [_sent(session, world, store) for _ in range(2)]
    _sent(session, world, store, officer=world.officer_b)
    flag, = red_flags.flags_for(session, mine[0])          # 2/1,000 against the peer's 1/1,000: twice
    assert flag.code == rf.PER_HEAD and flag.figures["median"] == 1.0 and flag.figures["rate"] == 2.0
    world.district_a.headcount = 1001
    assert codes(session, mine[0]) == []
    world.district_a.headcount = None
    assert codes(session, mine[0]) == []


def test_the_same_achievement_from_two_units_and_for_another_award(session, world, store):
    first = submitted(session, world, store, kind=NomineeKind.INDIVIDUAL, name="Lê Thị Hoa")
    other_award = make_nomination(session, world, store, kind=NomineeKind.INDIVIDUAL, name="Lê Thị Hoa",
                                  award_type=world.giay_khen, period_from=date(2024, 6, 1))
    _evidence(session, world, store, other_award)
    flag, = red_flags.flags_for(session, other_award)
    assert flag.code == rf.SAME_ACHIEVEMENT and f"#{first.id}" in flag.sentence
    assert world.bang_khen.name in flag.sentence
    outside = make_nomination(session, world, store, kind=NomineeKind.INDIVIDUAL, name="Lê Thị Hoa",
                              award_type=world.giay_khen, period_from=date(2025, 1, 1), period_to=date(2025, 6, 30))
    _evidence(session, world, store, outside)
    assert codes(session, outside) == []                   # the periods do not overlap


def test_an_exclusive_award_type_refuses_the_second_form_naming_the_first(session, world, store):
    world.giay_khen.exclusive_achievement = True
    first = submitted(session, world, store, kind=NomineeKind.INDIVIDUAL, name="Lê Thị Hoa")
    second = make_nomination(session, world, store, kind=NomineeKind.INDIVIDUAL, name="Lê Thị Hoa",
                             award_type=world.giay_khen)
    before = audit_count(session)
    with pytest.raises(InvalidTransition) as refused:
        nominations.submit(session, second, by=world.officer_a, expected_version=second.version)
    assert refused.value.message == (
        f"Không thể gửi: thành tích này (cùng đối tượng, thời gian trùng) đã được đề nghị Bằng khen của Chủ tịch "
        f"UBND tỉnh tại hồ sơ #{first.id} của Huyện Vĩnh Lợi; một thành tích chỉ được đề nghị một hình thức "
        f"khen thưởng.")
    assert second.state == State.DRAFT and audit_count(session) == before
    nominations.withdraw(session, first, by=world.officer_a, expected_version=first.version, reason="Rút")
    nominations.submit(session, second, by=world.officer_a, expected_version=second.version)
    assert second.state == State.SUBMITTED


def test_without_the_exclusive_setting_it_is_only_a_flag(session, world, store):
    submitted(session, world, store, kind=NomineeKind.INDIVIDUAL, name="Lê Thị Hoa")
    second = submitted(session, world, store, kind=NomineeKind.INDIVIDUAL, name="Lê Thị Hoa",
                       award_type=world.giay_khen)
    assert rf.SAME_ACHIEVEMENT in codes(session, second)


def test_the_flags_are_frozen_on_the_agenda_item(session, world, store):
    _, meeting = in_council(session, world, store)
    item = meeting.items[-1]
    assert [f["code"] for f in item.flags_seen] == [rf.OWN_REPORT_ONLY]
    assert item.flags_seen[0]["sentence"].startswith("Hồ sơ chỉ có báo cáo thành tích của đơn vị")
