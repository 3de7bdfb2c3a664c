"""Quoted passages in later versions of a section: looked for once per
comment and version, exact first and then from where the passage was, and
read by the section page in one query (finding 5)."""
from __future__ import annotations

import random
import time
from html import unescape

import sqlalchemy as sa
from sqlalchemy import event

from drafting.comments import operations
from drafting.comments.anchoring import find_quote, quote_statuses, relocate
from drafting.comments.models import QuotePosition
from drafting.documents.operations import save_section
from drafting.documents.queries import current_version
from drafting.documents.richtext import anchor_text
from drafting.extensions import db
from drafting.workflow.models import RoundState
from tests.messages import fi

WORDS = "kunta yhdistys avustus tila ilta ja sekä hakemus päätös vuosi toiminta jäsen kokous".split()


def long_text(seed: int, paragraphs: int = 60, words: int = 150) -> str:
    """Some 60,000 characters of paragraphs made of a few words, so that any
    passage is near many others like it."""
    pick = random.Random(seed).choice
    return "".join("<p>" + " ".join(pick(WORDS) for _ in range(words)) + ".</p>" for _ in range(paragraphs))


def save(section, user, text: str):
    save_section(section, user, base_number=section.current_number, heading=section.heading, text=text)
    db.session.commit()


def counted(app, function, *args, **kwargs):
    statements = []

    def record(conn, cursor, statement, *rest):
        statements.append(statement)

    event.listen(sa.engine.Engine, "before_cursor_execute", record)
    try:
        return function(*args, **kwargs), statements
    finally:
        event.remove(sa.engine.Engine, "before_cursor_execute", record)


def test_finding_5_ten_long_quotes_in_a_long_text_cost_the_save_and_not_each_page(
        app, browser, town, every_page_drawn):
    """Ten 2,000-character quotes in a 60 KB text made the section page take
    14 s after each change, every time it was drawn."""
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    section = round_.sections[0]
    text = long_text(1)
    save(section, town.coordinator, text)
    words = anchor_text(text)
    quotes = [words[5_000 * i:5_000 * i + 2_000].strip() for i in range(10)]
    for index, quote in enumerate(quotes):
        operations.post_comment(round_, town.eila, text=f"Kommentti {index}", section=section,
                                association_id=town.seniors.id, quote=quote, quote_near=5_000 * index)
    db.session.commit()

    # a paragraph added at the top, and one word changed inside every quoted passage
    changed = "<p>" + " ".join(["uusi"] * 400) + "</p>" + text
    for quote in quotes:
        middle = next(quote[at:at + 60] for at in range(800, 1200, 10) if quote[at:at + 60] in changed)
        changed = changed.replace(middle, middle.replace(" ", " MUUTETTU ", 1), 1)
    started = time.perf_counter()
    save(section, town.coordinator, changed)
    saving = time.perf_counter() - started
    version = current_version(section)
    stored = db.session.scalars(sa.select(QuotePosition).where(
        QuotePosition.section_version_id == version.id)).all()
    assert sorted(position.state for position in stored) == ["changed"] * 10
    assert saving < 2.0

    browser.login(town.matti)
    url = f"/rounds/{round_.id}/sections/{section.id}"
    started = time.perf_counter()
    response, statements = counted(app, browser.get, url)
    drawing = time.perf_counter() - started
    page = unescape(response.get_data(as_text=True))
    assert page.count(fi("The passage now reads:")) == 10
    assert "MUUTETTU" in page
    assert drawing < 1.0
    assert sum("comment_quote_positions" in statement for statement in statements) == 1


def test_finding_5_the_page_reads_the_positions_in_one_query_however_many(app, town):
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    section = round_.sections[0]
    text = long_text(2, paragraphs=6, words=40)
    save(section, town.coordinator, text)
    words = anchor_text(text)
    roots = []
    for index in range(12):
        roots.append(operations.post_comment(round_, town.eila, text=f"K{index}", section=section,
                                             association_id=town.seniors.id,
                                             quote=words[100 * index:100 * index + 40].strip(),
                                             quote_near=100 * index))
    db.session.commit()
    save(section, town.coordinator, "<p>Alkuun.</p>" + text)
    version = current_version(section)
    assert all(root.quote for root in roots) and version.text  # loaded, as the page has them
    few, statements_few = counted(app, quote_statuses, roots[:2], version)
    many, statements_many = counted(app, quote_statuses, roots, version)
    assert len(statements_few) == len(statements_many) == 1
    assert all(status.found for status in many.values())


def test_finding_5_each_version_starts_from_where_the_passage_was_in_the_one_before(town):
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    section = round_.sections[0]
    save(section, town.coordinator, "<p>Avustusten hakuaika päättyy 31.3.2026 kello 16.</p>"
                                    "<p>Tiloja saa käyttää maksutta.</p>")
    moved = operations.post_comment(round_, town.eila, text="a", section=section, association_id=town.seniors.id,
                                    quote="Tiloja saa käyttää maksutta.")
    changing = operations.post_comment(round_, town.eila, text="b", section=section,
                                       association_id=town.seniors.id, quote="hakuaika päättyy 31.3.2026")
    db.session.commit()
    save(section, town.coordinator, "<p>Johdanto ensin.</p><p>Avustusten hakuaika päättyy 30.4.2026 kello 16.</p>"
                                    "<p>Tiloja saa käyttää maksutta.</p>")
    save(section, town.coordinator, "<p>Johdanto ensin.</p><p>Avustusten hakuaika päättyy 15.5.2026 kello 16.</p>")
    save(section, town.coordinator, "<p>Johdanto.</p><p>Tiloja saa käyttää maksutta.</p>")
    rows = db.session.execute(sa.select(QuotePosition.comment_id, QuotePosition.state, QuotePosition.passage)
                              .order_by(QuotePosition.section_version_id, QuotePosition.comment_id)).all()
    assert [(row.comment_id, row.state, row.passage) for row in rows] == [
        (moved.id, "found", None), (changing.id, "changed", "hakuaika päättyy 30.4.2026"),
        (moved.id, "gone", None), (changing.id, "changed", "hakuaika päättyy 15.5.2026"),
        (moved.id, "found", None), (changing.id, "gone", None),
    ]


def test_finding_5_positions_of_older_versions_are_worked_out_when_not_stored(town):
    """Versions made before positions were stored: the page works them out."""
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    section = round_.sections[0]
    save(section, town.coordinator, "<p>Avustusten hakuaika päättyy 31.3.2026 kello 16.</p>")
    comment = operations.post_comment(round_, town.eila, text="b", section=section,
                                      association_id=town.seniors.id, quote="hakuaika päättyy 31.3.2026")
    db.session.commit()
    save(section, town.coordinator, "<p>Ensin.</p><p>Avustusten hakuaika päättyy 30.4.2026 kello 16.</p>")
    db.session.execute(sa.delete(QuotePosition))
    status = quote_statuses([comment], current_version(section))[comment.id]
    assert (status.state, status.passage) == ("changed", "hakuaika päättyy 30.4.2026")


def test_finding_5_relocating_is_bounded_by_the_text_not_the_quote_times_the_text():
    then = anchor_text(long_text(3))
    quote = then[30_000:32_000]
    rewritten = anchor_text(long_text(4))
    edited = then[:1_000] + " uusi" * 300 + then[1_000:30_900] + " MUUTETTU" + then[30_900:]
    for now, state in ((rewritten, "gone"), (edited, "changed"), (then[:500] + then[600:], "found")):
        started = time.perf_counter()
        status = relocate(quote, 30_000, len(quote), then, now)
        assert status.state == state
        assert time.perf_counter() - started < 0.5


def test_the_exact_occurrence_nearest_to_the_selection_is_taken():
    text = "ja kunta ja yhdistys ja kunta ja"
    assert [find_quote(text, "ja", near) for near in (None, 0, 8, 11, 40)] == [0, 0, 9, 9, 30]
    assert find_quote(text, "puuttuu", 3) == -1
