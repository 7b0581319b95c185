"""Service tests for workflow.services.notices: opening a public notice (its window counted in working days),
citizens' comments (no contact data in the audit trail), classifying and answering them, upholding an
objection."""
import json
from datetime import date, timedelta

from sqlalchemy import select

from tests.factories import TODAY, in_appraisal, in_notice, submitted
from workflow.models import CalendarDay, CommentKind, CommentStatus, PublicComment, PublicNotice, Resolution
from workflow.rules.errors import Conflict, InvalidTransition, NotAllowed, ValidationFailed
from workflow.rules.states import State
from workflow.services import notices

from .helpers import (COMMENTER, assert_event, audit_mark, comment, events_since,
                      one_event_since, refused)


def _open(session, world, batch, **kw):
    kw.setdefault("today", TODAY)
    return notices.open_notice(session, batch, by=kw.pop("by", world.secretariat), title="Lấy ý kiến nhân dân",
                               expected_versions={n.id: n.version for n in batch}, **kw)


# --- open_notice ---------------------------------------------------------------------------------------

def test_open_notice_writes_one_public_event_per_nomination(session, world, store):
    batch = [in_appraisal(session, world, store) for _ in range(3)]
    mark = audit_mark(session)
    notice = _open(session, world, batch)
    events = events_since(session, mark)
    assert [e.object_id for e in events] == [n.id for n in batch]
    for event, nomination in zip(events, batch, strict=True):
        assert_event(event, action="open_notice", object_id=nomination.id, actor=world.secretariat,
                     role="secretariat", public=True, from_state="in_appraisal", to_state="in_public_notice")
        assert event.changes == {"notice_id": notice.id, "start_date": "2025-03-03", "end_date": "2025-03-17",
                                 "working_days": 10}
    assert {n.state for n in batch} == {"in_public_notice"}
    assert notice.nominations == batch


def test_the_notice_window_is_counted_in_working_days(session, world, store):
    """Opened Monday 3 March 2025 for 10 working days: two weekends skipped, it ends Monday 17 March."""
    _, notice = in_notice(session, world, store)
    assert (notice.start_date, notice.end_date, notice.working_days) == (date(2025, 3, 3), date(2025, 3, 17), 10)
    assert notice.is_open_on(date(2025, 3, 17)) and not notice.is_open_on(date(2025, 3, 18))


def test_the_window_skips_the_administrators_extra_days_off_and_counts_make_up_days(session, world, store):
    session.add_all([CalendarDay(day=date(2025, 3, 10), kind="day_off", note="Nghỉ bù"),
                     CalendarDay(day=date(2025, 3, 8), kind="makeup", note="Làm bù thứ Bảy")])
    _, notice = in_notice(session, world, store)
    assert notice.end_date == date(2025, 3, 17)  # one day lost on Mon 10, one gained on Sat 8
    _, later = in_notice(session, world, store, today=date(2025, 3, 4))
    assert later.end_date == date(2025, 3, 18)


def test_the_window_skips_public_holidays(session, world, store):
    """Opened Friday 25 April 2025 for 5 working days (Giấy khen's minimum): 30/4, 1/5 and the substitute
    day off on 2/5 are skipped, so it ends Wednesday 7 May."""
    nomination = in_appraisal(session, world, store, award_type=world.giay_khen)
    notice = _open(session, world, [nomination], today=date(2025, 4, 25))
    assert notice.end_date == date(2025, 5, 7)


def test_a_longer_window_than_the_minimum_is_allowed(session, world, store):
    nomination = in_appraisal(session, world, store)
    notice = _open(session, world, [nomination], working_days=15)
    assert (notice.working_days, notice.end_date) == (15, date(2025, 3, 24))


def test_a_notice_shorter_than_the_award_types_minimum_is_refused(session, world, store):
    nomination = in_appraisal(session, world, store)
    with refused(session, ValidationFailed, "tối thiểu là 10 ngày làm việc", nomination):
        _open(session, world, [nomination], working_days=9)
    assert session.scalar(select(PublicNotice.id)) is None


def test_a_mixed_batch_takes_the_longest_minimum(session, world, store):
    strict, lenient = in_appraisal(session, world, store), in_appraisal(session, world, store,
                                                                         award_type=world.giay_khen)
    with refused(session, ValidationFailed, "tối thiểu là 10", strict, lenient):
        _open(session, world, [lenient, strict], working_days=5)


def test_open_notice_by_a_unit_officer_is_refused(session, world, store):
    nomination = in_appraisal(session, world, store)
    with refused(session, NotAllowed, "Công khai lấy ý kiến", nomination):
        _open(session, world, [nomination], by=world.officer_a)


def test_open_notice_on_a_submitted_nomination_is_refused(session, world, store):
    nomination = submitted(session, world, store)
    with refused(session, InvalidTransition, "Đã gửi", nomination):
        _open(session, world, [nomination])


def test_open_notice_with_one_stale_version_writes_nothing_for_the_whole_batch(session, world, store):
    fresh, stale = in_appraisal(session, world, store), in_appraisal(session, world, store)
    with refused(session, Conflict, "đã có người xử lý trước", fresh, stale):
        notices.open_notice(session, [fresh, stale], by=world.secretariat, title="Lấy ý kiến", today=TODAY,
                            expected_versions={fresh.id: fresh.version, stale.id: stale.version - 1})
    assert session.scalar(select(PublicNotice.id)) is None


# --- comments ------------------------------------------------------------------------------------------

def test_receive_comment_writes_one_public_citizen_event_without_contact_data(session, world, store):
    nomination, notice = in_notice(session, world, store)
    mark = audit_mark(session)
    received = comment(session, notice, nomination, today=date(2025, 3, 5))
    event = one_event_since(session, mark)
    assert_event(event, action="receive_comment", object_id=nomination.id, actor=None, role="citizen", public=True)
    assert event.changes == {"receipt_code": received.receipt_code, "notice_id": notice.id}
    stored = json.dumps(event.record(), ensure_ascii=False)
    for private in (COMMENTER["full_name"], "0912 345 678", "ngoc.tran@example.vn", "Ấp Xóm Lớn", "Trần Thị"):
        assert private not in stored
    assert received.receipt_code.startswith("YK-") and received.status == "received"
    assert (received.full_name, received.contact) == (COMMENTER["full_name"], COMMENTER["contact"])


def test_comments_are_received_on_the_first_and_the_last_day_of_the_window(session, world, store):
    nomination, notice = in_notice(session, world, store)
    comment(session, notice, nomination, today=notice.start_date)
    comment(session, notice, nomination, today=notice.end_date)
    session.commit()
    assert len(session.scalars(select(PublicComment.id)).all()) == 2


def test_a_comment_after_the_window_is_refused(session, world, store):
    nomination, notice = in_notice(session, world, store)
    with refused(session, InvalidTransition, "hết hạn nhận ý kiến .hạn cuối 17/03/2025", nomination):
        comment(session, notice, nomination, today=notice.end_date + timedelta(days=1))
    assert session.scalar(select(PublicComment.id)) is None


def test_an_anonymous_comment_is_refused(session, world, store):
    nomination, notice = in_notice(session, world, store)
    with refused(session, ValidationFailed, "điện thoại hoặc thư điện tử", nomination):
        notices.receive_comment(session, notice, nomination, full_name="Một người dân", contact=" ", address="Bạc Liêu",
                                body="Không đồng ý.", today=TODAY)


def test_a_comment_on_a_nominee_outside_the_notice_is_refused(session, world, store):
    _, notice = in_notice(session, world, store)
    outsider = in_appraisal(session, world, store)
    with refused(session, ValidationFailed, "không có trong thông báo", outsider):
        comment(session, notice, outsider)


def test_classify_comment_writes_one_internal_event(session, world, store):
    nomination, notice = in_notice(session, world, store)
    received = comment(session, notice, nomination)
    mark = audit_mark(session)
    notices.classify_comment(session, received, by=world.secretariat, classification=CommentKind.OBJECTION)
    event = one_event_since(session, mark)
    assert_event(event, action="classify_comment", object_id=nomination.id, actor=world.secretariat,
                 role="secretariat", public=False)
    assert event.changes == {"receipt_code": received.receipt_code,
                             "classification": {"old": "unclassified", "new": "objection"}}
    assert (received.classification, received.status) == ("objection", "under_review")


def test_answer_comment_writes_one_public_event_with_the_published_answer(session, world, store):
    nomination, notice = in_notice(session, world, store)
    received = comment(session, notice, nomination)
    mark = audit_mark(session)
    notices.answer_comment(session, received, by=world.secretariat, classification=CommentKind.OBJECTION,
                           answer="Đã xác minh: số liệu đúng với báo cáo của huyện.")
    event = one_event_since(session, mark)
    assert_event(event, action="answer_comment", object_id=nomination.id, actor=world.secretariat,
                 role="secretariat", public=True)
    assert event.reason == "Đã xác minh: số liệu đúng với báo cáo của huyện."
    assert event.changes == {"receipt_code": received.receipt_code, "resolution": "rejected",
                             "classification": {"old": "unclassified", "new": "objection"}}
    assert (received.status, received.resolution, received.answered_by_id) == ("answered", "rejected",
                                                                              world.secretariat.id)
    assert nomination.state == "in_public_notice"


def test_answering_twice_or_without_text_or_by_a_unit_officer_is_refused(session, world, store):
    nomination, notice = in_notice(session, world, store)
    received = comment(session, notice, nomination)
    with refused(session, ValidationFailed, "nội dung trả lời", nomination):
        notices.answer_comment(session, received, by=world.secretariat, answer="  ")
    with refused(session, NotAllowed, "Trả lời ý kiến", nomination):
        notices.answer_comment(session, received, by=world.officer_a, answer="Cảm ơn.")
    with refused(session, InvalidTransition, "Chấp nhận ý kiến phản ánh", nomination):
        notices.answer_comment(session, received, by=world.secretariat, answer="Đúng.", resolution=Resolution.UPHELD)
    notices.answer_comment(session, received, by=world.secretariat, answer="Cảm ơn ý kiến.",
                           resolution=Resolution.NOTED, classification=CommentKind.SUPPORT)
    with refused(session, InvalidTransition, "đã được trả lời", nomination):
        notices.answer_comment(session, received, by=world.secretariat, answer="Lần nữa.")
    with refused(session, InvalidTransition, "đã được trả lời", nomination):
        notices.classify_comment(session, received, by=world.secretariat, classification=CommentKind.OBJECTION)


# --- uphold_objection ----------------------------------------------------------------------------------

def test_upholding_an_objection_sends_the_nomination_back_to_appraisal(session, world, store):
    nomination, notice = in_notice(session, world, store)
    objection = comment(session, notice, nomination)
    mark = audit_mark(session)
    notices.uphold_objection(session, objection, by=world.secretariat, expected_version=nomination.version,
                             answer="Ý kiến đúng: cần xác minh lại tiêu chí thu nhập.")
    event = one_event_since(session, mark)
    assert_event(event, action="uphold_objection", object_id=nomination.id, actor=world.secretariat,
                 role="secretariat", public=True, from_state="in_public_notice", to_state="in_appraisal")
    assert event.reason == "Ý kiến đúng: cần xác minh lại tiêu chí thu nhập."
    assert event.changes == {"receipt_code": objection.receipt_code}
    assert (objection.status, objection.resolution, objection.classification) == ("answered", "upheld", "objection")
    assert nomination.outcome_reason is None


def test_upholding_an_objection_may_end_in_not_awarded_with_the_answer_as_reason(session, world, store):
    nomination, notice = in_notice(session, world, store)
    objection = comment(session, notice, nomination)
    mark = audit_mark(session)
    notices.uphold_objection(session, objection, by=world.secretariat, expected_version=nomination.version,
                             answer="Đơn vị chưa đạt tiêu chí môi trường.", outcome=State.NOT_AWARDED)
    event = one_event_since(session, mark)
    assert_event(event, action="uphold_objection", object_id=nomination.id, actor=world.secretariat,
                 role="secretariat", public=True, from_state="in_public_notice", to_state="not_awarded")
    session.commit()
    assert nomination.state == "not_awarded"
    assert nomination.outcome_reason == "Đơn vị chưa đạt tiêu chí môi trường."


def test_uphold_objection_refusals_write_nothing(session, world, store):
    nomination, notice = in_notice(session, world, store)
    objection = comment(session, notice, nomination)
    with refused(session, ValidationFailed, "nội dung trả lời", nomination):
        notices.uphold_objection(session, objection, by=world.secretariat, expected_version=nomination.version,
                                 answer="")
    with refused(session, NotAllowed, "Chấp nhận ý kiến phản ánh", nomination):
        notices.uphold_objection(session, objection, by=world.officer_a, expected_version=nomination.version,
                                 answer="Đồng ý.")
    with refused(session, InvalidTransition, "không hợp lệ", nomination):
        notices.uphold_objection(session, objection, by=world.secretariat, expected_version=nomination.version,
                                 answer="Đồng ý.", outcome=State.WITHDRAWN)
    with refused(session, Conflict, "đã có người xử lý trước", nomination):
        notices.uphold_objection(session, objection, by=world.secretariat, expected_version=nomination.version - 1,
                                 answer="Đồng ý.")
    assert session.get(PublicComment, objection.id).status == CommentStatus.RECEIVED


def test_an_answered_comment_cannot_be_upheld_afterwards(session, world, store):
    nomination, notice = in_notice(session, world, store)
    objection = comment(session, notice, nomination)
    notices.answer_comment(session, objection, by=world.secretariat, answer="Không có cơ sở.")
    with refused(session, InvalidTransition, "đã được trả lời", nomination):
        notices.uphold_objection(session, objection, by=world.secretariat, expected_version=nomination.version,
                                 answer="Đổi ý.")


# --- correct_answer (issue 13: a published answer can be corrected, the earlier text kept) ---------------

def test_correcting_an_answer_keeps_the_earlier_text_and_writes_one_public_event(session, world, store):
    nomination, notice = in_notice(session, world, store)
    received = comment(session, notice, nomination)
    notices.answer_comment(session, received, by=world.secretariat, answer="Không có cơ sở.",
                           resolution=Resolution.REJECTED)
    first_answered_at = received.answered_at
    mark = audit_mark(session)
    correction = notices.correct_answer(session, received, by=world.secretariat, answer="Cảm ơn ý kiến đồng tình.",
                                        resolution=Resolution.NOTED, reason="Chọn nhầm kết quả xử lý.")
    event = one_event_since(session, mark)
    assert_event(event, action="correct_answer", object_id=nomination.id, actor=world.secretariat,
                 role="secretariat", public=True)
    assert event.reason == "Chọn nhầm kết quả xử lý."
    assert event.changes == {"receipt_code": received.receipt_code,
                             "answer": {"old": "Không có cơ sở.", "new": "Cảm ơn ý kiến đồng tình."},
                             "resolution": {"old": "rejected", "new": "noted"}}
    assert (received.answer, received.resolution, received.answered_at) == ("Cảm ơn ý kiến đồng tình.", "noted",
                                                                            first_answered_at)
    assert (correction.previous_answer, correction.previous_resolution, correction.previous_answered_at) == (
        "Không có cơ sở.", "rejected", first_answered_at)
    assert received.corrections == [correction] and received.corrected_at == correction.corrected_at
    notices.correct_answer(session, received, by=world.secretariat, answer="Cảm ơn ông đã đồng tình.",
                           reason="Sửa lời văn.")
    assert [c.previous_answer for c in received.corrections] == ["Không có cơ sở.", "Cảm ơn ý kiến đồng tình."]
    assert received.resolution == "noted"  # kept when not given


def test_a_correction_is_refused_before_an_answer_without_a_reason_or_by_a_unit_officer(session, world, store):
    nomination, notice = in_notice(session, world, store)
    received = comment(session, notice, nomination)
    with refused(session, InvalidTransition, "đã công bố", nomination):
        notices.correct_answer(session, received, by=world.secretariat, answer="Trả lời.", reason="Vì sao.")
    notices.answer_comment(session, received, by=world.secretariat, answer="Không có cơ sở.",
                           resolution=Resolution.REJECTED)
    with refused(session, ValidationFailed, "lý do đính chính", nomination):
        notices.correct_answer(session, received, by=world.secretariat, answer="Khác.", reason="  ")
    with refused(session, ValidationFailed, "không khác", nomination):
        notices.correct_answer(session, received, by=world.secretariat, answer="Không có cơ sở.", reason="Thử.")
    with refused(session, NotAllowed, "Đính chính trả lời", nomination):
        notices.correct_answer(session, received, by=world.officer_a, answer="Khác.", reason="Thử.")
    with refused(session, ValidationFailed, "chấp nhận ý kiến phản ánh", nomination):
        notices.correct_answer(session, received, by=world.secretariat, answer="Khác.", reason="Thử.",
                               resolution=Resolution.UPHELD)
    assert session.get(PublicComment, received.id).corrections == []


def test_an_upheld_objections_text_may_be_corrected_but_not_its_outcome(session, world, store):
    nomination, notice = in_notice(session, world, store)
    objection = comment(session, notice, nomination)
    notices.uphold_objection(session, objection, by=world.secretariat, expected_version=nomination.version,
                             answer="Phản ánh đúng: số liệu chưa được xác nhận.")
    with refused(session, ValidationFailed, "Không đổi được kết quả", nomination):
        notices.correct_answer(session, objection, by=world.secretariat, answer="Không có cơ sở.",
                               resolution=Resolution.REJECTED, reason="Nhầm.")
    notices.correct_answer(session, objection, by=world.secretariat, reason="Ghi rõ cơ quan xác nhận.",
                           answer="Phản ánh đúng: số liệu chưa được Chi cục Thống kê xác nhận.")
    assert (objection.resolution, nomination.state) == ("upheld", "in_appraisal")
