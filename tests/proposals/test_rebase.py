"""Re-basing: a proposal follows the section's changes, and an insertion of
the proposal is never dropped silently."""
from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from drafting.documents.tokens import canonical, parse, serialise, word
from drafting.proposals.rebase import rebase
from tests.documents.test_diffing import WORDS, documents


def words_of(html: str) -> list[str]:
    return [token[1] for token in parse(html) if token[0] == "W"]


def test_a_change_elsewhere_is_kept_with_the_proposal():
    base = "<p>Avustusten hakuaika päättyy maaliskuussa.</p><p>Tiloja saa maksutta.</p>"
    proposal = "<p>Avustusten hakuaika päättyy huhtikuussa.</p><p>Tiloja saa maksutta.</p>"
    current = "<p>Avustusten hakuaika päättyy maaliskuussa.</p><p>Tiloja saa maksutta arkisin.</p>"
    assert rebase(base, proposal, current).text == \
        "<p>Avustusten hakuaika päättyy huhtikuussa.</p><p>Tiloja saa maksutta arkisin.</p>"


def test_a_change_to_the_same_words_is_a_conflict():
    base = "<p>Avustusten hakuaika päättyy maaliskuussa.</p>"
    proposal = "<p>Avustusten hakuaika päättyy huhtikuussa.</p>"
    current = "<p>Avustuksia voi hakea ympäri vuoden sähköisellä lomakkeella.</p>"
    assert rebase(base, proposal, current).conflict


def test_an_unchanged_section_takes_the_proposal_as_it_is():
    assert rebase("<p>a</p>", "<p>b</p>", "<p>a</p>").text == "<p>b</p>"


@st.composite
def concurrent_edits(draw):
    """A text, the proposer's insertions of new words, and someone else's
    changes to the same text."""
    base = draw(documents())
    tokens = parse(base)
    assume(len(tokens) > 3)
    proposal = list(tokens)
    inserted = []
    for index in range(draw(st.integers(1, 3))):
        marker = f"UUSI{index}"
        position = draw(st.integers(1, len(proposal)))
        proposal[position:position] = [word(" "), word(marker), word(" ")]
        inserted.append(marker)
    current = list(tokens)
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(1, len(current) - 1))
        if draw(st.booleans()) and current[position][0] == "W":
            current[position] = word(draw(st.sampled_from(WORDS)), current[position][2])
        else:
            current[position:position] = [word(" "), word(draw(st.sampled_from(WORDS)))]
    return base, canonical(serialise(proposal)), canonical(serialise(current)), inserted


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(concurrent_edits())
def test_a_clean_rebase_keeps_every_insertion_of_the_proposal(case):
    base, proposal, current, inserted = case
    result = rebase(base, proposal, current)
    if result.conflict:
        return
    found = words_of(result.text)
    for marker in inserted:
        assert marker in found
    positions = [found.index(marker) for marker in inserted if marker in found]
    expected_order = [m for m in words_of(proposal) if m in inserted]
    assert [found[p] for p in sorted(positions)] == expected_order
    assert canonical(result.text) == result.text
