"""The January revision: what in the carried-over text may have gone out of
date, listed with its context for the coordinator to confirm or update.

- dates with a year (31.12.2026, 2026-12-31) and years alone that lie in the past;
- day-month dates without a year (31.12., 15.1.): recurring deadlines, which
  are how grant deadlines are usually written and which move from year to year;
- month and weekday phrases (tammikuussa, maaliskuun loppuun mennessä,
  i slutet av mars, perjantaisin), in Finnish and Swedish."""
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
_DAY_MONTH = re.compile(r"(?<![\d.,/])(\d{1,2})\.(\d{1,2})\.(?!\d)")
_CHAPTER_WORD = re.compile(r"(?:luku|luvussa|luvun|kohta|kohdassa|kohdan|kappale|kap\.|§)\s*$", re.IGNORECASE)
_FI_MONTH = r"(?:tammi|helmi|maalis|huhti|touko|kesä|heinä|elo|syys|loka|marras|joulu)kuu\w*"
_SV_MONTH = r"(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december)"
_FI_WEEKDAY = r"(?:maanantai|tiistai|keskiviiko|keskiviikko|torstai|perjantai|lauantai|sunnuntai)\w*"
_SV_WEEKDAY = r"(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)\w*"
_PHRASE = re.compile(
    rf"(?:(?:i\s+(?:början|slutet|mitten)\s+av\s+)?\b{_SV_MONTH}\b"
    rf"|\b{_FI_MONTH}(?:\s+(?:(?:loppuun|alkuun|puoliväliin)(?:\s+mennessä)?|aikana|mennessä))?"
    rf"|\b{_FI_WEEKDAY}|\b{_SV_WEEKDAY})",
    re.IGNORECASE,
)


class MentionKind:
    PAST_DATE = "past_date"
    PAST_YEAR = "past_year"
    DAY_MONTH = "day_month"
    PHRASE = "phrase"


@dataclass(frozen=True)
class StaleMention:
    phrase: str
    context: str
    kind: str = MentionKind.PAST_DATE


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


def _mention(text: str, match: re.Match, kind: str) -> tuple[int, StaleMention]:
    return match.start(), StaleMention(match.group(0), _context(text, match.start(), match.end()), kind)


def stale_mentions(html: str, reference: date) -> list[StaleMention]:
    """Dates before `reference` and years before its year, in order of appearance."""
    return [m for m in mentions_to_check(html, reference) if m.kind in (MentionKind.PAST_DATE, MentionKind.PAST_YEAR)]


def mentions_to_check(html: str, reference: date) -> list[StaleMention]:
    """Everything in the text that may have gone out of date by `reference`,
    in order of appearance: past dates and years, day-month dates without a
    year, month and weekday phrases."""
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
                found.append(_mention(text, match, MentionKind.PAST_DATE))
    for match in _DAY_MONTH.finditer(text):
        day, month = map(int, match.groups())
        if any(match.start() in span for span in taken) or _CHAPTER_WORD.search(text, 0, match.start()):
            continue
        try:
            date(2000, month, day)
        except ValueError:
            continue
        taken.append(range(match.start(), match.end()))
        found.append(_mention(text, match, MentionKind.DAY_MONTH))
    for match in _YEAR.finditer(text):
        if any(match.start() in span for span in taken):
            continue
        if int(match.group(1)) < reference.year:
            found.append(_mention(text, match, MentionKind.PAST_YEAR))
    for match in _PHRASE.finditer(text):
        found.append(_mention(text, match, MentionKind.PHRASE))
    return [mention for _, mention in sorted(found, key=lambda item: item[0])]


def stale_mentions_in_round(round_) -> list[tuple[object, list[StaleMention]]]:
    """For each section of the round with something to check: the mentions."""
    reference = reference_date(round_.year)
    result: list[tuple[object, list[StaleMention]]] = []
    for section, version in sections_with_text(round_):
        if version is None:
            continue
        mentions = mentions_to_check(version.text, reference)
        if mentions:
            result.append((section, mentions))
    return result
