"""Every piece of tracked changes a page shows is well-formed HTML, whatever
line separators the texts hold (finding 6): positions in a text are counted
as the HTML parser counts them, and stored texts hold no separator but "\\n"."""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting.documents.diffing import _TopLevelBlocks, changed_passages, diff, render_inline, render_side
from drafting.documents.operations import save_section
from drafting.documents.richtext import sanitise
from drafting.documents.tokens import block, canonical, link_address, serialise, word
from drafting.extensions import db
from drafting.proposals import operations as proposals
from drafting.workflow.models import RoundState

# Where str.splitlines breaks a line and the HTML parser does not.
SEPARATORS = ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\r", "\r\n"]
VOID = {"br", "hr", "img", "wbr"}


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        if "<" in data:
            self.problems.append(f"a stray '<' in {data!r}")


def assert_well_formed(html: str) -> None:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert not checker.problems, (checker.problems, html)
    assert not checker.stack, (checker.stack, html)
    assert not checker.rawdata, html


def test_finding_6_a_link_full_of_line_separators_stays_inside_its_paragraph(browser, town):
    """A link whose address held U+2028 × 187 and a line feed shifted every
    later slice of the proposal list, so the link was never closed and the
    rest of the section page became that link."""
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    section = round_.sections[1]
    paragraphs = [f"<p>Kappale {i} pysyy ennallaan.</p>" for i in range(6)]
    save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading,
                 text="".join(paragraphs))
    db.session.commit()
    evil = ('<p>Kappale 0 <a href="https://evil.example/' + "\u2028" * 187 + '\n">linkki</a> muuttuu.</p>')
    proposal = proposals.propose(section, town.eila, association_id=town.sports.id,
                                 text=evil + "".join(paragraphs[1:5]) + "<p>Kappale 5 muuttuu myös.</p>",
                                 rationale="Syy")
    db.session.commit()
    assert "\u2028" not in proposal.current_text and "\n" not in proposal.current_text
    browser.login(town.eila)
    page = browser.text(f"/rounds/{round_.id}/sections/{section.id}")
    link = page.index('href="https://evil.example/')
    assert page.index("</a>", link) < page.index("</p>", link)
    assert "Kappale 5" in page[page.index("</a>", link):]


def test_finding_6_offsets_agree_with_the_parser_in_texts_stored_before():
    """A text stored before addresses were cleaned still holds separators:
    each slice still starts and ends at a tag."""
    for separator in SEPARATORS:
        address = "https://evil.example/" + separator * 50 + "\n" + separator
        html = (f'<p>a <a href="{address}">linkki</a> <ins>b</ins></p><p>sama</p><p>sama 2</p>'
                f'<p class="{separator}\n"><del>c</del></p>')
        blocks = _TopLevelBlocks(html).spans
        assert [html[start:end][:3] for start, end in blocks] == ["<p>", "<p>", "<p>", "<p "]
        for start, end in blocks:
            assert_well_formed(html[start:end])
        assert_well_formed(changed_passages(html))


def test_finding_6_stored_addresses_hold_no_line_separator():
    for separator in SEPARATORS:
        kept = "" if separator in ("\r", "\r\n") else quote(separator)
        assert link_address(f" https://a.fi/{separator}x\t\n ") == f"https://a.fi/{kept}x"
        stored = canonical(sanitise(f'<p><a href="https://a.fi/{separator}x">a</a></p>'))
        assert not any(s in stored for s in SEPARATORS + ["\n"])


ALPHABET = st.sampled_from(["kunta", "ja", " ", "§", "x<y", "a&b", "\n", *SEPARATORS])
TEXT = st.lists(ALPHABET, min_size=1, max_size=6).map("".join)
ADDRESS = st.lists(st.sampled_from(["https://a.fi/", "x", "\n", "\"", ">", *SEPARATORS]),
                   min_size=1, max_size=8).map("".join)
MARKS = st.one_of(st.just(()), st.just(("strong",)), st.just(("em",)),
                  ADDRESS.map(lambda href: (("a", href),)), ADDRESS.map(lambda href: (("a", href), "em")))


@st.composite
def documents(draw):
    """Texts as the editor or an old version may have stored them: any
    words and addresses, separators included."""
    tokens = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["p", "h3", "li"]))
        tokens.append(block(kind, ("ul",) if kind == "li" else ()))
        for _ in range(draw(st.integers(1, 5))):
            tokens.append(word(draw(TEXT), draw(MARKS)))
    return serialise(tokens)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_finding_6_every_rendered_fragment_is_well_formed(app, data):
    old = data.draw(documents())
    new = data.draw(documents())
    if data.draw(st.booleans()):
        old, new = canonical(sanitise(old)), canonical(sanitise(new))
    with app.test_request_context():
        changes = diff(old, new)
        inline = render_inline(changes)
        for html in (inline, render_side(changes, "old"), render_side(changes, "new"), changed_passages(inline)):
            assert_well_formed(html)
        for start, end in _TopLevelBlocks(inline).spans:
            assert_well_formed(inline[start:end])

