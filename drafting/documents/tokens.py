"""Section text as a stream of tokens, and back.

A text in the stored subset of HTML becomes a flat list of tokens: a *block*
token starts each paragraph, heading or list item (with the lists it sits in),
and *word* tokens carry a word, a run of space or a punctuation mark together
with its formatting (link, bold, italic). Any list of tokens serialises to
well-formed HTML, so whatever a diff, a patch or a merge does to the list, the
HTML it gives is well-formed. `canonical()` is the one form section texts are
stored in: parsing it and serialising again changes nothing.
"""
from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from urllib.parse import quote

BLOCK_TAGS = ("p", "h2", "h3", "h4", "li")
LIST_TAGS = ("ul", "ol")
LINE_BREAK = "\n"

# A token is a tuple, so it hashes fast:
#   ("B", tag, lists)   a block starts: tag in BLOCK_TAGS, lists = enclosing list tags
#   ("W", text, marks)  a word, space, punctuation mark or line break with its marks
# Marks are ordered outermost first: ("a", href) link, then "strong", then "em".
Token = tuple
_WORDS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
_MARK_ORDER = {"a": 0, "strong": 1, "em": 2}


# Line and paragraph separators and other control characters: a browser
# drops tabs and line feeds from an address and percent-encodes the rest;
# the stored form does the same, so no line separator but "\n" (between
# tags, never inside one) is in a stored text.
_ADDRESS_DROPPED = re.compile("[\t\n\r]")
_ADDRESS_ENCODED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029]")


def link_address(href: str) -> str:
    """An address as stored: without tabs and line breaks, with other control
    characters and line separators percent-encoded."""
    href = _ADDRESS_DROPPED.sub("", href.strip())
    return _ADDRESS_ENCODED.sub(lambda match: quote(match.group(0)), href)


def block(tag: str, lists: tuple = ()) -> Token:
    return ("B", tag, lists)


def word(text: str, marks: tuple = ()) -> Token:
    return ("W", text, marks)


def is_block(token: Token) -> bool:
    return token[0] == "B"


def _mark_key(mark) -> int:
    return _MARK_ORDER["a" if isinstance(mark, tuple) else mark]


def _sorted_marks(marks) -> tuple:
    unique = []
    for mark in marks:
        if mark not in unique:
            unique.append(mark)
    links = [m for m in unique if isinstance(m, tuple)]
    others = [m for m in unique if not isinstance(m, tuple)]
    return tuple(links[-1:] + sorted(others, key=_mark_key))


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []
        self.lists: list[str] = []
        self.marks: list = []
        self.in_block = False
        self.block_has_words = False

    def _start_block(self, tag: str) -> None:
        self.tokens.append(block(tag, tuple(self.lists)))
        self.in_block = True
        self.block_has_words = False

    def handle_starttag(self, tag, attrs):
        if tag in LIST_TAGS:
            self.lists.append(tag)
            self.in_block = False
        elif tag == "li":
            self._start_block("li")
        elif tag in BLOCK_TAGS:
            if self.lists:
                if not (self.in_block and not self.block_has_words):
                    self._start_block("li")
            else:
                self._start_block(tag)
        elif tag in ("strong", "b"):
            self.marks.append("strong")
        elif tag in ("em", "i"):
            self.marks.append("em")
        elif tag == "a":
            href = link_address(dict(attrs).get("href") or "")
            self.marks.append(("a", href) if href else "a-without-href")
        elif tag == "br":
            self._words(LINE_BREAK)

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self._words(LINE_BREAK)
        else:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in LIST_TAGS:
            if tag in self.lists:
                while self.lists and self.lists.pop() != tag:
                    pass
            self.in_block = False
        elif tag in BLOCK_TAGS:
            self.in_block = False
        elif tag in ("strong", "b", "em", "i", "a"):
            wanted = {"b": "strong", "i": "em"}.get(tag, tag)
            for index in range(len(self.marks) - 1, -1, -1):
                mark = self.marks[index]
                name = mark[0] if isinstance(mark, tuple) else ("a" if mark == "a-without-href" else mark)
                if name == wanted:
                    del self.marks[index]
                    break

    def handle_data(self, data):
        self._words(data)

    def _words(self, text: str) -> None:
        if not text:
            return
        if not self.in_block:
            if not text.strip():
                return
            self._start_block("li" if self.lists else "p")
        marks = _sorted_marks(m for m in self.marks if m != "a-without-href")
        for piece in ([text] if text == LINE_BREAK else _WORDS.findall(text)):
            self.tokens.append(word(piece, marks))
            self.block_has_words = True


def _normalise(tokens: list[Token]) -> list[Token]:
    """Collapse space, trim blocks, drop empty ones, keep list nesting one level at a time."""
    result: list[Token] = []
    current: list[Token] = []
    current_block: Token | None = None
    previous_lists: tuple = ()

    def flush():
        nonlocal previous_lists
        while current and current[-1][1].isspace() and current[-1][1] != LINE_BREAK:
            current.pop()
        while current and current[0][1].isspace() and current[0][1] != LINE_BREAK:
            current.pop(0)
        if current_block is not None and current:
            tag, lists = current_block[1], current_block[2]
            if tag == "li":
                # A list item nests at most one level below the item before it,
                # and only inside that item's lists.
                shared = 0
                while (shared < len(lists) and shared < len(previous_lists)
                       and lists[shared] == previous_lists[shared]):
                    shared += 1
                lists = lists[: shared + 1] or ("ul",)
                previous_lists = lists
            else:
                lists = ()
                previous_lists = ()
            result.append(block(tag, lists))
            result.extend(current)
        current.clear()

    for token in tokens:
        if is_block(token):
            flush()
            current_block = token
            continue
        if current_block is None:
            current_block = block("p")
        text = token[1]
        if text != LINE_BREAK and text.isspace():
            if current and current[-1][1] != LINE_BREAK and current[-1][1].isspace():
                continue
            token = word(" ", token[2])
        current.append(token)
    flush()
    return result


def parse(html: str) -> list[Token]:
    reader = _Reader()
    reader.feed(html or "")
    reader.close()
    return _normalise(reader.tokens)


def _open_mark(mark) -> str:
    if isinstance(mark, tuple):
        return f'<a href="{escape(mark[1], quote=True)}">'
    return f"<{mark}>"


def _close_mark(mark) -> str:
    return "</a>" if isinstance(mark, tuple) else f"</{mark}>"


class Writer:
    """Serialises blocks and inline runs; keeps lists and marks well nested."""

    def __init__(self):
        self.out: list[str] = []
        self.lists: list[str] = []
        self.block_tag: str | None = None
        self.marks: list = []

    def close_marks(self, keep: int = 0) -> None:
        while len(self.marks) > keep:
            self.out.append(_close_mark(self.marks.pop()))

    def set_marks(self, marks: tuple) -> None:
        common = 0
        while common < len(self.marks) and common < len(marks) and self.marks[common] == marks[common]:
            common += 1
        self.close_marks(common)
        for mark in marks[common:]:
            self.out.append(_open_mark(mark))
            self.marks.append(mark)

    def _close_block(self) -> None:
        self.close_marks()
        if self.block_tag is not None and self.block_tag != "li":
            self.out.append(f"</{self.block_tag}>")
        self.block_tag = None

    def start_block(self, tag: str, lists: tuple, attributes: str = "") -> None:
        self._close_block()
        if tag != "li":
            lists = ()
        while len(self.lists) > len(lists) or tuple(self.lists) != lists[: len(self.lists)]:
            self.out.append(f"</li></{self.lists.pop()}>")
        if tag == "li" and len(self.lists) == len(lists) and self.lists:
            self.out.append("</li>")
        while len(self.lists) < len(lists):
            kind = lists[len(self.lists)]
            self.out.append(f"<{kind}>")
            self.lists.append(kind)
            if len(self.lists) < len(lists):
                self.out.append("<li>")
        self.out.append(f"<{tag}{attributes}>")
        self.block_tag = tag

    def text(self, token: Token) -> None:
        if token[1] == LINE_BREAK:
            self.out.append("<br>")
        else:
            self.out.append(escape(token[1], quote=False))

    def raw(self, html: str) -> None:
        self.out.append(html)

    def finish(self) -> str:
        self._close_block()
        while self.lists:
            self.out.append(f"</li></{self.lists.pop()}>")
        return "".join(self.out)


def serialise(tokens: list[Token]) -> str:
    writer = Writer()
    for token in tokens:
        if is_block(token):
            writer.start_block(token[1], token[2])
        else:
            if writer.block_tag is None:
                writer.start_block("p", ())
            writer.set_marks(token[2])
            writer.text(token)
    return writer.finish()


def canonical(html: str) -> str:
    """The stored form of a text: parsing it again gives the same tokens."""
    return serialise(parse(html))
