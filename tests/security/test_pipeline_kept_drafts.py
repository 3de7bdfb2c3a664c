"""Finding 7 of issue 12: text kept when a session expired comes only from
this service's own pages. A form that another site makes the browser send
neither logs the person out nor comes back as their own text, while text
written on our page when the session expired is still kept for them."""
from __future__ import annotations

import pytest

from drafting.workflow.models import RoundState
from tests.conftest import PASSWORD, Browser
from tests.messages import fi

PLANTED = "Kunta lakkauttaa kaikki avustukset"
EVIL = {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site", "Referer": "https://evil.example/x"}
SIBLING = {"Origin": "http://sibling.localhost", "Sec-Fetch-Site": "same-site"}
OURS = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}


def _edit_page(round_):
    section = round_.sections[0]
    return f"/rounds/{round_.id}/sections/{section.id}/edit"


def _as_a_browser_sends_it_from_elsewhere(browser: Browser, app, url: str, data: dict, headers: dict):
    """A form that a page of another site sends: the browser leaves out the
    `SameSite=Lax` session cookie and keeps whatever cookie the answer sets."""
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = browser.client.get_cookie(name)
    browser.client.delete_cookie(name)
    response = browser.post_without_token(url, data, headers=headers)
    if browser.client.get_cookie(name) is None and cookie is not None:
        browser.client.set_cookie(name, cookie.value)
    return response


def test_finding_7_a_cross_site_form_neither_logs_out_nor_plants_text(app, browser, town):
    round_ = town.round(RoundState.WISHES)
    edit = _edit_page(round_)
    browser.login(town.coordinator)
    response = _as_a_browser_sends_it_from_elsewhere(browser, app, edit, {"text": PLANTED, "heading": "X"}, EVIL)
    assert "Set-Cookie" not in response.headers or app.config["SESSION_COOKIE_NAME"] + "=" \
        not in response.headers.get("Set-Cookie", "")
    # still logged in, and nothing is waiting in the editor
    assert browser.get("/settings").status_code == 200
    assert PLANTED not in browser.text(edit)
    # nor after logging in again
    browser.post("/logout")
    browser.login(town.coordinator)
    page = browser.text(edit)
    assert PLANTED not in page
    assert fi("Your unsent text was kept for you: check it and save it.") not in page


def test_finding_7_a_form_from_another_host_of_the_same_site_plants_nothing(app, browser, town):
    """The session cookie goes along (same site), the CSRF token does not."""
    round_ = town.round(RoundState.WISHES)
    edit = _edit_page(round_)
    browser.login(town.coordinator)
    response = browser.post_without_token(edit, {"text": PLANTED, "heading": "X"}, headers=SIBLING)
    assert response.status_code == 400
    assert PLANTED not in browser.text(edit)
    assert browser.get("/settings").status_code == 200


@pytest.mark.parametrize("headers", [{}, {"Origin": "null"}, {"Referer": "https://evil.example/x"},
                                     {"Sec-Fetch-Site": "cross-site", "Referer": "http://localhost/x"}])
def test_finding_7_without_proof_of_our_page_nothing_is_kept(app, town, headers):
    round_ = town.round(RoundState.WISHES)
    edit = _edit_page(round_)
    browser = Browser(app.test_client())
    response = browser.post_without_token(edit, {"text": PLANTED, "heading": "X"}, headers=headers)
    assert response.status_code in (302, 400)
    browser.login(town.coordinator)
    assert PLANTED not in browser.text(edit)


@pytest.mark.parametrize("headers", [OURS, {"Sec-Fetch-Site": "same-origin"}, {"Origin": "http://localhost"}])
def test_finding_7_text_written_on_our_page_when_the_session_expired_is_kept(app, town, headers):
    round_ = town.round(RoundState.WISHES)
    edit = _edit_page(round_)
    browser = Browser(app.test_client())
    written = "Huolellisesti kirjoitettu uusi teksti"
    response = browser.post_without_token(edit, {"text": written, "heading": "Johdanto"},
                                          headers={**headers, "Referer": f"http://localhost{edit}"})
    assert response.status_code == 302 and "/login" in response.location
    login = browser.post(response.location, {"email": town.coordinator.email, "password": PASSWORD},
                         token_from=response.location)
    assert login.location == edit
    page = browser.text(edit)
    assert written in page
    assert fi("Your unsent text was kept for you: check it and save it.") in page


def test_finding_7_text_sent_from_our_page_after_the_idle_timeout_is_kept(app, town):
    round_ = town.round(RoundState.WISHES)
    edit = _edit_page(round_)
    browser = Browser(app.test_client())
    browser.login(town.coordinator)
    token = browser.csrf_token(edit)
    with browser.client.session_transaction() as session:
        session["seen"] = session["seen"] - app.config["INACTIVITY_TIMEOUT_SECONDS"] - 1
    written = "Teksti, joka kirjoitettiin ennen aikakatkaisua"
    response = browser.post_without_token(edit, {"csrf_token": token, "text": written, "heading": "Johdanto"},
                                          headers={**OURS, "Referer": f"http://localhost{edit}"})
    assert response.status_code == 302 and "/login" in response.location
    browser.post(response.location, {"email": town.coordinator.email, "password": PASSWORD},
                 token_from=response.location)
    assert written in browser.text(edit)


def test_finding_7_an_idle_session_is_not_ended_by_a_form_from_elsewhere(app, town):
    """A browser that sends the cookie along anyway: the idle session's text
    from another site is not kept, and the answer sets no session cookie."""
    round_ = town.round(RoundState.WISHES)
    edit = _edit_page(round_)
    browser = Browser(app.test_client())
    browser.login(town.coordinator)
    assert browser.get("/settings").status_code == 200
    with browser.client.session_transaction() as session:
        session["seen"] = session["seen"] - app.config["INACTIVITY_TIMEOUT_SECONDS"] - 1
    response = browser.post_without_token(edit, {"text": PLANTED, "heading": "X"}, headers=EVIL)
    assert app.config["SESSION_COOKIE_NAME"] + "=" not in response.headers.get("Set-Cookie", "")
    if browser.get("/settings").status_code == 302:
        browser.login(town.coordinator)
    assert PLANTED not in browser.text(edit)


def test_finding_7_a_proxy_passing_another_host_still_lets_people_log_in(app, town):
    """Behind a proxy the application may be asked for another host than the
    browser's: the public address counts as ours, and the browser's own
    Sec-Fetch-Site decides where it is sent."""
    browser = Browser(app.test_client())
    saved = app.config.get("PUBLIC_BASE_URL")
    app.config["PUBLIC_BASE_URL"] = "https://ohje.kunta.example.fi"
    try:
        for headers in ({"Origin": "https://ohje.kunta.example.fi"},
                        {"Origin": "https://ohje.kunta.example.fi", "Sec-Fetch-Site": "same-origin"}):
            response = browser.post("/login", {"email": town.coordinator.email, "password": PASSWORD},
                                    token_from="/login", headers=headers)
            assert response.status_code == 302
            assert browser.get("/settings").status_code == 200
            browser.post("/logout")
    finally:
        app.config["PUBLIC_BASE_URL"] = saved
