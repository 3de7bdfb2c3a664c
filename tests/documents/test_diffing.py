"""Property tests of the token form and of tracked changes: the diff of (a, b)
rendered as HTML gives back b on its new side and a on its old side, and
structure (headings, lists, bold, italic, links) survives."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from drafting.documents.diffing import diff, has_changes, render_inline, render_side, sides
from drafting.documents.richtext import sanitise
from drafting.documents.tokens import block, canonical, parse, serialise, word

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


@SETTINGS
@given(html=documents())
def test_rendered_diffs_are_well_formed(app, html):
    from html.parser import HTMLParser

    class Checker(HTMLParser):
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

    other = canonical(html.replace("kunta", "kaupunki").replace("<h3>", "<p>").replace("</h3>", "</p>"))
    with app.test_request_context():
        for rendered in (render_inline(diff(html, other)), render_side(diff(html, other), "old"),
                         render_side(diff(html, other), "new")):
            checker = Checker()
            checker.feed(rendered)
            assert checker.stack == []


def test_a_word_change_is_a_word_change(app):
    with app.test_request_context():
        changes = diff("<p>Hakuaika päättyy maaliskuussa.</p>", "<p>Hakuaika päättyy huhtikuussa.</p>")
    assert [(c.op, "".join(t[1] for t in c.tokens if t[0] == "W")) for c in changes] == [
        ("=", "Hakuaika päättyy "), ("-", "maaliskuussa"), ("+", "huhtikuussa"), ("=", ".")]
