"""Service tests for workflow.services.nominations on a real database session: every action writes exactly
one audit event, a refused action writes nothing, stale versions conflict, one achievement is claimed once,
and the database's own constraints back the rules."""
from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from tests.factories import PDF, audit_count, in_appraisal, in_notice, make_nomination, submitted
from workflow.models import AttachmentKind, Nomination, NominationRevision, Nominee, Review
from workflow.rules.errors import Conflict, InvalidTransition, NotAllowed, ValidationFailed
from workflow.rules.nominees import NomineeKind
from workflow.services import nominations
from workflow.services.nominations import NominationData, NomineeData

from .helpers import (assert_event, audit_mark, events_since,
                      one_event_since, refused)


def _data(world, **overrides) -> NominationData:
    nominee = overrides.pop("nominee", None) or NomineeData(
        kind=NomineeKind.COLLECTIVE, full_name="Ủy ban nhân dân xã Vĩnh Hưng A", workplace="Huyện Vĩnh Lợi")
    values = dict(award_type=world.bang_khen, nominee=nominee,
                  achievement_summary="Đã có thành tích đạt chuẩn xã nông thôn mới nâng cao năm 2024.",
                  period_from=date(2024, 1, 1), period_to=date(2024, 12, 31), letter_no="15/TTr-UBND",
                  letter_date=date(2025, 2, 20)) | overrides
    return NominationData(**values)


def _create(session, world, officer=None, unit=None, **overrides) -> Nomination:
    return nominations.create(session, by=officer or world.officer_a, campaign=world.campaign,
                              proposing_unit=unit or world.district_a, data=_data(world, **overrides))


# --- every action writes exactly one audit event ---------------------------------------------------------

def test_create_writes_one_internal_event_into_draft(session, world):
    mark = audit_mark(session)
    nomination = _create(session, world)
    event = one_event_since(session, mark)
    assert_event(event, action="create", object_id=nomination.id, actor=world.officer_a, role="unit_officer",
                 public=False, to_state="draft")
    assert event.changes == {"award_type": "Bằng khen của Chủ tịch UBND tỉnh",
                             "nominee": "Ủy ban nhân dân xã Vĩnh Hưng A"}
    assert (nomination.state, nomination.version) == ("draft", 1)


def test_add_attachment_writes_one_event_and_stores_the_file_by_its_hash(session, world, store):
    nomination = make_nomination(session, world, store, with_report=False)
    mark = audit_mark(session)
    attachment = nominations.add_attachment(session, nomination, by=world.officer_a, store=store,
                                            filename="../../bao cao thanh tich.exe", data=PDF,
                                            kind=AttachmentKind.ACHIEVEMENT_REPORT, is_public=True)
    event = one_event_since(session, mark)
    assert_event(event, action="add_attachment", object_id=nomination.id, actor=world.officer_a,
                 role="unit_officer", public=False)
    assert event.changes["sha256"] == attachment.sha256 and event.changes["attachment_id"] == attachment.id
    assert attachment.filename == "bao cao thanh tich.pdf"  # the real type decides the extension
    assert store.read(attachment.sha256) == PDF


def test_edit_writes_one_event_listing_each_field_old_and_new(session, world, store):
    nomination = make_nomination(session, world, store)
    old_summary = nomination.achievement_summary
    mark = audit_mark(session)
    diff = nominations.edit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                            changes={"achievement_summary": "Đã có thành tích mới.", "letter_no": "99/TTr-UBND",
                                     "nominee.position": "Chủ tịch"})
    event = one_event_since(session, mark)
    assert_event(event, action="edit", object_id=nomination.id, actor=world.officer_a, role="unit_officer",
                 public=False, from_state="draft", to_state="draft")
    assert event.changes["achievement_summary"] == {"old": old_summary, "new": "Đã có thành tích mới."}
    assert event.changes["nominee.position"] == {"old": "", "new": "Chủ tịch"}
    assert set(diff) == {"achievement_summary", "letter_no", "nominee.position"}
    session.commit()
    assert session.get(Nomination, nomination.id).letter_no == "99/TTr-UBND"


def test_edit_without_a_real_change_writes_nothing(session, world, store):
    nomination = make_nomination(session, world, store)
    mark, version = audit_mark(session), nomination.version
    diff = nominations.edit(session, nomination, by=world.officer_a, expected_version=version,
                            changes={"letter_no": nomination.letter_no})
    assert diff == {} and events_since(session, mark) == [] and nomination.version == version


def test_submit_writes_one_public_event_and_freezes_a_revision(session, world, store):
    nomination = make_nomination(session, world, store)
    mark = audit_mark(session)
    nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    event = one_event_since(session, mark)
    assert_event(event, action="submit", object_id=nomination.id, actor=world.officer_a, role="unit_officer",
                 public=True, from_state="draft", to_state="submitted")
    assert nomination.state == "submitted" and nomination.submitted_at is not None
    revision = session.scalar(select(NominationRevision).where(NominationRevision.nomination_id == nomination.id))
    assert revision.revision == 1 and revision.snapshot["letter_no"] == nomination.letter_no


def test_return_writes_one_internal_event_with_the_reason(session, world, store):
    nomination = submitted(session, world, store)
    mark = audit_mark(session)
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="  Thiếu biên bản bình xét của đơn vị.  ")
    event = one_event_since(session, mark)
    assert_event(event, action="return", object_id=nomination.id, actor=world.secretariat, role="secretariat",
                 public=False, from_state="submitted", to_state="returned")
    assert event.reason == nomination.return_reason == "Thiếu biên bản bình xét của đơn vị."


def test_return_from_appraisal_is_allowed(session, world, store):
    nomination = in_appraisal(session, world, store)
    mark = audit_mark(session)
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Cần bổ sung số liệu.")
    assert_event(one_event_since(session, mark), action="return", object_id=nomination.id, actor=world.secretariat,
                 role="secretariat", public=False, from_state="in_appraisal", to_state="returned")


def test_resubmit_writes_one_public_event_clears_the_return_reason_and_adds_a_revision(session, world, store):
    nomination = submitted(session, world, store)
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Thiếu số liệu.")
    mark = audit_mark(session)
    nominations.resubmit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    event = one_event_since(session, mark)
    assert_event(event, action="resubmit", object_id=nomination.id, actor=world.officer_a, role="unit_officer",
                 public=True, from_state="returned", to_state="submitted")
    assert event.changes == {"revision": 2, "processing_due_on": nomination.processing_due_on.isoformat()}
    assert nomination.return_reason is None and nomination.revision == 2
    assert [r.revision for r in session.get(Nomination, nomination.id).revisions] == [1, 2]


def test_accept_writes_one_internal_event(session, world, store):
    nomination = submitted(session, world, store)
    mark = audit_mark(session)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    assert_event(one_event_since(session, mark), action="accept", object_id=nomination.id,
                 actor=world.secretariat, role="secretariat", public=False, from_state="submitted",
                 to_state="in_appraisal")


@pytest.mark.parametrize("reach", ["draft", "submitted", "returned", "in_appraisal"])
def test_withdraw_writes_one_internal_event_from_every_live_state(session, world, store, reach):
    nomination = make_nomination(session, world, store) if reach == "draft" else \
        in_appraisal(session, world, store) if reach == "in_appraisal" else submitted(session, world, store)
    if reach == "returned":
        nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                            reason="Thiếu số liệu.")
    mark = audit_mark(session)
    nominations.withdraw(session, nomination, by=world.officer_a, expected_version=nomination.version,
                         reason="Đơn vị rút để đề nghị đợt sau.")
    event = one_event_since(session, mark)
    assert_event(event, action="withdraw", object_id=nomination.id, actor=world.officer_a, role="unit_officer",
                 public=False, from_state=reach, to_state="withdrawn")
    assert event.reason == "Đơn vị rút để đề nghị đợt sau."


def test_appraise_writes_one_internal_event_and_keeps_the_state(session, world, store):
    nomination = in_appraisal(session, world, store)
    mark, version = audit_mark(session), nomination.version
    review = nominations.appraise(session, nomination, by=world.secretariat, body="Hồ sơ đầy đủ, đúng tiêu chuẩn.",
                                  checklist={"du_ho_so": True})
    event = one_event_since(session, mark)
    assert_event(event, action="appraise", object_id=nomination.id, actor=world.secretariat, role="secretariat",
                 public=False)
    assert event.changes == {"review_id": review.id, "checklist": {"du_ho_so": True}}
    assert nomination.state == "in_appraisal" and nomination.version == version
    assert session.scalars(select(Review.body)).all() == ["Hồ sơ đầy đủ, đúng tiêu chuẩn."]


def test_each_step_of_a_submission_round_trip_adds_exactly_one_event(session, world, store):
    before = audit_count(session)
    nomination = make_nomination(session, world, store)                                   # create, attach
    nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Thiếu số liệu.")
    nominations.edit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                     changes={"letter_no": "16/TTr-UBND"})
    nominations.resubmit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    session.commit()
    assert audit_count(session) == before + 7
    assert nomination.version == 6  # one versioned UPDATE per state change or edit


# --- a refused action writes nothing ----------------------------------------------------------------------

def test_submit_by_the_secretariat_is_refused(session, world, store):
    nomination = make_nomination(session, world, store)
    with refused(session, NotAllowed, "không có quyền «Gửi hồ sơ»", nomination):
        nominations.submit(session, nomination, by=world.secretariat, expected_version=nomination.version)


def test_accept_by_a_unit_officer_is_refused(session, world, store):
    nomination = submitted(session, world, store)
    with refused(session, NotAllowed, "không có quyền «Tiếp nhận»", nomination):
        nominations.accept(session, nomination, by=world.officer_a, expected_version=nomination.version)


def test_officer_of_another_unit_cannot_submit_edit_or_withdraw(session, world, store):
    nomination = make_nomination(session, world, store)
    with refused(session, NotAllowed, "không có quyền", nomination):
        nominations.submit(session, nomination, by=world.officer_b, expected_version=nomination.version)
    with refused(session, NotAllowed, "không có quyền «Sửa hồ sơ»", nomination):
        nominations.edit(session, nomination, by=world.officer_b, expected_version=nomination.version,
                         changes={"letter_no": "1/TTr-UBND"})
    with refused(session, NotAllowed, "không có quyền «Rút hồ sơ»", nomination):
        nominations.withdraw(session, nomination, by=world.officer_b, expected_version=nomination.version)
    with refused(session, NotAllowed, "không có quyền «Đính kèm tệp»", nomination):
        nominations.add_attachment(session, nomination, by=world.officer_b, store=store, filename="x.pdf",
                                   data=PDF, kind=AttachmentKind.OTHER)


def test_officer_cannot_create_a_nomination_for_another_unit(session, world):
    with refused(session, NotAllowed, "đơn vị của mình"):
        _create(session, world, officer=world.officer_b, unit=world.district_a)
    assert session.scalar(select(Nomination.id)) is None


def test_the_administrator_cannot_touch_workflow_records(session, world, store):
    nomination = submitted(session, world, store)
    with refused(session, NotAllowed, "không có quyền", nomination):
        nominations.accept(session, nomination, by=world.admin, expected_version=nomination.version)


def test_accepting_a_draft_is_an_invalid_transition(session, world, store):
    nomination = make_nomination(session, world, store)
    with refused(session, InvalidTransition, "Không thể «Tiếp nhận» khi hồ sơ đang ở trạng thái «Bản nháp»",
                 nomination):
        nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)


def test_resubmitting_a_draft_and_editing_a_submitted_nomination_are_refused(session, world, store):
    draft = make_nomination(session, world, store)
    with refused(session, InvalidTransition, "Gửi lại hồ sơ", draft):
        nominations.resubmit(session, draft, by=world.officer_a, expected_version=draft.version)
    sent = submitted(session, world, store)
    with refused(session, InvalidTransition, "Sửa hồ sơ", sent):
        nominations.edit(session, sent, by=world.officer_a, expected_version=sent.version,
                         changes={"letter_no": "2/TTr-UBND"})
    with refused(session, InvalidTransition, "bản nháp", sent):
        nominations.add_attachment(session, sent, by=world.officer_a, store=store, filename="them.pdf", data=PDF,
                                   kind=AttachmentKind.OTHER)


def test_withdrawing_after_the_notice_opened_is_refused(session, world, store):
    nomination, _ = in_notice(session, world, store)
    with refused(session, InvalidTransition, "Rút hồ sơ", nomination):
        nominations.withdraw(session, nomination, by=world.officer_a, expected_version=nomination.version)


def test_return_without_a_reason_is_refused(session, world, store):
    nomination = submitted(session, world, store)
    with refused(session, ValidationFailed, "lý do trả lại", nomination):
        nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                            reason="   ")


def test_submit_without_an_achievement_report_is_refused(session, world, store):
    nomination = make_nomination(session, world, store, with_report=False)
    nominations.add_attachment(session, nomination, by=world.officer_a, store=store, filename="bien-ban.pdf",
                               data=PDF, kind=AttachmentKind.MINUTES)
    with refused(session, InvalidTransition, "báo cáo thành tích", nomination):
        nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    assert session.scalar(select(NominationRevision.id)) is None


def test_submit_without_letter_number_names_what_is_missing(session, world, store):
    nomination = make_nomination(session, world, store)
    nominations.edit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                     changes={"letter_no": ""})
    with refused(session, InvalidTransition, "số Tờ trình", nomination):
        nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version)


def test_a_file_that_is_not_what_it_claims_is_refused(session, world, store):
    nomination = make_nomination(session, world, store, with_report=False)
    with refused(session, ValidationFailed, "PDF, DOCX, PNG hoặc JPEG", nomination):
        nominations.add_attachment(session, nomination, by=world.officer_a, store=store, filename="bao-cao.pdf",
                                   data=b"MZ\x90\x00 not a pdf", kind=AttachmentKind.ACHIEVEMENT_REPORT)
    assert session.get(Nomination, nomination.id).attachments == []


def test_an_award_type_outside_the_campaign_or_the_nominee_kind_is_refused(session, world):
    with refused(session, ValidationFailed, "không áp dụng cho đối tượng tập thể"):
        _create(session, world, award_type=world.chien_si)  # Chiến sĩ thi đua: individuals only


def test_an_achievement_period_ending_before_it_starts_is_refused(session, world):
    with refused(session, ValidationFailed, "ngày kết thúc phải sau ngày bắt đầu"):
        _create(session, world, period_from=date(2024, 12, 31), period_to=date(2024, 1, 1))


# --- stale versions ----------------------------------------------------------------------------------

def test_a_stale_expected_version_raises_conflict_and_writes_nothing(session, world, store):
    nomination = submitted(session, world, store)
    stale = nomination.version - 1
    with refused(session, Conflict, "đã có người xử lý trước", nomination):
        nominations.accept(session, nomination, by=world.secretariat, expected_version=stale)
    with refused(session, Conflict, "đã có người xử lý trước", nomination):
        nominations.return_(session, nomination, by=world.secretariat, expected_version=stale, reason="Thiếu.")


# --- one achievement is awarded once -----------------------------------------------------------------

def test_a_second_nomination_of_the_same_achievement_is_refused_while_the_first_is_live(session, world):
    first = _create(session, world)
    with refused(session, ValidationFailed, "không khen nhiều lần cho một thành tích", first):
        # the same collective, spelt without diacritics and in other case, is the same nominee
        _create(session, world, nominee=NomineeData(kind=NomineeKind.COLLECTIVE,
                                                    full_name="uy ban nhan dan xa VINH HUNG A",
                                                    workplace="Huyện Vĩnh Lợi"))
    assert session.scalars(select(Nomination.id)).all() == [first.id]


def test_the_same_achievement_may_be_nominated_again_after_the_first_is_withdrawn(session, world):
    first = _create(session, world)
    nominations.withdraw(session, first, by=world.officer_a, expected_version=first.version)
    mark = audit_mark(session)
    second = _create(session, world)
    session.commit()
    assert second.nominee_key == first.nominee_key and second.id != first.id
    assert len(events_since(session, mark)) == 1


def test_another_period_or_award_type_is_another_achievement(session, world):
    _create(session, world)
    _create(session, world, period_from=date(2023, 1, 1), period_to=date(2023, 12, 31))
    _create(session, world, award_type=world.giay_khen)
    session.commit()
    assert len(session.scalars(select(Nomination.id)).all()) == 3


def test_an_individual_is_identified_by_id_number_across_nominations(session, world):
    person = dict(kind=NomineeKind.INDIVIDUAL, position="Chủ tịch UBND xã", id_number="094081000123")
    _create(session, world, award_type=world.chien_si,
            nominee=NomineeData(full_name="Nguyễn Văn Đông", workplace="Xã Vĩnh Hưng A", **person))
    with refused(session, ValidationFailed, "không khen nhiều lần"):
        _create(session, world, award_type=world.chien_si, officer=world.officer_b, unit=world.district_b,
                nominee=NomineeData(full_name="Nguyễn Văn Đông", workplace="Huyện Hồng Dân", **person))


def test_editing_a_nomination_into_a_duplicate_is_refused(session, world):
    _create(session, world)
    other = _create(session, world, period_from=date(2023, 1, 1), period_to=date(2023, 12, 31))
    with refused(session, ValidationFailed, "không khen nhiều lần", other):
        nominations.edit(session, other, by=world.officer_a, expected_version=other.version,
                         changes={"period_from": date(2024, 1, 1), "period_to": date(2024, 12, 31)})
    assert session.get(Nomination, other.id).period_from == date(2023, 1, 1)


# --- the database holds the rules too -----------------------------------------------------------------

def test_db_refuses_not_awarded_without_a_reason(session, world, store):
    nomination = make_nomination(session, world, store)
    session.commit()
    with pytest.raises(IntegrityError):
        session.execute(text("UPDATE nomination SET state = 'not_awarded' WHERE id = :id"), {"id": nomination.id})
        session.flush()
    session.rollback()
    assert session.get(Nomination, nomination.id).state == "draft"


def test_db_refuses_returned_and_revoked_without_their_reasons(session, world, store):
    nomination = make_nomination(session, world, store)
    session.commit()
    for sql in ("UPDATE nomination SET state = 'returned' WHERE id = :id",
                "UPDATE nomination SET state = 'revoked', revocation_reason = 'x' WHERE id = :id",
                "UPDATE nomination SET state = 'limbo' WHERE id = :id"):
        with pytest.raises(IntegrityError):
            session.execute(text(sql), {"id": nomination.id})
        session.rollback()


def test_db_refuses_a_second_live_claim_of_the_same_achievement(session, world):
    """The partial unique index stands behind the service's check, e.g. against two racing creates."""
    first = _create(session, world)
    session.commit()
    twin = Nomination(campaign=world.campaign, award_type=world.bang_khen, proposing_unit=world.district_a,
                      nominee=Nominee(kind="collective", full_name="Bản sao"), nominee_key=first.nominee_key,
                      achievement_summary="x", period_from=first.period_from, period_to=first.period_to,
                      state="submitted")
    session.add(twin)
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
    twin = Nomination(campaign=world.campaign, award_type=world.bang_khen, proposing_unit=world.district_a,
                      nominee=Nominee(kind="collective", full_name="Bản sao"), nominee_key=first.nominee_key,
                      achievement_summary="x", period_from=first.period_from, period_to=first.period_to,
                      state="withdrawn")
    session.add(twin)
    session.flush()  # a withdrawn claim does not count


# --- issue 13: removing a file, files with the new nomination, the latest submission, the word diff ------

def test_removing_a_drafts_file_writes_one_event_and_keeps_bytes_another_row_uses(session, world, store):
    nomination = make_nomination(session, world, store)
    other = make_nomination(session, world, store, name="Hợp tác xã Đông Hải")  # the same report bytes
    [report], [shared] = nomination.attachments, other.attachments
    assert report.sha256 == shared.sha256
    version, mark = nomination.version, audit_mark(session)
    nominations.remove_attachment(session, report, by=world.officer_a, expected_version=version)
    event = one_event_since(session, mark)
    assert_event(event, action="remove_attachment", object_id=nomination.id, actor=world.officer_a,
                 role="unit_officer", public=False)
    assert event.changes == {"attachment_id": report.id, "filename": "bao-cao.pdf", "kind": "achievement_report",
                             "sha256": shared.sha256}
    session.expire_all()
    assert session.get(Nomination, nomination.id).attachments == []
    assert session.get(Nomination, nomination.id).version == version + 1  # a racing submission conflicts
    assert store.read(shared.sha256) == PDF and session.get(Nomination, other.id).attachments == [shared]


def test_a_submitted_nominations_file_cannot_be_removed_nor_another_units(session, world, store):
    sent = submitted(session, world, store)
    with refused(session, InvalidTransition, "Không gỡ được tệp của hồ sơ đã gửi", sent):
        nominations.remove_attachment(session, sent.attachments[0], by=world.officer_a, expected_version=sent.version)
    draft = make_nomination(session, world, store)
    with refused(session, NotAllowed, "Gỡ tệp đính kèm", draft):
        nominations.remove_attachment(session, draft.attachments[0], by=world.officer_b,
                                      expected_version=draft.version)
    with refused(session, Conflict, "đã có người xử lý trước", draft):
        nominations.remove_attachment(session, draft.attachments[0], by=world.officer_a,
                                      expected_version=draft.version - 1)
    assert len(session.get(Nomination, sent.id).attachments) == 1


def test_a_returned_nominations_file_can_be_removed(session, world, store):
    nomination = submitted(session, world, store)
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Báo cáo sai mẫu.")
    nominations.remove_attachment(session, nomination.attachments[0], by=world.officer_a,
                                  expected_version=nomination.version)
    assert nomination.attachments == [] and nomination.state == "returned"


def test_create_attaches_the_forms_files_in_the_same_transaction(session, world, store):
    mark = audit_mark(session)
    nomination = nominations.create(
        session, by=world.officer_a, campaign=world.campaign, proposing_unit=world.district_a, data=_data(world),
        store=store, uploads=[nominations.Upload("báo cáo.pdf", PDF + b"bc", AttachmentKind.ACHIEVEMENT_REPORT, True)])
    assert [e.action for e in events_since(session, mark)] == ["create", "add_attachment"]
    [report] = nomination.attachments
    assert (report.kind, report.is_public, store.read(report.sha256)) == ("achievement_report", True, PDF + b"bc")


def test_create_with_a_refused_file_creates_nothing(session, world, store):
    before = audit_count(session)
    with pytest.raises(ValidationFailed) as refusal:
        nominations.create(session, by=world.officer_a, campaign=world.campaign, proposing_unit=world.district_a,
                           data=_data(world), store=store,
                           uploads=[nominations.Upload("x.pdf", b"MZ not a pdf", AttachmentKind.ACHIEVEMENT_REPORT,
                                                       field="report")])
    session.rollback()
    assert refusal.value.field == "report" and "PDF, DOCX, PNG hoặc JPEG" in refusal.value.message
    assert session.scalar(select(Nomination.id)) is None and audit_count(session) == before


def test_the_latest_submission_time_follows_a_resubmission(session, world, store):
    from datetime import datetime
    nomination = make_nomination(session, world, store)
    first, second = datetime(2025, 3, 3, 2, 0), datetime(2025, 3, 10, 8, 30)
    nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version, now=first)
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Bổ sung.", now=first)
    assert nomination.last_submitted_at == first
    nominations.resubmit(session, nomination, by=world.officer_a, expected_version=nomination.version, now=second)
    assert (nomination.submitted_at, nomination.last_submitted_at) == (first, second)


def test_the_revision_diff_marks_only_the_words_that_changed():
    from workflow.services.lookups import FieldChange
    old = "Đã hoàn thành 19/19 tiêu chí; thu nhập bình quân đạt 72 triệu đồng/người/năm."
    new = "Đã hoàn thành 19/19 tiêu chí; thu nhập bình quân đạt 75 triệu đồng/người/năm."
    old_parts, new_parts = FieldChange("achievement_summary", "", old, new).parts
    assert [text for text, changed in old_parts if changed] == ["72"]
    assert [text for text, changed in new_parts if changed] == ["75"]
    assert "".join(text for text, _ in old_parts) == old and "".join(text for text, _ in new_parts) == new
