"""The January revision: dates and years in the carried-over text that lie in
the past, listed for the coordinator to check."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..core import local_today
from ..documents.queries import sections_with_text
from ..documents.richtext import plain_text

_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d])")
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d])")
_YEAR = re.compile(r"(?<![\d.,/€-])((?:19|20)\d{2})(?![\d])")


@dataclass(frozen=True)
class StaleMention:
    phrase: str
    context: str


def reference_date(round_year: int) -> date:
    """Dates before this are past for a round: today, or the start of the
    round's year if the round is drafted ahead of time."""
    return max(local_today(), date(round_year, 1, 1))


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right == -1 else right
    left = max(left, start - width)
    right = min(right, end + width)
    snippet = text[left:right].strip()
    return ("…" if left > 0 and text[left - 1] != "\n" else "") + snippet + (
        "…" if right < len(text) and text[right] != "\n" else ""
    )


def stale_mentions(html: str, reference: date) -> list[StaleMention]:
    """Dates before `reference` and years before its year, in order of appearance."""
    text = plain_text(html)
    found: list[tuple[int, StaleMention]] = []
    taken: list[range] = []
    for pattern, to_date in ((_DATE, lambda d, m, y: (y, m, d)), (_ISO_DATE, lambda y, m, d: (y, m, d))):
        for match in pattern.finditer(text):
            try:
                when = date(*map(int, to_date(*match.groups())))
            except ValueError:
                continue
            taken.append(range(match.start(), match.end()))
            if when < reference:
                found.append(
                    (match.start(), StaleMention(match.group(0), _context(text, match.start(), match.end())))
                )
    for match in _YEAR.finditer(text):
        if any(match.start() in span for span in taken):
            continue
        if int(match.group(1)) < reference.year:
            found.append(
                (match.start(), StaleMention(match.group(0), _context(text, match.start(), match.end())))
            )
    return [mention for _, mention in sorted(found, key=lambda item: item[0])]


def stale_mentions_in_round(round_) -> list[tuple[object, list[StaleMention]]]:
    """For each section of the round with past dates or years: the mentions."""
    reference = reference_date(round_.year)
    result: list[tuple[object, list[StaleMention]]] = []
    for section, version in sections_with_text(round_):
        if version is None:
            continue
        mentions = stale_mentions(version.text, reference)
        if mentions:
            result.append((section, mentions))
    return result
