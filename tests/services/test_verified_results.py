"""Verified results (issue 17): recognitions in force, with their decision as source, and the dashboard's
verified figure beside the reported one."""
from datetime import date

import pytest

from tests.factories import TODAY, commune_officer, make_nomination, new_rural_type, recognised_commune
from workflow.models import Comparator, Indicator, Target, Unit
from workflow.rules.errors import InvalidTransition, ValidationFailed
from workflow.rules.nominees import NomineeKind
from workflow.rules.states import State
from workflow.services import decisions, movement, nominations, verified_results


def _indicator(session, world, award_types):
    indicator = Indicator(campaign=world.campaign, code="NTMNC", name="Xã đạt chuẩn nông thôn mới nâng cao")
    session.add(indicator)
    session.flush()
    session.add(Target(indicator=indicator, unit=world.district_a, value=2, comparator=Comparator.EXACTLY))
    session.flush()
    movement.set_counted_award_types(session, indicator, award_types, by=world.admin)
    return indicator


def test_a_recognition_in_force_is_a_verified_result_with_its_decision(session, world):
    recognition = recognised_commune(session, world)   # nâng cao: the standard was recognised 60 days before
    [result] = verified_results.recognitions(session, on=TODAY, award_type_ids=[recognition.award_type_id])
    line = decisions.certificate_of(session, recognition).line
    assert (result.nomination_id, result.unit_id, result.decision_number, result.decision_date) == (
        recognition.id, world.commune.id, line.decision.number, TODAY)
    assert result.level == "Xã đạt chuẩn nông thôn mới nâng cao"
    assert verified_results.in_force(session, recognition.id) == result


def test_a_decision_after_the_date_is_not_counted(session, world):
    advanced = recognised_commune(session, world, decision_date=TODAY)
    assert verified_results.recognitions(session, on=date(2025, 3, 2), award_type_ids=[advanced.award_type_id]) == []
    indicator = _indicator(session, world, [new_rural_type(session, world)])
    assert verified_results.counted(session, indicator, date(2025, 3, 2)) == {}
    assert verified_results.counted(session, indicator, TODAY) == {world.commune.id: TODAY}


def test_a_revoked_recognition_is_not_counted(session, world):
    recognition = recognised_commune(session, world)
    indicator = _indicator(session, world, [new_rural_type(session, world)])
    decisions.revoke(session, recognition, by=world.chair, expected_version=recognition.version,
                     reason="Xã không còn đạt tiêu chí môi trường.", revoking_decision_no="99/QĐ-UBND")
    assert verified_results.recognitions(session, award_type_ids=[recognition.award_type_id]) == []
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


# --- awards that need a verified result ------------------------------------------------------------------


def _requiring(session, world):
    required = new_rural_type(session, world)
    world.bang_khen.requires_recognition_type = required
    session.flush()
    return required


def _commune_nomination(session, world, store, commune=None):
    commune = commune or world.commune
    nomination = make_nomination(session, world, store, officer=commune_officer(session, world, commune),
                                 kind=NomineeKind.COLLECTIVE, name=f"Nhân dân và cán bộ {commune.name}")
    nomination.nominee.unit_id = commune.id
    session.flush()
    return nomination


def _cite(session, nomination, cited_id):
    nominations.edit(session, nomination, by=nomination.created_by, expected_version=nomination.version,
                     changes={"verified_result_id": cited_id})


def test_an_award_that_requires_a_recognition_is_refused_without_one(session, world, store):
    _requiring(session, world)
    nomination = _commune_nomination(session, world, store)
    with pytest.raises(InvalidTransition, match="cần dẫn chiếu kết quả đã được công nhận"):
        nominations.submit(session, nomination, by=nomination.created_by, expected_version=nomination.version)
    recognition = recognised_commune(session, world)
    _cite(session, nomination, recognition.id)
    nominations.submit(session, nomination, by=nomination.created_by, expected_version=nomination.version)
    assert nomination.state == State.SUBMITTED and nomination.verified_result == recognition


def test_a_revoked_recognition_is_refused_at_submission(session, world, store):
    _requiring(session, world)
    recognition = recognised_commune(session, world)
    nomination = _commune_nomination(session, world, store)
    _cite(session, nomination, recognition.id)
    decisions.revoke(session, recognition, by=world.chair, expected_version=recognition.version,
                     reason="Không còn đạt chuẩn.", revoking_decision_no="98/QĐ-UBND")
    with pytest.raises(InvalidTransition, match="không phải quyết định công nhận còn hiệu lực"):
        nominations.submit(session, nomination, by=nomination.created_by, expected_version=nomination.version)


def test_another_communes_recognition_is_refused(session, world, store):
    _requiring(session, world)
    other = Unit(code="VHB", name="Xã Vĩnh Hưng B", kind="commune", parent=world.district_a)
    session.add(other)
    session.flush()
    recognition = recognised_commune(session, world, commune=other)
    nomination = _commune_nomination(session, world, store)
    _cite(session, nomination, recognition.id)
    with pytest.raises(InvalidTransition, match="là của Xã Vĩnh Hưng B"):
        nominations.submit(session, nomination, by=nomination.created_by, expected_version=nomination.version)


def test_a_recognition_of_another_award_type_is_refused(session, world, store):
    _requiring(session, world)
    plain = new_rural_type(session, world, code="NTM", name="Xã đạt chuẩn nông thôn mới")
    recognition = recognised_commune(session, world, award_type=plain)
    nomination = _commune_nomination(session, world, store)
    _cite(session, nomination, recognition.id)
    with pytest.raises(InvalidTransition, match="cần kết quả «Xã đạt chuẩn nông thôn mới nâng cao»"):
        nominations.submit(session, nomination, by=nomination.created_by, expected_version=nomination.version)


def test_a_citation_must_be_a_recognition(session, world, store):
    nomination = _commune_nomination(session, world, store)
    other = make_nomination(session, world, store)
    with pytest.raises(ValidationFailed, match="không phải một quyết định công nhận"):
        _cite(session, nomination, other.id)


def test_resubmission_checks_the_citation_again(session, world, store):
    _requiring(session, world)
    recognition = recognised_commune(session, world)
    nomination = _commune_nomination(session, world, store)
    _cite(session, nomination, recognition.id)
    nominations.submit(session, nomination, by=nomination.created_by, expected_version=nomination.version)
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Bổ sung biên bản.")
    _cite(session, nomination, None)
    with pytest.raises(InvalidTransition, match="cần dẫn chiếu"):
        nominations.resubmit(session, nomination, by=nomination.created_by, expected_version=nomination.version)


def test_the_commune_may_cite_its_recognitions_in_force(session, world, store):
    recognition = recognised_commune(session, world)
    nomination = _commune_nomination(session, world, store)
    held = [(r.nomination_id, r.level) for r in verified_results.for_nomination(session, nomination)]
    assert (recognition.id, "Xã đạt chuẩn nông thôn mới nâng cao") in held
    assert len(held) == 2 and "Xã đạt chuẩn nông thôn mới" in [level for _, level in held]   # and the standard
    assert verified_results.citation_for(session, nomination.id) is None
    _cite(session, nomination, recognition.id)
    citation = verified_results.citation_for(session, nomination.id)
    assert citation.in_force and citation.result.nomination_id == recognition.id


# --- the red flag «không có kết quả đã được công nhận» ---------------------------------------------------

def test_the_flag_fires_when_the_commune_has_a_recognition_the_nomination_does_not_cite(session, world, store):
    from workflow.rules import red_flags as rf
    from workflow.services import red_flags
    nomination = _commune_nomination(session, world, store)   # its summary speaks of nông thôn mới
    assert rf.NO_VERIFIED_RESULT not in [f.code for f in red_flags.flags_for(session, nomination)]
    recognition = recognised_commune(session, world)
    assert rf.NO_VERIFIED_RESULT in [f.code for f in red_flags.flags_for(session, nomination)]
    assert rf.NO_VERIFIED_RESULT not in [f.code for f in red_flags.flags_for(session, recognition)]  # its own
    _cite(session, nomination, recognition.id)
    assert rf.NO_VERIFIED_RESULT not in [f.code for f in red_flags.flags_for(session, nomination)]


def test_the_flag_fires_when_a_required_result_is_not_cited(session, world, store):
    from workflow.rules import red_flags as rf
    from workflow.services import red_flags
    _requiring(session, world)
    nomination = make_nomination(session, world, store)   # a district's nomination: no commune recognition
    [flag] = [f for f in red_flags.flags_for(session, nomination) if f.code == rf.NO_VERIFIED_RESULT]
    assert "nông thôn mới nâng cao" in flag.sentence


def test_a_new_nomination_may_cite_a_recognition_but_nothing_else(session, world, store):
    from workflow.services.nominations import NominationData, NomineeData
    recognition = recognised_commune(session, world)
    officer = commune_officer(session, world)

    def data(cited):
        return NominationData(award_type=world.bang_khen, nominee=NomineeData(
            kind=NomineeKind.COLLECTIVE, full_name=f"Tập thể {cited}", unit_id=world.commune.id),
            achievement_summary="Thành tích.", period_from=date(2024, 1, 1), period_to=date(2024, 12, 31),
            verified_result_id=cited)
    made = nominations.create(session, by=officer, campaign=world.campaign, proposing_unit=world.commune,
                              data=data(recognition.id))
    assert made.verified_result_id == recognition.id
    with pytest.raises(ValidationFailed, match="không phải một quyết định công nhận"):
        nominations.create(session, by=officer, campaign=world.campaign, proposing_unit=world.commune,
                           data=data(made.id))
