"""Output encoding (ASVS 5.0 V1.2, V3.2): hostile text typed into the main forms (a nomination, a return
reason, a citizen's comment, the secretariat's answer, the administrator's names) comes back escaped on every
page that shows it, and a template expression in it is printed, never evaluated. Reflected input (search
boxes, codes in the URL) likewise.

PDFs: the certificates package escapes every field and fetches nothing the text names
(tests/unit/test_certificates.py::test_urls_in_any_field_are_printed_as_text_and_never_fetched).
"""
from datetime import date

from markupsafe import escape
from sqlalchemy import select

from tests import factories
from workflow.models import Nomination, PublicComment, Unit, User
from workflow.services import clock, decisions

PAYLOAD = '<script>alert(1)</script>"><img src=x onerror=alert(1)>{{7*7}}'
SHORT = '"><img src=x onerror=alert(2)>{{7*7}}'  # fits a 60-character field


def mark(label: str, payload: str = PAYLOAD) -> str:
    """The payload tagged with the field it went into, so a failure names the field."""
    return f"{label}:{payload}"


def assert_inert(page: str, value: str, where: str) -> None:
    assert value not in page, f"{where}: shown unescaped"
    assert "<script>alert" not in page and "<img src=x" not in page, f"{where}: a live tag"
    assert str(escape(value)) in page, f"{where}: not shown (escaped) at all"
    label = value.split(":", 1)[0]
    evaluated = str(escape(value)).replace("{{7*7}}", "49")   # what a template injection would show
    assert f"{label}:49" not in page and evaluated not in page, f"{where}: evaluated"


def page_of(browser, url: str) -> str:
    response = browser.get(url)
    assert response.status_code == 200, (url, response.status_code)
    body = response.get_data(as_text=True)
    assert "Traceback" not in body
    return body


def test_a_hostile_nomination_is_escaped_for_the_unit_the_secretariat_and_in_the_return_reason(
        app, session, world, store, signed_in):
    officer, clerk = signed_in(world.officer_a), signed_in(world.secretariat)
    fields = {"person_name": mark("ten"), "position": mark("chucvu"), "workplace": mark("noilamviec"),
              "achievement_summary": mark("thanhtich"), "letter_no": mark("totrinh", SHORT)}
    response = officer.post("/unit/nominations/new", {
        "kind": "individual", "gender": "female", "campaign": str(world.campaign.id),
        "award_type": str(world.bang_khen.id), "period_from": "2021-01-01", "period_to": "2024-12-31",
        "letter_date": "2025-02-20", "proposing_unit": str(world.district_a.id)} | fields,
        from_page="/unit/nominations/new")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    nomination = session.scalar(select(Nomination).order_by(Nomination.id.desc()).limit(1))
    assert nomination.nominee.full_name == mark("ten")  # stored as typed: escaping is the output's job
    factories.nominations.add_attachment(session, nomination, by=world.officer_a, store=store, filename="bc.pdf",
                                         data=factories.PDF, kind=factories.AttachmentKind.ACHIEVEMENT_REPORT)
    session.commit()
    unit_pages = [f"/unit/nominations/{nomination.id}", f"/unit/nominations/{nomination.id}/edit",
                  f"/unit/nominations/{nomination.id}/submit"]
    for url in unit_pages:
        page = page_of(officer, url)
        for value in fields.values():
            assert_inert(page, value, url)
    assert_inert(page_of(officer, "/unit/"), mark("ten"), "/unit/")

    officer.post(f"/unit/nominations/{nomination.id}/submit", {"version": str(nomination.version)})
    assert_inert(page_of(clerk, "/secretariat/intake"), mark("ten"), "intake")
    url = f"/secretariat/nominations/{nomination.id}"
    page = page_of(clerk, url)
    for value in fields.values():
        assert_inert(page, value, url)
    session.refresh(nomination)
    reason = mark("lydo")
    response = clerk.post(f"{url}/return", {"version": str(nomination.version), "reason": reason})
    assert response.status_code == 302
    for browser, page_url in ((clerk, url), (officer, f"/unit/nominations/{nomination.id}"), (officer, "/unit/")):
        assert_inert(page_of(browser, page_url), mark("ten"), page_url)
    assert_inert(page_of(clerk, url), reason, url)
    assert_inert(page_of(officer, f"/unit/nominations/{nomination.id}"), reason, "the unit's page")


def test_a_hostile_comment_and_answer_are_escaped_for_the_secretariat_and_the_public(
        app, session, world, store, browser, signed_in):
    nomination, notice = factories.in_notice(session, world, store, today=clock.today())
    session.commit()
    fields = {"full_name": mark("hoten"), "address": mark("diachi"), "body": mark("noidung")}
    response = browser.post(f"/notices/{notice.id}/comment", {
        "nomination": str(nomination.id), "contact": "0912 345 678", "website": ""} | fields)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    comment = session.scalar(select(PublicComment))
    assert mark("noidung") not in page_of(browser, f"/comments/{comment.receipt_code}")

    clerk = signed_in(world.secretariat)
    url = f"/secretariat/comments/{comment.id}"
    page = page_of(clerk, url)
    for value in fields.values():
        assert_inert(page, value, url)
    answer = mark("traloi")
    preview = clerk.post(f"{url}/answer", {"answer": answer, "resolution": "rejected", "preview": "x"},
                         from_page=url)
    assert_inert(preview.get_data(as_text=True), answer, "answer preview")
    response = clerk.post(f"{url}/answer", {"answer": answer, "resolution": "rejected", "confirm": "x"},
                          from_page=url)
    assert response.status_code == 302
    for page_url in (f"/notices/{notice.id}", f"/comments/{comment.receipt_code}"):
        assert_inert(page_of(browser, page_url), answer, page_url)
        assert mark("hoten") not in page_of(browser, page_url)  # and the name is never public anyway


def test_hostile_names_from_the_administrator_are_escaped_wherever_they_appear(app, session, world, signed_in):
    admin = signed_in(world.admin)
    unit_name, full_name = mark("donvi"), mark("nguoidung")
    response = admin.post("/admin/units/new", {"code": "XSS1", "name": unit_name, "kind": "commune",
                                               "parent": str(world.district_a.id), "valid_from": "2020-01-01"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    unit = session.scalar(select(Unit).where(Unit.code == "XSS1"))
    response = admin.post("/admin/users/new", {"username": "xss.user", "full_name": full_name,
                                               "password": factories.PASSWORD, "unit": str(unit.id)})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    user = session.scalar(select(User).where(User.username == "xss.user"))
    world.campaign.name = mark("phongtrao")
    world.bang_khen.name = mark("hinhthuc")
    session.commit()
    for url, values in (("/admin/units", [unit_name]), ("/admin/users", [full_name]),
                        (f"/admin/users/{user.id}", [full_name, unit_name]), ("/admin/audit", [unit_name]),
                        ("/admin/campaigns", [mark("phongtrao")]), ("/admin/award-types", [mark("hinhthuc")])):
        page = page_of(admin, url)
        for value in values:
            assert_inert(page, value, url)
    officer = signed_in(world.officer_a)
    form = page_of(officer, "/unit/nominations/new")  # unit, campaign and award type as select choices
    for value in (unit_name, mark("phongtrao"), mark("hinhthuc")):
        assert_inert(form, value, "the nomination form's choices")
    assert_inert(page_of(officer, "/"), mark("phongtrao"), "the public home page")


def test_a_hostile_recipient_is_escaped_in_the_public_register_the_decision_and_the_feed(
        app, session, world, store, browser):
    name = mark("nguoinhan")
    nomination = factories.awarded(session, world, store, name=name, decision_date=date(2025, 3, 3))
    session.commit()
    line = decisions.certificate_of(session, nomination).line
    assert_inert(page_of(browser, "/recognitions"), name, "register")
    for url in (f"/recognitions/{line.id}", f"/decisions/{line.decision_id}"):
        assert_inert(page_of(browser, url), name, url)
    feed = browser.get("/feed.atom").get_data(as_text=True)
    assert "<script>alert" not in feed and "<img src=x" not in feed


def test_reflected_input_in_searches_and_codes_comes_back_escaped(app, world, browser):
    for url, label in (("/recognitions?q={}", "timkiem"), ("/verify?code={}", "maxacthuc"),
                       ("/comments?code={}", "matiepnhan")):
        value = mark(label, SHORT)
        response = browser.get(url.format(value), follow_redirects=True)
        body = response.get_data(as_text=True)
        assert response.status_code in (200, 400, 404) and "Traceback" not in body
        assert value not in body and "<img src=x" not in body, url
