"""The safe subset of HTML that section text is stored in.

Paragraphs, headings, lists, bold, italic and links are kept, everything
else is removed. `<b>` and `<i>` from editors become `<strong>` and `<em>`,
so one structure is stored whatever the editor produced. Links lead only to
http, https and mailto addresses; in comments, addresses in the text become
links, and every link gets rel="nofollow noopener".

A text is read in two passes, each linear in its length:

1. `_balance` reads the tags with a regular expression, keeps those of the
   subset and closes every element in the order it was opened (and, in a
   comment, turns addresses into links). A text nested deeper than
   `MAX_DEPTH` or with more than `MAX_ELEMENTS` tags is refused here, with a
   message (`MarkupRefused`).
2. nh3 (the Rust sanitiser ammonia) parses the result as a browser would and
   keeps only the subset: it is what guarantees that nothing else is stored.

An HTML5 parser does work that grows with the square of the nesting (the
stack of open elements is searched at each tag) and with depth times
paragraphs (formatting left open is re-opened in every later paragraph). The
first pass gives the second one properly nested text of bounded depth, so
neither happens.
"""
from __future__ import annotations

import re
from html import escape, unescape

import nh3
from flask_babel import gettext as _

from ..core import DomainError

# A section's text (and a proposed wording) as HTML. A chapter of a
# guideline runs to a few thousand words; this is some 15,000.
MAX_TEXT_LENGTH = 100_000
# Lists, list items, paragraphs and formatting inside each other: a list
# nine levels deep (as deep as a word processor goes) with a bold, italic link
# in a paragraph in it is 22.
MAX_DEPTH = 30
# Tags of any kind, kept or not: a full chapter pasted from a word
# processor has a few thousand.
MAX_ELEMENTS = 10_000

ALLOWED_TAGS = frozenset(
    {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a"}
)
_SAFE_HREF = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)


def _safe_link_attribute(tag: str, name: str, value: str) -> str | None:
    """Links lead to web addresses or e-mail, nothing else (the sanitiser's
    own rel="nofollow noopener" passes here too)."""
    if name == "href" and not _SAFE_HREF.match(value.strip()):
        return None
    return value


ALLOWED_ATTRIBUTES = {"a": {"href"}, "*": set()}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
_RENAMED = {"b": "strong", "i": "em"}
_TAG = re.compile(r"<[^>]+>")
_BLANK_PARAGRAPH = re.compile(r"<p>(\s|&nbsp;|<br>)*</p>")


class MarkupRefused(DomainError):
    """A text whose markup is beyond what a guideline's text needs."""


def _too_deep() -> MarkupRefused:
    return MarkupRefused(_("The text's formatting is nested too deeply: at most %(limit)s lists, "
                           "paragraphs and formatting inside each other. Simplify the formatting "
                           "and save again.", limit=MAX_DEPTH))


def _too_many_elements() -> MarkupRefused:
    return MarkupRefused(_("The text has too much formatting: at most %(limit)s tags. Paste it as "
                           "plain text or simplify the formatting and save again.",
                           limit=f"{MAX_ELEMENTS:,}".replace(",", " ")))


# One token of HTML: a comment, a declaration or processing instruction, an
# end tag, a start tag (quoted attribute values may hold ">"; one left open
# runs to the end, as in a browser), or text. Each alternative consumes what
# it matches without backtracking, so the scan is linear.
_TOKEN = re.compile(r"""
    <!--.*?(?:-->|\Z)
  | <[!?][^>]*(?:>|\Z)
  | </(?P<end>[a-zA-Z][^\t\n\f\r />]*)[^>]*(?:>|\Z)
  | </[^>]*(?:>|\Z)
  | <(?P<start>[a-zA-Z][^\t\n\f\r />]*)(?P<attributes>(?:[^>"']+|"[^"]*"?|'[^']*'?)*)(?:>|\Z)
  | (?P<text>[^<]+)
  | (?P<lt><+)(?![a-zA-Z!?/])
  | (?P<lone><)
""", re.S | re.X)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s>]*)))?""")
_HEADINGS = frozenset({"h2", "h3", "h4"})
# Starting one of these closes an open paragraph (as HTML does).
_CLOSES_PARAGRAPH = frozenset({"p", "h2", "h3", "h4", "ul", "ol", "li"})


def _href(attributes: str) -> str | None:
    for match in _ATTRIBUTE.finditer(attributes):
        if match.group(1).lower() == "href":
            value = next((v for v in match.group(2, 3, 4) if v is not None), "")
            return unescape(value)
    return None


class _Balancer:
    """The kept tags of a text, each element closed in the order it was opened."""

    def __init__(self, allowed: frozenset[str], linkify: bool = False):
        self.allowed = allowed
        self.linkify = linkify
        self.out: list[str] = []
        self.stack: list[str] = []
        self.elements = 0

    def _close_to(self, index: int) -> None:
        while len(self.stack) > index:
            self.out.append(f"</{self.stack.pop()}>")

    def _last(self, names) -> int:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index] in names:
                return index
        return -1

    def start(self, name: str, attributes: str) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise _too_many_elements()
        if name not in self.allowed:
            return
        if name == "br":
            self.out.append("<br>")
            return
        if name == "li":
            for index in range(len(self.stack) - 1, -1, -1):
                if self.stack[index] == "li":
                    self._close_to(index)
                    break
                if self.stack[index] in ("ul", "ol", "h2", "h3", "h4"):
                    break
        if name in _CLOSES_PARAGRAPH and "p" in self.stack:
            self._close_to(self._last(("p",)))
        if name in _HEADINGS and self.stack and self.stack[-1] in _HEADINGS:
            self._close_to(len(self.stack) - 1)
        if name == "a":
            if "a" in self.stack:
                self._close_to(self._last(("a",)))
            href = _href(attributes)
            self.out.append("<a>" if href is None else f'<a href="{escape(href, quote=True)}">')
        else:
            self.out.append(f"<{name}>")
        self.stack.append(name)
        if len(self.stack) > MAX_DEPTH:
            raise _too_deep()

    def end(self, name: str) -> None:
        if name not in self.allowed:
            return
        if name == "br":
            self.out.append("<br>")
            return
        if name in _HEADINGS:
            index = self._last(_HEADINGS)
        elif name == "li":
            index = self._last(("li", "ul", "ol"))
            if index != -1 and self.stack[index] != "li":
                index = -1
        else:
            index = self._last((name,))
        if index != -1:
            self._close_to(index)

    def text(self, text: str) -> None:
        if self.linkify and "a" not in self.stack:
            text = _ADDRESS.sub(_link, text)
        self.out.append(text)

    def finish(self) -> str:
        self._close_to(0)
        return "".join(self.out)


# An address in a comment's text: with its scheme, or a host name ending in
# a common top-level domain (kunta.fi, www.example.com), with its path.
# Addresses inside a word or an e-mail address are left as they are. An
# address starts only where a word starts and every test in it looks at most
# two characters ahead, so the search stays linear.
_ADDRESS = re.compile(r"""
    (?<![\w@.:/&;-])
    (?: (?:https?://|mailto:)(?:(?!&(?:quot|lt|gt|\#0*39|\#x0*27);)[^\s<>"'`])+
      | (?:www\.)?(?:[a-z0-9][a-z0-9-]*\.)+
        (?:fi|ax|se|no|dk|is|ee|eu|de|uk|com|org|net|info|io|nu|gov|edu)
        (?!\.?[\w-])(?:[/?\#](?:(?!&(?:quot|lt|gt|\#0*39|\#x0*27);)[^\s<>"'`])*)?
    )
""", re.I | re.X)
_TRAILING = re.compile(r"[.,;:!?)\]]+$")


def _link(match: re.Match) -> str:
    address = match.group(0)
    trailing = _TRAILING.search(address)
    tail = ""
    if trailing:
        tail = trailing.group(0)
        # a closing parenthesis that belongs to the address stays in it
        while tail.startswith(")") and address[: -len(tail)].count("(") > address[: -len(tail)].count(")"):
            tail = tail[1:]
        address = address[: len(address) - len(tail)]
    if not address:
        return match.group(0)
    href = unescape(address)
    if not _SAFE_HREF.match(href):
        href = "http://" + href
    return f'<a href="{escape(href, quote=True)}">{address}</a>{tail}'


def _balance(html: str, allowed: frozenset[str], linkify: bool = False) -> str:
    """The text with only the tags in `allowed`, properly nested; refused
    (`MarkupRefused`) when deeper than `MAX_DEPTH` or with more than
    `MAX_ELEMENTS` tags. With `linkify`, addresses in the text outside links
    become links. One pass, linear in the length of the text."""
    balancer = _Balancer(allowed, linkify)
    for match in _TOKEN.finditer(html):
        text, start, end = match.group("text", "start", "end")
        if text is not None:
            balancer.text(text)
        elif start is not None:
            balancer.start(start.lower(), match.group("attributes"))
        elif end is not None:
            balancer.end(end.lower())
        elif match.group("lt") is not None or match.group("lone") is not None:
            balancer.out.append("&lt;" * len(match.group(0)))
    return balancer.finish()




_SECTION_TAGS = ALLOWED_TAGS | frozenset(_RENAMED)

_cleaner = nh3.Cleaner(
    tags=set(_SECTION_TAGS),
    clean_content_tags=set(),
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_safe_link_attribute,
    url_schemes=set(ALLOWED_PROTOCOLS),
    strip_comments=True,
    link_rel=None,
)


def _finish(cleaned: str) -> str:
    for old, new in _RENAMED.items():
        cleaned = re.sub(rf"<(/?){old}>", rf"<\1{new}>", cleaned)
    cleaned = _BLANK_PARAGRAPH.sub("", cleaned)
    return cleaned.strip()


def sanitise(html: str) -> str:
    """Reduce any HTML to the stored subset; `MarkupRefused` when its
    nesting or its number of tags is beyond the limits."""
    return _finish(_cleaner.clean(_balance(html or "", _SECTION_TAGS)))


def plain_text(html: str) -> str:
    """The words of a text without its markup, block elements as line breaks."""
    text = re.sub(r"</(p|h[2-4]|li)>|<br>", "\n", html or "")
    text = unescape(_TAG.sub("", text))
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def has_text(html: str | None) -> bool:
    return bool(plain_text(html or "").strip())


COMMENT_TAGS = frozenset({"p", "br", "ul", "ol", "li", "strong", "em", "a"})
_COMMENT_TAGS = COMMENT_TAGS | frozenset(_RENAMED)
_EDITOR_MARKUP = re.compile(r"<\s*(p|br|ul|ol|li)\b[^>]*>", re.IGNORECASE)


_comment_cleaner = nh3.Cleaner(
    tags=set(_COMMENT_TAGS),
    clean_content_tags=set(),
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_safe_link_attribute,
    url_schemes=set(ALLOWED_PROTOCOLS),
    strip_comments=True,
    link_rel="nofollow noopener",
)


def _plain_to_html(text: str) -> str:
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "".join(
        "<p>" + escape(part.strip()).replace("\n", "<br>") + "</p>" for part in paragraphs if part.strip()
    )


def _comment_html(text: str) -> str:
    text = text or ""
    if not _EDITOR_MARKUP.search(text):
        text = _plain_to_html(text)
    return text


def sanitise_comment(text: str) -> str:
    """A comment as stored: paragraphs, lists, bold, italic and links (with
    rel="nofollow noopener"). Text from the editor is HTML; text typed
    without it is plain text whose paragraphs and line breaks are kept and
    whose angle brackets are shown as they were typed. `MarkupRefused` as
    for `sanitise`."""
    return _finish(_comment_cleaner.clean(_balance(_comment_html(text), _COMMENT_TAGS, linkify=True)))


def anchor_text(html: str) -> str:
    """The words of a text with single spaces: what a quoted passage is found in."""
    return " ".join(plain_text(html).split())
