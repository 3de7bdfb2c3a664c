"""The application served for real on localhost and driven with Debian's
headless Chromium through Playwright; axe-core checks every page visited, and
so does the check that nothing carrying `hidden` is visible."""
from __future__ import annotations

import shutil
import socket
import threading

import pytest
from werkzeug.serving import make_server

from tests.browser.visibility import assert_nothing_hidden_shows

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def live_server(app):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    assert shutil.which("chromium") or shutil.os.path.exists(CHROMIUM), \
        "Debian's chromium package is needed for the browser tests"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Person:
    """One person's browser: their own cookies, their own page."""

    def __init__(self, browser, base_url: str, axe_log: list, **context_options):
        self.context = browser.new_context(base_url=base_url, locale="fi-FI", **context_options)
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.axe_log = axe_log

    def goto(self, path: str):
        self.page.goto(path)
        self.check()
        return self.page

    def check(self) -> None:
        """axe-core on the page as it is now: no violation at levels A and AA,
        and nothing carrying the `hidden` attribute is visible."""
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
        ]
        self.axe_log.append(self.page.url)
        assert violations == [], f"{self.page.url}: {violations}"
        assert_nothing_hidden_shows(self.page)
        assert self.errors == [], self.errors

    def login(self, email: str, password: str) -> None:
        self.goto("/login")
        self.page.get_by_label("Sähköpostiosoite").fill(email)
        self.page.get_by_label("Salasana").fill(password)
        self.page.locator("main").get_by_role("button", name="Kirjaudu sisään").click()
        self.page.wait_for_url("**/")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def people(chromium, live_server):
    created: list[Person] = []
    axe_log: list[str] = []

    def person(**options) -> Person:
        created.append(Person(chromium, live_server, axe_log, **options))
        return created[-1]

    person.axe_log = axe_log
    yield person
    for one in created:
        one.close()

