"""axe-core (shipped by axe-playwright-python) on the pages people reach first: home, an open notice, the
register, a verification, the login and the unit officer's nomination form. No serious or critical violation."""
from playwright.sync_api import expect

from tests import factories
from workflow.services import decisions


def test_the_main_public_and_staff_pages_have_no_serious_accessibility_violations(
        session, world, store, visitor, accessible):
    _, notice = factories.in_notice(session, world, store, name="Nhân dân và cán bộ xã Vĩnh Hưng A",
                                    today=factories.TODAY)
    awarded = factories.awarded(session, world, store, name="Nguyễn Thị Hồng Nhung")
    session.commit()
    code = decisions.certificate_of(session, awarded).verify_code
    citizen, officer = visitor(), visitor(world.officer_a)
    pages = [(citizen, "/", "Thi đua – Khen thưởng công khai, minh bạch"),
             (citizen, f"/notices/{notice.id}", notice.title),
             (citizen, "/recognitions?q=nguyen thi hong nhung", "Sổ khen thưởng công khai"),
             (citizen, f"/verify/{code}", "Xác thực bằng khen, giấy khen"),
             (citizen, "/login", "Đăng nhập"),
             (officer, "/unit/nominations/new", "Lập hồ sơ đề nghị khen thưởng mới")]
    failures = []
    for page, path, heading in pages:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        try:
            accessible(page)
        except AssertionError as failure:
            failures.append(str(failure))
    assert not failures, "\n".join(failures)

