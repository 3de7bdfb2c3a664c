"""The safe subset of HTML that section text is stored in.

Paragraphs, headings, lists, bold, italic and links: bleach keeps these and
removes everything else. `<b>` and `<i>` from editors become `<strong>` and
`<em>`, so one structure is stored whatever the editor produced.
"""
from __future__ import annotations

import re
from html import unescape

import bleach

ALLOWED_TAGS = frozenset(
    {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a"}
)
ALLOWED_ATTRIBUTES = {"a": ["href"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
_RENAMED = {"b": "strong", "i": "em"}
_TAG = re.compile(r"<[^>]+>")
_BLANK_PARAGRAPH = re.compile(r"<p>(\s|&nbsp;|<br>)*</p>")


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS | set(_RENAMED),
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


def sanitise(html: str) -> str:
    """Reduce any HTML to the stored subset."""
    cleaned = _cleaner.clean(html or "")
    for old, new in _RENAMED.items():
        cleaned = re.sub(rf"<(/?){old}>", rf"<\1{new}>", cleaned)
    cleaned = _BLANK_PARAGRAPH.sub("", cleaned)
    return cleaned.strip()


def plain_text(html: str) -> str:
    """The words of a text without its markup, block elements as line breaks."""
    text = re.sub(r"</(p|h[2-4]|li)>|<br>", "\n", html or "")
    text = unescape(_TAG.sub("", text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def has_text(html: str | None) -> bool:
    return bool(plain_text(html or "").strip())
