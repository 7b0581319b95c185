"""Who runs the site (issue 13, points 11 and 12): the agency's name in the header and its name, address, hotline
and e-mail in the footer of every page, in both languages; the site's icon where browsers look for it."""
import os
import re

import pytest

ICO_MAGIC = b"\x00\x00\x01\x00"


def header_and_footer(response) -> tuple[str, str]:
    page = response.get_data(as_text=True)
    return (re.search(r"<header.*?</header>", page, re.DOTALL).group(0),
            re.search(r"<footer.*?</footer>", page, re.DOTALL).group(0))


@pytest.fixture
def agency(app):
    app.config.update(AGENCY_NAME="Ban Thi đua – Khen thưởng tỉnh Cà Mau",
                      AGENCY_NAME_EN="Emulation and Commendation Board of Cà Mau Province",
                      AGENCY_ADDRESS="Số 2 Hùng Vương, phường An Xuyên, tỉnh Cà Mau",
                      AGENCY_HOTLINE="0290 3 123 456", AGENCY_EMAIL="tdkt@camau.example")


@pytest.mark.parametrize("url", ["/", "/login", "/recognitions", "/khong-co-trang-nay"])
def test_every_page_names_the_agency_and_how_to_reach_it(app, agency, browser, url):
    header, footer = header_and_footer(browser.get(url))
    assert "Ban Thi đua – Khen thưởng tỉnh Cà Mau" in header
    assert "<address" in footer and "Ban Thi đua – Khen thưởng tỉnh Cà Mau" in footer
    assert "Địa chỉ: Số 2 Hùng Vương, phường An Xuyên, tỉnh Cà Mau" in footer
    assert 'Đường dây nóng: <a href="tel:02903123456">0290 3 123 456</a>' in footer
    assert 'Thư điện tử: <a href="mailto:tdkt@camau.example">tdkt@camau.example</a>' in footer


def test_in_english_the_agency_reads_in_english(app, agency, browser):
    browser.get("/lang/en")
    header, footer = header_and_footer(browser.get("/"))
    assert "Emulation and Commendation Board of Cà Mau Province" in header
    assert "Address: Số 2 Hùng Vương" in footer and "Hotline: " in footer and "E-mail: " in footer
    assert "Đường dây nóng" not in footer


def test_the_demo_defaults_name_the_current_agency_of_the_merged_province(app, browser):
    header, footer = header_and_footer(browser.get("/"))
    assert "Sở Nội vụ tỉnh Cà Mau" in header and "tỉnh Cà Mau" in footer and "Bạc Liêu" not in footer


def test_an_agency_left_unset_shows_no_empty_contact_block(app, browser):
    app.config.update(AGENCY_NAME="", AGENCY_NAME_EN="", AGENCY_ADDRESS="", AGENCY_HOTLINE="", AGENCY_EMAIL="")
    header, footer = header_and_footer(browser.get("/"))
    assert "<address" not in footer and 'class="agency"' not in header
    assert "Thực chất · Công khai · Minh bạch" in footer


def test_production_shows_only_the_agency_it_was_given_never_the_demo_placeholders():
    from config import ProductionConfig
    for name in ("AGENCY_NAME", "AGENCY_NAME_EN", "AGENCY_ADDRESS", "AGENCY_HOTLINE", "AGENCY_EMAIL"):
        assert getattr(ProductionConfig, name) == os.environ.get(name, ""), name


def test_the_favicon_is_served_where_browsers_ask_and_linked_from_every_page(app, browser):
    response = browser.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/vnd.microsoft.icon"
    assert response.data.startswith(ICO_MAGIC)
    page = browser.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/favicon.ico"' in page
    svg_href = re.search(r'<link rel="icon" href="([^"]+\.svg)" type="image/svg\+xml">', page).group(1)
    svg = browser.get(svg_href)
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
