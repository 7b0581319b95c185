"""The administrator's area through the test client, CSRF on: each step asserts the page and the database.
Units with end dates and successors, accounts and roles, award-type rules, campaigns, the calendar, the base
salary table, the audit log viewer and its CSV export; everyone else gets 403."""
import csv
import io
import re
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from tests import factories
from workflow.models import (
    AuditEvent,
    AwardType,
    BaseSalary,
    CalendarDay,
    Campaign,
    Indicator,
    RoleGrant,
    Target,
    Unit,
    User,
)
from workflow.rules.permissions import Grant, Role
from workflow.services import admin as admin_services
from workflow.services import users

ADMIN_PAGES = ("/admin/", "/admin/units", "/admin/units/new", "/admin/users", "/admin/users/new",
               "/admin/award-types", "/admin/award-types/new", "/admin/campaigns", "/admin/campaigns/new",
               "/admin/calendar", "/admin/base-salary", "/admin/audit", "/admin/audit.csv")


def text(response) -> str:
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    return body


def error_beside(page: str, field_id: str) -> str:
    """The error paragraph rendered right after the field `field_id` (see macros/forms.html)."""
    match = re.search(rf'<p id="{re.escape(field_id)}-err" class="error-text">([^<]*)</p>', page)
    assert match, f"no error beside {field_id}"
    return match.group(1)


def configure_events(session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "configure"))


@pytest.fixture
def admin(world, signed_in):
    return signed_in(world.admin)


# --- who may enter --------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["officer_a", "secretariat", "chair", "member"])
def test_other_staff_get_403_on_every_admin_page(app, world, signed_in, who):
    user = world.members[0] if who == "member" else getattr(world, who)
    browser = signed_in(user)
    ids = {"unit_id": world.commune.id, "user_id": world.officer_b.id, "grant_id": world.officer_b.grants[0].id,
           "award_type_id": world.bang_khen.id, "campaign_id": world.campaign.id, "indicator_id": 1,
           "target_id": 1, "day_id": 1, "authority_id": world.authority.id, "signer_id": world.signer.id,
           "client_id": 1}
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("admin.") and "GET" in r.methods]
    assert len(rules) >= 20
    for rule in rules:
        url = rule.rule
        for name, value in ids.items():
            url = url.replace(f"<int:{name}>", str(value))
        response = browser.get(url)
        assert response.status_code == 403, url
        assert "Không có quyền truy cập" in text(response)


def test_other_staff_cannot_post_to_admin_forms(app, world, signed_in, session):
    officer = signed_in(world.officer_a)
    before = configure_events(session)
    response = officer.post("/admin/units/new", {"code": "X", "name": "Xã X", "kind": "commune"},
                            from_page="/dashboard")
    assert response.status_code == 403
    response = officer.post(f"/admin/users/{world.officer_a.id}/roles", {"role": "admin"}, from_page="/dashboard")
    assert response.status_code == 403
    assert not world.officer_a.has_role(Role.ADMIN) and configure_events(session) == before
    assert session.scalar(select(Unit).where(Unit.code == "X")) is None


def test_the_overview_has_counts_and_links(app, world, admin):
    page = text(admin.get("/admin/"))
    assert page.count("<h1>") == 1 and "Quản trị hệ thống" in page
    for link in ADMIN_PAGES[1:]:
        if link.endswith("/new"):
            continue
        assert f'href="{link}"' in page, link
    assert "2.340.000 đ" in page  # the base salary in force (world: from 01/07/2024)


# --- units ----------------------------------------------------------------------------------------------

def test_create_a_unit_with_an_end_date_and_a_successor_and_see_it_listed(app, world, admin, session):
    response = admin.post("/admin/units/new", {
        "code": "HD.NQA", "name": "Xã Ninh Quới A", "kind": "commune", "parent": str(world.district_b.id),
        "valid_from": "2004-01-01", "valid_to": "2025-06-30", "successor": str(world.commune.id)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/units")
    unit = session.scalar(select(Unit).where(Unit.code == "HD.NQA"))
    assert (unit.valid_to, unit.successor, unit.parent) == (date(2025, 6, 30), world.commune, world.district_b)
    event = session.scalar(select(AuditEvent).where(AuditEvent.object_type == "unit",
                                                    AuditEvent.object_id == unit.id))
    assert event.action == "configure" and event.changes["successor"] == {"old": None, "new": "VHA"}
    page = text(admin.get("/admin/units?status=ended"))
    row = re.search(r"<tr>\s*<td>HD\.NQA</td>.*?</tr>", page, re.DOTALL).group(0)
    assert "Xã Ninh Quới A" in row and "30/06/2025" in row and "Đã kết thúc" in row and "Xã Vĩnh Hưng A" in row
    still_valid = text(admin.get("/admin/units?status=valid"))
    assert "HD.NQA" not in still_valid and "VHA" in still_valid


def test_an_end_date_before_the_start_is_shown_beside_the_field_and_nothing_is_saved(app, world, admin, session):
    before = configure_events(session)
    response = admin.post("/admin/units/new", {"code": "X1", "name": "Xã Một", "kind": "commune",
                                               "valid_from": "2025-01-01", "valid_to": "2024-12-31"})
    page = text(response)
    assert response.status_code == 200
    assert error_beside(page, "valid_to") == "Ngày kết thúc không được trước ngày bắt đầu hiệu lực."
    assert 'value="X1"' in page  # what was typed stays
    assert session.scalar(select(Unit).where(Unit.code == "X1")) is None and configure_events(session) == before


def test_editing_a_unit_to_succeed_itself_is_refused_beside_the_field(app, world, admin, session):
    url = f"/admin/units/{world.district_b.id}/edit"
    form = text(admin.get(url))
    assert f'<option value="{world.district_b.id}"' not in form.split('name="successor"')[1].split("</select>")[0]
    response = admin.post(url, {"code": "HD", "name": "Huyện Hồng Dân", "kind": "district",
                                "parent": str(world.province.id), "valid_to": "2025-06-30", "successor": ""})
    assert response.status_code == 302
    session.expire_all()
    assert world.district_b.valid_to == date(2025, 6, 30)
    response = admin.post(url, {"code": "HD", "name": "Huyện Hồng Dân", "kind": "district",
                                "parent": str(world.district_b.id)})
    assert "Lựa chọn không hợp lệ." in error_beside(text(response), "parent")


def test_dates_typed_day_first_are_understood_and_nonsense_is_explained(app, world, admin, session):
    response = admin.post("/admin/units/new", {"code": "X2", "name": "Xã Hai", "kind": "commune",
                                               "valid_from": "31/02/2025"})
    assert error_beside(text(response), "valid_from").startswith("Ngày không hợp lệ")
    response = admin.post("/admin/units/new", {"code": "X2", "name": "Xã Hai", "kind": "commune",
                                               "valid_from": "01/02/2025"})
    assert response.status_code == 302
    assert session.scalar(select(Unit.valid_from).where(Unit.code == "X2")) == date(2025, 2, 1)


# --- users and roles ------------------------------------------------------------------------------------

def test_create_an_account_then_grant_a_scoped_role(app, world, admin, session):
    response = admin.post("/admin/users/new", {"username": "donvi.hongdan2", "full_name": "Lê Văn Hậu",
                                               "password": "mat-khau-ban-dau", "unit": str(world.district_b.id)})
    user = session.scalar(select(User).where(User.username == "donvi.hongdan2"))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/admin/users/{user.id}")
    page = text(admin.get(f"/admin/users/{user.id}"))
    assert "Tài khoản chưa có vai trò nào" in page
    url = f"/admin/users/{user.id}/roles"
    response = admin.post(url, {"role": "unit_officer", "unit": "", "authority": ""},
                          from_page=f"/admin/users/{user.id}")
    assert error_beside(text(response), "grant-unit") == "Vai trò cán bộ thi đua đơn vị cần chọn đơn vị."
    assert user.grants == []
    response = admin.post(url, {"role": "unit_officer", "unit": str(world.district_b.id), "authority": ""},
                          from_page=f"/admin/users/{user.id}")
    assert response.status_code == 302
    session.expire_all()
    assert [(g.role, g.unit_id) for g in user.grants] == [("unit_officer", world.district_b.id)]
    page = text(admin.get(f"/admin/users/{user.id}"))
    assert "Đã cấp vai trò." in page and "Cán bộ thi đua đơn vị" in page and "Huyện Hồng Dân" in page
    officer = signed_in_as(app, "donvi.hongdan2", "mat-khau-ban-dau")
    assert officer.get("/unit/").status_code == 200


def signed_in_as(app, username: str, password: str):
    from tests.web.conftest import Browser
    browser = Browser(app.test_client())
    browser.login(username, password)
    return browser


def test_revoke_a_role_after_confirmation(app, world, admin, session):
    grant_id = world.officer_b.grants[0].id
    url = f"/admin/roles/{grant_id}/revoke"
    page = text(admin.get(url))
    assert "Thu hồi vai trò?" in page and "donvi.b" in page and "Huyện Hồng Dân" in page
    session.expire_all()
    assert session.get(RoleGrant, grant_id) is not None  # the GET changed nothing
    response = admin.post(url, {})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(RoleGrant, grant_id) is None and not world.officer_b.has_role(Role.UNIT_OFFICER)
    assert "Đã thu hồi vai trò." in text(admin.get(f"/admin/users/{world.officer_b.id}"))


def test_deactivating_asks_first_then_ends_the_persons_session(app, world, admin, signed_in, session):
    officer = signed_in(world.officer_a)
    assert officer.get("/unit/").status_code == 200
    url = f"/admin/users/{world.officer_a.id}/deactivate"
    page = text(admin.get(url))
    assert "Khóa tài khoản «donvi.a»?" in page and "đăng xuất khỏi mọi thiết bị" in page
    session.expire_all()
    assert world.officer_a.active  # asking changed nothing
    response = admin.post(url, {})
    assert response.status_code == 302
    session.expire_all()
    assert not world.officer_a.active
    after = officer.get("/unit/")
    assert after.status_code == 302 and "/login" in after.headers["Location"]
    page = text(admin.get(f"/admin/users/{world.officer_a.id}"))
    assert "Đã khóa" in page and "Mở khóa tài khoản" in page
    response = admin.post(f"/admin/users/{world.officer_a.id}/reactivate", {},
                          from_page=f"/admin/users/{world.officer_a.id}")
    assert response.status_code == 302
    session.expire_all()
    assert world.officer_a.active


def test_an_administrator_cannot_lock_themself_out_and_gets_a_friendly_page(app, world, admin, session):
    response = admin.post(f"/admin/users/{world.admin.id}/deactivate", {})
    assert response.status_code == 400
    assert "Bạn không thể tự khóa tài khoản của chính mình." in text(response)
    session.expire_all()
    assert world.admin.active


def test_reset_password_with_a_short_one_is_explained(app, world, admin, session):
    url = f"/admin/users/{world.officer_a.id}"
    old_hash = world.officer_a.password_hash
    response = admin.post(f"{url}/password", {"password": "ngan"}, from_page=url)
    assert error_beside(text(response), "password") == "Mật khẩu cần ít nhất 10 ký tự."
    response = admin.post(f"{url}/password", {"password": "mat-khau-moi-2025"}, from_page=url)
    assert response.status_code == 302
    session.expire_all()
    assert world.officer_a.password_hash != old_hash
    signed_in_as(app, "donvi.a", "mat-khau-moi-2025")


def test_the_users_list_filters_by_role(app, world, admin):
    page = text(admin.get("/admin/users?role=secretariat"))
    assert ">thuky</a>" in page and ">donvi.a</a>" not in page
    page = text(admin.get("/admin/users?status=locked"))
    assert "Không có tài khoản nào khớp bộ lọc" in page


# --- award types ----------------------------------------------------------------------------------------

def award_type_form(award_type, **overrides) -> dict:
    values = {
        "code": award_type.code, "name": award_type.name, "certificate_title": award_type.certificate_title,
        "category": award_type.category, "authority": str(award_type.authority_id),
        "quorum_num": str(award_type.quorum_num), "quorum_den": str(award_type.quorum_den),
        "threshold_pct": str(award_type.threshold_pct), "denominator": award_type.denominator,
        "ballot": award_type.ballot, "notice_working_days": str(award_type.notice_working_days),
        "processing_working_days": str(award_type.processing_working_days),
        "coefficient_individual": str(award_type.coefficient_individual),
        "coefficient_collective": str(award_type.coefficient_collective), "coefficient_household": "",
        "certificate_layout": award_type.certificate_layout, "successor": "",
        "appraisal_checklist": award_type.appraisal_checklist, "effective_from": "2024-01-01", "effective_to": ""}
    for name in ("individual_allowed", "collective_allowed", "household_allowed", "disclosure_required"):
        if getattr(award_type, name):
            values[name] = "y"
    return values | overrides


def test_edit_an_award_types_threshold(app, world, admin, session):
    url = f"/admin/award-types/{world.bang_khen.id}/edit"
    page = text(admin.get(url))
    assert 'name="threshold_pct"' in page and "Quy tắc Hội đồng Thi đua – Khen thưởng" in page
    response = admin.post(url, award_type_form(world.bang_khen, threshold_pct="120"))
    assert error_beside(text(response), "threshold_pct") == "Ngưỡng đồng ý phải lớn hơn 0 % và không quá 100 %."
    response = admin.post(url, award_type_form(world.bang_khen, threshold_pct="66,67"))
    assert response.status_code == 302
    session.expire_all()
    assert world.bang_khen.threshold_pct == Decimal("66.67")
    event = session.scalars(select(AuditEvent).where(AuditEvent.object_type == "award_type")).one()
    assert list(event.changes) == ["threshold_pct"] and event.changes["threshold_pct"]["new"] == "66.67"
    assert "đồng ý ≥ 66,67 %" in text(admin.get("/admin/award-types"))


def test_award_type_form_refuses_no_subject_and_unchecked_disclosure_with_zero_days(app, world, admin, session):
    url = f"/admin/award-types/{world.chien_si.id}/edit"
    data = award_type_form(world.chien_si)
    data.pop("individual_allowed")
    page = text(admin.post(url, data))
    assert "ít nhất một đối tượng" in error_beside(page, "individual_allowed")
    page = text(admin.post(url, award_type_form(world.chien_si, notice_working_days="0")))
    assert "ít nhất 1 ngày làm việc" in error_beside(page, "notice_working_days")
    page = text(admin.post(url, award_type_form(world.chien_si, quorum_num="abc")))
    assert error_beside(page, "quorum_num") == "Cần nhập một số nguyên."
    session.expire_all()
    assert world.chien_si.individual_allowed and world.chien_si.notice_working_days == 10


def test_create_an_award_type(app, world, admin, session):
    data = award_type_form(world.giay_khen, code="GK-XA", name="Giấy khen của Chủ tịch UBND xã",
                           coefficient_household="0,15")
    response = admin.post("/admin/award-types/new", data)
    assert response.status_code == 302
    created = session.scalar(select(AwardType).where(AwardType.code == "GK-XA"))
    assert created.coefficient_household == Decimal("0.15") and not created.disclosure_required
    assert "Giấy khen của Chủ tịch UBND xã" in text(admin.get("/admin/award-types"))


# --- campaigns, indicators and targets ---------------------------------------------------------------------

def test_create_a_campaign_with_allowed_award_types_an_indicator_and_a_target(app, world, admin, session):
    response = admin.post("/admin/campaigns/new", {
        "name": "Thi đua chuyển đổi số 2025", "description": "Phong trào mới.", "authority": str(world.authority.id),
        "period_start": "2025-01-01", "period_end": "2025-12-31", "nomination_deadline": "2025-11-15",
        "is_public": "y", "award_types": [str(world.bang_khen.id), str(world.giay_khen.id)]})
    campaign = session.scalar(select(Campaign).where(Campaign.name == "Thi đua chuyển đổi số 2025"))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/admin/campaigns/{campaign.id}")
    assert {t.code for t in campaign.award_types} == {"BK", "GK"}
    page = text(admin.get(f"/admin/campaigns/{campaign.id}"))
    assert "Phong trào chưa có chỉ tiêu nào" in page and "Giấy khen" in page
    response = admin.post(f"/admin/campaigns/{campaign.id}", {"code": "XA_SO", "name": "Xã chuyển đổi số",
                                                              "measure_unit": "xã"})
    indicator = session.scalar(select(Indicator).where(Indicator.code == "XA_SO"))
    assert response.status_code == 302 and indicator.campaign_id == campaign.id
    url = f"/admin/indicators/{indicator.id}"
    response = admin.post(url, {"unit": str(world.district_a.id), "comparator": "at_least", "value": "2"})
    assert response.status_code == 302
    page = text(admin.get(url))
    assert "Huyện Vĩnh Lợi" in page and "Ít nhất 2 xã" in page
    target = session.scalar(select(Target).where(Target.indicator_id == indicator.id))
    assert (target.value, target.comparator) == (2, "at_least")
    response = admin.post(url, {"unit": str(world.district_a.id), "comparator": "exactly", "value": "-3"})
    assert error_beside(text(response), "value").startswith("Giá trị chỉ tiêu phải là số nguyên từ 0")


def test_a_campaign_without_award_types_is_refused_beside_the_checkboxes(app, world, admin, session):
    response = admin.post(f"/admin/campaigns/{world.campaign.id}/edit", {
        "name": world.campaign.name, "authority": str(world.authority.id), "period_start": "2021-01-01",
        "period_end": "2025-12-31"})
    page = text(response)
    assert "Cần chọn ít nhất một hình thức khen thưởng được xét trong đợt." in page
    assert '<fieldset class="choice-group has-error"' in page
    session.expire_all()
    assert len(world.campaign.award_types) == 3


# --- calendar and base salary --------------------------------------------------------------------------

def test_add_a_make_up_working_day_and_see_it_listed(app, world, admin, session):
    response = admin.post("/admin/calendar", {"day": "2025-04-26", "kind": "makeup",
                                              "note": "Làm bù cho ngày nghỉ thứ Sáu 02/05/2025"})
    assert response.status_code == 302
    row = session.scalar(select(CalendarDay))
    assert (row.day, row.kind) == (date(2025, 4, 26), "makeup")
    page = text(admin.get("/admin/calendar"))
    assert "26/04/2025" in page and "Ngày làm việc bù" in page and "Làm bù cho ngày nghỉ thứ Sáu 02/05/2025" in page
    response = admin.post("/admin/calendar", {"day": "2025-03-03", "kind": "makeup", "note": "Nhầm"})
    assert "vốn là ngày làm việc" in error_beside(text(response), "day")
    assert session.scalar(select(func.count()).select_from(CalendarDay)) == 1
    remove = f"/admin/calendar/{row.id}/remove"
    assert "Xóa ngày 26/04/2025 khỏi lịch?" in text(admin.get(remove))
    assert admin.post(remove, {}).status_code == 302
    assert session.scalar(select(func.count()).select_from(CalendarDay)) == 0


def test_add_a_base_salary_row_after_confirming(app, world, admin, session):
    response = admin.post("/admin/base-salary", {"valid_from": "2026-07-01", "amount": "2.530.000",
                                                 "legal_basis": "Nghị định số 999/2026/NĐ-CP"})
    page = text(response)
    assert response.status_code == 200 and "Thêm mức lương cơ sở?" in page and "2.530.000 đ" in page
    assert "không sửa, không xóa được" in page
    assert session.scalar(select(BaseSalary).where(BaseSalary.valid_from == date(2026, 7, 1))) is None
    response = admin.client.post("/admin/base-salary", data={
        "csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1),
        "valid_from": "2026-07-01", "amount": "2530000", "legal_basis": "Nghị định số 999/2026/NĐ-CP",
        "confirmed": "yes"})
    assert response.status_code == 302
    row = session.scalar(select(BaseSalary).where(BaseSalary.valid_from == date(2026, 7, 1)))
    assert row.amount == 2_530_000
    assert "2.530.000 đ" in text(admin.get("/admin/base-salary"))


def test_a_duplicate_base_salary_date_is_refused_before_the_confirmation(app, world, admin):
    response = admin.post("/admin/base-salary", {"valid_from": "2024-07-01", "amount": "2500000"})
    page = text(response)
    assert "Thêm mức lương cơ sở?" not in page
    assert error_beside(page, "valid_from") == "Đã có mức lương cơ sở áp dụng từ ngày 01/07/2024."
    assert 'name="confirmed" type="hidden" value=""' in page


# --- the audit log viewer and its CSV export ----------------------------------------------------------------

def _some_history(session, world, store):
    factories.submitted(session, world, store)
    admin_services.add_calendar_day(session, by=world.admin, day=date(2025, 4, 26), kind="makeup", note="Làm bù")
    admin_services.add_base_salary(session, by=world.admin, valid_from=date(2026, 7, 1), amount=2_530_000)
    session.commit()


def test_the_audit_viewer_filters_by_action_newest_first(app, world, admin, session, store):
    _some_history(session, world, store)
    page = text(admin.get("/admin/audit"))
    assert "Gửi hồ sơ" in page and "Cập nhật danh mục" in page and "Đã gửi" in page
    page = text(admin.get("/admin/audit?action=configure"))
    rows = re.findall(r"<tr>\s*<td><time.*?</tr>", page, re.DOTALL)
    assert len(rows) == 2 and all("Cập nhật danh mục" in r for r in rows)
    assert "Lương cơ sở" in rows[0] and "Lịch ngày nghỉ / làm bù" in rows[1]  # newest first
    assert "Quantri" in rows[0] and "(quantri)" in rows[0] and "Quản trị hệ thống" in rows[0]
    assert "2.530.000 đ" in rows[0]   # money as decisions write it
    page = text(admin.get("/admin/audit?actor=donvi.a&visibility=public"))
    assert len(re.findall(r"<tr>\s*<td><time", page)) == 1 and "Gửi hồ sơ" in page
    page = text(admin.get("/admin/audit?object_type=base_salary"))
    assert len(re.findall(r"<tr>\s*<td><time", page)) == 1 and "Mức lương cơ sở" in page
    page = text(admin.get("/admin/audit?date_to=2000-01-01"))
    assert "Không có sự kiện nào khớp bộ lọc" in page


def test_absurd_numbers_in_urls_answer_without_a_crash(app, world, admin):
    for url in ("/admin/audit?page=99999999999999999999999", "/admin/units?page=-5",
                "/admin/audit?date_from=0001-01-01&date_to=9999-12-31", "/admin/audit.csv?date_to=9999-12-31"):
        assert admin.get(url).status_code == 200, url
    assert "Mã số đối tượng là một số nguyên dương." in text(admin.get("/admin/audit?object_id=99999999999999999999"))
    for url in ("/admin/units/99999999999999999999/edit", "/admin/users/0", "/admin/campaigns/123456"):
        response = admin.get(url)
        assert response.status_code == 404 and "Không tìm thấy trang" in text(response), url
    response = admin.post(f"/admin/users/{world.officer_a.id}/roles", {"role": "unit_officer", "unit": "9" * 30},
                          from_page=f"/admin/users/{world.officer_a.id}")
    assert error_beside(text(response), "grant-unit") == "Lựa chọn không hợp lệ."


def test_a_nonsense_filter_is_explained_not_a_crash(app, world, admin):
    response = admin.get("/admin/audit?date_from=hôm-qua&object_id=abc&action=nope")
    page = text(response)
    assert response.status_code == 200
    assert error_beside(page, "date_from").startswith("Ngày không hợp lệ")
    assert error_beside(page, "object_id") == "Cần nhập một số nguyên."
    assert error_beside(page, "action") == "Lựa chọn không hợp lệ."


def test_the_csv_export_has_a_vietnamese_header_and_the_filtered_rows(app, world, admin, session, store):
    _some_history(session, world, store)
    response = admin.get("/admin/audit.csv?action=configure")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="nhat-ky-')
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:6] == ["Số thứ tự", "Thời điểm (giờ Việt Nam)", "Người thực hiện", "Tên đăng nhập", "Vai trò",
                           "Thao tác"]
    body = rows[1:]
    assert len(body) == configure_events(session) == 2
    assert [r[5] for r in body] == ["Cập nhật danh mục"] * 2 and [r[3] for r in body] == ["quantri"] * 2
    assert body[0][6] == "Lương cơ sở" and "amount: ∅ → 2530000" in body[0][11]
    assert int(body[0][0]) > int(body[1][0])  # newest first
    everything = list(csv.reader(io.StringIO(admin.get("/admin/audit.csv").get_data().decode("utf-8-sig"))))
    assert len(everything) - 1 == session.scalar(select(func.count()).select_from(AuditEvent))


def test_csv_cells_never_start_a_spreadsheet_formula(app, world, admin, session):
    sly = users.create_user(session, username="sly", full_name="=HYPERLINK(\"http://x\")", password=factories.PASSWORD,
                            grants=[Grant(Role.ADMIN)])
    admin_services.add_calendar_day(session, by=sly, day=date(2025, 4, 26), kind="makeup", note="Làm bù")
    session.commit()
    rows = list(csv.reader(io.StringIO(admin.get("/admin/audit.csv").get_data().decode("utf-8-sig"))))
    assert rows[1][2] == "'=HYPERLINK(\"http://x\")"


# --- the administrator cannot alter workflow records --------------------------------------------------------

def test_the_administrator_has_no_way_into_the_workflow_screens(app, world, admin, session, store):
    nomination = factories.submitted(session, world, store)
    session.commit()
    for url in ("/unit/", "/secretariat/", "/council/", "/authority/"):
        assert admin.get(url).status_code == 403, url
    page = text(admin.get("/admin/audit"))
    assert "<form" in page and "/edit" not in page.split('class="audit"')[1]  # the log is read-only
    assert nomination.state == "submitted"


# --- accessibility of every admin page -----------------------------------------------------------------------

class _Page(HTMLParser):
    """Collects what the accessibility checks need: ids, labels' targets, controls, headings, table headers."""

    def __init__(self):
        super().__init__()
        self.ids, self.label_for, self.controls, self.h1, self.unscoped_th = [], set(), [], 0, 0
        self.open_labels = 0
        self.inside_label = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "label":
            self.open_labels += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        if tag == "h1":
            self.h1 += 1
        if tag == "th" and "scope" not in a:
            self.unscoped_th += 1
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append((a.get("id"), a.get("name"), self.open_labels > 0))

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels -= 1


def test_every_admin_page_has_one_h1_labelled_controls_unique_ids_and_scoped_headers(app, world, admin, session,
                                                                                      store):
    _some_history(session, world, store)
    indicator = admin_services.create_indicator(session, world.campaign, by=world.admin, code="A", name="Chỉ tiêu A")
    admin_services.set_target(session, indicator, by=world.admin, unit=world.district_a, value=1,
                              comparator="exactly")
    session.commit()
    day = session.scalar(select(CalendarDay))
    pages = [p for p in ADMIN_PAGES if not p.endswith(".csv")] + [
        f"/admin/units/{world.district_a.id}/edit", f"/admin/users/{world.officer_a.id}",
        f"/admin/users/{world.officer_a.id}/deactivate", f"/admin/roles/{world.officer_a.grants[0].id}/revoke",
        f"/admin/award-types/{world.bang_khen.id}/edit", f"/admin/campaigns/{world.campaign.id}",
        f"/admin/campaigns/{world.campaign.id}/edit", f"/admin/indicators/{indicator.id}",
        f"/admin/targets/{indicator.targets[0].id}/remove", f"/admin/calendar/{day.id}/remove"]
    for url in pages:
        response = admin.get(url)
        assert response.status_code == 200, url
        page = _Page()
        page.feed(text(response))
        assert page.h1 == 1, url
        assert len(page.ids) == len(set(page.ids)), (url, sorted({i for i in page.ids if page.ids.count(i) > 1}))
        assert page.unscoped_th == 0, url
        for control_id, name, wrapped in page.controls:
            assert wrapped or control_id in page.label_for, (url, name)
        assert 'lang="vi"' in response.get_data(as_text=True)


def test_every_object_type_the_services_record_has_a_label_in_the_viewer():
    """A new kind of audited object must get its name in the viewer (it showed `indicator_result` raw)."""
    from pathlib import Path

    import workflow
    from workflow.services.admin.log import OBJECT_TYPE_LABELS
    source = "".join(p.read_text(encoding="utf-8") for p in Path(workflow.__file__).parent.rglob("*.py"))
    recorded = set(re.findall(r'object_type="([a-z_]+)"', source))
    assert "indicator_result" in recorded and recorded <= set(OBJECT_TYPE_LABELS), recorded - set(OBJECT_TYPE_LABELS)
