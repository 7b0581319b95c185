"""A title's prerequisites, checked at appraisal: the unit's evidence (recorded, audited, in the revision), the
titles in our own register, and the refusal to send to public notice or to the council while one is unmet."""
from datetime import date, timedelta

import pytest

from tests import factories
from tests.services.helpers import audit_mark, one_event_since, refused
from workflow.models import AwardCategory, AwardType
from workflow.rules.errors import InvalidTransition, ValidationFailed
from workflow.rules.nominees import NomineeKind
from workflow.rules.prerequisites import parse_evidence, parse_requirements, requirements_to_json
from workflow.rules.states import State
from workflow.services import admin, council, lookups, nominations, notices, prerequisites
from workflow.services.admin import AwardTypeData

CSTD_TINH = "danh hiệu | Chiến sĩ thi đua cơ sở | 3\nsáng kiến | tỉnh"
PERIOD = dict(period_from=date(2022, 1, 1), period_to=date(2024, 12, 31))
ALL_TITLES = ("Chiến sĩ thi đua cơ sở | 2022 | 10/QĐ-UBND | 20/12/2022\n"
              "Chiến sĩ thi đua cơ sở | 2023 | 11/QĐ-UBND | 20/12/2023\n"
              "Chiến sĩ thi đua cơ sở | 2024 | 12/QĐ-UBND | 20/12/2024")
INITIATIVE = "Số hóa hồ sơ một cửa | tỉnh | Quyết định 5/QĐ-UBND ngày 02/03/2024 của UBND tỉnh"


def _require(session, world, text=CSTD_TINH):
    world.chien_si.prerequisites = requirements_to_json(parse_requirements(text))
    session.flush()


def _draft(session, world, store, *, titles="", initiatives="", name="Nguyễn Văn An"):
    nomination = factories.make_nomination(session, world, store, award_type=world.chien_si,
                                           kind=NomineeKind.INDIVIDUAL, name=name, **PERIOD)
    if titles or initiatives:
        nominations.edit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                         changes={"evidence": parse_evidence(titles, initiatives)})
    return nomination


def _appraised(session, world, store, **kw):
    nomination = _draft(session, world, store, **kw)
    nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    return nomination


def _open(session, world, nomination):
    return notices.open_notice(session, [nomination], by=world.secretariat, title="Lấy ý kiến nhân dân",
                               expected_versions={nomination.id: nomination.version}, today=factories.TODAY)


def test_evidence_is_recorded_audited_and_frozen_in_the_revision(session, world, store):
    nomination = _draft(session, world, store)
    mark = audit_mark(session)
    nominations.edit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                     changes={"evidence": parse_evidence(ALL_TITLES, INITIATIVE)})
    event = one_event_since(session, mark)
    assert event.action == "edit" and event.changes["evidence"]["old"] == {}
    assert event.changes["evidence"]["new"]["titles"][2] == {"title": "Chiến sĩ thi đua cơ sở", "year": 2024,
                                                            "decision_no": "12/QĐ-UBND", "decision_date": "2024-12-20"}
    assert nomination.evidence["initiatives"][0]["scope"] == "tinh"
    nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    frozen = nomination.revisions[-1].snapshot["evidence"]
    assert "Sáng kiến: Số hóa hồ sơ một cửa (cấp tỉnh (bộ, ban, ngành)), công nhận tại Quyết định 5/QĐ-UBND " \
           "ngày 02/03/2024 của UBND tỉnh" in frozen
    assert frozen[0] == "Danh hiệu: Chiến sĩ thi đua cơ sở năm 2022, Quyết định số 10/QĐ-UBND ngày 20/12/2022"


def test_public_notice_is_refused_while_a_requirement_is_unmet(session, world, store):
    _require(session, world)
    nomination = _appraised(session, world, store, titles=ALL_TITLES.rsplit("\n", 1)[0])
    with refused(session, InvalidTransition, r"còn thiếu danh hiệu «Chiến sĩ thi đua cơ sở» năm 2024; sáng kiến, "
                 r"đề tài có phạm vi ảnh hưởng từ cấp tỉnh .* \(hồ sơ của Nguyễn Văn An\)", nomination):
        _open(session, world, nomination)
    assert nomination.state == State.IN_APPRAISAL


def test_public_notice_opens_when_every_requirement_is_met(session, world, store):
    _require(session, world)
    nomination = _appraised(session, world, store, titles=ALL_TITLES, initiatives=INITIATIVE)
    assert all(f.met for f in prerequisites.findings(session, nomination))
    _open(session, world, nomination)
    assert nomination.state == State.IN_PUBLIC_NOTICE


def test_the_council_is_refused_while_unmet_from_notice_and_from_appraisal(session, world, store):
    nomination = _appraised(session, world, store)
    notice = _open(session, world, nomination)           # no requirement yet: the notice opens
    _require(session, world)                              # the administrator adds them before the council
    meeting = factories.new_session(session, world)
    with refused(session, InvalidTransition, "chưa đủ điều kiện xét danh hiệu", nomination):
        council.to_council(session, nomination, meeting, by=world.secretariat, expected_version=nomination.version,
                           today=notice.end_date + timedelta(days=1))
    world.chien_si.disclosure_required = False
    straight = _appraised(session, world, store, name="Trần Thị Bình", initiatives=INITIATIVE)
    with refused(session, InvalidTransition, "năm 2022, 2023, 2024 \\(hồ sơ của Trần Thị Bình\\)", straight):
        council.to_council(session, straight, meeting, by=world.secretariat, expected_version=straight.version,
                           today=factories.TODAY)


def test_titles_in_our_own_register_count_with_their_decision(session, world, store):
    lower = AwardType(code="CSTD-CS", name="Chiến sĩ thi đua cơ sở", certificate_title="CHIẾN SĨ THI ĐUA CƠ SỞ",
                      category=AwardCategory.TITLE, authority=world.authority, collective_allowed=False,
                      disclosure_required=False)
    world.campaign.award_types.append(lower)
    session.flush()
    earlier = factories.awarded(session, world, store, award_type=lower, kind=NomineeKind.INDIVIDUAL,
                                name="Nguyễn Văn An", period_from=date(2024, 1, 1), period_to=date(2024, 12, 31))
    _require(session, world)
    nomination = _appraised(session, world, store, titles=ALL_TITLES.rsplit("\n", 1)[0], initiatives=INITIATIVE)
    assert nomination.nominee_key == earlier.nominee_key
    found = prerequisites.findings(session, nomination)
    assert found[0].met
    from_register = found[0].evidence[-1]
    assert (from_register.year, from_register.source) == (2024, "register")
    assert from_register.decision_no and from_register.decision_date == factories.TODAY
    _open(session, world, nomination)
    assert nomination.state == State.IN_PUBLIC_NOTICE


def test_an_award_type_without_requirements_is_not_checked(session, world, store):
    nomination = _appraised(session, world, store)
    assert prerequisites.findings(session, nomination) == []
    _open(session, world, nomination)
    assert nomination.state == State.IN_PUBLIC_NOTICE


def _data_of(award_type, **overrides):
    names = AwardTypeData.__dataclass_fields__
    return AwardTypeData(**({name: getattr(award_type, name) for name in names} | overrides))


def test_the_administrator_writes_requirements_as_lines_and_the_audit_shows_them(session, world):
    mark = audit_mark(session)
    admin.update_award_type(session, world.chien_si, _data_of(world.chien_si, prerequisite_lines=CSTD_TINH),
                            by=world.admin)
    assert world.chien_si.requirements() == parse_requirements(CSTD_TINH)
    assert one_event_since(session, mark).changes["prerequisites"] == {"old": "", "new": CSTD_TINH}
    assert world.chien_si.prerequisite_lines == CSTD_TINH
    mark = audit_mark(session)
    assert admin.update_award_type(session, world.chien_si, _data_of(world.chien_si), by=world.admin) == {}
    assert audit_mark(session) == mark


def test_a_malformed_requirement_or_one_on_a_form_is_refused_beside_the_field(session, world):
    with pytest.raises(ValidationFailed) as bad_line:
        admin.update_award_type(session, world.chien_si, _data_of(world.chien_si, prerequisite_lines="sáng kiến"),
                                by=world.admin)
    assert bad_line.value.field == "prerequisite_lines" and "Dòng 1" in bad_line.value.message
    with pytest.raises(ValidationFailed) as on_a_form:
        admin.update_award_type(session, world.bang_khen, _data_of(world.bang_khen, prerequisite_lines=CSTD_TINH),
                                by=world.admin)
    assert "chỉ đặt cho danh hiệu thi đua" in on_a_form.value.message


def test_a_resubmissions_diff_shows_the_changed_evidence(session, world, store):
    _require(session, world)
    nomination = _appraised(session, world, store, titles=ALL_TITLES)
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Bổ sung sáng kiến cấp tỉnh.")
    nominations.edit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                     changes={"evidence": parse_evidence(ALL_TITLES, INITIATIVE)})
    nominations.resubmit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    changes = {c.field: c for c in lookups.revision_diff(session, nomination).changes}
    assert list(changes) == ["evidence"]
    assert changes["evidence"].label == "Minh chứng điều kiện xét danh hiệu"
    assert "Sáng kiến: Số hóa hồ sơ một cửa" in changes["evidence"].new
    assert "Sáng kiến" not in changes["evidence"].old


TTLDXS = ("thành viên | hoàn thành nhiệm vụ | 100%\nthành viên | Lao động tiên tiến | 70%\n"
          "thành viên | Chiến sĩ thi đua cơ sở | 1 người")


def test_a_collectives_member_figures_decide_at_their_boundary_and_are_audited(session, world, store):
    world.bang_khen.prerequisites = requirements_to_json(parse_requirements(TTLDXS))
    nomination = factories.in_appraisal(session, world, store, name="Phòng Kinh tế xã Nhà Mát")
    figures = "tổng số thành viên | 30\nhoàn thành nhiệm vụ | 30\nLao động tiên tiến | {}\nChiến sĩ thi đua cơ sở | 2"
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Bổ sung số liệu thành viên.")
    nominations.edit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                     changes={"evidence": parse_evidence("", "", figures.format(20))})
    nominations.resubmit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    assert "Thành viên: 20/30 thành viên «Lao động tiên tiến» (66,7%)" in nomination.revisions[-1].snapshot["evidence"]
    with refused(session, InvalidTransition, r"ít nhất 70% thành viên «Lao động tiên tiến» \(mới có 20/30", nomination):
        _open(session, world, nomination)

    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Số Lao động tiên tiến chưa đủ 70%.")
    mark = audit_mark(session)
    nominations.edit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                     changes={"evidence": parse_evidence("", "", figures.format(21))})
    event = one_event_since(session, mark)
    assert event.changes["evidence"]["new"]["members"]["figures"][1] == {
        "criterion": "Lao động tiên tiến", "count": 21, "document": ""}
    nominations.resubmit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    assert [f.met for f in prerequisites.findings(session, nomination)] == [True, True, True]
    _open(session, world, nomination)
    assert nomination.state == State.IN_PUBLIC_NOTICE
