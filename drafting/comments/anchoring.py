"""Where a quoted passage is in a section's text, then and now.

A comment may quote a passage of the version it was written on. When the text
changes, the passage is looked for in the new text: found as it was, found
changed (diff-match-patch's fuzzy `match_main`), or no longer in the text."""
from __future__ import annotations

from dataclasses import dataclass

from diff_match_patch import diff_match_patch

from ..documents.richtext import anchor_text


def normalise_quote(quote: str) -> str:
    return " ".join((quote or "").split())


def find_quote(text: str, quote: str, near: int | None = None) -> int:
    """The position of an exact occurrence of `quote` in `text` nearest to
    `near` (where the reader selected it), or -1."""
    positions = []
    start = text.find(quote)
    while start != -1:
        positions.append(start)
        start = text.find(quote, start + 1)
    if not positions:
        return -1
    if near is None:
        return positions[0]
    return min(positions, key=lambda p: abs(p - near))


@dataclass(frozen=True)
class QuoteStatus:
    state: str  # "found", "changed" or "gone"
    passage: str | None  # the passage as it reads in the current text

    @property
    def found(self) -> bool:
        return self.state == "found"

    @property
    def gone(self) -> bool:
        return self.state == "gone"


def _matcher(text_length: int) -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Match_MaxBits = 0  # Python's integers carry patterns of any length
    dmp.Match_Distance = max(1000, text_length)
    dmp.Match_Threshold = 0.4
    return dmp


def relocate(quote: str, quote_start: int, current_html: str | None) -> QuoteStatus:
    """The quoted passage in the current text of the section."""
    text = anchor_text(current_html or "")
    if not text:
        return QuoteStatus("gone", None)
    exact = find_quote(text, quote, quote_start)
    if exact != -1:
        return QuoteStatus("found", quote)
    location = _matcher(len(text)).match_main(text, quote, min(quote_start, len(text)))
    if location == -1:
        return QuoteStatus("gone", None)
    return QuoteStatus("changed", text[location:location + len(quote)])
