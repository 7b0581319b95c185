"""What the journeys share: going to a staff area through the header, reading the flash message and the
state badge, and reading the database the clicks changed."""
from playwright.sync_api import Locator, Page


def go_to_area(page: Page, label: str) -> None:
    """Click an area's link in the site header (Đơn vị, Thường trực TĐKT, Hội đồng, Lãnh đạo ký…)."""
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name=label, exact=True).click()


def flash(page: Page) -> Locator:
    """The confirmation message at the top of the page (role=status)."""
    return page.locator(".flash").first


def badge(page: Page) -> Locator:
    """The first state badge: the nomination's own."""
    return page.locator("main .badge").first   # not the header's unread count


def reread(session, model, ident):
    """The row as the server committed it, not as this session last saw it."""
    session.expire_all()
    return session.get(model, ident)


def go_to_queue(page: Page, label: str) -> None:
    """Click a queue in the secretariat's own navigation (Tiếp nhận, Thẩm định, Ý kiến nhân dân…)."""
    nav = page.get_by_role("navigation", name="Khu vực Thường trực Thi đua – Khen thưởng")
    nav.get_by_role("link", name=label, exact=True).click()
