"""Finding 7 of issue 12 in a real browser: an auto-submitting form on
another site neither logs the coordinator out nor plants text in their
editor, while text written on our own page when the session expired is
kept for them, as Chromium tells where each form came from."""
from __future__ import annotations

import html
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from drafting.workflow.models import RoundState
from tests.conftest import PASSWORD

PLANTED = "Kunta lakkauttaa kaikki avustukset"


@pytest.fixture
def hostile_site():
    """A page on another site (localhost, while the service is on 127.0.0.1)
    whose form sends itself as soon as it is opened."""
    target = {}

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            body = (f'<!doctype html><form method="post" action="{html.escape(target["action"])}">'
                    f'<input name="heading" value="Johdanto"><textarea name="text">{PLANTED}</textarea></form>'
                    "<script>document.forms[0].submit()</script>").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadingHTTPServer(("127.0.0.1", port), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield target, f"http://localhost:{port}/"
    server.shutdown()


def test_finding_7_an_auto_submitting_form_elsewhere_changes_nothing(people, live_server, town, hostile_site):
    target, address = hostile_site
    round_ = town.round(RoundState.WISHES)
    edit = f"/rounds/{round_.id}/sections/{round_.sections[0].id}/edit"
    target["action"] = live_server + edit
    coordinator = people()
    coordinator.login(town.coordinator.email, PASSWORD)
    page = coordinator.page
    page.goto(address)
    page.wait_for_url(f"{live_server}/**")
    page.goto(live_server + edit)
    assert page.url == live_server + edit  # still logged in
    assert PLANTED not in page.content()
    page.goto(live_server + "/")
    page.locator("header").get_by_role("button", name="Kirjaudu ulos").click()
    coordinator.login(town.coordinator.email, PASSWORD)
    page.goto(live_server + edit)
    assert PLANTED not in page.content()


def test_finding_7_text_written_here_when_the_session_expired_is_kept(people, live_server, town):
    round_ = town.round(RoundState.WISHES)
    edit = f"/rounds/{round_.id}/sections/{round_.sections[0].id}/edit"
    coordinator = people()
    coordinator.login(town.coordinator.email, PASSWORD)
    page = coordinator.page
    page.goto(live_server + edit)
    written = "Teksti, joka kirjoitettiin istunnon vanhetessa"
    editor = page.locator("[contenteditable=true]").first
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(written)
    coordinator.context.clear_cookies()  # the session expired while writing
    page.locator("main form").first.evaluate("form => form.submit()")
    page.wait_for_url("**/login**")
    page.get_by_label("Sähköpostiosoite").fill(town.coordinator.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_url(live_server + edit)
    assert written in page.locator("textarea[name=text]").input_value()
    assert written in page.locator("[contenteditable=true]").first.inner_text()
