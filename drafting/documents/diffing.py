"""Word-level tracked changes between two texts.

Both texts become token streams (`tokens.py`); each distinct token is mapped
to one character, so a diff of the two character strings is a diff of words
and structure. The diff runs in diff-match-patch's C++ implementation
(fast-diff-match-patch) with semantic clean-up. The result renders as HTML
with `<ins>`/`<del>` – inline, or side by side – that is always well-formed,
and from which both texts can be read back (`sides`).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

import fast_diff_match_patch
from flask_babel import gettext as _

from .tokens import _WORDS, LINE_BREAK, Token, Writer, block, is_block, parse, serialise, word

EQUAL, INSERT, DELETE = "=", "+", "-"

# Characters for tokens: the supplementary planes, far from surrogates.
_FIRST_CODE_POINT = 0x10000


class Codec:
    """Maps tokens to single characters and back, shared by the texts compared."""

    def __init__(self):
        self.chars: dict[Token, str] = {}
        self.tokens: list[Token] = []

    def encode(self, tokens: list[Token]) -> str:
        chars = self.chars
        out = []
        for token in tokens:
            char = chars.get(token)
            if char is None:
                char = chr(_FIRST_CODE_POINT + len(self.tokens))
                chars[token] = char
                self.tokens.append(token)
            out.append(char)
        return "".join(out)

    def decode(self, text: str) -> list[Token]:
        tokens = self.tokens
        return [tokens[ord(char) - _FIRST_CODE_POINT] for char in text]


@dataclass
class Change:
    op: str  # EQUAL, INSERT or DELETE
    tokens: list[Token]


def diff_tokens(old: list[Token], new: list[Token], codec: Codec | None = None) -> list[Change]:
    codec = codec or Codec()
    a, b = codec.encode(old), codec.encode(new)
    return [Change(op, codec.decode(text))
            for op, text in fast_diff_match_patch.diff(a, b, counts_only=False, cleanup="Semantic")]


def diff(old_html: str, new_html: str) -> list[Change]:
    return diff_tokens(parse(old_html), parse(new_html))


def has_changes(changes: list[Change]) -> bool:
    return any(change.op != EQUAL for change in changes)


def _announcement(op: str) -> str:
    label = _("inserted") if op == INSERT else _("deleted")
    return f'<span class="diff-sr visually-hidden">[{label}: </span>'


def _announcement_end() -> str:
    return '<span class="diff-sr visually-hidden">]</span>'


def _block_marker(token: Token) -> str:
    data = escape_attribute(json.dumps([token[1], list(token[2])]))
    return (f'<del class="diff-block" data-block="{data}">{_announcement(DELETE)}¶'
            f"{_announcement_end()}</del>")


def escape_attribute(value: str) -> str:
    return escape(value, quote=True)


def _write_run(writer: Writer, op: str, run: list[Token]) -> None:
    """One run of words with the same change and marks, wrapped in ins/del."""
    writer.close_marks()
    if op != EQUAL:
        tag = "ins" if op == INSERT else "del"
        writer.raw(f"<{tag}>{_announcement(op)}")
    writer.set_marks(run[0][2])
    for token in run:
        writer.text(token)
    writer.close_marks()
    if op != EQUAL:
        writer.raw(f"{_announcement_end()}</{'ins' if op == INSERT else 'del'}>")


def _runs(stream: list[tuple[str, Token]]):
    """Consecutive words with the same change and the same marks."""
    run: list[Token] = []
    run_op = None
    for op, token in stream:
        if run and (op != run_op or token[2] != run[0][2]):
            yield run_op, run
            run = []
        run_op = op
        run.append(token)
    if run:
        yield run_op, run


def render_inline(changes: list[Change]) -> str:
    """Both texts in one: the new text's structure, deletions struck through
    (a deleted paragraph break shows as ¶), insertions underlined."""
    writer = Writer()
    pending: list[tuple[str, Token]] = []

    def flush_words():
        for op, run in _runs(pending):
            _write_run(writer, op, run)
        pending.clear()

    for change in changes:
        for token in change.tokens:
            if is_block(token):
                if change.op == DELETE:
                    flush_words()
                    if writer.block_tag is None:
                        writer.start_block("p", (), ' data-diff="host"')
                    writer.raw(_block_marker(token))
                    continue
                flush_words()
                attributes = ' class="diff-new-block" data-diff="inserted"' if change.op == INSERT else ""
                writer.start_block(token[1], token[2], attributes)
            else:
                if writer.block_tag is None:
                    writer.start_block("p", (), ' data-diff="host"')
                pending.append((change.op, token))
    flush_words()
    return writer.finish()


def render_side(changes: list[Change], side: str) -> str:
    """One text with what the other lacks marked: `side` is "old" or "new"."""
    skip = INSERT if side == "old" else DELETE
    writer = Writer()
    pending: list[tuple[str, Token]] = []

    def flush_words():
        for op, run in _runs(pending):
            _write_run(writer, op, run)
        pending.clear()

    for change in changes:
        if change.op == skip:
            continue
        for token in change.tokens:
            if is_block(token):
                flush_words()
                attributes = f' class="diff-{"new" if change.op == INSERT else "deleted"}-block"' \
                    if change.op != EQUAL else ""
                writer.start_block(token[1], token[2], attributes)
            else:
                if writer.block_tag is None:
                    writer.start_block("p", ())
                pending.append((change.op, token))
    flush_words()
    return writer.finish()


def tracked_view(old_html: str, new_html: str, view: str) -> dict:
    """What a page shows of the change from one text to another: inline or side by side."""
    changes = diff(old_html, new_html)
    if view == "side":
        return {"view": "side", "old": render_side(changes, "old"), "new": render_side(changes, "new")}
    return {"view": "inline", "inline": render_inline(changes)}


class _SideReader(HTMLParser):
    """Reads one side back out of rendered tracked changes."""

    def __init__(self, side: str):
        super().__init__(convert_charrefs=True)
        self.side = side
        self.tokens: list[Token] = []
        self.stack: list[str] = []
        self.lists: list[str] = []
        self.marks: list = []
        self.skip_depth = 0
        self.change: list[str] = []

    def _visible(self) -> bool:
        if not self.change:
            return True
        return (self.change[-1] == "ins") == (self.side == "new")

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.skip_depth or "diff-sr" in (attributes.get("class") or ""):
            self.skip_depth += 1
            return
        if tag in ("ins", "del"):
            self.change.append(tag)
            if tag == "del" and attributes.get("data-block") and self.side == "old":
                name, lists = json.loads(attributes["data-block"])
                self.tokens.append(block(name, tuple(lists)))
            return
        if tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag in ("p", "h2", "h3", "h4", "li"):
            kind = attributes.get("data-diff")
            if kind == "host" or (kind == "inserted" and self.side == "old"):
                return
            self.tokens.append(block(tag, tuple(self.lists) if tag == "li" else ()))
        elif tag in ("strong", "em"):
            self.marks.append(tag)
        elif tag == "a":
            self.marks.append(("a", attributes.get("href")))
        elif tag == "br" and self._visible():
            self.tokens.append(word(LINE_BREAK, tuple(self.marks)))

    def handle_endtag(self, tag):
        if self.skip_depth:
            self.skip_depth -= 1
            return
        if tag in ("ins", "del"):
            self.change.pop()
        elif tag in ("ul", "ol"):
            self.lists.pop()
        elif tag in ("strong", "em", "a"):
            self.marks.pop()

    def handle_data(self, data):
        if self.skip_depth or not self._visible() or data == "¶" and self.change:
            return
        for piece in _WORDS.findall(data):
            self.tokens.append(word(piece, tuple(self.marks)))


def sides(rendered: str) -> tuple[str, str]:
    """The old and the new text, read back from `render_inline` output."""
    result = []
    for side in ("old", "new"):
        reader = _SideReader(side)
        reader.feed(rendered)
        reader.close()
        result.append(serialise(reader.tokens))
    return result[0], result[1]


_VOID = {"br", "hr", "img", "wbr"}
_NEWLINE = re.compile("\n")
_CHANGE_MARKS = ("<ins", "<del", "data-diff=")


class _TopLevelBlocks(HTMLParser):
    """Where each top-level element of a rendered text starts and ends.

    The parser tells a position as (line, column) with lines counted at
    "\n" alone; the offsets are computed the same way. (`str.splitlines`
    would also break at U+2028, U+0085, \x0b, \x0c and \x1c–\x1e, which
    may stand in an address, and every later slice would miss its tags.)"""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=False)
        self._html = html
        self._line_starts = [0]
        self._line_starts.extend(match.end() for match in _NEWLINE.finditer(html))
        self.depth = 0
        self.spans: list[tuple[int, int]] = []
        self._start = 0
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        if self.depth == 0:
            self._start = self._offset()
        self.depth += 1

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        self.depth -= 1
        if self.depth == 0:
            end = self._html.index(">", self._offset()) + 1
            self.spans.append((self._start, end))


def changed_passages(tracked_html: str) -> str:
    """Only the paragraphs, lists and headings of a tracked-changes text that
    hold a change, with a marker where unchanged ones were left out: what a
    list of proposals shows of each (the proposal's own page shows it all)."""
    spans = _TopLevelBlocks(tracked_html).spans
    if not spans:
        return tracked_html
    changed = [any(mark in tracked_html[start:end] for mark in _CHANGE_MARKS) for start, end in spans]
    if all(changed) or not any(changed):
        return tracked_html
    left_out = _("Unchanged paragraphs left out")
    gap = f'<p class="diff-gap"><span aria-hidden="true">[…]</span><span class="visually-hidden">{left_out}</span></p>'
    out: list[str] = []
    for (start, end), kept in zip(spans, changed):
        if kept:
            out.append(tracked_html[start:end])
        elif not out or out[-1] != gap:
            out.append(gap)
    return "".join(out)
