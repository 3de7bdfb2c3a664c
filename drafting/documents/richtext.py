"""The safe subset of HTML that section text is stored in.

Paragraphs, headings, lists, bold, italic and links: bleach keeps these and
removes everything else. `<b>` and `<i>` from editors become `<strong>` and
`<em>`, so one structure is stored whatever the editor produced.
"""
from __future__ import annotations

import re
from functools import partial
from html import escape, unescape

import bleach
from bleach.linkifier import LinkifyFilter

ALLOWED_TAGS = frozenset(
    {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a"}
)
_SAFE_HREF = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)


def _safe_link_attribute(tag: str, name: str, value: str) -> bool:
    """Links lead to web addresses or e-mail, nothing else."""
    return name == "href" and bool(_SAFE_HREF.match(value.strip()))


ALLOWED_ATTRIBUTES = {"a": _safe_link_attribute}
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


COMMENT_TAGS = frozenset({"p", "br", "ul", "ol", "li", "strong", "em", "a"})
_EDITOR_MARKUP = re.compile(r"<\s*(p|br|ul|ol|li)\b[^>]*>", re.IGNORECASE)


def _nofollow_noopener(attrs, new=False):
    attrs[(None, "rel")] = "nofollow noopener"
    return attrs


_comment_cleaner = bleach.Cleaner(
    tags=COMMENT_TAGS | set(_RENAMED),
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_nofollow_noopener], skip_tags={"pre"})],
)


def _plain_to_html(text: str) -> str:
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "".join(
        "<p>" + escape(part.strip()).replace("\n", "<br>") + "</p>" for part in paragraphs if part.strip()
    )


def sanitise_comment(text: str) -> str:
    """A comment as stored: paragraphs, lists, bold, italic and links (with
    rel="nofollow noopener"). Text from the editor is HTML; text typed
    without it is plain text whose paragraphs and line breaks are kept and
    whose angle brackets are shown as they were typed."""
    text = text or ""
    if not _EDITOR_MARKUP.search(text):
        text = _plain_to_html(text)
    cleaned = _comment_cleaner.clean(text)
    for old, new in _RENAMED.items():
        cleaned = re.sub(rf"<(/?){old}>", rf"<\1{new}>", cleaned)
    cleaned = _BLANK_PARAGRAPH.sub("", cleaned)
    return cleaned.strip()


def anchor_text(html: str) -> str:
    """The words of a text with single spaces: what a quoted passage is found in."""
    return " ".join(plain_text(html).split())
