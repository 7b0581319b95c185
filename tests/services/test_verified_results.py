"""Verified results (issue 17): recognitions in force, with their decision as source, and the dashboard's
verified figure beside the reported one."""
from datetime import date

from workflow.models import Comparator, Indicator, Target
from workflow.services import decisions, movement, verified_results
from tests.factories import TODAY, new_rural_type, recognised_commune


def _indicator(session, world, award_types):
    indicator = Indicator(campaign=world.campaign, code="NTMNC", name="Xã đạt chuẩn nông thôn mới nâng cao")
    session.add(indicator)
    session.flush()
    session.add(Target(indicator=indicator, unit=world.district_a, value=2, comparator=Comparator.EXACTLY))
    session.flush()
    movement.set_counted_award_types(session, indicator, award_types, by=world.admin)
    return indicator


def test_a_recognition_in_force_is_a_verified_result_with_its_decision(session, world):
    recognition = recognised_commune(session, world)
    [result] = verified_results.recognitions(session, on=TODAY)
    line = decisions.certificate_of(session, recognition).line
    assert (result.nomination_id, result.unit_id, result.decision_number, result.decision_date) == (
        recognition.id, world.commune.id, line.decision.number, TODAY)
    assert result.level == "Xã đạt chuẩn nông thôn mới nâng cao"
    assert verified_results.in_force(session, recognition.id) == result


def test_a_decision_after_the_date_is_not_counted(session, world):
    recognised_commune(session, world, decision_date=TODAY)
    assert verified_results.recognitions(session, on=date(2025, 3, 2)) == []
    indicator = _indicator(session, world, [new_rural_type(session, world)])
    assert verified_results.counted(session, indicator, date(2025, 3, 2)) == {}
    assert verified_results.counted(session, indicator, TODAY) == {world.commune.id: TODAY}


def test_a_revoked_recognition_is_not_counted(session, world):
    recognition = recognised_commune(session, world)
    indicator = _indicator(session, world, [new_rural_type(session, world)])
    decisions.revoke(session, recognition, by=world.chair, expected_version=recognition.version,
                     reason="Xã không còn đạt tiêu chí môi trường.", revoking_decision_no="99/QĐ-UBND")
    assert verified_results.recognitions(session) == []
    assert verified_results.in_force(session, recognition.id) is None
    assert verified_results.counted(session, indicator, TODAY) == {}


def test_the_dashboard_shows_verified_beside_reported(session, world):
    recognised_commune(session, world)
    indicator = _indicator(session, world, [new_rural_type(session, world)])
    movement.record_result(session, indicator, by=world.secretariat, unit=world.district_a, value=3,
                           as_of=TODAY, source="Báo cáo số 12/BC-UBND", today=TODAY)
    [item] = movement.campaign_progress(session, world.campaign, TODAY)
    [row] = item.rows if item.total is None else [item.total]
    assert (row.verified, row.reported.value, row.figure) == (1, 3, 3)
    table = movement.tables(movement.dashboard(session, world.campaign, on=TODAY, today=TODAY, internal=False))[0]
    names = [c.header for c in table.columns]
    assert "Số liệu báo cáo, chưa xác minh" in names
    assert table.rows[0][names.index("Đã xác minh (theo quyết định)")] == 1


def test_a_recognition_counts_whatever_campaign_filed_it_but_an_award_only_its_own(session, world):
    from workflow.models import Campaign
    other = Campaign(name="Phong trào khác", authority=world.authority, period_start=date(2021, 1, 1),
                     period_end=date(2025, 12, 31), award_types=[new_rural_type(session, world), world.bang_khen])
    session.add(other)
    session.flush()
    indicator = Indicator(campaign=other, code="X", name="Xã")
    session.add(indicator)
    session.flush()
    movement.set_counted_award_types(session, indicator, [new_rural_type(session, world), world.bang_khen],
                                     by=world.admin)
    recognised_commune(session, world)   # filed in world.campaign
    assert verified_results.counted(session, indicator, TODAY) == {world.commune.id: TODAY}
