"""The new-rural recognition (issue 17) end to end on the backbone: the commune assesses itself, posts the result
for 15 days, answers the comments itself, records its survey and sends the dossier; the appraisal body accepts,
checks on the spot and concludes; the chairperson recognises the commune by a decision with its certificate. Each
refusal leaves nothing behind."""
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests import factories
from tests.services.helpers import COMMENTER, audit_mark, events_since, refused
from workflow.models import AttachmentKind, AuditEvent, AwardType, LegalBasis, Nominee, SelfAssessment, User
from workflow.rules import new_rural
from workflow.rules.errors import InvalidTransition, NotAllowed, ValidationFailed
from workflow.rules.nominees import NomineeKind
from workflow.rules.permissions import Grant, Role
from workflow.rules.states import State
from workflow.services import decisions, nominations, notices, recognition, users
from workflow.services.nominations import NominationData, NomineeData
from workflow.services.recognition import Row, SurveyData

OPENED = datetime(2025, 3, 3, 9, 0)
POSTED = date(2025, 3, 3)
AFTER_POSTING = datetime(2025, 3, 19, 9, 0)


def _award_type(session, world, level: new_rural.Level, code: str) -> AwardType:
    award_type = AwardType(
        code=code, name=f"Công nhận xã {new_rural.LEVEL_LABELS[level]}", certificate_title="BẰNG CÔNG NHẬN",
        category="form", authority=world.authority, individual_allowed=False, procedure_code="new_rural",
        new_rural_level=level, field_check_required=True, coefficient_individual=Decimal(0),
        coefficient_collective=Decimal(0))
    session.add_all([award_type, LegalBasis(award_type=award_type,
                                            body="Căn cứ Quyết định số 18/2022/QĐ-TTg ngày 02 tháng 8 năm 2022;")])
    world.campaign.award_types.append(award_type)
    session.flush()
    return award_type


@pytest.fixture
def rural(session, world):
    standard = _award_type(session, world, new_rural.Level.STANDARD, "NTM")
    advanced = _award_type(session, world, new_rural.Level.ADVANCED, "NTM-NC")
    officer = users.create_user(session, username="xa.vha", full_name="Cán bộ xã Vĩnh Hưng A",
                                password=factories.PASSWORD, unit_id=world.commune.id,
                                grants=[Grant(Role.UNIT_OFFICER, unit_id=world.commune.id)])
    session.commit()
    return standard, advanced, officer


def _dossier(session, world, store, officer: User, award_type: AwardType, *, assess: bool = True):
    data = NominationData(award_type=award_type, nominee=NomineeData(
        kind=NomineeKind.COLLECTIVE, full_name="Xã Vĩnh Hưng A", unit_id=world.commune.id),
        achievement_summary="Kết quả xây dựng nông thôn mới năm 2024.", period_from=date(2024, 1, 1),
        period_to=date(2024, 12, 31))
    nomination = nominations.create(session, by=officer, campaign=world.campaign, proposing_unit=world.commune,
                                    data=data, now=OPENED)
    evidence = nominations.add_attachment(session, nomination, by=officer, store=store, filename="bieu-chi-tiet.pdf",
                                          data=factories.PDF, kind=AttachmentKind.ACHIEVEMENT_REPORT, now=OPENED)
    if assess:
        criteria = new_rural.items_of(recognition.criteria_set_of(session, nomination))
        recognition.record_self_assessment(session, nomination, by=officer, now=OPENED, rows=[
            Row(item.code, True, "Đạt theo biểu chi tiết", evidence.id) for item in criteria])
    return nomination, evidence


def _survey(session, nomination, officer, satisfied: int = 950):
    return recognition.record_survey(session, nomination, by=officer, now=OPENED, data=SurveyData(
        surveyed=1000, satisfied=satisfied, held_from=date(2025, 3, 5), held_to=date(2025, 3, 12),
        method="Phiếu hỏi hộ gia đình qua Ban công tác Mặt trận ấp"))


def _posted(session, world, store, officer, award_type, **kw):
    nomination, _evidence = _dossier(session, world, store, officer, award_type, **kw)
    notice = recognition.post_self_assessment(session, nomination, by=officer, expected_version=nomination.version,
                                              today=POSTED, now=OPENED)
    return nomination, notice


def _walk_to_endorsed(session, world, store, officer, award_type):
    nomination, _notice = _posted(session, world, store, officer, award_type)
    _survey(session, nomination, officer)
    nominations.submit(session, nomination, by=officer, expected_version=nomination.version, now=AFTER_POSTING)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    factories.field_check(session, world, store, nomination, checked_on=date(2025, 3, 20))
    recognition.conclude_appraisal(session, nomination, by=world.secretariat, expected_version=nomination.version,
                                   outcome=State.ENDORSED)
    return nomination


def test_a_commune_is_recognised_end_to_end(session, world, store, rural):
    standard, _, officer = rural
    mark = audit_mark(session)
    nomination, notice = _posted(session, world, store, officer, standard)
    assert nomination.state == State.IN_PUBLIC_NOTICE
    assert (notice.start_date, notice.end_date) == (POSTED, date(2025, 3, 18))
    received = notices.receive_comment(session, notice, nomination, body="Đường ấp Xóm Lớn chưa có đèn.",
                                       today=date(2025, 3, 10), **COMMENTER)
    notices.answer_comment(session, received, by=officer, answer="Đã lắp 40 đèn, có biên bản nghiệm thu.")
    _survey(session, nomination, officer)
    nominations.submit(session, nomination, by=officer, expected_version=nomination.version, now=AFTER_POSTING)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    factories.field_check(session, world, store, nomination, checked_on=date(2025, 3, 20))
    recognition.conclude_appraisal(session, nomination, by=world.secretariat, expected_version=nomination.version,
                                   outcome=State.ENDORSED)
    draft = decisions.prepare_draft(session, [nomination], by=world.secretariat, signer=world.signer,
                                    decision_date=date(2025, 3, 25))
    assert draft.title == "Về việc công nhận xã Vĩnh Hưng A đạt chuẩn nông thôn mới năm 2025"
    printed = decisions.preview_data(session, draft, by=world.chair)
    assert printed.award_text == "Công nhận xã Vĩnh Hưng A đạt chuẩn nông thôn mới năm 2025"
    assert "Chủ tịch Ủy ban nhân dân các xã có tên tại Điều 1" in printed.article2
    assert [(r.award, r.prize_money) for r in printed.recipients] == [("Bằng công nhận", 0)]
    decision = decisions.issue_draft(session, draft, by=world.chair,
                                     expected_versions={nomination.id: nomination.version})
    session.commit()
    assert nomination.state == State.AWARDED
    assert nomination.procedure.state_label(nomination.state) == "Đã công nhận"
    line = decision.lines[0]
    assert (line.prize_amount, line.certificate.verify_code is not None) == (0, True)
    assert line.award_type.certificate_title == "BẰNG CÔNG NHẬN"
    roles = [(e.action, e.role) for e in events_since(session, mark)]
    assert ("record_self_assessment", "unit_officer") in roles
    assert ("open_notice", "unit_officer") in roles
    assert ("answer_comment", "unit_officer") in roles
    assert ("record_survey", "unit_officer") in roles
    assert ("conclude_appraisal", "secretariat") in roles
    assert ("decide", "authority") in roles
    assert recognition.recognised_levels(session, world.commune.id) == {new_rural.Level.STANDARD}


def test_advanced_level_requires_the_standard_recognition_first(session, world, store, rural):
    _standard, advanced, officer = rural
    nomination, _ = _posted(session, world, store, officer, advanced)
    _survey(session, nomination, officer)
    with refused(session, InvalidTransition, "chưa được công nhận đạt chuẩn nông thôn mới", nomination):
        nominations.submit(session, nomination, by=officer, expected_version=nomination.version, now=AFTER_POSTING)


def test_the_standard_recognition_revoked_after_sending_stops_the_advanced_conclusion(session, world, store, rural):
    standard, advanced, officer = rural
    held = _walk_to_endorsed(session, world, store, officer, standard)
    draft = decisions.prepare_draft(session, [held], by=world.secretariat, signer=world.signer,
                                    decision_date=date(2025, 3, 25))
    decisions.issue_draft(session, draft, by=world.chair, expected_versions={held.id: held.version})
    nomination, _ = _posted(session, world, store, officer, advanced)
    _survey(session, nomination, officer)
    nominations.submit(session, nomination, by=officer, expected_version=nomination.version, now=AFTER_POSTING)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    factories.field_check(session, world, store, nomination, checked_on=date(2025, 3, 20))
    decisions.revoke(session, held, by=world.chair, expected_version=held.version, reason="Kết quả không thực chất.",
                     revoking_decision_no="9/QĐ-UBND")
    with refused(session, InvalidTransition, "chưa được công nhận đạt chuẩn nông thôn mới", nomination):
        recognition.conclude_appraisal(session, nomination, by=world.secretariat,
                                       expected_version=nomination.version, outcome=State.ENDORSED)


def test_submission_before_the_posting_ends_or_below_threshold_is_refused(session, world, store, rural):
    standard, _, officer = rural
    nomination, _ = _posted(session, world, store, officer, standard)
    _survey(session, nomination, officer, satisfied=899)
    with refused(session, InvalidTransition, r"89,9 %.*Chưa hết thời hạn công khai", nomination):
        nominations.submit(session, nomination, by=officer, expected_version=nomination.version,
                           now=datetime(2025, 3, 18, 16, 0))


def test_an_unanswered_objection_blocks_the_submission(session, world, store, rural):
    standard, _, officer = rural
    nomination, notice = _posted(session, world, store, officer, standard)
    notices.receive_comment(session, notice, nomination, body="Ấp tôi chưa có nước sạch.", today=date(2025, 3, 5),
                            **COMMENTER)
    _survey(session, nomination, officer)
    with refused(session, InvalidTransition, "1 ý kiến phản ánh chưa được trả lời", nomination):
        nominations.submit(session, nomination, by=officer, expected_version=nomination.version, now=AFTER_POSTING)


def test_posting_needs_every_criterion_assessed(session, world, store, rural):
    standard, _, officer = rural
    nomination, _ = _dossier(session, world, store, officer, standard, assess=False)
    with refused(session, InvalidTransition, "chưa tự đánh giá", nomination):
        recognition.post_self_assessment(session, nomination, by=officer, expected_version=nomination.version,
                                         today=POSTED)


def test_a_criterion_not_met_or_without_evidence_is_named(session, world, store, rural):
    standard, _, officer = rural
    nomination, _notice = _posted(session, world, store, officer, standard)
    session.execute(SelfAssessment.__table__.update().where(SelfAssessment.criterion_code == "qd318-10")
                    .values(met=False))
    session.execute(SelfAssessment.__table__.update().where(SelfAssessment.criterion_code == "qd318-02")
                    .values(evidence_id=None))
    session.expire_all()
    _survey(session, nomination, officer)
    with refused(session, InvalidTransition, r"«Giao thông» chưa có tài liệu minh chứng.*«Thu nhập» chưa đạt",
                 nomination):
        nominations.submit(session, nomination, by=officer, expected_version=nomination.version, now=AFTER_POSTING)


def test_self_assessment_refuses_foreign_criteria_and_files_and_other_units(session, world, store, rural):
    standard, _, officer = rural
    nomination, _evidence = _dossier(session, world, store, officer, standard, assess=False)
    with refused(session, ValidationFailed, "không thuộc bộ tiêu chí", nomination):
        recognition.record_self_assessment(session, nomination, by=officer, rows=[Row("qd51-01", True)])
    with refused(session, ValidationFailed, "tệp đính kèm của hồ sơ này", nomination):
        recognition.record_self_assessment(session, nomination, by=officer, rows=[Row("qd318-01", True, "", 999)])
    with refused(session, NotAllowed, "không có quyền", nomination):
        recognition.record_self_assessment(session, nomination, by=world.officer_b, rows=[Row("qd318-01", True)])
    with refused(session, ValidationFailed, "Số hài lòng", nomination):
        _survey(session, nomination, officer, satisfied=1001)


def test_the_appraisal_concludes_only_after_a_passed_field_check_and_not_awarded_needs_a_reason(
        session, world, store, rural):
    standard, _, officer = rural
    nomination, _ = _posted(session, world, store, officer, standard)
    _survey(session, nomination, officer)
    nominations.submit(session, nomination, by=officer, expected_version=nomination.version, now=AFTER_POSTING)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    with refused(session, InvalidTransition, "thẩm tra thực tế kết luận «đạt»", nomination):
        recognition.conclude_appraisal(session, nomination, by=world.secretariat,
                                       expected_version=nomination.version, outcome=State.ENDORSED)
    factories.field_check(session, world, store, nomination, conclusion="failed", checked_on=date(2025, 3, 20))
    with refused(session, ValidationFailed, "lý do", nomination):
        recognition.conclude_appraisal(session, nomination, by=world.secretariat,
                                       expected_version=nomination.version, outcome=State.NOT_AWARDED)
    with refused(session, NotAllowed, "không có quyền", nomination):
        recognition.conclude_appraisal(session, nomination, by=officer, expected_version=nomination.version,
                                       outcome=State.NOT_AWARDED, reason="x")
    recognition.conclude_appraisal(session, nomination, by=world.secretariat, expected_version=nomination.version,
                                   outcome=State.NOT_AWARDED, reason="Tiêu chí Môi trường chưa đạt thực tế.")
    assert (nomination.state, nomination.outcome_reason) == (State.NOT_AWARDED, "Tiêu chí Môi trường chưa đạt thực tế.")


def test_a_decision_does_not_mix_commendations_and_recognitions(session, world, store, rural):
    standard, _, officer = rural
    recognised = _walk_to_endorsed(session, world, store, officer, standard)
    commended = factories.endorsed(session, world, store)
    with refused(session, ValidationFailed, "Không gộp", recognised, commended):
        decisions.prepare_draft(session, [recognised, commended], by=world.secretariat, signer=world.signer,
                                decision_date=date(2025, 3, 25))


def test_the_commendation_notice_keeps_its_working_days(session, world, store):
    nomination, notice = factories.in_notice(session, world, store)
    assert notice.working_days == world.bang_khen.notice_working_days
    assert session.scalar(select(Nominee).where(Nominee.id == nomination.nominee_id)) is not None
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "open_notice")).role == "secretariat"
    assert notice.end_date > notice.start_date + timedelta(days=1)


def test_a_recognition_dossier_is_the_commune_s_own(session, world, store, rural):
    standard, _, officer = rural
    data = NominationData(award_type=standard, nominee=NomineeData(
        kind=NomineeKind.COLLECTIVE, full_name="Xã Vĩnh Hưng", unit_id=world.district_a.id),
        achievement_summary="Kết quả xây dựng nông thôn mới.", period_from=date(2024, 1, 1),
        period_to=date(2024, 12, 31))
    with refused(session, ValidationFailed, "do chính xã lập cho mình"):
        nominations.create(session, by=officer, campaign=world.campaign, proposing_unit=world.commune, data=data,
                           now=OPENED)


def test_the_standard_recognition_revoked_after_the_conclusion_stops_the_advanced_decision(session, world, store,
                                                                                          rural):
    """The conclusion «đạt» asked for the standard recognition; the decision asks again (revoked in between)."""
    standard, advanced, officer = rural
    held = _walk_to_endorsed(session, world, store, officer, standard)
    draft = decisions.prepare_draft(session, [held], by=world.secretariat, signer=world.signer,
                                    decision_date=date(2025, 3, 25))
    decisions.issue_draft(session, draft, by=world.chair, expected_versions={held.id: held.version})
    nomination = _walk_to_endorsed(session, world, store, officer, advanced)
    draft = decisions.prepare_draft(session, [nomination], by=world.secretariat, signer=world.signer,
                                    decision_date=date(2025, 3, 28))
    decisions.revoke(session, held, by=world.chair, expected_version=held.version, reason="Kết quả không thực chất.",
                     revoking_decision_no="9/QĐ-UBND")
    with refused(session, InvalidTransition, "Xã Vĩnh Hưng A: .*chưa được công nhận đạt chuẩn nông thôn mới",
                 nomination):
        decisions.issue_draft(session, draft, by=world.chair, expected_versions={nomination.id: nomination.version})
    assert nomination.state == State.ENDORSED
