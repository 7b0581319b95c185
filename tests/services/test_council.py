"""Service tests for workflow.services.council: sessions, attendance, to_council (refused while the notice
window is open or an objection is unanswered), ballots (secret ballots keep no choice) and the tally."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from tests.factories import TODAY, in_appraisal, in_notice
from workflow.models import AgendaItem, Authority, Ballot, CommentKind, CouncilSession, Nomination
from workflow.rules.errors import InvalidTransition, NotAllowed, ValidationFailed
from workflow.rules.nominees import NomineeKind
from workflow.rules.tally import Choice
from workflow.services import clock, council, notices

from .helpers import (assert_event, audit_mark, comment, eligible, events_since,
                      meeting, on_agenda, one_event_since, refused, vote)

AFTER_WINDOW = date(2025, 3, 18)  # the day after a 10-working-day notice opened on Monday 3 March 2025


def _to_council(session, world, nomination, council_session, today=AFTER_WINDOW, by=None):
    return council.to_council(session, nomination, council_session, by=by or world.secretariat,
                              expected_version=nomination.version, today=today)


def _ballots(session, item) -> list[tuple]:
    return session.execute(text("SELECT user_id, choice FROM ballot WHERE item_id = :id ORDER BY user_id"),
                           {"id": item.id}).all()


# --- sessions and attendance --------------------------------------------------------------------------

def test_create_session_writes_one_internal_event_and_calls_every_member(session, world):
    mark = audit_mark(session)
    created = council.create_session(session, by=world.secretariat, authority=world.authority,
                                     title="Phiên họp tháng 3", meeting_date=TODAY)
    event = one_event_since(session, mark)
    assert_event(event, action="create_session", object_type="council_session", object_id=created.id,
                 actor=world.secretariat, role="secretariat", public=False)
    assert event.changes == {"members": [m.id for m in world.members], "meeting_date": "2025-03-03",
                             "chair": world.members[0].id}  # the first member called chairs unless chosen
    assert [m.user_id for m in created.members] == [m.id for m in world.members]
    assert created.members[0].unit_id == world.district_a.id and not any(m.present for m in created.members)


def test_create_session_by_a_council_member_is_refused(session, world):
    with refused(session, NotAllowed, "thường trực"):
        council.create_session(session, by=world.members[1], authority=world.authority, title="Họp",
                               meeting_date=TODAY)
    assert session.scalar(select(CouncilSession.id)) is None


def test_record_attendance_writes_one_internal_event(session, world):
    created = council.create_session(session, by=world.secretariat, authority=world.authority,
                                     title="Phiên họp", meeting_date=TODAY)
    mark = audit_mark(session)
    present = {m.id for m in world.members[:5]}
    council.record_attendance(session, created, by=world.secretariat, present_user_ids=present)
    event = one_event_since(session, mark)
    assert_event(event, action="record_attendance", object_type="council_session", object_id=created.id,
                 actor=world.secretariat, role="secretariat", public=False)
    assert event.changes == {"present": sorted(present)}
    assert [m.present for m in created.members] == [True] * 5 + [False] * 2


def test_attendance_of_a_non_member_is_refused(session, world):
    created = meeting(session, world)
    with refused(session, ValidationFailed, "không phải thành viên"):
        council.record_attendance(session, created, by=world.secretariat,
                                  present_user_ids={world.members[1].id, world.chair.id})
    with refused(session, NotAllowed, "thường trực"):
        council.record_attendance(session, created, by=world.chair, present_user_ids=set())


def test_attendance_cannot_change_after_voting_began(session, world, store):
    created = meeting(session, world)
    item = on_agenda(session, world, store, created)
    council.cast_vote(session, item, by=world.members[1], choice=Choice.AGREE)
    with refused(session, InvalidTransition, "Đã bắt đầu bỏ phiếu"):
        council.record_attendance(session, created, by=world.secretariat,
                                  present_user_ids={m.id for m in world.members[:5]})
    assert all(m.present for m in session.get(CouncilSession, created.id).members)


def test_attendance_cannot_change_after_voting_began_within_one_transaction(session, world, store):
    """The guard must look at the ballots in the database, not at a collection the session loaded
    before the vote."""
    created = council.create_session(session, by=world.secretariat, authority=world.authority,
                                     title="Phiên họp", meeting_date=AFTER_WINDOW)
    item = on_agenda(session, world, store, created)
    council.record_attendance(session, created, by=world.secretariat, present_user_ids={m.id for m in world.members})
    council.cast_vote(session, item, by=world.members[1], choice=Choice.AGREE)
    mark = audit_mark(session)
    with pytest.raises(InvalidTransition, match="Đã bắt đầu bỏ phiếu"):
        council.record_attendance(session, created, by=world.secretariat,
                                  present_user_ids={m.id for m in world.members[1:6]})
    assert events_since(session, mark) == []


# --- to_council ----------------------------------------------------------------------------------------

def test_to_council_after_the_window_writes_one_internal_event(session, world, store):
    nomination, notice = in_notice(session, world, store)
    created = meeting(session, world)
    mark = audit_mark(session)
    item = _to_council(session, world, nomination, created, today=notice.end_date + timedelta(days=1))
    event = one_event_since(session, mark)
    assert_event(event, action="to_council", object_id=nomination.id, actor=world.secretariat, role="secretariat",
                 public=False, from_state="in_public_notice", to_state="in_council")
    assert event.changes == {"council_session_id": created.id, "rule": {  # the rule frozen on the item
        "ballot": "secret", "quorum": "2/3", "threshold_pct": "70", "denominator": "all"}}
    assert (item.position, item.ballot, item.result) == (1, "secret", "pending")


def _session_on(session, world, day):
    return council.create_session(session, by=world.secretariat, authority=world.authority,
                                  title="Phiên họp", meeting_date=day)


@pytest.mark.parametrize("day", [date(2025, 3, 3), date(2025, 3, 10), date(2025, 3, 17)],
                         ids=["first day", "middle", "last day"])
def test_to_council_is_refused_for_a_session_meeting_within_the_notice_window(session, world, store, day):
    nomination, notice = in_notice(session, world, store)
    assert notice.end_date == date(2025, 3, 17)
    created = _session_on(session, world, day)
    with refused(session, InvalidTransition, r"Chưa hết thời hạn công khai lấy ý kiến \(đến hết ngày 17/03/2025\): "
                 r"thông báo «Lấy ý kiến nhân dân» kết thúc ngày 17/03/2025, phiên họp phải họp từ ngày 18/03/2025",
                 nomination):
        _to_council(session, world, nomination, created, today=AFTER_WINDOW)  # today does not matter any more
    assert session.scalar(select(func.count()).select_from(AgendaItem)) == 0


def test_the_window_is_measured_to_the_meeting_date_not_to_today(session, world, store):
    """Boundary: a session meeting on the day after the window's last day takes the item, even while the window
    is still open today; one meeting on the last day does not (previous test)."""
    nomination, notice = in_notice(session, world, store, today=clock.today())
    created = _session_on(session, world, notice.end_date + timedelta(days=1))
    assert clock.today() <= notice.end_date
    council.to_council(session, nomination, created, by=world.secretariat, expected_version=nomination.version)
    assert nomination.state == "in_council"


def test_a_session_cannot_be_moved_to_a_day_within_a_window_its_items_depend_on(session, world, store):
    nomination, notice = in_notice(session, world, store)
    created = _session_on(session, world, AFTER_WINDOW)
    _to_council(session, world, nomination, created)
    with refused(session, ValidationFailed, r"Hồ sơ số 1 .*thông báo «Lấy ý kiến nhân dân» kết thúc ngày "
                 r"17/03/2025.*\(ngày họp đang là 17/03/2025\)"):
        council.reschedule(session, created, by=world.secretariat, meeting_date=notice.end_date)
    with refused(session, NotAllowed, "thường trực"):
        council.reschedule(session, created, by=world.members[1], meeting_date=date(2025, 3, 25))
    mark = audit_mark(session)
    council.reschedule(session, created, by=world.secretariat, meeting_date=date(2025, 3, 25))
    event = one_event_since(session, mark)
    assert_event(event, action="reschedule_session", object_type="council_session", object_id=created.id,
                 actor=world.secretariat, role="secretariat", public=False)
    assert event.changes == {"meeting_date": ["2025-03-18", "2025-03-25"]}
    assert session.get(CouncilSession, created.id).meeting_date == date(2025, 3, 25)


def test_a_session_cannot_be_moved_once_voting_began(session, world, store):
    created = meeting(session, world)
    item = on_agenda(session, world, store, created)
    council.cast_vote(session, item, by=world.members[1], choice=Choice.AGREE)
    with refused(session, InvalidTransition, "Đã bắt đầu bỏ phiếu, không thể đổi ngày họp"):
        council.reschedule(session, created, by=world.secretariat, meeting_date=date(2025, 4, 30))


def test_to_council_is_refused_with_an_unclassified_comment(session, world, store):
    nomination, notice = in_notice(session, world, store)
    received = comment(session, notice, nomination, body="Tôi ủng hộ.")
    created = meeting(session, world)
    with refused(session, InvalidTransition, f"chưa được trả lời công khai: {received.receipt_code}", nomination):
        _to_council(session, world, nomination, created)


def test_to_council_is_refused_with_an_unanswered_objection_and_allowed_once_answered(session, world, store):
    nomination, notice = in_notice(session, world, store)
    objection = comment(session, notice, nomination)
    notices.classify_comment(session, objection, by=world.secretariat, classification=CommentKind.OBJECTION)
    created = meeting(session, world)
    with refused(session, InvalidTransition, objection.receipt_code, nomination):
        _to_council(session, world, nomination, created)
    notices.answer_comment(session, objection, by=world.secretariat, answer="Ý kiến không có cơ sở.")
    _to_council(session, world, nomination, created)
    session.commit()
    assert nomination.state == "in_council"


def test_every_objection_must_be_answered_not_just_one(session, world, store):
    nomination, notice = in_notice(session, world, store)
    first, second = comment(session, notice, nomination), comment(session, notice, nomination, body="Phản ánh 2.")
    notices.answer_comment(session, first, by=world.secretariat, answer="Đã trả lời.")
    created = meeting(session, world)
    with refused(session, InvalidTransition, second.receipt_code, nomination):
        _to_council(session, world, nomination, created)


def test_an_upheld_objection_sends_back_to_appraisal_but_the_others_must_still_be_answered(session, world, store):
    """A Giấy khen needs no disclosure, so from appraisal it may go straight to the council; but once it was
    disclosed anyway and one objection sent it back, the notice's other objections still block it (found by
    the state machine: the guard returned before looking at them)."""
    nomination, notice = in_notice(session, world, store, award_type=world.giay_khen)
    upheld, other = comment(session, notice, nomination), comment(session, notice, nomination, body="Phản ánh 2.")
    notices.uphold_objection(session, upheld, by=world.secretariat, answer="Bổ sung hồ sơ.",
                             expected_version=nomination.version)
    assert nomination.state == "in_appraisal"
    created = meeting(session, world)
    with refused(session, InvalidTransition, f"chưa được trả lời công khai: {other.receipt_code}", nomination):
        _to_council(session, world, nomination, created)
    notices.answer_comment(session, other, by=world.secretariat, answer="Đã xác minh, không có cơ sở.")
    _to_council(session, world, nomination, created)
    assert nomination.state == "in_council"


def test_a_classified_support_comment_does_not_block_the_council(session, world, store):
    nomination, notice = in_notice(session, world, store)
    support = comment(session, notice, nomination, body="Tôi đồng tình.")
    notices.classify_comment(session, support, by=world.secretariat, classification=CommentKind.SUPPORT)
    _to_council(session, world, nomination, meeting(session, world))
    assert nomination.state == "in_council"


def test_to_council_from_appraisal_is_refused_when_the_award_type_requires_disclosure(session, world, store):
    nomination = in_appraisal(session, world, store)
    with refused(session, InvalidTransition, "phải công khai lấy ý kiến", nomination):
        _to_council(session, world, nomination, meeting(session, world))


def test_to_council_from_appraisal_is_allowed_for_giay_khen(session, world, store):
    nomination = in_appraisal(session, world, store, award_type=world.giay_khen)
    created = meeting(session, world)
    mark = audit_mark(session)
    item = _to_council(session, world, nomination, created, today=TODAY)
    assert_event(one_event_since(session, mark), action="to_council", object_id=nomination.id,
                 actor=world.secretariat, role="secretariat", public=False, from_state="in_appraisal",
                 to_state="in_council")
    assert item.ballot == "open"


def test_to_council_by_a_unit_officer_or_into_a_closed_or_foreign_session_is_refused(session, world, store):
    nomination = in_appraisal(session, world, store, award_type=world.giay_khen)
    created = meeting(session, world)
    with refused(session, NotAllowed, "Trình Hội đồng", nomination):
        _to_council(session, world, nomination, created, by=world.officer_a)
    other = Authority(name="Chủ tịch Ủy ban nhân dân tỉnh Cà Mau", issuer_title="CHỦ TỊCH", organ_name="UBND",
                      place_name="Cà Mau")
    foreign = CouncilSession(authority=other, title="Họp", meeting_date=TODAY, created_by_id=world.secretariat.id)
    session.add(foreign)
    with refused(session, ValidationFailed, "không thuộc cấp có thẩm quyền", nomination):
        _to_council(session, world, nomination, foreign)
    council.close_session(session, created, by=world.secretariat)
    with refused(session, InvalidTransition, "Phiên họp đã kết thúc", nomination):
        _to_council(session, world, nomination, created)


# --- ballots -------------------------------------------------------------------------------------------

def test_a_secret_vote_writes_one_event_and_keeps_no_choice(session, world, store):
    item = on_agenda(session, world, store, meeting(session, world))
    voter = world.members[1]
    mark = audit_mark(session)
    council.cast_vote(session, item, by=voter, choice=Choice.DISAGREE)
    event = one_event_since(session, mark)
    assert_event(event, action="vote", object_type="agenda_item", object_id=item.id, actor=voter,
                 role="council_member", public=False)
    assert event.changes == {"nomination_id": item.nomination_id}
    assert "disagree" not in str(event.record())
    session.commit()
    assert _ballots(session, item) == [(voter.id, None)]  # who took part, never what they chose
    assert (item.agree, item.disagree, item.abstain) == (0, 1, 0)


def test_an_open_vote_records_the_choice_in_the_ballot_and_the_event(session, world, store):
    item = on_agenda(session, world, store, meeting(session, world), award_type=world.giay_khen)
    voter = world.members[2]
    mark = audit_mark(session)
    council.cast_vote(session, item, by=voter, choice=Choice.ABSTAIN)
    event = one_event_since(session, mark)
    assert_event(event, action="vote", object_type="agenda_item", object_id=item.id, actor=voter,
                 role="council_member", public=False)
    assert event.changes == {"nomination_id": item.nomination_id, "choice": "abstain"}
    session.commit()
    assert _ballots(session, item) == [(voter.id, "abstain")]


def test_a_recused_member_cannot_vote_on_their_own_units_nomination(session, world, store):
    item = on_agenda(session, world, store, meeting(session, world))  # proposed by district_a
    own = world.members[0]
    assert own.unit_id == item.nomination.proposing_unit_id == world.district_a.id
    assert council.recusal_reason(item, own) and council.recusal_reason(item, world.members[1]) is None
    with refused(session, NotAllowed, "thuộc đơn vị đề nghị khen thưởng", item.nomination):
        council.cast_vote(session, item, by=own, choice=Choice.AGREE)
    assert _ballots(session, item) == []
    assert session.get(AgendaItem, item.id).agree == 0


def test_a_member_cannot_vote_twice(session, world, store):
    item = on_agenda(session, world, store, meeting(session, world))
    council.cast_vote(session, item, by=world.members[3], choice=Choice.AGREE)
    with refused(session, InvalidTransition, "đã bỏ phiếu", item.nomination):
        council.cast_vote(session, item, by=world.members[3], choice=Choice.DISAGREE)
    assert session.get(AgendaItem, item.id).agree == 1
    assert len(_ballots(session, item)) == 1


def test_absent_members_and_non_members_cannot_vote(session, world, store):
    created = meeting(session, world, present=world.members[:5])
    item = on_agenda(session, world, store, created)
    with refused(session, NotAllowed, "có mặt tại phiên họp", item.nomination):
        council.cast_vote(session, item, by=world.members[6], choice=Choice.AGREE)
    with refused(session, NotAllowed, "có mặt tại phiên họp", item.nomination):
        council.cast_vote(session, item, by=world.secretariat, choice=Choice.AGREE)
    assert _ballots(session, item) == []


def test_a_closed_session_refuses_votes_attendance_and_closing_again(session, world, store):
    created = meeting(session, world)
    item = on_agenda(session, world, store, created)
    council.close_session(session, created, by=world.secretariat)
    with refused(session, InvalidTransition, "Phiên họp đã kết thúc", item.nomination):
        council.cast_vote(session, item, by=world.members[1], choice=Choice.AGREE)
    with refused(session, InvalidTransition, "Phiên họp đã kết thúc"):
        council.record_attendance(session, created, by=world.secretariat, present_user_ids=set())
    with refused(session, InvalidTransition, "Phiên họp đã kết thúc"):
        council.close_session(session, created, by=world.secretariat)


# --- close_session and the tally -----------------------------------------------------------------------

def test_close_session_writes_one_event_plus_one_public_tally_per_item(session, world, store):
    created = meeting(session, world)
    passing = on_agenda(session, world, store, created)
    failing = on_agenda(session, world, store, created, officer=world.officer_b)
    vote(session, passing, eligible(passing, world.members))
    vote(session, failing, world.members[:3])
    vote(session, failing, world.members[3:], Choice.DISAGREE)
    mark = audit_mark(session)
    council.close_session(session, created, by=world.secretariat)
    closing, first, second = events_since(session, mark)
    assert_event(closing, action="close_session", object_type="council_session", object_id=created.id,
                 actor=world.secretariat, role="secretariat", public=False)
    assert closing.changes == {"items": [passing.nomination_id, failing.nomination_id],
                               "minutes_number": "1/BB-HĐTĐKT"}
    assert_event(first, action="tally", object_id=passing.nomination_id, actor=world.secretariat,
                 role="secretariat", public=True, from_state="in_council", to_state="endorsed")
    assert_event(second, action="tally", object_id=failing.nomination_id, actor=world.secretariat,
                 role="secretariat", public=True, from_state="in_council", to_state="not_awarded")
    assert first.changes == {"members": 7, "present": 7, "recused": 1, "agree": 6, "disagree": 0, "abstain": 0,
                             "recused_absent": 0, "written": 0, "quorum_met": True, "passed": True}
    assert second.reason == "3/7 phiếu đồng ý (42,86% tổng số thành viên), không đạt ngưỡng 70%."
    session.commit()
    assert (created.status, passing.result, failing.result) == ("closed", "passed", "failed")
    assert failing.nomination.outcome_reason == f"Hội đồng không thông qua: {second.reason}"
    assert passing.nomination.outcome_reason is None


def test_a_missed_quorum_ends_in_not_awarded_with_a_reason(session, world, store):
    created = meeting(session, world, present=world.members[1:5])  # 4 of 7 < 2/3
    item = on_agenda(session, world, store, created, officer=world.officer_b)
    vote(session, item, world.members[1:5])
    council.close_session(session, created, by=world.secretariat)
    session.commit()
    nomination = session.get(Nomination, item.nomination_id)
    assert nomination.state == "not_awarded"
    assert nomination.outcome_reason == ("Hội đồng không thông qua: Không đủ số thành viên dự họp (4/7, "
                                         "cần ít nhất 2/3).")
    assert (item.result, item.present_count, item.members_count) == ("failed", 4, 7)


def test_chien_si_needs_ninety_percent_of_all_members(session, world, store):
    created = meeting(session, world)
    kw = dict(award_type=world.chien_si, kind=NomineeKind.INDIVIDUAL, officer=world.officer_b)
    short, full = on_agenda(session, world, store, created, **kw), on_agenda(session, world, store, created, **kw)
    vote(session, short, world.members[:6])
    vote(session, short, world.members[6:], Choice.ABSTAIN)
    vote(session, full, world.members)
    council.close_session(session, created, by=world.secretariat)
    assert short.nomination.state == "not_awarded"
    assert short.result_reason == "6/7 phiếu đồng ý (85,71% tổng số thành viên), không đạt ngưỡng 90%."
    assert full.nomination.state == "endorsed"


def test_bang_khen_passes_at_seventy_percent(session, world, store):
    created = meeting(session, world)
    item = on_agenda(session, world, store, created, officer=world.officer_b)
    vote(session, item, world.members[:5])
    vote(session, item, world.members[5:], Choice.DISAGREE)
    council.close_session(session, created, by=world.secretariat)
    assert item.nomination.state == "endorsed"
    assert item.result_reason.startswith("5/7 phiếu đồng ý (71,43%")


def test_a_recused_member_is_left_out_of_the_denominator(session, world, store):
    """Chiến sĩ thi đua from district_a: members[0] is recused, so 6 of the 6 others make 100 %, where
    counting the recusal as a 'no' (6/7 = 85.7 %) would fail the 90 % rule."""
    created = meeting(session, world)
    item = on_agenda(session, world, store, created, award_type=world.chien_si, kind=NomineeKind.INDIVIDUAL)
    vote(session, item, world.members[1:])
    council.close_session(session, created, by=world.secretariat)
    assert item.nomination.state == "endorsed"
    assert (item.recused_count, item.result_reason) == (  # 6 is not "all members": the sentence says so
        1, ("6/6 phiếu đồng ý (100% số thành viên được biểu quyết: 7 thành viên, trừ 1 thành viên không tham gia "
           "do liên quan), đạt ngưỡng 90%."))


def test_giay_khen_counts_only_the_members_present(session, world, store):
    created = meeting(session, world, present=world.members[1:6])  # 5 of 7: quorum met
    item = on_agenda(session, world, store, created, award_type=world.giay_khen, officer=world.officer_b)
    vote(session, item, world.members[1:5])
    vote(session, item, world.members[5:6], Choice.DISAGREE)
    council.close_session(session, created, by=world.secretariat)
    assert item.nomination.state == "endorsed"  # 4/5 = 80 %, where 4/7 would fail
    assert item.result_reason.startswith("4/5 phiếu đồng ý (80% số thành viên dự họp)")


def test_close_session_by_a_council_member_is_refused(session, world, store):
    created = meeting(session, world)
    item = on_agenda(session, world, store, created)
    with refused(session, NotAllowed, "thường trực", item.nomination):
        council.close_session(session, created, by=world.members[1])
    assert session.get(CouncilSession, created.id).status == "open"
    assert session.scalar(select(func.count()).select_from(Ballot)) == 0


# --- issue 13: the rule is frozen on the agenda item -------------------------------------------------------

def _raise_threshold(session, world, award_type, threshold):
    from workflow.services import admin
    fields = admin.AwardTypeData.__dataclass_fields__
    data = admin.AwardTypeData(**({name: getattr(award_type, name) for name in fields}
                                  | {"threshold_pct": Decimal(threshold)}))
    admin.update_award_type(session, award_type, data, by=world.admin)


def test_an_award_type_edited_after_the_votes_does_not_change_the_sessions_outcome(session, world, store):
    """5 of 7 agree (71,43 %): enough under the 70 % the item was put on the agenda with, not under the 80 %
    the administrator sets while the session is open; the next session applies the 80 %."""
    created = meeting(session, world)
    item = on_agenda(session, world, store, created, officer=world.officer_b)
    vote(session, item, world.members[:5])
    _raise_threshold(session, world, world.bang_khen, 80)
    assert world.bang_khen.threshold_pct == 80
    council.close_session(session, created, by=world.secretariat)
    assert (item.result, item.nomination.state) == ("passed", "endorsed")
    assert item.result_reason == "5/7 phiếu đồng ý (71,43% tổng số thành viên), đạt ngưỡng 70%."
    assert (item.ballot, item.quorum_num, item.quorum_den, item.threshold_pct, item.denominator) == (
        "secret", 2, 3, 70, "all")

    later = meeting(session, world)
    next_item = on_agenda(session, world, store, later, officer=world.officer_b)
    vote(session, next_item, world.members[:5])
    council.close_session(session, later, by=world.secretariat)
    assert next_item.result == "failed" and next_item.threshold_pct == 80
    assert next_item.result_reason == "5/7 phiếu đồng ý (71,43% tổng số thành viên), không đạt ngưỡng 80%."


def test_the_close_preview_applies_the_frozen_rule_and_hides_a_secret_ballots_outcome(session, world, store):
    from workflow.services import lookups
    created = meeting(session, world)
    secret = on_agenda(session, world, store, created, officer=world.officer_b)
    open_item = on_agenda(session, world, store, created, award_type=world.giay_khen, officer=world.officer_b)
    vote(session, secret, world.members[:5])
    vote(session, open_item, world.members[:5])
    _raise_threshold(session, world, world.giay_khen, 90)
    hidden, shown = lookups.tally_preview(session, created)
    assert (hidden.result, hidden.target, hidden.cast, hidden.entitled) == (None, None, 5, 7)
    assert shown.result.passed and (shown.cast, shown.entitled) == (5, 7)   # 5/7 under the frozen threshold
