"""Comments as people see them: on section pages, threads, the summary and
its downloads; internal remarks, hidden comments, moved quotes, hostile text."""
from __future__ import annotations

import csv
import io
from html import unescape

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from drafting.comments import operations
from drafting.comments.models import Comment, Disposition
from drafting.documents.operations import save_section
from drafting.extensions import db
from drafting.workflow.models import RoundState
from tests.messages import fi

S = RoundState


def text_of(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_a_representative_comments_on_a_quoted_passage_through_the_page(browser, town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    section = round_.sections[0]
    save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading,
                 text="<p>Kunta tukee yhdistyksiä avustuksin.</p><p>Tiloja saa käyttää maksutta.</p>")
    db.session.commit()
    browser.login(town.eila)
    url = f"/rounds/{round_.id}/sections/{section.id}"
    page = text_of(browser.get(url))
    assert 'data-quote-source' in page and fi("Quote the selection") in page
    assert "Eläkeläiset ry" in page and "Urheiluseura ry" in page
    response = browser.post(f"{url}/comments", {
        "association_id": str(town.sports.id), "quote": "Tiloja saa  käyttää\nmaksutta.", "quote_near": "40",
        "text": "Myös viikonloppuisin, kiitos!"})
    assert response.status_code == 302
    comment = db.session.scalars(sa.select(Comment)).one()
    assert comment.quote == "Tiloja saa käyttää maksutta."
    assert comment.section_version_id == section.versions[-1].id
    page = text_of(browser.get(url))
    assert "Urheiluseura ry — Eila Edustaja" in page and "Myös viikonloppuisin, kiitos!" in page


def test_a_quote_that_is_not_in_the_text_is_refused_and_the_comment_kept_in_the_form(browser, town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    section = round_.sections[0]
    browser.login(town.eila)
    response = browser.post(f"/rounds/{round_.id}/sections/{section.id}/comments", {
        "association_id": str(town.seniors.id), "quote": "Tätä ei ole tekstissä", "text": "Tärkeä huomio"})
    assert response.status_code == 422
    page = text_of(response)
    assert fi("The quoted passage is not in the section's current text. Select the passage in the text again.") in page
    assert "Tärkeä huomio" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0


def test_the_quote_follows_the_text_and_says_when_it_is_gone(browser, town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    section = round_.sections[0]
    save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading,
                 text="<p>Avustusten hakuaika päättyy 31.3.2026 kello 16.</p>")
    comment = operations.post_comment(round_, town.eila, text="Liian aikaisin", section=section,
                                      association_id=town.seniors.id, quote="hakuaika päättyy 31.3.2026")
    db.session.commit()
    browser.login(town.matti)
    thread = f"/rounds/{round_.id}/comments/{comment.id}"
    assert fi("The passage now reads:") not in text_of(browser.get(thread))

    save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading,
                 text="<p>Johdanto ensin.</p><p>Avustusten hakuaika päättyy 30.4.2026 kello 16.</p>")
    db.session.commit()
    page = text_of(browser.get(thread))
    assert fi("The passage now reads:") in page and "hakuaika päättyy 30.4.2026" in page

    save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading,
                 text="<p>Aivan toinen teksti tiloista ja yhteistyöstä.</p>")
    db.session.commit()
    page = text_of(browser.get(thread))
    assert fi("This passage is no longer in the text.") in page
    assert "hakuaika päättyy 31.3.2026" in page  # what the comment was about is still shown


def test_internal_remarks_never_reach_associations_or_the_public(browser, other_browser, town, app):
    round_ = town.round(S.WELFARE_REVIEW)
    section = round_.sections[0]
    remark = operations.post_comment(round_, town.welfare, text="SALAINEN HUOMIO", section=section)
    db.session.commit()
    town.make.advance(round_, town.coordinator, S.ASSOCIATION_EVENING)
    operations.post_comment(round_, town.eila, text="Julkinen kommentti", section=section,
                            association_id=town.seniors.id)
    db.session.commit()

    other_browser.login(town.welfare)
    assert "SALAINEN HUOMIO" in other_browser.text(f"/rounds/{round_.id}/sections/{section.id}")
    assert fi("Internal: staff only") in text_of(other_browser.get(f"/rounds/{round_.id}/sections/{section.id}"))

    browser.login(town.eila)
    for url in (f"/rounds/{round_.id}/sections/{section.id}", f"/rounds/{round_.id}/summary",
                f"/rounds/{round_.id}/summary.csv"):
        body = browser.get(url).get_data(as_text=True)
        assert "SALAINEN HUOMIO" not in body and "Julkinen kommentti" in body
    assert browser.get(f"/rounds/{round_.id}/comments/{remark.id}").status_code == 404

    operations.respond(db.session.scalars(sa.select(Comment).where(Comment.internal.is_(False))).one(),
                       town.coordinator, disposition=Disposition.NOTED)
    db.session.commit()
    town.make.advance(round_, town.coordinator, S.APPROVED)
    anonymous = app.test_client()
    summary = anonymous.get(f"/rounds/{round_.id}/summary").get_data(as_text=True)
    assert "Julkinen kommentti" in summary and "SALAINEN HUOMIO" not in summary
    assert "SALAINEN HUOMIO" not in anonymous.get(f"/rounds/{round_.id}/summary.csv").get_data(as_text=True)


def test_the_summary_of_an_open_round_needs_a_login(app, town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    response = app.test_client().get(f"/rounds/{round_.id}/summary")
    assert response.status_code == 302 and "/login" in response.location


def test_readers_see_the_hidden_marker_and_staff_the_text(browser, other_browser, town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    comment = operations.post_comment(round_, town.eila, text="Asiaton teksti", association_id=town.seniors.id)
    db.session.commit()
    other_browser.login(town.coordinator)
    response = other_browser.post(f"/rounds/{round_.id}/comments/{comment.id}/hide", {"hide-reason": "Henkilöön käyvä"})
    assert response.status_code == 302
    browser.login(town.matti)
    page = text_of(browser.get(f"/rounds/{round_.id}/comments"))
    assert fi("Hidden by the coordinator: %(reason)s", reason="Henkilöön käyvä") in page
    assert "Asiaton teksti" not in page
    staff_page = text_of(other_browser.get(f"/rounds/{round_.id}/comments"))
    assert "Asiaton teksti" in staff_page and fi("Show the hidden text (staff only)") in staff_page
    response = browser.post(f"/rounds/{round_.id}/comments/{comment.id}/replies",
                            {"reply-association_id": str(town.village.id), "reply-text": "Vastaus"},
                            follow_redirects=True)
    assert fi("A hidden comment cannot be replied to.") in text_of(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 1


def test_an_edited_comment_is_marked_and_its_history_shown(browser, town):
    round_ = town.round(S.WISHES)
    browser.login(town.eila)
    response = browser.post(f"/rounds/{round_.id}/comments", {"association_id": str(town.seniors.id),
                                                              "text": "Alkuperäinen toive"})
    comment = db.session.scalars(sa.select(Comment)).one()
    assert response.location == f"/rounds/{round_.id}/comments/{comment.id}"
    browser.post(f"/rounds/{round_.id}/comments/{comment.id}/edit", {"text": "Tarkennettu toive"})
    page = text_of(browser.get(f"/rounds/{round_.id}/comments/{comment.id}"))
    assert "Tarkennettu toive" in page and fi("edited") in page
    history = text_of(browser.get(f"/rounds/{round_.id}/comments/{comment.id}/history"))
    assert "Alkuperäinen toive" in history and "Tarkennettu toive" in history


def test_the_coordinator_responds_through_the_page(browser, town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    comment = operations.post_comment(round_, town.eila, text="Lisätkää", association_id=town.seniors.id)
    db.session.commit()
    browser.login(town.coordinator)
    url = f"/rounds/{round_.id}/comments/{comment.id}/response"
    response = browser.post(url, {"response-disposition": "not_taken_into_account", "response-text": "  "})
    assert response.status_code == 422
    assert fi("Give the reason why the comment was not taken into account.") in text_of(response)
    assert operations.current_response(comment) is None
    response = browser.post(url, {"response-disposition": "not_taken_into_account",
                                  "response-text": "Ei kuulu tähän ohjeeseen"})
    assert response.status_code == 302
    page = text_of(browser.get(f"/rounds/{round_.id}/comments/{comment.id}"))
    assert fi("Not taken into account") in page and "Ei kuulu tähän ohjeeseen" in page


XSS = [
    '<script>alert("x")</script>',
    '<img src=x onerror=alert(1)>',
    '<p><a href="javascript:alert(1)">klik</a></p>',
    '<p><a href="data:text/html,<script>alert(1)</script>">d</a></p>',
    '<svg onload=alert(1)>',
    '"><script>alert(1)</script>',
    '<p onmouseover="alert(1)">x</p>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<p><a href=" jAvAsCrIpT:alert(1)">x</a></p>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
]


@pytest.mark.parametrize("payload", XSS)
def test_hostile_comment_text_comes_out_inert(browser, town, payload):
    round_ = town.round(S.ASSOCIATION_EVENING)
    browser.login(town.eila)
    browser.post(f"/rounds/{round_.id}/comments", {"association_id": str(town.seniors.id),
                                                   "text": payload + " teksti"})
    stored = db.session.scalars(sa.select(Comment)).one().text
    page = browser.get(f"/rounds/{round_.id}/comments").get_data(as_text=True)
    for html in (stored, page.split('<main id="content"')[1].split("</main>")[0]):
        for tag, attributes in elements(html):
            assert tag not in {"script", "img", "svg", "iframe", "math", "style", "object", "embed"}
            for name, value in attributes:
                assert not name.startswith("on")
                if name == "href":
                    assert value.startswith(("https://", "http://", "mailto:", "/", "?", "#"))


def elements(html: str) -> list[tuple[str, list]]:
    """The tags a browser would build from the HTML, with their attributes."""
    from html.parser import HTMLParser

    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


def test_links_in_comments_are_nofollow_noopener(town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    comment = operations.post_comment(round_, town.eila, text="Katso https://kunta.example.fi/tilat",
                                      association_id=town.seniors.id)
    assert '<a href="https://kunta.example.fi/tilat" rel="nofollow noopener">' in comment.text


def test_the_summary_and_its_downloads(browser, town):
    round_ = town.round(S.WISHES)
    wish = operations.post_comment(round_, town.eila, text="=HYPERLINK(\"http://evil\")", section=round_.sections[0],
                                   association_id=town.seniors.id)
    operations.post_comment(round_, town.matti, text="@SUM(1+1) ja +358 40 123", association_id=town.village.id)
    operations.reply(wish, town.matti, text="-2+3", association_id=town.village.id)
    operations.respond(wish, town.coordinator, disposition=Disposition.NOT_TAKEN_INTO_ACCOUNT, text="=1+1 syy")
    db.session.commit()
    browser.login(town.coordinator)
    page = text_of(browser.get(f"/rounds/{round_.id}/summary"))
    assert fi("Of the %(registry)s associations in the registry, %(reached)s were reached and %(took_part)s took "
              "part; %(silent)s were reached but did not take part, and %(not_reached)s could not be reached.",
              registry=3, reached=3, took_part=2, silent=1, not_reached=0) in page
    assert 'role="img"' in page and "<title id=\"chart-title\">" in page
    assert fi("Without a response") in page

    response = browser.get(f"/rounds/{round_.id}/summary.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 4
    texts = [row[10] for row in rows[1:]]
    # the whole document first, then the sections in order, replies after what they answer
    assert texts == ["'@SUM(1+1) ja +358 40 123", "'=HYPERLINK(\"http://evil\")", "'-2+3"]
    assert rows[2][12] == "'=1+1 syy" and rows[2][11] == fi("Not taken into account")
    assert rows[3][1] == str(wish.id)

    workbook = load_workbook(io.BytesIO(browser.get(f"/rounds/{round_.id}/summary.xlsx").data))
    sheet = workbook.active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][10] == fi("Text") and len(values) == 4
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
            assert not str(cell.value or "").startswith(("=", "+", "-", "@"))


def count_queries(app, action) -> int:
    from sqlalchemy import event

    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = action()
        assert response.status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def fill(town, round_, section, count: int) -> None:
    for n in range(count):
        author, association = (town.eila, town.seniors) if n % 2 else (town.matti, town.village)
        comment = operations.post_comment(round_, author, text=f"Kommentti {n}", section=section,
                                          association_id=association.id)
        operations.reply(comment, town.coordinator, text=f"Vastaus {n}")
        if n % 3 == 0:
            operations.respond(comment, town.coordinator, disposition=Disposition.NOTED)
    db.session.commit()


def test_the_section_page_query_count_does_not_grow_with_comments(app, browser, town, every_page_drawn):
    round_ = town.round(S.ASSOCIATION_EVENING)
    section = round_.sections[0]
    url = f"/rounds/{round_.id}/sections/{section.id}"
    browser.login(town.coordinator)
    fill(town, round_, section, 3)
    few = count_queries(app, lambda: browser.get(url))
    fill(town, round_, section, 60)
    many = count_queries(app, lambda: browser.get(url))
    second_page = count_queries(app, lambda: browser.get(url + "?page=3"))
    assert many == few == second_page
    assert few <= 15  # the freshness check's one query (on the application's pool) included
    page = browser.text(url)
    assert "Kommentti 21<" in page and "Vastaus 21<" in page and "Kommentti 22<" not in page


def test_a_resident_without_an_account_cannot_comment(app, town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    client = app.test_client()
    response = client.post(f"/rounds/{round_.id}/comments", data={"text": "Kuntalaisen mielipide"})
    assert response.status_code in (302, 400)
    assert client.get(f"/rounds/{round_.id}/comments").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0


def test_a_representative_of_another_municipality_sees_nothing(browser, town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    comment = operations.post_comment(round_, town.eila, text="Oma asia", association_id=town.seniors.id)
    db.session.commit()
    browser.login(town.stranger)
    assert browser.get(f"/rounds/{round_.id}/comments").status_code == 403
    assert browser.get(f"/rounds/{round_.id}/comments/{comment.id}").status_code == 403
    response = browser.post(f"/rounds/{round_.id}/comments", {"association_id": str(town.seniors.id), "text": "x"})
    assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 1


def test_text_written_when_the_session_expired_is_offered_back_after_login(app, town):
    from tests.conftest import PASSWORD, Browser

    round_ = town.round(S.ASSOCIATION_EVENING)
    section = round_.sections[0]
    page = f"/rounds/{round_.id}/sections/{section.id}"
    browser = Browser(app.test_client())
    # the session has expired: no login, no valid form token
    response = browser.post_without_token(f"{page}/comments", {"association_id": str(town.seniors.id),
                                                                "text": "Pitkä ja huolellinen kommentti"},
                                          headers={"Referer": f"http://localhost{page}"})
    assert response.status_code == 302 and "/login" in response.location
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0
    login = browser.post(response.location, {"email": town.eila.email, "password": PASSWORD},
                         token_from=response.location)
    assert login.location == page
    form = text_of(browser.get(page))
    assert "Pitkä ja huolellinen kommentti" in form
    assert fi("Your unsent text was kept for you: check it and send it.") in form
    assert "Pitkä ja huolellinen kommentti" not in text_of(browser.get(page))  # offered once
