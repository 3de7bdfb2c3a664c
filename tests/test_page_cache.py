"""Pieces of pages drawn once for everyone who sees them alike: used while
the revisions of what they show are unchanged, never across what staff and
associations see, and never with anyone's token in them."""
from __future__ import annotations

import socket
import subprocess
import time
from html import unescape

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from drafting.associations import operations as associations
from drafting.comments import operations as comments
from drafting.comments.models import Comment
from drafting.extensions import db
from drafting.workflow.models import RoundState
from tests.conftest import Browser, served
from tests.messages import fi

S = RoundState




def section_url(round_) -> str:
    return f"/rounds/{round_.id}/sections/{round_.sections[0].id}"


def looked_at(app, browser, person, url: str) -> str:
    """Log in and look at the page once (the login's message is shown on the
    first page); the second look draws and stores it."""
    browser.login(person)
    browser.get(url)
    return browser.text(url)


@pytest.fixture
def redis_url(tmp_path):
    """A real Redis server of the test's own on a free port, keeping nothing on disk."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_servers_sharing_redis_share_the_stored_pieces(app, database_url, redis_url, town, make):
    from drafting import create_app

    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": app.config["SECRET_KEY"],
              "MAIL_SERVER": None, "RATE_LIMITS_ENABLED": False, "CACHE_TYPE": "RedisCache",
              "CACHE_REDIS_URL": redis_url}
    first, second = create_app(config), create_app(config)
    round_ = town.round(S.ASSOCIATION_EVENING)
    comments.post_comment(round_, town.matti, text="Yhteinen pala", section=round_.sections[0],
                          association_id=town.village.id)
    db.session.commit()
    url = section_url(round_)
    first.config["PIECE_CACHE_ENABLED"] = False
    (drawn_page, drawn), = readers_drawing(first, town, url, make.representative(town.municipality, town.village))
    first.config["PIECE_CACHE_ENABLED"] = True
    readers_drawing(first, town, url, make.representative(town.municipality, town.village))
    (page, with_pieces), = readers_drawing(second, town, url, make.representative(town.municipality, town.village))
    assert with_pieces < drawn and threads_of(page) == threads_of(drawn_page)

    other = Browser(second.test_client())
    other.login(town.matti)
    assert other.post(f"{url}/comments", {"association_id": str(town.village.id),
                                          "text": "Toisen palvelimen kautta"}).status_code == 302
    assert "Toisen palvelimen kautta" in readers_drawing(first, town, url, town.eila)[0][0]
    for application in (first, second):
        with application.app_context():
            db.engine.dispose()


def threads_of(page: str) -> str:
    start = page.index('<div class="thread">')
    return page[start:page.index("</section>", start)]


def test_the_threads_drawn_for_one_reader_serve_the_next(app, browser, other_browser, town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    for n in range(3):
        comments.post_comment(round_, town.eila, text=f"Kommentti {n}", section=round_.sections[0],
                              association_id=town.seniors.id)
    db.session.commit()
    url = section_url(round_)
    browser.login(town.eila)
    first, drawing = served(browser, url)
    other_browser.login(town.matti)
    second, drawing_with_stored_threads = served(other_browser, url)
    assert drawing_with_stored_threads < drawing
    assert threads_of(first.get_data(as_text=True)) == threads_of(second.get_data(as_text=True))
    assert "Kommentti 2" in threads_of(second.get_data(as_text=True))


def test_threads_stored_for_associations_never_reach_staff_or_back(app, browser, other_browser, town):
    round_ = town.round(S.WELFARE_REVIEW)
    comments.post_comment(round_, town.welfare, text="SALAINEN HUOMIO", section=round_.sections[0])
    db.session.commit()
    town.make.advance(round_, town.coordinator, S.ASSOCIATION_EVENING)
    comments.post_comment(round_, town.eila, text="Julkinen kommentti", section=round_.sections[0],
                          association_id=town.seniors.id)
    db.session.commit()
    url = section_url(round_)
    for_associations = looked_at(app, browser, town.eila, url)
    assert "Julkinen kommentti" in for_associations and "SALAINEN HUOMIO" not in for_associations
    for_staff = looked_at(app, other_browser, town.welfare, url)
    assert "Julkinen kommentti" in for_staff and "SALAINEN HUOMIO" in for_staff
    assert "SALAINEN HUOMIO" not in Browser(app.test_client()).get(url).get_data(as_text=True)


def readers_drawing(app, town, url: str, *people) -> list[tuple[str, int]]:
    """Each person logs in and looks at the page: what they see and how many
    queries drawing it took (with the pieces kept for others)."""
    seen = []
    for person in people:
        reader = Browser(app.test_client())
        reader.login(person)
        response, queries = served(reader, url)
        seen.append((response.get_data(as_text=True), queries))
    return seen


def test_a_comment_on_another_section_leaves_this_sections_pieces_in_store(app, town, make):
    round_ = town.round(S.ASSOCIATION_EVENING)
    here, elsewhere = round_.sections[0], round_.sections[1]
    comments.post_comment(round_, town.matti, text="Täällä", section=here, association_id=town.village.id)
    db.session.commit()
    url = section_url(round_)
    people = [make.representative(town.municipality, town.village) for _ in range(3)]
    (_page, drawn), = readers_drawing(app, town, url, people[0])
    comments.post_comment(round_, town.matti, text="Muualla", section=elsewhere, association_id=town.village.id)
    db.session.commit()
    (page, with_pieces), = readers_drawing(app, town, url, people[1])
    assert with_pieces < drawn and "Täällä" in page
    comments.post_comment(round_, town.matti, text="Täälläkin", section=here, association_id=town.village.id)
    db.session.commit()
    (page, queries), = readers_drawing(app, town, url, people[2])
    assert "Täälläkin" in page and queries == drawn


def test_a_renamed_association_is_shown_in_every_stored_piece(app, town, make):
    round_ = town.round(S.ASSOCIATION_EVENING)
    comments.post_comment(round_, town.matti, text="Nimi näkyy", section=round_.sections[0],
                          association_id=town.village.id)
    db.session.commit()
    url = section_url(round_)
    first, second = (make.representative(town.municipality, town.village) for _ in range(2))
    assert "Kyläyhdistys ry — Matti Mäkinen" in readers_drawing(app, town, url, first)[0][0]
    associations.update_register_entry(town.village, town.coordinator, associations.RegisterEntry(
        name="Kylän Yhdistys ry", register_number=None, active=True))
    db.session.commit()
    page = readers_drawing(app, town, url, second)[0][0]
    assert "Kylän Yhdistys ry — Matti Mäkinen" in page and "Kyläyhdistys ry — Matti" not in page


def test_a_new_text_of_the_section_redraws_its_quotes(app, town, make):
    from drafting.documents.operations import save_section

    round_ = town.round(S.ASSOCIATION_EVENING)
    section = round_.sections[0]
    save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading,
                 text="<p>Tiloja saa käyttää maksutta.</p>")
    db.session.commit()
    comments.post_comment(round_, town.matti, text="Hyvä", section=section, association_id=town.village.id,
                          quote="Tiloja saa käyttää maksutta.")
    db.session.commit()
    url = section_url(round_)
    first, second = (make.representative(town.municipality, town.village) for _ in range(2))
    gone = fi("This passage is no longer in the text.")
    assert gone not in unescape(readers_drawing(app, town, url, first)[0][0])
    save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading,
                 text="<p>Tilat ovat maksullisia.</p>")
    db.session.commit()
    assert gone in unescape(readers_drawing(app, town, url, second)[0][0])


def test_a_text_saved_while_a_comment_on_it_arrives_saves_both(app, town):
    """The section's text is saved (its row held) while a comment on the
    section arrives: the revisions are counted at commit in one order, so
    neither waits for the other in a circle and both are saved."""
    import threading

    from drafting.auth.models import User
    from drafting.documents.models import Section
    from drafting.documents.operations import save_section

    round_ = town.round(S.ASSOCIATION_EVENING)
    section_id, coordinator_id, matti_id, village_id = (round_.sections[0].id, town.coordinator.id,
                                                       town.matti.id, town.village.id)
    db.session.commit()
    saving = {}

    def held_row(conn, cursor, statement, *args):
        if threading.get_ident() == saving.get("thread") and statement.startswith("UPDATE sections SET current_number"):
            time.sleep(0.6)

    def save():
        saving["thread"] = threading.get_ident()
        with app.app_context():
            section = db.session.get(Section, section_id)
            save_section(section, db.session.get(User, coordinator_id), base_number=section.current_number,
                         heading=section.heading, text="<p>Uusi teksti.</p>")
            db.session.commit()

    def comment():
        time.sleep(0.2)
        with app.app_context():
            section = db.session.get(Section, section_id)
            comments.post_comment(section.round, db.session.get(User, matti_id), text="Samaan aikaan",
                                  section=section, association_id=village_id)
            db.session.commit()

    failures = []

    def run(work):
        try:
            work()
        except Exception as error:
            failures.append(repr(error))

    event.listen(db.engine, "after_cursor_execute", held_row)
    try:
        threads = [threading.Thread(target=run, args=(work,)) for work in (save, comment)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        event.remove(db.engine, "after_cursor_execute", held_row)
    assert failures == []
    db.session.expire_all()
    assert db.session.scalar(sa.select(Comment.text).where(Comment.section_id == section_id)) == "<p>Samaan aikaan</p>"
    assert db.session.get(Section, section_id).current_number == 2


def test_a_page_that_shows_a_message_of_its_own_gets_no_etag(app, browser, town, monkeypatch):
    from flask import flash

    from drafting.comments import panels

    round_ = town.round(S.ASSOCIATION_EVENING)
    url = section_url(round_)
    looked_at(app, browser, town.eila, url)
    drawing = panels.discussion_context

    def with_a_message(*args, **kwargs):
        flash("Viesti vain tälle kerralle", "info")
        return drawing(*args, **kwargs)

    monkeypatch.setattr(panels, "discussion_context", with_a_message)
    shown = browser.get(url)
    assert "Viesti vain tälle kerralle" in shown.get_data(as_text=True) and shown.get_etag() == (None, None)
    monkeypatch.setattr(panels, "discussion_context", drawing)
    page = browser.get(url)
    assert "Viesti vain tälle kerralle" not in page.get_data(as_text=True) and page.get_etag()[0]


def test_the_steps_of_the_round_are_drawn_once_and_follow_every_change(app, town, make):
    round_ = town.round(S.ASSOCIATION_EVENING)
    comments.post_comment(round_, town.matti, text="Ensimmäinen vailla vastausta", section=round_.sections[0],
                          association_id=town.village.id)
    db.session.commit()
    url = f"/rounds/{round_.id}"
    first, second, third = (make.representative(town.municipality, town.village) for _ in range(3))
    (page, drawn), (again, with_steps_stored) = readers_drawing(app, town, url, first, second)
    assert with_steps_stored < drawn
    assert "Ensimmäinen vailla vastausta" in again
    comments.post_comment(round_, town.matti, text="Toinen vailla vastausta", section=round_.sections[1],
                          association_id=town.village.id)
    db.session.commit()
    assert "Toinen vailla vastausta" in readers_drawing(app, town, url, third)[0][0]


@pytest.fixture
def own_redis(redis_url):
    """A Redis server of this test's own (no other run on the machine empties it)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


def test_finding_16_junk_in_the_query_adds_nothing_to_the_store(app, database_url, redis_url, own_redis, town):
    """500 addresses that differ only in their query leave the store as it
    was: pieces are kept under the revisions they show, never an address."""
    from drafting import create_app

    served_by = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                            "SECRET_KEY": app.config["SECRET_KEY"], "MAIL_SERVER": None,
                            "RATE_LIMITS_ENABLED": False, "CACHE_TYPE": "RedisCache",
                            "CACHE_REDIS_URL": redis_url})
    round_ = town.round(S.ASSOCIATION_EVENING)
    browser = Browser(served_by.test_client())
    url = section_url(round_)
    looked_at(served_by, browser, town.eila, url)
    for paged in (url, f"/rounds/{round_.id}/comments", f"/rounds/{round_.id}/summary"):
        browser.get(paged)
        browser.get(paged + "?page=2")
    stored = own_redis.dbsize()
    assert stored and not own_redis.keys("drafting:page:*")
    junk = [f"?utm_source={n}" for n in range(200)] + [f"?page={n}" for n in range(1000, 1100)] + \
        [f"?page=0{n}" for n in range(100)] + [f"?page=2&x={n}" for n in range(50)] + \
        [f"?page={n}%00" for n in range(50)]
    assert len(set(junk)) == 500
    for query in junk:
        assert browser.get(url + query).status_code == 200
    assert own_redis.dbsize() == stored
    with served_by.app_context():
        db.engine.dispose()
