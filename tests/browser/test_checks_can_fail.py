"""The browser tests' own checks, shown failing on pages broken on purpose: otherwise a quiet axe-core or a
blind overflow check would pass everything."""
import pytest

BROKEN = {
    "an unlabelled field": '<input type="text" name="unlabelled">',
    "an image without a text alternative": '<img src="/static/css/site.css">',
    "a select wider than any screen": '<select><option>' + "Xã Vĩnh Hưng A " * 20 + '</option></select>',
}


def break_page(page, *markup: str) -> None:
    for html in markup:
        page.evaluate("html => document.querySelector('main').insertAdjacentHTML('beforeend', html)", html)


def test_the_accessibility_check_fails_on_serious_violations(visitor, accessible):
    page = visitor()
    page.goto("/login")
    accessible(page)  # the real page passes
    break_page(page, BROKEN["an unlabelled field"], BROKEN["an image without a text alternative"])
    with pytest.raises(AssertionError) as failure:
        accessible(page)
    assert "- label (critical)" in str(failure.value) and "- image-alt (critical)" in str(failure.value)


def test_the_screenshot_check_fails_on_a_page_that_scrolls_sideways(visitor, shoot):
    page = visitor()
    page.goto("/login")
    shoot(page, "0-check-login")  # the real page fits both widths
    break_page(page, BROKEN["a select wider than any screen"])
    with pytest.raises(AssertionError) as failure:
        shoot(page, "0-check-too-wide")
    assert "wider than 1280 px, scroll sideways: ['select" in str(failure.value)
