"""Every action checks its date (issue 15): an ended unit cannot propose, submit or resubmit; an ended authority
cannot open notices, hold councils or issue; an ended award type cannot be proposed or decided; a signer signs
only within the term. Each refusal is one Vietnamese sentence naming the successor, and writes nothing."""
from datetime import UTC, date, datetime

import pytest

from tests import factories
from tests.factories import TODAY
from tests.services.helpers import refused
from workflow.models import Authority, AwardType, LegalBasis, Signer, Unit
from workflow.rules.errors import InvalidTransition, ValidationFailed
from workflow.services import council, decisions, lookups, nominations, notices, register

LAST, FIRST = date(2025, 6, 30), date(2025, 7, 1)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC).replace(tzinfo=None)  # 10:00 in Việt Nam


def _end_district(session, world) -> Unit:
    ca_mau = Unit(code="CM", name="Tỉnh Cà Mau", kind="province", valid_from=FIRST)
    session.add(ca_mau)
    world.district_a.valid_to, world.district_a.successor = LAST, ca_mau
    session.flush()
    return ca_mau


def _end_authority(session, world) -> Authority:
    new = Authority(name="Chủ tịch Ủy ban nhân dân tỉnh Cà Mau", issuer_title="CHỦ TỊCH UBND TỈNH CÀ MAU",
                    organ_name="ỦY BAN NHÂN DÂN TỈNH CÀ MAU", place_name="Cà Mau", valid_from=FIRST)
    session.add(new)
    world.authority.valid_to, world.authority.successor = LAST, new
    session.flush()
    return new


def test_an_ended_district_cannot_create_a_proposal_and_the_refusal_names_its_successor(session, world, store):
    _end_district(session, world)
    with refused(session, InvalidTransition, r"^Huyện Vĩnh Lợi đã kết thúc hoạt động từ ngày 01/07/2025; "
                                             r"đơn vị kế thừa: Tỉnh Cà Mau\.$"):
        factories.make_nomination(session, world, store)


def test_a_draft_made_before_the_end_cannot_be_submitted_after_it(session, world, store):
    draft = factories.make_nomination(session, world, store)
    _end_district(session, world)
    with refused(session, InvalidTransition, "Huyện Vĩnh Lợi đã kết thúc hoạt động.*Tỉnh Cà Mau", draft):
        nominations.submit(session, draft, by=world.officer_a, expected_version=draft.version)
    nominations.submit(session, draft, by=world.officer_a, expected_version=draft.version, now=_at(LAST))


def test_a_returned_nomination_cannot_be_resubmitted_once_the_unit_has_ended(session, world, store):
    nomination = factories.submitted(session, world, store)
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Bổ sung xác nhận của Ủy ban nhân dân.")
    _end_district(session, world)
    with refused(session, InvalidTransition, "Huyện Vĩnh Lợi đã kết thúc", nomination):
        nominations.resubmit(session, nomination, by=world.officer_a, expected_version=nomination.version)


def test_an_expired_award_type_cannot_be_proposed_and_names_its_successor(session, world, store):
    successor = AwardType(code="BK-CM", name="Bằng khen của Chủ tịch UBND tỉnh Cà Mau", certificate_title="BẰNG KHEN",
                          category="form", authority=world.authority, effective_from=FIRST)
    session.add(successor)
    world.bang_khen.effective_to, world.bang_khen.successor = LAST, successor
    session.flush()
    with refused(session, InvalidTransition, "^Bằng khen của Chủ tịch UBND tỉnh đã hết hiệu lực từ ngày 01/07/2025; "
                                             "hình thức kế thừa: Bằng khen của Chủ tịch UBND tỉnh Cà Mau\\.$"):
        factories.make_nomination(session, world, store)


def test_an_ended_authority_cannot_open_a_notice_or_hold_a_council(session, world, store):
    nomination = factories.in_appraisal(session, world, store)
    _end_authority(session, world)
    message = ("^Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu đã kết thúc hoạt động từ ngày 01/07/2025; cấp có thẩm quyền "
               "kế thừa: Chủ tịch Ủy ban nhân dân tỉnh Cà Mau\\.$")
    with refused(session, InvalidTransition, message, nomination):
        notices.open_notice(session, [nomination], by=world.secretariat, title="Lấy ý kiến",
                            expected_versions={nomination.id: nomination.version}, today=FIRST)
    notices.open_notice(session, [nomination], by=world.secretariat, title="Lấy ý kiến",
                        expected_versions={nomination.id: nomination.version}, today=LAST)
    with refused(session, InvalidTransition, message):
        council.create_session(session, by=world.secretariat, authority=world.authority, title="Phiên họp",
                               meeting_date=FIRST, now=_at(FIRST))
    assert council.create_session(session, by=world.secretariat, authority=world.authority, title="Phiên họp",
                                  meeting_date=LAST, now=_at(LAST)).id


def test_an_ended_authority_cannot_issue_a_decision_dated_after_its_last_day(session, world, store):
    nomination = factories.endorsed(session, world, store)
    _end_authority(session, world)
    with refused(session, InvalidTransition, "Bạc Liêu đã kết thúc hoạt động.*tỉnh Cà Mau", nomination):
        decisions.decide(session, [nomination], by=world.chair, signer=world.signer, decision_date=FIRST,
                         expected_versions={nomination.id: nomination.version})
    decision = decisions.decide(session, [nomination], by=world.chair, signer=world.signer, decision_date=LAST,
                                expected_versions={nomination.id: nomination.version})
    assert decision.decision_date == LAST


def test_a_signer_is_offered_and_accepted_only_within_the_term(session, world, store):
    nomination = factories.endorsed(session, world, store)
    world.signer.valid_to = LAST
    deputy = Signer(authority=world.authority, full_name="Lâm Thị Diễm Trang", signing_form="KT. CHỦ TỊCH",
                    title="PHÓ CHỦ TỊCH", valid_from=FIRST)
    session.add(deputy)
    session.flush()
    authorities = {world.authority.id}
    assert lookups.active_signers(session, authorities, LAST) == [world.signer]
    assert lookups.active_signers(session, authorities, FIRST) == [deputy]
    with refused(session, InvalidTransition, "^Phạm Văn Thiều đã hết thời gian được ký từ ngày 01/07/2025\\.$",
                 nomination):
        decisions.prepare_draft(session, [nomination], by=world.secretariat, signer=world.signer, decision_date=FIRST)
    draft = decisions.prepare_draft(session, [nomination], by=world.secretariat, signer=deputy, decision_date=FIRST)
    assert draft.signer is deputy


def test_a_signer_of_another_authority_is_refused(session, world, store):
    nomination = factories.endorsed(session, world, store)
    other = Authority(name="Chủ tịch Ủy ban nhân dân huyện Vĩnh Lợi", issuer_title="CHỦ TỊCH", organ_name="UBND",
                      place_name="Vĩnh Lợi")
    stranger = Signer(authority=other, full_name="Lê Văn Hiền", title="CHỦ TỊCH")
    session.add_all([other, stranger])
    session.flush()
    with pytest.raises(ValidationFailed, match="Người ký không thuộc"):
        decisions.prepare_draft(session, [nomination], by=world.secretariat, signer=stranger, decision_date=TODAY)


def _new_decree(session, world):
    world.bang_khen.legal_bases[0].valid_to = LAST
    session.add(LegalBasis(award_type=world.bang_khen, valid_from=FIRST,
                           body="Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ;"))
    session.flush()


@pytest.mark.parametrize("day, decree", [(LAST, "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"),
                                         (FIRST, "Nghị định số 152/2025/NĐ-CP")])
def test_the_decision_prints_the_legal_basis_in_force_on_its_date_and_keeps_it(session, world, store, day, decree):
    nomination = factories.endorsed(session, world, store)
    _new_decree(session, world)
    decision = decisions.decide(session, [nomination], by=world.chair, signer=world.signer, decision_date=day,
                                expected_versions={nomination.id: nomination.version})
    assert decree in decision.legal_basis
    world.bang_khen.legal_bases[-1].body = "Căn cứ đã sửa sau khi ban hành;"
    session.flush()
    assert decree in decision.legal_basis   # history stays as issued


def test_the_public_notice_page_cites_the_basis_in_force_on_the_notices_date(session, world, store):
    _new_decree(session, world)
    _nomination, old = factories.in_notice(session, world, store, today=LAST)
    _other, new = factories.in_notice(session, world, store, today=FIRST)
    assert register.notice_view(session, old, FIRST).legal_basis == [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"]
    assert register.notice_view(session, new, FIRST).legal_basis == [
        "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ;"]


def test_nothing_goes_before_a_council_of_an_ended_authority_nor_meets_after_its_end(session, world, store):
    nomination = factories.in_appraisal(session, world, store)
    world.bang_khen.disclosure_required = False
    meeting = council.create_session(session, by=world.secretariat, authority=world.authority, title="Phiên họp",
                                     meeting_date=LAST, now=_at(date(2025, 6, 20)))
    _end_authority(session, world)
    ended = "^Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu đã kết thúc hoạt động từ ngày 01/07/2025"
    with refused(session, InvalidTransition, ended, nomination):   # put on the agenda after the end
        council.to_council(session, nomination, meeting, by=world.secretariat, expected_version=nomination.version,
                           now=_at(FIRST))
    with refused(session, InvalidTransition, ended):                # called before the end, to meet after it
        council.create_session(session, by=world.secretariat, authority=world.authority, title="Phiên họp 2",
                               meeting_date=FIRST, now=_at(LAST))
    with refused(session, InvalidTransition, ended):
        council.reschedule(session, meeting, by=world.secretariat, meeting_date=FIRST, now=_at(LAST))
    item = council.to_council(session, nomination, meeting, by=world.secretariat,
                              expected_version=nomination.version, now=_at(LAST))
    assert item.session is meeting and meeting.meeting_date == LAST
