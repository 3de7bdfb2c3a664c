"""Property tests of the token form and of tracked changes: the diff of (a, b)
rendered as HTML gives back b on its new side and a on its old side, and
structure (headings, lists, bold, italic, links) survives."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting.documents.diffing import changed_passages, diff, has_changes, render_inline, render_side, sides
from drafting.documents.richtext import sanitise
from drafting.documents.tokens import block, canonical, parse, serialise, word
from tests.messages import fi

GAP_PATTERN = '<p class="diff-gap">'

WORDS = ["kunta", "yhdistys", "avustus", "tila", "ilta", "ja", "sekä", "31.3.2026", "§", "ÄÖå", "x<y", "a&b"]
MARKS = st.sampled_from([(), ("strong",), ("em",), ("strong", "em"), (("a", "https://kunta.fi/a?x=1&y=2"),),
                         (("a", "https://kunta.fi/b"), "strong")])


@st.composite
def documents(draw):
    tokens = []
    depth = 0
    for _ in range(draw(st.integers(0, 7))):
        kind = draw(st.sampled_from(["p", "h3", "h2", "li", "li", "li"]))
        if kind == "li":
            depth = draw(st.integers(1, min(depth + 1, 3)))
            lists = tuple(draw(st.sampled_from(["ul", "ol"])) for _ in range(depth))
            tokens.append(block("li", lists))
        else:
            depth = 0
            tokens.append(block(kind))
        for index in range(draw(st.integers(1, 8))):
            if index:
                tokens.append(word(" ", draw(MARKS)))
            tokens.append(word(draw(st.sampled_from(WORDS + ["\n"])), draw(MARKS)))
    return canonical(serialise(tokens))


@st.composite
def edited(draw, original):
    """A text with some words and blocks changed, as an editor would."""
    tokens = parse(original)
    for _ in range(draw(st.integers(0, 6))):
        action = draw(st.sampled_from(["insert", "delete", "format", "block"]))
        position = draw(st.integers(0, len(tokens)))
        if action == "insert":
            tokens[position:position] = [word(" ", ()), word(draw(st.sampled_from(WORDS)), draw(MARKS))]
        elif action == "delete" and tokens:
            del tokens[min(position, len(tokens) - 1)]
        elif action == "format" and position < len(tokens) and tokens[position][0] == "W":
            tokens[position] = word(tokens[position][1], draw(MARKS))
        elif action == "block":
            tokens[position:position] = [block(draw(st.sampled_from(["p", "h3"])))]
    return canonical(serialise(tokens))


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(documents())
def test_canonical_form_is_stable(html):
    assert canonical(html) == html
    assert parse(serialise(parse(html))) == parse(html)


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("<>/ap lius\"=bemhr23&;k\n")), max_size=120))
def test_any_sanitised_text_has_a_stable_canonical_form(garbage):
    once = canonical(sanitise(garbage))
    assert canonical(once) == once


@SETTINGS
@given(st.data())
def test_the_rendered_diff_gives_back_both_texts(app, data):
    old = data.draw(documents())
    new = data.draw(st.one_of(documents(), edited(old)))
    with app.test_request_context():
        rendered = render_inline(diff(old, new))
        assert sides(rendered) == (old, new)
        assert has_changes(diff(old, new)) == (old != new)


@SETTINGS
@given(st.data())
def test_each_side_shows_its_own_text(app, data):
    old = data.draw(documents())
    new = data.draw(edited(old))
    with app.test_request_context():
        changes = diff(old, new)
        old_side, new_side = render_side(changes, "old"), render_side(changes, "new")
    assert sides(old_side)[0] == old and sides(new_side)[1] == new


class Checker(HTMLParser):
    """Fails on a tag closed out of order; `stack` holds what is left open."""

    VOID = {"br"}

    def __init__(self):
        super().__init__()
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()


def top_level_blocks(html: str) -> list[str]:
    """The top-level elements of a rendered text, as they are written."""
    blocks, depth, start = [], 0, 0
    for match in re.finditer(r"<(/?)([a-z0-9]+)[^>]*>", html):
        closing, tag = match.group(1), match.group(2)
        if tag in Checker.VOID:
            continue
        if not closing:
            if depth == 0:
                start = match.start()
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                blocks.append(html[start:match.end()])
    return blocks


def well_formed(html: str) -> bool:
    checker = Checker()
    checker.feed(html)
    return checker.stack == []


@SETTINGS
@given(html=documents())
def test_rendered_diffs_are_well_formed(app, html):
    other = canonical(html.replace("kunta", "kaupunki").replace("<h3>", "<p>").replace("</h3>", "</p>"))
    with app.test_request_context():
        for rendered in (render_inline(diff(html, other)), render_side(diff(html, other), "old"),
                         render_side(diff(html, other), "new"),
                         changed_passages(render_inline(diff(html, other)))):
            assert well_formed(rendered)


@SETTINGS
@given(data=st.data())
def test_the_changed_passages_keep_every_change_and_nothing_else(app, data):
    old = data.draw(documents())
    new = data.draw(edited(old))
    with app.test_request_context():
        whole = render_inline(diff(old, new))
        passages = changed_passages(whole)
    marks = ("<ins", "<del", "data-diff=")
    for mark in marks:
        assert passages.count(mark) == whole.count(mark)
    blocks = top_level_blocks(passages)
    assert "".join(blocks) == passages
    for kept in blocks:
        assert kept.startswith(GAP_PATTERN) or (kept in whole and any(mark in kept for mark in marks)) \
            or passages == whole


def test_the_changed_passages_leave_out_unchanged_paragraphs(app):
    old = "<p>Yksi kaksi.</p><p>Kolme neljä.</p><ul><li>Viisi</li></ul><p>Kuusi seitsemän.</p>"
    new = "<p>Yksi kaksi.</p><p>Kolme KAHDEKSAN.</p><ul><li>Viisi</li></ul><p>Kuusi seitsemän.</p>"
    with app.test_request_context():
        passages = changed_passages(render_inline(diff(old, new)))
        unchanged = render_inline(diff(old, old))
        assert changed_passages(unchanged) == unchanged
        left_out = fi("Unchanged paragraphs left out")
    assert "KAHDEKSAN" in passages and "Kolme" in passages
    assert "Yksi" not in passages and "Viisi" not in passages and "Kuusi" not in passages
    assert passages.count(left_out) == 2 and well_formed(passages)


def test_a_word_change_is_a_word_change(app):
    with app.test_request_context():
        changes = diff("<p>Hakuaika päättyy maaliskuussa.</p>", "<p>Hakuaika päättyy huhtikuussa.</p>")
    assert [(c.op, "".join(t[1] for t in c.tokens if t[0] == "W")) for c in changes] == [
        ("=", "Hakuaika päättyy "), ("-", "maaliskuussa"), ("+", "huhtikuussa"), ("=", ".")]
