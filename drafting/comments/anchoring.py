"""Where a quoted passage is in a section's text, then and now.

A comment may quote a passage of the version it was written on: `quote`, at
`quote_start` in that version's words (`anchor_text`). When the section gets
a new version, each quoted passage is looked for in it once, starting from
where it was in the version before, and the result is stored
(`QuotePosition`, one row per comment and version); a page reads the stored
rows in one query. The passage is

- found as it was: its exact words, the occurrence nearest to where the
  passage now stands;
- found changed: the stretch of the new text that the passage became, from
  a diff of the words of the two versions, when most of its characters remain;
- or no longer in the text.

The work is bounded: a quote is at most 2,000 characters (`comments.operations`);
the exact search is two scans of the text; one diff of the two versions
serves every comment, within `DIFF_TIME_LIMIT` (past it the diff is
coarser, never slower).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import fast_diff_match_patch
import sqlalchemy as sa

from ..documents.models import Section, SectionVersion
from ..documents.richtext import anchor_text
from ..extensions import db
from .models import Comment, QuotePosition

# The diff's own time limit, in seconds: it stops within a few times this,
# with a coarser diff. Texts of the longest length allowed with hundreds of
# changed words take a fraction of it.
DIFF_TIME_LIMIT = 0.05
_WORDS = re.compile(r"\S+|\s+")
# Characters for words: the supplementary planes, far from surrogates.
_FIRST_CODE_POINT = 0x10000
# A changed passage keeps at least this share of its characters.
KEPT_SHARE = 0.6


def normalise_quote(quote: str) -> str:
    return " ".join((quote or "").split())


def find_quote(text: str, quote: str, near: int | None = None) -> int:
    """The position of an exact occurrence of `quote` in `text` nearest to
    `near` (where the reader selected it), or -1."""
    if not quote:
        return -1
    if near is None:
        return text.find(quote)
    near = max(0, min(near, len(text)))
    after = text.find(quote, near)
    before = text.rfind(quote, 0, near + len(quote) - 1)
    found = [position for position in (before, after) if position != -1]
    if not found:
        return -1
    return min(found, key=lambda position: (abs(position - near), position))


@dataclass(frozen=True)
class QuoteStatus:
    state: str  # "found", "changed" or "gone"
    passage: str | None  # the passage as it reads in the current text
    start: int | None = None  # where it starts in the current text's words

    @property
    def found(self) -> bool:
        return self.state == "found"

    @property
    def gone(self) -> bool:
        return self.state == "gone"


GONE = QuoteStatus("gone", None)


class Changes:
    """How one text became another: a diff of their words (each distinct word
    or space one character, as in `documents.diffing`), told in characters."""

    def __init__(self, old: str, new: str):
        codes: dict[str, str] = {}

        def encode(tokens: list[str]) -> str:
            return "".join(codes.setdefault(token, chr(_FIRST_CODE_POINT + len(codes))) for token in tokens)

        old_tokens, new_tokens = _WORDS.findall(old), _WORDS.findall(new)
        self.segments: list[tuple[str, int]] = []
        at_old = at_new = 0
        for op, part in fast_diff_match_patch.diff(encode(old_tokens), encode(new_tokens), counts_only=False,
                                                   cleanup="No", timelimit=DIFF_TIME_LIMIT):
            count = len(part)
            if op == "+":
                self.segments.append((op, sum(map(len, new_tokens[at_new:at_new + count]))))
                at_new += count
            else:
                self.segments.append((op, sum(map(len, old_tokens[at_old:at_old + count]))))
                at_old += count
                if op == "=":
                    at_new += count

    def position(self, old_position: int) -> int:
        """Where a position of the old text is in the new one."""
        old = new = 0
        for op, length in self.segments:
            if op == "=":
                if old + length > old_position:
                    return new + (old_position - old)
                old += length
                new += length
            elif op == "-":
                if old + length > old_position:
                    return new
                old += length
            else:
                new += length
        return new

    def kept(self, start: int, end: int) -> int:
        """How many characters of the old text's stretch [start, end) remain."""
        old = kept = 0
        for op, length in self.segments:
            if op == "+":
                continue
            if op == "=":
                kept += max(0, min(end, old + length) - max(start, old))
            old += length
            if old >= end:
                break
        return kept


def relocate(quote: str, start: int, length: int, then: str, now: str,
             changes: Changes | None = None) -> QuoteStatus:
    """The passage that stood at `start` (`length` characters) in the words
    `then`, in the words `now`."""
    if not now:
        return GONE
    if then == now:
        return QuoteStatus("found", quote, start) if now[start:start + length] == quote \
            else QuoteStatus("changed", now[start:start + length], start)
    changes = changes or Changes(then, now)
    new_start = changes.position(start)
    exact = find_quote(now, quote, new_start)
    if exact != -1:
        return QuoteStatus("found", quote, exact)
    if changes.kept(start, start + length) < KEPT_SHARE * length:
        return GONE
    passage = now[new_start:min(changes.position(start + length), new_start + 2 * len(quote))].strip()
    return QuoteStatus("changed", passage, new_start) if passage else GONE


def _quoted(section_id: int, exclude_version_id: int):
    return db.session.execute(
        sa.select(Comment.id, Comment.quote, Comment.quote_start, Comment.section_version_id).where(
            Comment.section_id == section_id, Comment.parent_id.is_(None), Comment.quote.is_not(None),
            Comment.section_version_id != exclude_version_id)
    ).all()


def _from_written_versions(comments, current_text: str) -> dict[int, QuoteStatus]:
    """Each comment's passage in the current text, from the version it was
    written on: one diff per version quoted."""
    now = anchor_text(current_text)
    ids = {comment.section_version_id for comment in comments}
    then = {version_id: anchor_text(text) for version_id, text in db.session.execute(
        sa.select(SectionVersion.id, SectionVersion.text).where(SectionVersion.id.in_(ids)))}
    changes: dict[int, Changes] = {}
    statuses = {}
    for comment in comments:
        old = then.get(comment.section_version_id, "")
        if comment.section_version_id not in changes and old != now:
            changes[comment.section_version_id] = Changes(old, now)
        statuses[comment.id] = relocate(comment.quote, comment.quote_start, len(comment.quote), old, now,
                                        changes.get(comment.section_version_id))
    return statuses


def store_positions(_app, *, section: Section, version: SectionVersion, **_kwargs) -> None:
    """A new version of the section: where each quoted passage is in it,
    from where it was in the version before, stored once."""
    comments = _quoted(section.id, exclude_version_id=version.id)
    if not comments:
        return
    previous = db.session.scalar(sa.select(SectionVersion).where(
        SectionVersion.section_id == section.id, SectionVersion.number == version.number - 1))
    before = {} if previous is None else {position.comment_id: position for position in db.session.scalars(
        sa.select(QuotePosition).where(QuotePosition.section_version_id == previous.id))}
    then = anchor_text(previous.text) if previous is not None else ""
    now = anchor_text(version.text)
    changes = Changes(then, now) if then != now else None
    statuses: dict[int, QuoteStatus] = {}
    unknown = []
    for comment in comments:
        position = before.get(comment.id)
        if previous is not None and comment.section_version_id == previous.id:
            statuses[comment.id] = relocate(comment.quote, comment.quote_start, len(comment.quote),
                                            then, now, changes)
        elif position is None:
            unknown.append(comment)
        elif position.state == "gone":
            exact = find_quote(now, comment.quote)
            statuses[comment.id] = GONE if exact == -1 else QuoteStatus("found", comment.quote, exact)
        else:
            passage = comment.quote if position.state == "found" else position.passage
            if passage is None or position.start is None:  # ruled out by the table's checks
                unknown.append(comment)
            else:
                statuses[comment.id] = relocate(comment.quote, position.start, len(passage), then, now, changes)
    if unknown:
        statuses.update(_from_written_versions(unknown, version.text))
    db.session.execute(sa.insert(QuotePosition), [
        {"comment_id": comment_id, "section_version_id": version.id, "state": status.state,
         "start": status.start, "passage": status.passage if status.state == "changed" else None}
        for comment_id, status in statuses.items()
    ])


def quote_statuses(comments: list[Comment], current: SectionVersion | None) -> dict[int, QuoteStatus]:
    """The passages of these comments in the current version: from the stored
    positions, in one query. (Positions of versions made before they were
    stored are worked out here and not stored.)"""
    quoted = [comment for comment in comments if comment.quote]
    if not quoted:
        return {}
    if current is None:
        return {comment.id: GONE for comment in quoted}
    stored = {position.comment_id: position for position in db.session.scalars(
        sa.select(QuotePosition).where(QuotePosition.section_version_id == current.id,
                                       QuotePosition.comment_id.in_([c.id for c in quoted])))}
    statuses: dict[int, QuoteStatus] = {}
    missing = []
    for comment in quoted:
        position = stored.get(comment.id)
        if comment.section_version_id == current.id:
            statuses[comment.id] = QuoteStatus("found", comment.quote, comment.quote_start)
        elif position is not None:
            statuses[comment.id] = QuoteStatus(
                position.state, comment.quote if position.state == "found" else position.passage, position.start)
        else:
            missing.append(comment)
    if missing:
        statuses.update(_from_written_versions(missing, current.text))
    return statuses
