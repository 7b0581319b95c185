"""Field checks (thẩm tra thực tế, issue 17): the secretariat records who checked, when, where, findings and
conclusion with the minutes; refused in the future, before the submission, by anyone else or outside appraisal
and notice; and an award type that requires one keeps its nominations from the council until the newest check
concluded «đạt»."""
from datetime import timedelta

from sqlalchemy import select

from tests import factories
from tests.services.helpers import assert_event, audit_mark, meeting, one_event_since, refused
from workflow.models import FieldCheck, FieldCheckFile
from workflow.rules.errors import InvalidTransition, NotAllowed, ValidationFailed
from workflow.rules.states import State
from workflow.services import clock, council, field_checks, file_check
from workflow.services.field_checks import FieldCheckData, Upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _data(**kw) -> FieldCheckData:
    values = dict(checked_on=clock.today(), place="Hợp tác xã Vĩnh Hưng, ấp Xóm Lớn",
                  inspectors="Lê Văn Tâm – Ban Thi đua – Khen thưởng\n\nTrần Thị Mai – Phòng Nội vụ",
                  findings="Diện tích lúa – tôm 120 ha như báo cáo.", conclusion="passed")
    return FieldCheckData(**values | kw)


def test_the_secretariat_records_a_check_with_its_files_in_one_audit_event(session, world, store):
    nomination = factories.in_appraisal(session, world, store)
    mark = audit_mark(session)
    check = field_checks.record(session, nomination, by=world.secretariat, data=_data(), store=store,
                                files=[Upload("ảnh hiện trường.png", PNG), Upload("bien-ban.pdf", factories.PDF)])
    session.commit()
    session.expire_all()
    stored = session.scalar(select(FieldCheck).where(FieldCheck.nomination_id == nomination.id))
    assert (stored.place, stored.conclusion, stored.recorded_by_id) == (
        "Hợp tác xã Vĩnh Hưng, ấp Xóm Lớn", "passed", world.secretariat.id)
    assert stored.inspector_lines() == ["Lê Văn Tâm – Ban Thi đua – Khen thưởng", "Trần Thị Mai – Phòng Nội vụ"]
    assert [(f.filename, f.content_type) for f in stored.files] == [
        ("ảnh hiện trường.png", "image/png"), ("bien-ban.pdf", "application/pdf")]
    assert store.read(stored.files[0].sha256) == PNG
    event = one_event_since(session, mark)
    assert_event(event, action="record_field_check", object_id=nomination.id, actor=world.secretariat,
                 role="secretariat", public=False)
    assert event.changes["field_check_id"] == check.id
    assert event.changes["conclusion"] == "passed"
    assert event.changes["checked_on"] == clock.today().isoformat()
    assert [f["filename"] for f in event.changes["files"]] == ["ảnh hiện trường.png", "bien-ban.pdf"]
    assert nomination.state == State.IN_APPRAISAL


def test_the_files_of_a_check_are_files_in_use_for_the_store_check(session, world, store):
    nomination = factories.in_appraisal(session, world, store)
    field_checks.record(session, nomination, by=world.secretariat, data=_data(), store=store,
                        files=[Upload("anh.png", PNG)])
    session.commit()
    report = file_check.check(session, store)
    sha = session.scalar(select(FieldCheckFile.sha256))
    assert sha not in {entry.name for entry in report.orphans}
    assert report.ok


def test_a_check_dated_tomorrow_is_refused(session, world, store):
    nomination = factories.in_appraisal(session, world, store)
    with refused(session, ValidationFailed, "không được sau ngày hôm nay", nomination):
        field_checks.record(session, nomination, by=world.secretariat, store=store,
                            data=_data(checked_on=clock.today() + timedelta(days=1)))
    assert session.scalar(select(FieldCheck)) is None


def test_a_check_dated_before_the_submission_is_refused(session, world, store):
    nomination = factories.in_appraisal(session, world, store)
    with refused(session, ValidationFailed, "trước ngày đơn vị gửi hồ sơ", nomination):
        field_checks.record(session, nomination, by=world.secretariat, store=store,
                            data=_data(checked_on=clock.local_date(nomination.submitted_at) - timedelta(days=1)))


def test_place_inspectors_and_conclusion_are_required_and_files_checked_by_content(session, world, store):
    nomination = factories.in_appraisal(session, world, store)
    with refused(session, ValidationFailed, "nơi thẩm tra", nomination):
        field_checks.record(session, nomination, by=world.secretariat, store=store, data=_data(place="  "))
    with refused(session, ValidationFailed, "người thẩm tra", nomination):
        field_checks.record(session, nomination, by=world.secretariat, store=store, data=_data(inspectors=""))
    with refused(session, ValidationFailed, "kết luận", nomination):
        field_checks.record(session, nomination, by=world.secretariat, store=store, data=_data(conclusion="ok"))
    with refused(session, ValidationFailed, "PDF, DOCX, PNG", nomination):
        field_checks.record(session, nomination, by=world.secretariat, store=store, data=_data(),
                            files=[Upload("virus.pdf", b"MZ not a pdf at all")])
    assert session.scalar(select(FieldCheck)) is None


def test_only_the_secretariat_of_the_authority_records_a_check(session, world, store):
    nomination = factories.in_appraisal(session, world, store)
    for intruder in (world.officer_a, world.members[0], world.chair, world.admin):
        with refused(session, NotAllowed, "không có quyền", nomination):
            field_checks.record(session, nomination, by=intruder, store=store, data=_data())


def test_a_check_is_recorded_in_appraisal_or_notice_only(session, world, store):
    draft = factories.submitted(session, world, store)
    with refused(session, InvalidTransition, "khi hồ sơ ở trạng thái «Đang thẩm định» hoặc «Đang công khai", draft):
        field_checks.record(session, draft, by=world.secretariat, store=store, data=_data())
    nomination, _notice = factories.in_notice(session, world, store)
    field_checks.record(session, nomination, by=world.secretariat, store=store, data=_data())
    session.commit()
    assert len(field_checks.checks_of(session, nomination)) == 1


def _to_council(session, world, nomination, meeting_):
    return council.to_council(session, nomination, meeting_, by=world.secretariat,
                              expected_version=nomination.version)


def test_a_required_check_keeps_the_nomination_from_the_council_until_one_concluded_passed(session, world, store):
    world.giay_khen.field_check_required = True  # no notice: straight from appraisal to the council
    nomination = factories.in_appraisal(session, world, store, award_type=world.giay_khen)
    meeting_ = meeting(session, world)
    with refused(session, InvalidTransition, "^Hồ sơ chưa có biên bản thẩm tra thực tế", nomination):
        _to_council(session, world, nomination, meeting_)
    factories.field_check(session, world, store, nomination, conclusion="failed")
    with refused(session, InvalidTransition, "kết luận «không đạt»", nomination):
        _to_council(session, world, nomination, meeting_)
    factories.field_check(session, world, store, nomination, conclusion="incomplete")
    with refused(session, InvalidTransition, "kết luận «cần bổ sung»", nomination):
        _to_council(session, world, nomination, meeting_)
    factories.field_check(session, world, store, nomination, conclusion="passed")
    _to_council(session, world, nomination, meeting_)
    session.commit()
    assert nomination.state == State.IN_COUNCIL
    assert [c.conclusion for c in field_checks.checks_of(session, nomination)] == ["failed", "incomplete", "passed"]


def test_the_newest_check_counts_a_later_failed_one_blocks_again(session, world, store):
    world.giay_khen.field_check_required = True
    nomination = factories.in_appraisal(session, world, store, award_type=world.giay_khen)
    factories.field_check(session, world, store, nomination, conclusion="passed")
    factories.field_check(session, world, store, nomination, conclusion="failed")
    assert "không đạt" in field_checks.refusal(session, nomination)


def test_an_award_type_without_the_requirement_goes_to_the_council_without_a_check(session, world, store):
    nomination = factories.in_appraisal(session, world, store, award_type=world.giay_khen)
    assert field_checks.refusal(session, nomination) is None
    _to_council(session, world, nomination, meeting(session, world))
    assert nomination.state == State.IN_COUNCIL


def test_the_admin_requires_a_field_check_and_the_change_is_audited(session, world):
    from tests.services.test_admin import _award_data_of, _configure_event
    from workflow.services import admin
    mark = audit_mark(session)
    changes = admin.update_award_type(session, world.bang_khen,
                                      _award_data_of(world.bang_khen, field_check_required=True), by=world.admin)
    session.commit()
    assert list(changes) == ["field_check_required"]
    event = _configure_event(session, mark, world.admin, "award_type", world.bang_khen.id)
    assert event.changes["field_check_required"] == {"old": False, "new": True}
    assert session.get(type(world.bang_khen), world.bang_khen.id).field_check_required is True
