"""The worst cases of the text limits, timed in one run:

  a. the sanitiser on the largest text the limits allow, at the nesting and
     the tag limits, and on the probe's inputs (refused at once); beside it
     nh3 alone and bleach (the sanitiser used before) on the same properly
     nested text, when bleach is installed;
  b. a section page with the most quoted comments a page shows, each quoting
     the longest passage allowed of the longest text allowed, drawn for the
     next person after each change of the text (the page store switched off,
     and the text changed before every draw): the save that works out where
     the passages went, and the draw.

    .venv/bin/python bench/bounds_text.py [--database-url URL] [--comments 100] [--runs 5]

Without --database-url a temporary SQLite database is used. Each figure is
the median of the runs; the goal is under one second, or refused at once.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import nh3
import sqlalchemy as sa

from drafting import create_app
from drafting.associations.models import Association, Membership
from drafting.auth.models import StaffRole, StaffRoleKind, User
from drafting.auth.passwords import hash_password
from drafting.comments import operations as comments
from drafting.comments.models import QuotePosition
from drafting.comments.operations import MAX_QUOTE_LENGTH, MAX_RAW_LENGTH
from drafting.comments.queries import PAGE_SIZE
from drafting.documents import richtext
from drafting.documents.operations import save_section
from drafting.documents.queries import current_version
from drafting.extensions import db
from drafting.municipalities.operations import create_municipality
from drafting.workflow import operations as workflow
from drafting.workflow.models import RoundState

PASSWORD = "penkki-salasana-2026"
WORDS = "kunta yhdistys avustus tila ilta ja sekä hakemus päätös vuosi toiminta jäsen kokous".split()
LIMIT = richtext.MAX_TEXT_LENGTH


def _filled(unit: str, limit: int = LIMIT, elements: int | None = None) -> str:
    """`unit` repeated up to the length limit (and the tag limit), padded with words."""
    per_unit = unit.count("<") - unit.count("</")
    count = limit // len(unit)
    if elements is not None and per_unit:
        count = min(count, elements // per_unit)
    text = unit * count
    return text + "w" * (limit - len(text))


def sanitiser_inputs() -> list[tuple[str, str, str]]:
    half = richtext.MAX_DEPTH // 2
    levels = (richtext.MAX_DEPTH - 4) // 2
    deep = ("<ul><li>" * levels + '<p><strong><em><a href="https://kunta.fi/">x</a></em></strong></p>'
            + "</li></ul>" * levels)
    head = "<p>" + "".join(f'<b title="{n}">' for n in range(18)) + "x</p>"
    return [
        ("section", "nesting at the limit, tags at the limit", _filled(deep, elements=richtext.MAX_ELEMENTS)),
        ("section", "bold words, tags at the limit", _filled("<b>sana</b> ", elements=richtext.MAX_ELEMENTS)),
        ("section", "links, tags at the limit",
         _filled('<a href="https://kunta.fi/tilat?a=1&amp;b=2">tilat</a> ', elements=richtext.MAX_ELEMENTS)),
        ("section", "formatting left open, tags at the limit",
         _filled(head + "<p>y</p>" * 200, elements=richtext.MAX_ELEMENTS)),
        ("section", "plain paragraphs", _filled("<p>" + " ".join(WORDS) + ".</p>")),
        ("section", "probe: <ul><li> x 8000 (64 KB)", "<ul><li>" * 8000),
        ("section", "<ul><li> to 200 KB", "<ul><li>" * 25_000),
        ("section", "nesting one past the limit", _filled("<ul><li>" * (half + 1) + "x" + "</li></ul>" * (half + 1))),
        ("section", "one tag past the limit", "<p>x</p>" * (richtext.MAX_ELEMENTS + 1)),
        ("comment", "addresses and bold, tags at the limit",
         _filled("<p>katso www.kunta.fi/tilat <b>nyt</b></p>", MAX_RAW_LENGTH, richtext.MAX_ELEMENTS)),
        ("comment", "plain text with addresses", _filled("katso https://kunta.fi/a ja kunta.fi\n", MAX_RAW_LENGTH)),
        ("comment", "<ul><li> to 60 KB", "<ul><li>" * 7_500),
    ]


def _time(function, text: str, runs: int) -> tuple[float, str]:
    times, outcome = [], ""
    for _ in range(runs):
        started = time.perf_counter()
        try:
            function(text)
            outcome = "kept"
        except richtext.MarkupRefused:
            outcome = "refused"
        times.append(time.perf_counter() - started)
    return statistics.median(times), outcome


def _bleach():
    try:
        import bleach
        from bleach.linkifier import LinkifyFilter
    except ImportError:
        return None
    from functools import partial

    def keep_link(tag, name, value):
        return name == "href" and value.strip().lower().startswith(("http://", "https://", "mailto:"))

    def rel(attrs, new=False):
        attrs[(None, "rel")] = "nofollow noopener"
        return attrs

    common = dict(attributes={"a": keep_link}, protocols={"http", "https", "mailto"}, strip=True,
                  strip_comments=True)
    return {
        "section": bleach.Cleaner(tags=richtext.ALLOWED_TAGS | {"b", "i"}, **common).clean,
        "comment": bleach.Cleaner(tags=richtext.COMMENT_TAGS | {"b", "i"},
                                  filters=[partial(LinkifyFilter, callbacks=[rel])], **common).clean,
    }


def bench_sanitiser(runs: int) -> None:
    print(f"a. Sanitiser (limits: {LIMIT:,} characters of a section, {MAX_RAW_LENGTH:,} of a comment, "
          f"nesting {richtext.MAX_DEPTH}, {richtext.MAX_ELEMENTS:,} tags); median of {runs}")
    bleach = _bleach()
    print(f"   {'input':44} {'kind':8} {'length':>8} {'outcome':>8} {'sanitise':>9} {'nh3 only':>9} "
          f"{'bleach':>9}")
    for kind, name, text in sanitiser_inputs():
        sanitise = richtext.sanitise if kind == "section" else richtext.sanitise_comment
        seconds, outcome = _time(sanitise, text, runs)
        nested = bleached = "-"
        if outcome == "kept":
            tags = richtext._SECTION_TAGS if kind == "section" else richtext._COMMENT_TAGS
            balanced = richtext._balance(text if kind == "section" else richtext._comment_html(text), tags,
                                         linkify=kind == "comment")
            nested = f"{_time(nh3.clean, balanced, runs)[0]:.3f} s"
            if bleach is not None:
                bleached = f"{_time(bleach[kind], balanced, runs)[0]:.3f} s"
        print(f"   {name:44} {kind:8} {len(text):8,} {outcome:>8} {seconds:7.3f} s {nested:>9} {bleached:>9}")


def _world(comments_count: int):
    """A section of the longest text allowed, and `comments_count` comments
    each quoting the longest passage allowed of it, from different places."""
    municipality = create_municipality(slug="rajat", name_fi="Rajakunta")
    coordinator = User(email="k@rajat.fi", name="Koordinaattori", password_hash=hash_password(PASSWORD))
    reader = User(email="e@rajat.fi", name="Edustaja", password_hash=hash_password(PASSWORD))
    db.session.add_all([coordinator, reader])
    db.session.flush()
    db.session.add(StaffRole(user_id=coordinator.id, municipality_id=municipality.id,
                             kind=StaffRoleKind.COORDINATOR))
    association = Association(municipality_id=municipality.id, name="Yhdistys ry")
    db.session.add(association)
    db.session.flush()
    db.session.add(Membership(user_id=reader.id, association_id=association.id))
    db.session.commit()
    round_ = workflow.open_round_from_outline(municipality.guideline, coordinator,
                                              outline_key="document_model", year=2026)
    db.session.commit()
    section = round_.sections[0]
    pick = random.Random(12).choice
    paragraphs, length = [], 0
    while True:
        paragraph = "<p>" + " ".join(pick(WORDS) for _ in range(150)) + ".</p>"
        if length + len(paragraph) > LIMIT - 2_000:
            break
        paragraphs.append(paragraph)
        length += len(paragraph)
    text = "".join(paragraphs)
    save_section(section, coordinator, base_number=section.current_number, heading=section.heading, text=text)
    round_.state = RoundState.ASSOCIATION_EVENING
    db.session.commit()
    words = richtext.anchor_text(current_version(section).text)
    step = max(1, (len(words) - MAX_QUOTE_LENGTH) // comments_count)
    for index in range(comments_count):
        start = index * step
        quote = " ".join(words[start:start + MAX_QUOTE_LENGTH].split()[1:-1])
        comments.post_comment(round_, reader, text=f"<p>Kommentti {index}.</p>", section=section,
                              association_id=association.id, quote=quote, quote_near=start)
    db.session.commit()
    return round_.id, section.id, coordinator.id


def _changed(text: str, run: int) -> str:
    """The text of the first version with a paragraph more at the top and a
    word changed in every stretch of 500 characters, different in each run."""
    out, position = [f"<p>Muutos {run}: " + " ".join(["uusi"] * 100) + "</p>"], 0
    while position < len(text):
        chunk = text[position:position + 500]
        out.append(chunk.replace(" ja ", f" ja{run} ", 1))
        position += 500
    return "".join(out)


def bench_section_page(database_url: str | None, comments_count: int, runs: int) -> None:
    workdir = tempfile.mkdtemp(prefix="bounds-text-")
    url = database_url or f"sqlite:///{workdir}/bench.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "TESTING": True,
                      "SECRET_KEY": "rajat-penkki-" + "x" * 40, "PIECE_CACHE_ENABLED": False,
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.drop_all()
        db.create_all()
        round_id, section_id, coordinator_id = _world(comments_count)
        from drafting.documents.models import Section

        base_text = current_version(db.session.get(Section, section_id)).text
    client = app.test_client()
    response = client.post("/login", data={"email": "e@rajat.fi", "password": PASSWORD})
    assert response.status_code in (302, 303), response.status_code
    page_url = f"/rounds/{round_id}/sections/{section_id}"
    assert client.get(page_url).status_code == 200  # the templates compiled once, as in a running server
    saves, draws, states = [], [], {}
    for run in range(runs):
        with app.app_context():
            section = db.session.get(Section, section_id)
            coordinator = db.session.get(User, coordinator_id)
            text = _changed(base_text, run)
            started = time.perf_counter()
            save_section(section, coordinator, base_number=section.current_number, heading=section.heading,
                         text=text)
            db.session.commit()
            saves.append(time.perf_counter() - started)
            version_id = current_version(section).id
            states = dict(db.session.execute(
                sa.select(QuotePosition.state, sa.func.count()).where(
                    QuotePosition.section_version_id == version_id).group_by(QuotePosition.state)).all())
            length = len(text)
        started = time.perf_counter()
        response = client.get(page_url)
        draws.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    shown = min(PAGE_SIZE, comments_count)
    print(f"\nb. Section page after a change of its text: {length:,} characters, {comments_count} comments each "
          f"quoting {MAX_QUOTE_LENGTH:,} characters ({shown} on the page); median of {runs} changes")
    print(f"   where the passages went, after the last change: {states}")
    print(f"   save (works out and stores every passage's place): {statistics.median(saves):.3f} s "
          f"(max {max(saves):.3f} s)")
    print(f"   page drawn for the next person:                    {statistics.median(draws):.3f} s "
          f"(max {max(draws):.3f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--comments", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "TESTING": True, "SECRET_KEY": "x" * 48})
    with app.test_request_context():
        bench_sanitiser(args.runs)
    bench_section_page(args.database_url, args.comments, args.runs)


if __name__ == "__main__":
    main()
