#!/usr/bin/env python3
"""Screenshots of the main screens, as a person sees them: Debian's Chromium driven by Playwright against
a running server with the demo data. Usage: scripts/screenshots.py [BASE_URL] [OUT_DIR]
(default http://127.0.0.1:5000 and docs/screenshots). Never downloads a browser."""
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
PASSWORD = "vinhdanh-demo"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
        "--disable-component-update", "--disable-sync"]
# (who signs in, page, file name); None: not signed in
SHOTS = [
    (None, "/", "home"),
    (None, "/login", "login"),
    ("donvi.vinhloi", "/dashboard", "dashboard-unit"),
    ("donvi.vinhloi", "/unit/", "unit-list"),
    ("donvi.vinhloi", "/unit/nominations/new", "unit-new"),
    ("thuky", "/secretariat/", "secretariat-index"),
    ("thuky", "/secretariat/intake", "secretariat-intake"),
    ("thuky", "/secretariat/comments", "secretariat-comments"),
    ("thuky", "/secretariat/sessions", "secretariat-sessions"),
    ("hoidong1", "/council/", "council-sessions"),
    ("chutich", "/authority/", "authority-index"),
    ("quantri", "/admin/", "admin-index"),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        pages = {}
        for who, path, name in SHOTS:
            if who not in pages:
                pages[who] = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
                if who:
                    pages[who].goto(f"{BASE}/login")
                    pages[who].fill("input[name=username]", who)
                    pages[who].fill("input[name=password]", PASSWORD)
                    pages[who].click("button[type=submit]")
            page = pages[who]
            page.goto(f"{BASE}{path}")
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
            print(f"{name}: {page.title()}")
        browser.close()


if __name__ == "__main__":
    main()
