"""Service tests for workflow.services.admin on a real database session: each function changes its row and
writes exactly one CONFIGURE audit event with old → new; anyone but an administrator is refused and nothing
is written; validation speaks Vietnamese and names its field; deactivation ends sessions; and the
administrator cannot touch workflow records."""
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from tests import factories
from workflow.login import load_user
from workflow.models import AuditEvent, BaseSalary, CalendarDay, Campaign, Indicator, RoleGrant, Target, Unit, User
from workflow.rules.errors import NotAllowed, ValidationFailed
from workflow.rules.permissions import Role
from workflow.services import admin, audit, decisions, nominations, notices
from workflow.services.admin import AwardTypeData, CampaignData, UnitData
from workflow.services.admin.log import LogFilter, events, utc_start_of
from workflow.services.calendar import working_calendar

from .helpers import audit_mark, is_vietnamese, one_event_since, refused

SATURDAY = date(2025, 4, 26)
MONDAY = date(2025, 3, 3)
SUNDAY = date(2025, 3, 9)


def _configure_event(session, mark, by, object_type, object_id) -> AuditEvent:
    event = one_event_since(session, mark)
    assert (event.action, event.role, event.visibility) == ("configure", "admin", "internal")
    assert (event.object_type, event.object_id) == (object_type, object_id)
    assert (event.actor_id, event.actor_name) == (by.id, by.full_name)
    return event


@contextmanager
def _invalid(session, field: str | None, match: str):
    """Refused with ValidationFailed naming `field` (None: the form as a whole); nothing written."""
    with refused(session, ValidationFailed, match):
        try:
            yield
        except ValidationFailed as error:
            assert getattr(error, "field", None) == field, (error.message, getattr(error, "field", None))
            raise


def _unit_data(world, **overrides) -> UnitData:
    return UnitData(**({"code": "BL.VL.MOI", "name": "Xã Vĩnh Lợi Mới", "kind": "commune",
                        "parent": world.district_a} | overrides))


def _award_data(world, **overrides) -> AwardTypeData:
    return AwardTypeData(**({"code": "BK-MOI", "name": "Bằng khen mới", "certificate_title": "BẰNG KHEN",
                             "category": "form", "authority": world.authority,
                             "coefficient_individual": Decimal("1.0"), "coefficient_collective": Decimal("2.0"),
                             "appraisal_checklist": "Có báo cáo thành tích\nCó biên bản bình xét"} | overrides))


def _award_data_of(award_type, **overrides) -> AwardTypeData:
    names = AwardTypeData.__dataclass_fields__
    return AwardTypeData(**({name: getattr(award_type, name) for name in names} | overrides))


def _campaign_data(world, **overrides) -> CampaignData:
    return CampaignData(**({"name": "Thi đua đặc biệt năm 2025", "authority": world.authority,
                            "period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31),
                            "nomination_deadline": date(2025, 11, 30), "description": "Đợt xét khen thưởng.",
                            "award_types": [world.bang_khen]} | overrides))


# --- units ---------------------------------------------------------------------------------------------

def test_create_unit_adds_the_row_and_one_configure_event(session, world):
    mark = audit_mark(session)
    unit = admin.create_unit(session, _unit_data(world, valid_from=date(2020, 1, 1)), by=world.admin)
    session.commit()
    assert session.get(Unit, unit.id).parent is world.district_a
    event = _configure_event(session, mark, world.admin, "unit", unit.id)
    assert event.changes["code"] == {"old": None, "new": "BL.VL.MOI"}
    assert event.changes["parent"] == {"old": None, "new": "VL"}
    assert event.changes["valid_from"] == {"old": None, "new": "2020-01-01"}


def test_ending_a_unit_with_a_successor_records_old_and_new(session, world):
    mark = audit_mark(session)
    changes = admin.update_unit(session, world.district_b, _unit_data(
        world, code="HD", name="Huyện Hồng Dân", kind="district", parent=world.province,
        valid_to=date(2025, 6, 30), successor=world.district_a), by=world.admin)
    session.commit()
    assert set(changes) == {"valid_to", "successor"}
    event = _configure_event(session, mark, world.admin, "unit", world.district_b.id)
    assert event.changes == {"valid_to": {"old": None, "new": "2025-06-30"},
                             "successor": {"old": None, "new": "VL"}}
    assert world.district_b.as_of(date(2025, 7, 1)) is world.district_a


def test_saving_a_unit_unchanged_writes_nothing(session, world):
    mark = audit_mark(session)
    changes = admin.update_unit(session, world.commune, _unit_data(
        world, code="VHA", name="Xã Vĩnh Hưng A", parent=world.district_a, valid_from=world.commune.valid_from),
        by=world.admin)
    assert changes == {} and audit_mark(session) == mark


@pytest.mark.parametrize("overrides, field, match", [
    ({"valid_from": date(2025, 1, 1), "valid_to": date(2024, 12, 31)}, "valid_to", "không được trước"),
    ({"code": " "}, "code", "Cần nhập mã đơn vị"),
    ({"code": "VL"}, "code", "đã được dùng"),
    ({"name": ""}, "name", "Cần nhập tên"),
    ({"kind": "galaxy"}, "kind", "Loại đơn vị không hợp lệ"),
    ({"successor_is": "province"}, "successor", "có ngày kết thúc"),
])
def test_invalid_units_are_refused_beside_their_field(session, world, overrides, field, match):
    if "successor_is" in overrides:
        overrides = {"successor": getattr(world, overrides.pop("successor_is"))}
    with _invalid(session, field, match):
        admin.create_unit(session, _unit_data(world, **overrides), by=world.admin)
    assert session.scalar(select(func.count()).select_from(Unit)) == 4


def test_a_unit_cannot_succeed_itself_nor_sit_under_its_own_child(session, world):
    data = _unit_data(world, code="VL", name="Huyện Vĩnh Lợi", kind="district", parent=world.province,
                      valid_to=date(2025, 6, 30), successor=world.district_a)
    with _invalid(session, "successor", "chính đơn vị này"):
        admin.update_unit(session, world.district_a, data, by=world.admin)
    with _invalid(session, "parent", "cấp dưới"):
        admin.update_unit(session, world.district_a, _unit_data(
            world, code="VL", name="Huyện Vĩnh Lợi", kind="district", parent=world.commune), by=world.admin)
    assert world.district_a.successor is None and world.district_a.parent is world.province


def test_a_succession_loop_is_refused(session, world):
    admin.update_unit(session, world.district_b, _unit_data(
        world, code="HD", name="Huyện Hồng Dân", kind="district", parent=world.province,
        valid_to=date(2025, 6, 30), successor=world.district_a), by=world.admin)
    with _invalid(session, "successor", "vòng tròn"):
        admin.update_unit(session, world.district_a, _unit_data(
            world, code="VL", name="Huyện Vĩnh Lợi", kind="district", parent=world.province,
            valid_to=date(2025, 6, 30), successor=world.district_b), by=world.admin)


# --- who may: only an active administrator ------------------------------------------------------------

CALLS = {
    "create_unit": lambda s, w, by: admin.create_unit(s, _unit_data(w), by=by),
    "update_unit": lambda s, w, by: admin.update_unit(s, w.commune, _unit_data(w, name="Đổi tên"), by=by),
    "create_user": lambda s, w, by: admin.create_user(s, by=by, username="moi", full_name="Mới",
                                                      password=factories.PASSWORD),
    "update_user": lambda s, w, by: admin.update_user(s, w.officer_b, by=by, full_name="X", unit=None),
    "grant_role": lambda s, w, by: admin.grant_role(s, w.officer_b, by=by, role="admin"),
    "revoke_role": lambda s, w, by: admin.revoke_role(s, w.officer_b.grants[0], by=by),
    "deactivate_user": lambda s, w, by: admin.deactivate_user(s, w.officer_b, by=by),
    "reset_password": lambda s, w, by: admin.reset_password(s, w.officer_b, by=by, password="mot-mat-khau-moi"),
    "create_award_type": lambda s, w, by: admin.create_award_type(s, _award_data(w), by=by),
    "update_award_type": lambda s, w, by: admin.update_award_type(
        s, w.bang_khen, _award_data_of(w.bang_khen, threshold_pct=Decimal(50)), by=by),
    "create_campaign": lambda s, w, by: admin.create_campaign(s, _campaign_data(w), by=by),
    "update_campaign": lambda s, w, by: admin.update_campaign(s, w.campaign, _campaign_data(w), by=by),
    "create_indicator": lambda s, w, by: admin.create_indicator(s, w.campaign, by=by, code="X", name="X"),
    "add_calendar_day": lambda s, w, by: admin.add_calendar_day(s, by=by, day=SATURDAY, kind="makeup",
                                                                note="Làm bù"),
    "add_base_salary": lambda s, w, by: admin.add_base_salary(s, by=by, valid_from=date(2026, 7, 1),
                                                              amount=2_530_000),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_anyone_but_an_administrator_is_refused_and_nothing_is_written(session, world, name):
    for by in (world.officer_a, world.secretariat, world.chair, world.members[2]):
        with refused(session, NotAllowed, "quản trị"):
            CALLS[name](session, world, by)
        assert world.officer_b.active and world.officer_b.grants
        assert world.commune.name == "Xã Vĩnh Hưng A" and world.bang_khen.threshold_pct == 70


def test_a_deactivated_administrator_is_refused(session, world):
    world.admin.active = False
    session.commit()
    with refused(session, NotAllowed, "quản trị"):
        admin.create_unit(session, _unit_data(world), by=world.admin)


# --- accounts and roles -------------------------------------------------------------------------------

def test_create_user_is_audited_without_the_password(session, world):
    mark = audit_mark(session)
    user = admin.create_user(session, by=world.admin, username=" Donvi.PhuocLong ", full_name="Lê Thị Hoa",
                             password="mat-khau-du-dai", unit=world.district_b)
    session.commit()
    assert (user.username, user.unit_id, user.grants) == ("donvi.phuoclong", world.district_b.id, [])
    event = _configure_event(session, mark, world.admin, "user_account", user.id)
    assert event.changes == {"username": {"old": None, "new": "donvi.phuoclong"},
                             "full_name": {"old": None, "new": "Lê Thị Hoa"}, "unit": {"old": None, "new": "HD"}}
    assert "mat-khau" not in str(event.changes) and user.password_hash not in str(event.changes)


@pytest.mark.parametrize("username, password, field, match", [
    ("donvi.a", "mat-khau-du-dai", "username", "đã có"),
    ("có dấu", "mat-khau-du-dai", "username", "chữ thường không dấu"),
    ("moi", "ngan", "password", "ít nhất 10 ký tự"),
])
def test_create_user_validation(session, world, username, password, field, match):
    with _invalid(session, field, match):
        admin.create_user(session, by=world.admin, username=username, full_name="Người mới", password=password)


def test_grant_a_scoped_role_and_revoke_it(session, world):
    user = world.officer_b
    mark = audit_mark(session)
    grant = admin.grant_role(session, user, by=world.admin, role="secretariat", authority=world.authority,
                             unit=world.district_a)  # the unit is not this role's scope: ignored
    session.commit()
    assert (grant.role, grant.authority_id, grant.unit_id) == ("secretariat", world.authority.id, None)
    assert user.actor().has(Role.SECRETARIAT, authority_id=world.authority.id)
    event = _configure_event(session, mark, world.admin, "role_grant", grant.id)
    assert event.changes == {"user": {"old": None, "new": "donvi.b"}, "role": {"old": None, "new": "secretariat"},
                             "unit": {"old": None, "new": None},
                             "authority": {"old": None, "new": world.authority.name}}
    mark, grant_id = audit_mark(session), grant.id
    admin.revoke_role(session, grant, by=world.admin)
    session.commit()
    assert session.get(RoleGrant, grant_id) is None and not user.has_role(Role.SECRETARIAT)
    event = _configure_event(session, mark, world.admin, "role_grant", grant_id)
    assert event.changes["role"] == {"old": "secretariat", "new": None}


@pytest.mark.parametrize("role, scope, field, match", [
    ("unit_officer", {}, "unit", "cần chọn đơn vị"),
    ("council_member", {}, "authority", "cấp có thẩm quyền"),
    ("unit_officer", {"unit": "district_b"}, "role", "đã có vai trò"),
    ("pope", {}, "role", "Vai trò không hợp lệ"),
])
def test_grant_role_needs_its_scope_and_no_duplicate(session, world, role, scope, field, match):
    scope = {key: getattr(world, value) for key, value in scope.items()}
    with _invalid(session, field, match):
        admin.grant_role(session, world.officer_b, by=world.admin, role=role, **scope)
    assert len(world.officer_b.grants) == 1


def test_a_unit_officer_cannot_be_granted_an_ended_unit(session, world):
    world.district_b.valid_to = date(2025, 6, 30)
    session.commit()
    with _invalid(session, "unit", "không còn hiệu lực"):
        admin.grant_role(session, world.officer_a, by=world.admin, role="unit_officer", unit=world.district_b,
                         today=date(2025, 7, 1))


def test_an_administrator_cannot_lock_themself_out(session, world):
    with _invalid(session, None, "chính mình"):
        admin.revoke_role(session, world.admin.grants[0], by=world.admin)
    with _invalid(session, None, "chính mình"):
        admin.deactivate_user(session, world.admin, by=world.admin)
    assert world.admin.active and world.admin.has_role(Role.ADMIN)


def test_deactivation_ends_every_session_and_reactivation_opens_the_door_again(session, world, app):
    user = world.officer_a
    cookie_value = user.get_id()
    assert load_user(cookie_value) is user
    mark = audit_mark(session)
    admin.deactivate_user(session, user, by=world.admin)
    session.commit()
    assert not user.active and user.get_id() != cookie_value
    assert load_user(cookie_value) is None  # the old cookie no longer signs anyone in
    event = _configure_event(session, mark, world.admin, "user_account", user.id)
    assert event.changes == {"active": {"old": True, "new": False}}
    with _invalid(session, None, "đã bị khóa"):
        admin.deactivate_user(session, user, by=world.admin)
    mark = audit_mark(session)
    admin.reactivate_user(session, user, by=world.admin)
    session.commit()
    assert user.active and load_user(user.get_id()) is user and load_user(cookie_value) is None
    assert _configure_event(session, mark, world.admin, "user_account", user.id).changes == {
        "active": {"old": False, "new": True}}


def test_reset_password_changes_the_hash_ends_sessions_and_hides_the_secret(session, world):
    user = world.officer_a
    old_hash, old_token = user.password_hash, user.session_token
    mark = audit_mark(session)
    admin.reset_password(session, user, by=world.admin, password="mat-khau-moi-2025")
    session.commit()
    assert check_password_hash(user.password_hash, "mat-khau-moi-2025") and user.session_token != old_token
    event = _configure_event(session, mark, world.admin, "user_account", user.id)
    assert event.changes == {"password": {"old": "***", "new": "***"}}
    assert old_hash not in str(event.record()) and user.password_hash not in str(event.record())
    with _invalid(session, "password", "ít nhất"):
        admin.reset_password(session, user, by=world.admin, password="ngan")


def test_update_user_records_only_what_changed(session, world):
    mark = audit_mark(session)
    changes = admin.update_user(session, world.officer_b, by=world.admin, full_name="Trần Văn Bình",
                                unit=world.district_b)
    session.commit()
    assert world.officer_b.full_name == "Trần Văn Bình"
    assert _configure_event(session, mark, world.admin, "user_account", world.officer_b.id).changes == {
        "full_name": {"old": "Donvi.B", "new": "Trần Văn Bình"}}
    assert list(changes) == ["full_name"]


# --- award types --------------------------------------------------------------------------------------

def test_create_award_type_with_all_its_rules(session, world):
    mark = audit_mark(session)
    award_type = admin.create_award_type(session, _award_data(
        world, household_allowed=True, quorum_num=3, quorum_den=4, threshold_pct=Decimal("66.67"),
        denominator="present", ballot="open", disclosure_required=False, notice_working_days=5,
        coefficient_household=Decimal("1.5"), certificate_layout="giay_khen", effective_to=date(2026, 12, 31)),
        by=world.admin)
    session.commit()
    rule = award_type.council_rule()
    assert (rule.quorum_num, rule.quorum_den, rule.threshold_pct, rule.denominator, rule.ballot) == (
        3, 4, Decimal("66.67"), "present", "open")
    assert award_type.checklist_items() == ["Có báo cáo thành tích", "Có biên bản bình xét"]
    event = _configure_event(session, mark, world.admin, "award_type", award_type.id)
    assert event.changes["threshold_pct"] == {"old": None, "new": "66.67"}
    assert event.changes["authority"] == {"old": None, "new": world.authority.name}
    assert len(event.changes) == len(AwardTypeData.__dataclass_fields__)


def test_editing_a_threshold_records_old_and_new_and_the_tally_uses_it(session, world):
    mark = audit_mark(session)
    changes = admin.update_award_type(session, world.bang_khen,
                                      _award_data_of(world.bang_khen, threshold_pct=Decimal(75)), by=world.admin)
    session.commit()
    assert list(changes) == ["threshold_pct"]
    event = _configure_event(session, mark, world.admin, "award_type", world.bang_khen.id)
    assert Decimal(event.changes["threshold_pct"]["old"]) == 70 and event.changes["threshold_pct"]["new"] == "75"
    assert world.bang_khen.council_rule().threshold_pct == 75


@pytest.mark.parametrize("overrides, field, match", [
    ({"individual_allowed": False, "collective_allowed": False}, "individual_allowed", "ít nhất một đối tượng"),
    ({"quorum_num": 4, "quorum_den": 3}, "quorum_num", "tử số lớn hơn mẫu số"),
    ({"quorum_den": 0}, "quorum_den", "số nguyên dương"),
    ({"quorum_num": 10**30, "quorum_den": 10**30}, "quorum_den", "tối đa 1000"),
    ({"threshold_pct": Decimal(0)}, "threshold_pct", "lớn hơn 0"),
    ({"threshold_pct": Decimal("100.5")}, "threshold_pct", "không quá 100"),
    ({"threshold_pct": Decimal("70.125")}, "threshold_pct", "hai chữ số thập phân"),
    ({"notice_working_days": -1}, "notice_working_days", "từ 0 đến"),
    ({"notice_working_days": 0}, "notice_working_days", "ít nhất 1 ngày"),
    ({"coefficient_collective": Decimal(-1)}, "coefficient_collective", "từ 0"),
    ({"coefficient_household": Decimal(10000)}, "coefficient_household", "từ 0"),
    ({"effective_to": date(2023, 12, 31)}, "effective_to", "không được trước"),
    ({"certificate_layout": "../../etc"}, "certificate_layout", "Mẫu bằng"),
    ({"denominator": "some"}, "denominator", "không hợp lệ"),
    ({"ballot": "raised_hands"}, "ballot", "không hợp lệ"),
    ({"category": "medal"}, "category", "không hợp lệ"),
    ({"authority": None}, "authority", "cấp có thẩm quyền"),
    ({"code": "BK"}, "code", "đã được dùng"),
    ({"certificate_title": ""}, "certificate_title", "tiêu đề"),
    ({"name": "x" * 201}, "name", "Tối đa 200 ký tự"),
])
def test_award_type_rules_the_database_would_refuse_are_refused_first(session, world, overrides, field, match):
    with _invalid(session, field, match):
        admin.create_award_type(session, _award_data(world, **overrides), by=world.admin)


def test_certificate_layouts_are_the_ones_the_certificates_package_draws():
    from certificates import LAYOUTS
    assert tuple(admin.CERTIFICATE_LAYOUTS) == tuple(LAYOUTS)


# --- campaigns, indicators, targets -------------------------------------------------------------------

def test_create_and_update_a_campaign_with_its_allowed_award_types(session, world):
    mark = audit_mark(session)
    campaign = admin.create_campaign(session, _campaign_data(world, is_public=False), by=world.admin)
    session.commit()
    assert (campaign.award_types, campaign.is_public) == ([world.bang_khen], False)
    assert _configure_event(session, mark, world.admin, "campaign", campaign.id).changes["award_types"] == {
        "old": None, "new": ["BK"]}
    mark = audit_mark(session)
    admin.update_campaign(session, campaign, _campaign_data(
        world, is_public=False, award_types=[world.giay_khen, world.bang_khen]), by=world.admin)
    session.commit()
    assert {t.code for t in session.get(Campaign, campaign.id).award_types} == {"BK", "GK"}
    assert _configure_event(session, mark, world.admin, "campaign", campaign.id).changes == {
        "award_types": {"old": ["BK"], "new": ["BK", "GK"]}}


@pytest.mark.parametrize("overrides, field, match", [
    ({"period_end": date(2024, 12, 31)}, "period_end", "không được trước ngày bắt đầu"),
    ({"nomination_deadline": date(2024, 6, 1)}, "nomination_deadline", "Hạn nộp"),
    ({"award_types": []}, "award_types", "ít nhất một hình thức"),
    ({"name": "  "}, "name", "Cần nhập tên"),
    ({"authority": None}, "authority", "cấp có thẩm quyền"),
])
def test_invalid_campaigns_are_refused(session, world, overrides, field, match):
    with _invalid(session, field, match):
        admin.create_campaign(session, _campaign_data(world, **overrides), by=world.admin)


def test_indicators_and_targets(session, world):
    mark = audit_mark(session)
    indicator = admin.create_indicator(session, world.campaign, by=world.admin, code="XA_NTM_NANG_CAO",
                                       name="Xã đạt chuẩn nông thôn mới nâng cao")
    _configure_event(session, mark, world.admin, "indicator", indicator.id)
    with _invalid(session, "code", "đã có chỉ tiêu"):
        admin.create_indicator(session, world.campaign, by=world.admin, code="XA_NTM_NANG_CAO", name="Trùng")
    mark = audit_mark(session)
    target = admin.set_target(session, indicator, by=world.admin, unit=world.district_a, value=6,
                              comparator="exactly")
    assert _configure_event(session, mark, world.admin, "target", target.id).changes["value"] == {
        "old": None, "new": 6}
    mark = audit_mark(session)
    again = admin.set_target(session, indicator, by=world.admin, unit=world.district_a, value=1,
                             comparator="at_least")
    session.commit()
    assert again is target and (target.value, target.comparator) == (1, "at_least")
    assert _configure_event(session, mark, world.admin, "target", target.id).changes == {
        "value": {"old": 6, "new": 1}, "comparator": {"old": "exactly", "new": "at_least"}}
    with _invalid(session, "value", "số nguyên từ 0"):
        admin.set_target(session, indicator, by=world.admin, unit=world.district_b, value=-1, comparator="exactly")
    mark, target_id = audit_mark(session), target.id
    admin.remove_target(session, target, by=world.admin)
    session.commit()
    assert session.get(Target, target_id) is None and session.get(Indicator, indicator.id).targets == []
    assert _configure_event(session, mark, world.admin, "target", target_id).changes["unit"] == {
        "old": "VL", "new": None}


# --- calendar and base salary -------------------------------------------------------------------------

def test_a_make_up_working_day_counts_as_a_working_day(session, world):
    assert not working_calendar(session).is_working_day(SATURDAY)
    mark = audit_mark(session)
    row = admin.add_calendar_day(session, by=world.admin, day=SATURDAY, kind="makeup",
                                 note="Làm bù cho ngày nghỉ thứ Sáu 02/05/2025")
    session.commit()
    assert working_calendar(session).is_working_day(SATURDAY)
    assert _configure_event(session, mark, world.admin, "calendar_day", row.id).changes["day"] == {
        "old": None, "new": "2025-04-26"}
    mark, row_id = audit_mark(session), row.id
    admin.remove_calendar_day(session, row, by=world.admin)
    session.commit()
    assert session.get(CalendarDay, row_id) is None and not working_calendar(session).is_working_day(SATURDAY)
    assert _configure_event(session, mark, world.admin, "calendar_day", row_id).changes["kind"] == {
        "old": "makeup", "new": None}


@pytest.mark.parametrize("day, kind, note, field, match", [
    (MONDAY, "makeup", "Làm bù", "day", "vốn là ngày làm việc"),
    (SUNDAY, "day_off", "Nghỉ thêm", "day", "vốn đã là ngày nghỉ"),
    (date(2025, 9, 2), "day_off", "Quốc khánh", "day", "vốn đã là ngày nghỉ"),
    (MONDAY, "day_off", "", "note", "Cần ghi chú"),
    (None, "day_off", "Nghỉ", "day", "Cần nhập ngày"),
    (MONDAY, "holiday", "Nghỉ", "kind", "không hợp lệ"),
])
def test_calendar_days_that_change_nothing_or_lack_a_note_are_refused(session, world, day, kind, note, field,
                                                                        match):
    with _invalid(session, field, match):
        admin.add_calendar_day(session, by=world.admin, day=day, kind=kind, note=note)


def test_the_same_calendar_day_cannot_be_entered_twice(session, world):
    admin.add_calendar_day(session, by=world.admin, day=MONDAY, kind="day_off", note="Nghỉ bù")
    with _invalid(session, "day", "đã có trong lịch"):
        admin.add_calendar_day(session, by=world.admin, day=MONDAY, kind="day_off", note="Lần nữa")


def test_add_base_salary_row(session, world):
    mark = audit_mark(session)
    row = admin.add_base_salary(session, by=world.admin, valid_from=date(2026, 7, 1), amount=2_530_000,
                                legal_basis="Nghị định số 999/2026/NĐ-CP")
    session.commit()
    assert session.scalar(select(BaseSalary.amount).where(BaseSalary.valid_from == date(2026, 7, 1))) == 2_530_000
    assert _configure_event(session, mark, world.admin, "base_salary", row.id).changes["amount"] == {
        "old": None, "new": 2_530_000}


@pytest.mark.parametrize("valid_from, amount, field, match", [
    (date(2024, 7, 1), 2_500_000, "valid_from", "Đã có mức lương cơ sở"),
    (date(2026, 7, 1), 0, "amount", "lớn hơn 0"),
    (date(2026, 7, 1), -5, "amount", "lớn hơn 0"),
    (None, 2_500_000, "valid_from", "ngày áp dụng"),
])
def test_invalid_base_salary_rows_are_refused(session, world, valid_from, amount, field, match):
    with _invalid(session, field, match):
        admin.add_base_salary(session, by=world.admin, valid_from=valid_from, amount=amount)


# --- the administrator cannot alter workflow records --------------------------------------------------

def test_workflow_services_refuse_the_administrator(session, world, store):
    nomination = factories.submitted(session, world, store)
    with refused(session, NotAllowed, "không có quyền", nomination):
        nominations.accept(session, nomination, by=world.admin, expected_version=nomination.version)
    with refused(session, NotAllowed, "không có quyền", nomination):
        nominations.return_(session, nomination, by=world.admin, expected_version=nomination.version,
                            reason="Bổ sung hồ sơ")
    with refused(session, NotAllowed, "không có quyền", nomination):
        nominations.withdraw(session, nomination, by=world.admin, expected_version=nomination.version)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    with refused(session, NotAllowed, "không có quyền", nomination):
        notices.open_notice(session, [nomination], by=world.admin, title="Lấy ý kiến",
                            expected_versions={nomination.id: nomination.version}, today=factories.TODAY)


def test_the_administrator_cannot_issue_a_decision(session, world, store):
    nomination = factories.endorsed(session, world, store)
    with refused(session, NotAllowed, "không có quyền", nomination):
        decisions.decide(session, [nomination], by=world.admin, signer=world.signer, decision_date=factories.TODAY,
                         expected_versions={nomination.id: nomination.version})


def test_the_admin_services_offer_nothing_that_touches_workflow_records():
    import inspect

    import workflow.services.admin as package
    workflow_models = ("Nomination", "PublicNotice", "PublicComment", "CouncilSession", "Decision", "Certificate",
                       "AuditEvent")
    for module in (package.accounts, package.award_types, package.campaigns, package.tables, package.units,
                   package.common):
        source = inspect.getsource(module)
        assert not any(name in source for name in workflow_models), module.__name__


# --- the trail stays whole; the log viewer's filter -----------------------------------------------------

def test_admin_changes_keep_the_hash_chain_whole(session, world):
    admin.create_unit(session, _unit_data(world), by=world.admin)
    admin.add_base_salary(session, by=world.admin, valid_from=date(2026, 7, 1), amount=2_530_000)
    session.commit()
    assert audit.verify(session).ok


def test_log_filter_by_action_actor_type_and_local_dates(session, world, store):
    factories.submitted(session, world, store)
    unit = admin.create_unit(session, _unit_data(world), by=world.admin)
    session.commit()
    only_admin = session.scalars(events(LogFilter(actor="QUANTRI"))).all()
    assert [(e.action, e.object_type) for e in only_admin] == [("configure", "unit")]
    assert [e.object_id for e in session.scalars(events(LogFilter(object_type="unit", action="configure")))] == [
        unit.id]
    submits = session.scalars(events(LogFilter(action="submit", visibility="public"))).all()
    assert len(submits) == 1 and submits[0].actor_id == world.officer_a.id
    newest = session.scalars(events(LogFilter())).all()
    assert [e.seq for e in newest] == sorted((e.seq for e in newest), reverse=True)
    today = newest[0].occurred_at.replace(tzinfo=None)
    local_today = (today + timedelta(hours=7)).date()
    assert len(session.scalars(events(LogFilter(date_from=local_today, date_to=local_today))).all()) == len(newest)
    assert session.scalars(events(LogFilter(date_to=local_today - timedelta(days=1)))).all() == []
    assert utc_start_of(date(2025, 3, 3)) == datetime(2025, 3, 2, 17, 0)


def test_every_refusal_message_is_vietnamese(session, world):
    for call in CALLS.values():
        with pytest.raises(NotAllowed) as info:
            call(session, world, world.officer_a)
        assert is_vietnamese(info.value.message)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(User)) == 12
