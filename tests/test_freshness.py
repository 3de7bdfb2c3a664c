"""Conditional GET (issue 13, item 5): a page the browser holds is answered
with 304 while nothing it depends on has changed, only to the same person in
the same session and language, and a form on a page shown again still makes
one record per submission."""
from __future__ import annotations

import re
import time
from html import unescape

import pytest
import sqlalchemy as sa

from drafting.auth import operations as auth
from drafting.auth.models import Language
from drafting.comments import operations as comments
from drafting.comments.models import Comment
from drafting.extensions import db
from drafting.workflow.models import RoundState
from tests.conftest import Browser, served
from tests.messages import fi

S = RoundState
SUBMISSION = re.compile(r'name="submission_token" type="hidden" value="(\w+)"')
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def section_url(round_) -> str:
    return f"/rounds/{round_.id}/sections/{round_.sections[0].id}"


def shown(browser, person, url: str):
    """Log in and look at the page (the login's message is shown on the
    first look); the second look is the page as the browser keeps it."""
    browser.login(person)
    browser.get(url)
    response = browser.get(url)
    assert response.status_code == 200
    return response


def again(browser, url: str, etag: str):
    return served(browser, url, headers={"If-None-Match": f'"{etag}"'})


def comment_texts() -> list[str]:
    db.session.expire_all()
    return sorted(db.session.scalars(sa.select(Comment.text)))


def test_the_same_person_gets_304_in_one_query_while_nothing_changed(app, browser, town):
    url = section_url(town.round(S.ASSOCIATION_EVENING))
    page = shown(browser, town.eila, url)
    etag = page.get_etag()[0]
    assert etag and page.headers["Cache-Control"] == "private, no-cache" and "Cookie" not in page.vary
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    response, queries = again(browser, url, etag)
    assert response.status_code == 304 and queries == 1 and response.data == b""
    assert response.get_etag()[0] == etag and response.headers["Cache-Control"] == "private, no-cache"


def test_a_change_in_what_the_page_shows_draws_it_again(app, browser, town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    url = section_url(round_)
    etag = shown(browser, town.eila, url).get_etag()[0]
    comments.post_comment(round_, town.matti, text="Mattin uusi kommentti", section=round_.sections[0],
                          association_id=town.village.id)
    db.session.commit()
    response, queries = again(browser, url, etag)
    assert response.status_code == 200 and "Mattin uusi kommentti" in response.get_data(as_text=True)
    assert response.get_etag()[0] != etag and queries > 1


def test_an_etag_older_than_page_fresh_seconds_draws_the_page_again(app, browser, town, monkeypatch):
    url = section_url(town.round(S.ASSOCIATION_EVENING))
    monkeypatch.setitem(app.config, "PAGE_FRESH_SECONDS", 3)
    etag = shown(browser, town.eila, url).get_etag()[0]
    assert again(browser, url, etag)[0].status_code == 304
    time.sleep(3.1)
    response, _queries = again(browser, url, etag)
    assert response.status_code == 200 and response.get_etag()[0] != etag


def test_the_etag_of_one_person_is_no_use_to_another(app, browser, other_browser, town):
    url = section_url(town.round(S.ASSOCIATION_EVENING))
    etag = shown(browser, town.eila, url).get_etag()[0]
    other_browser.login(town.matti)
    other_browser.get(url)
    response, _queries = again(other_browser, url, etag)
    assert response.status_code == 200 and response.get_etag()[0] != etag


def test_another_language_gives_another_etag(app, browser, town):
    url = section_url(town.round(S.ASSOCIATION_EVENING))
    etag = shown(browser, town.eila, url).get_etag()[0]
    town.eila.language = Language.SV
    db.session.commit()
    response, _queries = again(browser, url, etag)
    assert response.status_code == 200 and response.get_etag()[0] != etag
    assert '<html lang="sv">' in response.get_data(as_text=True)


def logged_out_elsewhere(app, town):
    elsewhere = Browser(app.test_client())
    elsewhere.login(town.eila)
    elsewhere.post("/logout")  # logging out ends every session of the person


def deactivated(app, town):
    town.eila.active = False
    db.session.commit()


def idle(app, town, browser):
    with browser.client.session_transaction() as session:
        session["seen"] = int(time.time()) - app.config["INACTIVITY_TIMEOUT_SECONDS"] - 5


@pytest.mark.parametrize("end", [logged_out_elsewhere, deactivated, idle])
def test_an_ended_session_gets_no_304_and_no_page(app, browser, town, end):
    url = section_url(town.round(S.ASSOCIATION_EVENING))
    etag = shown(browser, town.eila, url).get_etag()[0]
    end(app, town, *([browser] if end is idle else []))
    response, _queries = again(browser, url, etag)
    assert response.status_code == 302 and "/login" in response.location


def test_a_person_whose_access_was_removed_gets_no_304_and_no_page(app, browser, town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    comments.post_comment(round_, town.matti, text="Julkinen kommentti", section=round_.sections[0],
                          association_id=town.village.id)
    db.session.commit()
    url = section_url(round_)
    assert "Julkinen kommentti" in shown(browser, town.eila, url).get_data(as_text=True)
    etag = browser.get(url).get_etag()[0]
    auth.remove_access(town.coordinator, town.eila, town.municipality.id)
    db.session.commit()
    response, _queries = again(browser, url, etag)
    assert response.status_code == 403 and "Julkinen" not in response.get_data(as_text=True)


def test_a_page_that_shows_a_message_has_no_etag(app, browser, town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    url = section_url(round_)
    shown(browser, town.eila, url)
    sent = browser.post(f"{url}/comments", {"association_id": str(town.seniors.id), "text": "Viesti"},
                        follow_redirects=True)
    assert 'class="message message--success"' in sent.get_data(as_text=True)
    assert sent.get_etag() == (None, None) and sent.headers["Cache-Control"] == "no-store"
    assert browser.get(url).get_etag()[0]


def post_from(browser, url: str, page: str, text: str, town):
    return browser.post_without_token(f"{url}/comments", {
        "csrf_token": CSRF.search(page).group(1), "submission_token": SUBMISSION.search(page).group(1),
        "association_id": str(town.seniors.id), "text": text})


def test_two_tabs_of_a_page_shown_again_each_save_their_comment(app, browser, town):
    url = section_url(town.round(S.ASSOCIATION_EVENING))
    first = shown(browser, town.eila, url)
    second_tab, _queries = again(browser, url, first.get_etag()[0])
    assert second_tab.status_code == 304  # the browser shows its copy: the same tokens in both tabs
    page = first.get_data(as_text=True)
    assert post_from(browser, url, page, "Ensimmäinen välilehti", town).status_code == 302
    assert post_from(browser, url, page, "Toinen välilehti", town).status_code == 302
    assert comment_texts() == ["<p>Ensimmäinen välilehti</p>", "<p>Toinen välilehti</p>"]


def test_a_form_sent_again_after_back_makes_one_record(app, browser, town):
    url = section_url(town.round(S.ASSOCIATION_EVENING))
    page = shown(browser, town.eila, url).get_data(as_text=True)
    first = post_from(browser, url, page, "Sama kommentti", town)
    # Back shows the same page again, and the same form is sent again (or the POST is reloaded)
    resent = post_from(browser, url, page, "Sama kommentti", town)
    assert first.status_code == resent.status_code == 302 and resent.location == first.location
    assert comment_texts() == ["<p>Sama kommentti</p>"]
    assert fi("This was already saved; it was not saved twice.") in unescape(browser.text(resent.location))


@pytest.mark.parametrize("url", ["/m/testikunta/guideline", "/m/testikunta/guideline.docx"])
def test_visitor_pages_are_public_with_an_etag(app, town, url):
    round_ = town.round(S.ASSOCIATION_EVENING)
    town.make.advance(round_, town.coordinator, S.APPROVED)
    visitor, another = Browser(app.test_client()), Browser(app.test_client())
    first = visitor.get(url, headers={"Accept-Language": "fi"})
    etag = first.get_etag()[0]
    assert first.status_code == 200 and etag
    assert first.headers["Cache-Control"] == f"public, max-age={app.config['PAGE_FRESH_SECONDS']}"
    assert {"Cookie", "Accept-Language"} <= set(first.vary) and "Set-Cookie" not in first.headers
    response, queries = served(another, url, headers={"Accept-Language": "fi", "If-None-Match": f'"{etag}"'})
    assert response.status_code == 304 and queries == 1
    in_swedish = another.get(url, headers={"Accept-Language": "sv", "If-None-Match": f'"{etag}"'})
    assert in_swedish.status_code == 200 and in_swedish.get_etag()[0] != etag


def test_a_signed_in_person_gets_the_guideline_as_a_private_page(app, browser, town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    town.make.advance(round_, town.coordinator, S.APPROVED)
    page = shown(browser, town.eila, "/m/testikunta/guideline")
    assert page.headers["Cache-Control"] == "private, no-cache"


def test_a_visitor_changes_language_from_a_page_without_a_token(app, town):
    visitor = Browser(app.test_client())
    response = visitor.post_without_token("/language", {"language": "sv", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="sv">' in visitor.text("/")


def test_a_signed_in_person_changes_language_only_with_the_token(app, browser, town):
    browser.login(town.eila)
    assert browser.post_without_token("/language", {"language": "sv", "next": "/"}).status_code == 400
    db.session.refresh(town.eila)
    assert town.eila.language != Language.SV
    assert browser.post("/language", {"language": "sv", "next": "/"}).status_code == 302
    db.session.refresh(town.eila)
    assert town.eila.language == Language.SV


def test_a_visitor_page_that_holds_a_token_is_never_public(app, town, monkeypatch):
    """A page drawn for a visitor is public only while it carries nothing of
    the visitor's own session (here a CSRF token made while it is drawn)."""
    from flask import g
    from flask_wtf.csrf import generate_csrf

    from drafting.public import views

    round_ = town.round(S.ASSOCIATION_EVENING)
    town.make.advance(round_, town.coordinator, S.APPROVED)
    drawing = views._render

    def with_a_token(*args, **kwargs):
        generate_csrf()
        assert "csrf_token" in g
        return drawing(*args, **kwargs)

    monkeypatch.setattr(views, "_render", with_a_token)
    page = Browser(app.test_client()).get("/m/testikunta/guideline")
    assert page.status_code == 200 and page.get_etag() == (None, None)
    assert page.headers["Cache-Control"] == "no-store"


def test_one_token_with_two_texts_makes_two_records_and_the_same_text_one(app, browser, town):
    """The submission is the token and what was sent: a page drawn once and
    shown in two places makes a record of each text written on it, and the
    same text sent again makes none."""
    url = section_url(town.round(S.ASSOCIATION_EVENING))
    page = shown(browser, town.eila, url).get_data(as_text=True)
    for text in ("Yksi", "Kaksi", "Yksi", "Kaksi"):
        assert post_from(browser, url, page, text, town).status_code == 302
    assert comment_texts() == ["<p>Kaksi</p>", "<p>Yksi</p>"]
