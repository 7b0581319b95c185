#!/usr/bin/env python3
"""Screenshots of the main screens, as a person sees them: Debian's Chromium driven by Playwright against
a running server with the demo data. Usage: scripts/screenshots.py [BASE_URL] [OUT_DIR]
(default http://127.0.0.1:5000 and docs/screenshots). Never downloads a browser.

The browser runs in Vietnamese (LANGUAGE=vi, --lang=vi), so its own controls read as a Vietnamese user's
do: date fields dd/mm/yyyy, file fields "Chọn tệp". That needs Debian's chromium-l10n; without it
Chromium falls back to English ("mm/dd/yyyy", "Choose File")."""
import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
PASSWORD = "vinhdanh-demo"
ARGS = ["--lang=vi", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
        "--disable-component-update", "--disable-sync"]
# (who signs in, page, file name[, a link on that page to follow first]); None: not signed in
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
    # issue 13: screens that changed (the demo's ids: nomination 10 submitted, comment 4 received and
    # comment 1 answered, session 3 open and 1 closed, decision 1 issued, its line 3 revoked; verification
    # codes are drawn anew by each demo-data, hence the link followed from the recognition's page)
    (None, "/open-data", "public-open-data"),
    (None, "/recognitions?q=vinh+hung&year=2025", "public-register-search"),
    (None, "/decisions/1", "public-decision"),
    (None, "/recognitions/3", "public-verify-revoked", "a[href^='/verify/']"),
    (None, "/campaigns/1", "dashboard"),
    ("thuky", "/secretariat/nominations/10/accept", "secretariat-accept-confirm"),
    ("thuky", "/secretariat/comments/4", "secretariat-comment-answer"),
    ("thuky", "/secretariat/comments/1/correct", "secretariat-comment-correct"),
    ("thuky", "/secretariat/sessions/3/close", "secretariat-close-confirm"),
    ("hoidong1", "/council/sessions/1/minutes", "council-minutes"),
    ("chutich", "/authority/decisions/1", "authority-decision"),
    ("quantri", "/admin/audit?object_type=nomination&object_id=4", "admin-audit"),
    # Only once a draft exists (the demo has none): as thuky, "Dự thảo quyết định" → "Lập dự thảo quyết định"
    # with the endorsed nomination; skipped (404) otherwise.
    ("chutich", "/authority/drafts/1/issue", "authority-issue-confirm"),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS,
                                    env={**os.environ, "LANGUAGE": "vi", "LANG": "vi_VN.UTF-8"})
        pages = {}
        for who, path, name, *follow in SHOTS:
            if who not in pages:
                pages[who] = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
                if who:
                    pages[who].goto(f"{BASE}/login")
                    pages[who].fill("input[name=username]", who)
                    pages[who].fill("input[name=password]", PASSWORD)
                    pages[who].click("button[type=submit]")
            page = pages[who]
            response = page.goto(f"{BASE}{path}")
            if follow:
                response = page.goto(f"{BASE}{page.get_attribute(follow[0], 'href')}")
            if response is not None and response.status == 404:
                print(f"{name}: skipped, {path} answers 404")
                continue
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
            print(f"{name}: {page.title()}")
        browser.close()


if __name__ == "__main__":
    main()
