"""Issue 13, on a 390 px phone: the secretariat's intake table keeps its action buttons on screen (pinned at
the table's right edge, with a swipe hint and edge shadows), and the dashboard's chart labels are drawn at
11 px or more (the 700-unit chart shrunk to the phone drew them at about 6 px)."""
from playwright.sync_api import expect

from tests import factories

from .conftest import PHONE

# Each chart text's size as drawn: its font size times the SVG's scale on screen (getScreenCTM), for the
# charts the page shows (display: none has no box).
CHART_TEXT_SIZES = """() => [...document.querySelectorAll("figure.chart svg")]
    .filter(svg => svg.getBoundingClientRect().width > 0)
    .flatMap(svg => [...svg.querySelectorAll("text")].map(t =>
        parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a))"""


def test_on_a_phone_the_intake_actions_stay_on_screen_and_chart_labels_stay_legible(session, world, store,
                                                                                  visitor, shoot):
    factories.submitted(session, world, store, name="Nhân dân và cán bộ xã Vĩnh Hưng A")
    factories.awarded(session, world, store, name="Nguyễn Thị Hồng Nhung")
    session.commit()
    page = visitor(world.secretariat, viewport=PHONE)

    page.goto("/secretariat/intake")
    table = page.get_by_role("table", name="Hồ sơ chờ tiếp nhận")
    expect(table).to_be_visible()
    assert table.evaluate("t => t.scrollWidth > t.clientWidth"), "the table fits: nothing to test"
    expect(table.locator(".scroll-hint")).to_be_visible()
    expect(table.locator(".scroll-hint")).to_contain_text("vuốt ngang")
    for name in ("Tiếp nhận", "Trả lại để bổ sung"):
        button = table.get_by_role("link", name=name).first  # both lead to their confirmation pages
        expect(button).to_be_visible()
        # the menu and the list's search come first: scroll the page (not the table) down to the row
        button.evaluate("b => window.scrollTo(0, b.getBoundingClientRect().top + window.scrollY - 100)")
        box = button.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (name, box)
        assert button.evaluate("b => { const r = b.getBoundingClientRect();"
                               " return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === b"
                               " || b.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); }"
                               ), f"{name} is covered"
    shoot(page, "13-phone-intake")  # also checks that neither width scrolls the page sideways

    page.goto(f"/campaigns/{world.campaign.id}/internal")
    sizes = page.evaluate(CHART_TEXT_SIZES)
    assert sizes, "no chart drawn"
    assert min(sizes) >= 11, f"chart labels at {min(sizes):.1f} px"
    shoot(page, "13-phone-dashboard")

    page.set_viewport_size({"width": 1280, "height": 900})  # the wide drawing on a desktop, just as legible
    wide = page.evaluate(CHART_TEXT_SIZES)
    assert wide and min(wide) >= 11, f"desktop chart labels at {min(wide):.1f} px"
    assert page.locator("svg.chart-narrow").first.evaluate("s => getComputedStyle(s).display") == "none"
