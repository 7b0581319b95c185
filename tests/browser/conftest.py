"""Browser fixtures: Debian's Chromium, driven by Playwright, against a live server on a free loopback port.

Each test gets a fresh database (a file SQLite in its tmp folder, or the PostgreSQL of TEST_DATABASE_URL with
an emptied schema) and its own server thread running werkzeug with the testing app and the test-only hooks.
The browser is started once for the package. When Chromium or Playwright is missing the tests fail with the
reason: a browser suite that skips itself proves nothing.
"""
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Self

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# the flags checked with Debian's Chromium on these machines (/work/shared/RECIPES.md): no sandbox as root,
# no GPU, and nothing that phones home or updates itself
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                 "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
# axe-core impacts that fail a page (minor and moderate ones are reported, not fatal)
BLOCKING_IMPACTS = ("serious", "critical")


# --- the browser ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="package")
def chromium():
    """One headless Chromium for the browser tests, or a loud failure saying what is missing.

    Package scope, not session: while Playwright's sync API is alive it marks an asyncio loop as running in this
    thread, and asyncio.run() refuses to start under it (certificates/signing.py moves its call to a helper
    thread for that reason). Stopping the browser when the browser tests are done keeps the rest of the suite
    out of that state."""
    executable = shutil.which(CHROMIUM) or CHROMIUM
    if not os.access(executable, os.X_OK):
        pytest.fail(f"Chromium not found at {CHROMIUM}: the browser tests need Debian's `chromium` "
                    "(`apt-get install chromium`, which `make test` does as root). They never skip.", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as missing:
        pytest.fail(f"Python Playwright is not installed ({missing}): pip install -r requirements.txt", pytrace=False)
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
    except Exception as error:  # noqa: BLE001 - whatever stops the launch, say it and stop
        playwright.stop()
        pytest.fail(f"Chromium at {executable} did not start under Playwright: {error}", pytrace=False)
    yield browser
    browser.close()
    playwright.stop()


# --- the live server --------------------------------------------------------------------------------------------

@pytest.fixture
def app(tmp_path, signing_keys):
    """The testing app on a database a second thread can reach (not in-memory SQLite), with the test hooks and
    the run's development signing key."""
    from tests.conftest import _reset_schema
    from workflow import create_app
    from workflow.extensions import db
    from workflow.services import clock

    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'browser.db'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, BLOB_DIR=str(tmp_path / "blobs"), TEST_HOOKS=True,
                     SIGNING_P12_PATH=str(signing_keys.p12_path), SIGNING_P12_PASSWORD=signing_keys.password)
    clock.advance(reset=True)
    with app.app_context():
        _reset_schema()
        yield app
        db.session.remove()
        db.engine.dispose()  # the server's pooled connections too, before the schema goes
        _reset_schema(create=False)
    clock.advance(reset=True)


class LiveServer:
    """The app served by werkzeug from a thread of this process, so the test and the server share the clock."""

    def __init__(self, app):
        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", 0, app, threaded=True)  # port 0: the system picks a free one
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        app.config["PUBLIC_BASE_URL"] = self.url  # certificates' and verify links point here
        # a short poll: shutdown() waits for the serving loop to notice, half a second per test by default
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       name="live-server", daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


@pytest.fixture
def live(app) -> Iterator[LiveServer]:
    with LiveServer(app) as server:
        yield server


# --- people at the browser --------------------------------------------------------------------------------------

@pytest.fixture
def visitor(chromium, live):
    """visitor(user=None) -> a new browser page (its own cookies), signed in through the login form when a user
    is given. Pages are closed after the test."""
    contexts = []

    def open_page(user=None, *, viewport: dict = DESKTOP):
        from playwright.sync_api import expect

        from tests import factories

        context = chromium.new_context(base_url=live.url, viewport=viewport, locale="vi-VN",
                                       timezone_id="Asia/Ho_Chi_Minh", accept_downloads=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        if user is not None:
            page.goto("/login")
            page.get_by_label("Tên đăng nhập").fill(user.username)
            page.get_by_label("Mật khẩu").fill(factories.PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
        return page

    yield open_page
    for context in contexts:
        context.close()


# the innermost elements that stick out of the viewport on the right (a page a phone must scroll sideways)
WIDER_THAN_VIEWPORT = """() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const out = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > width + 1);
    const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
                      + (e.getAttribute("class") ? "." + e.getAttribute("class") : "");
    return out.filter(e => !out.some(c => c !== e && e.contains(c))).slice(0, 5)
              .map(e => name(e) + " " + Math.round(e.getBoundingClientRect().right) + "px");
}"""


@pytest.fixture
def shoot() -> Callable:
    """shoot(page, name): full-page screenshots of what the page shows now at desktop and phone widths, into
    tests/browser/screenshots/ (ignored by git), and a check that neither width makes the page scroll sideways.
    The page is put back to the width it had."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name: str) -> None:
        size = page.viewport_size
        for label, viewport in (("1280", DESKTOP), ("390", PHONE)):
            page.set_viewport_size(viewport)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
            wider = page.evaluate(WIDER_THAN_VIEWPORT)
            assert not wider, f"{name}: wider than {viewport['width']} px, scroll sideways: {wider}"
        page.set_viewport_size(size)

    return take


@pytest.fixture(scope="session")
def axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError as missing:
        pytest.fail(f"axe-playwright-python is not installed ({missing}): pip install -r requirements.txt",
                    pytrace=False)
    return Axe()


@pytest.fixture
def accessible(axe) -> Callable:
    """accessible(page): run axe-core on the page as it is; fail on any serious or critical violation, naming
    the rule, its help text and the offending elements."""
    def check(page) -> list[dict]:
        violations = axe.run(page).response["violations"]
        blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
        report = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5]) for v in blocking)
        assert not blocking, f"axe-core on {page.url}:\n{report}"
        return violations

    return check
