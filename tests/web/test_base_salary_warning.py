"""The decision screens warn about the base salary: a confirmed row in force older than BASE_SALARY_MAX_AGE_DAYS, or
a newer rate reported but not confirmed (which prize money does not use until the administrator confirms it)."""
import re
from datetime import date

from sqlalchemy import select

from tests.web.test_authority import _draft
from workflow.models import BaseSalary
from workflow.rules.prize import salary_warnings
from workflow.services import admin as admin_services
from workflow.services import decisions

WARNING = "Lưu ý về mức lương cơ sở"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def _reported(session, world):
    admin_services.add_base_salary(session, by=world.admin, valid_from=date(2026, 7, 1), amount=2_530_000,
                                   status="reported", source="Nghị quyết dự toán ngân sách nhà nước năm 2026")
    session.commit()


def test_no_warning_when_the_rate_in_force_is_recent_and_nothing_newer_is_known(app, session, world, store,
                                                                                signed_in):
    draft = _draft(session, world, store)
    page = text(signed_in(world.chair).get(f"/authority/drafts/{draft.id}"))
    assert WARNING not in page and "4.680.000 đ" in page


def test_a_reported_rate_is_warned_of_on_both_decision_screens_and_not_applied(app, session, world, store,
                                                                              signed_in):
    draft = _draft(session, world, store)
    _reported(session, world)
    for browser, url in ((signed_in(world.chair), f"/authority/drafts/{draft.id}"),
                         (signed_in(world.chair), f"/authority/drafts/{draft.id}/issue"),
                         (signed_in(world.secretariat), f"/secretariat/drafts/{draft.id}")):
        page = text(browser.get(url))
        assert WARNING in page, url
        assert ("Đã có thông tin mức lương cơ sở mới 2.530.000 đ từ ngày 01/07/2026 (nguồn: Nghị quyết dự toán "
                "ngân sách nhà nước năm 2026) nhưng chưa được xác nhận: tiền thưởng vẫn tính theo mức 2.340.000 đ") in page
        assert "4.680.000 đ" in page   # 2 × 2,340,000: the reported rate is not used
    assert decisions.prize_preview(session, draft.nominations[0], date(2026, 8, 1))[0] == 4_680_000


def test_an_old_rate_is_warned_of_after_the_configured_age(app, session, world, store, signed_in):
    draft = _draft(session, world, store)   # dated 03/03/2025; the rate in force is from 01/07/2024 (245 days)
    app.config["BASE_SALARY_MAX_AGE_DAYS"] = 200
    page = text(signed_in(world.chair).get(f"/authority/drafts/{draft.id}"))
    assert "Mức lương cơ sở đang áp dụng (2.340.000 đ, từ ngày 01/07/2024) đã quá 200 ngày" in page
    app.config["BASE_SALARY_MAX_AGE_DAYS"] = 245
    assert WARNING not in text(signed_in(world.chair).get(f"/authority/drafts/{draft.id}"))


def test_the_administrator_confirms_a_reported_rate_and_prizes_use_it_from_its_date(app, session, world, store,
                                                                                   signed_in):
    draft = _draft(session, world, store)
    _reported(session, world)
    row = session.scalar(select(BaseSalary).where(BaseSalary.valid_from == date(2026, 7, 1)))
    admin = signed_in(world.admin)
    assert "Chưa xác nhận: chưa áp dụng" in text(admin.get("/admin/base-salary"))
    assert admin.post(f"/admin/base-salary/{row.id}/confirm", {}, from_page="/admin/base-salary").status_code == 302
    session.refresh(row)
    assert row.status == "confirmed"
    assert decisions.prize_preview(session, draft.nominations[0], date(2026, 8, 1))[0] == 5_060_000
    assert decisions.prize_preview(session, draft.nominations[0], date(2026, 6, 30))[0] == 4_680_000


def test_the_rule_says_nothing_of_a_reported_rate_older_than_the_confirmed_one():
    confirmed = [(date(2024, 7, 1), 2_340_000)]
    assert salary_warnings(confirmed, [(date(2023, 7, 1), 1_800_000, "")], date(2025, 3, 3), 730) == []
    assert len(salary_warnings(confirmed, [(date(2026, 7, 1), 2_530_000, "")], date(2025, 3, 3), 730)) == 1
