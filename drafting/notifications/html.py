"""The HTML part of a message, made from its plain text: every character
escaped, each web address made a link, paragraphs and line breaks kept, the
signature set apart. No images and nothing loaded from elsewhere."""
from __future__ import annotations

import re

from markupsafe import Markup, escape

LINK = re.compile(r"https?://[^\s<>\"']+")
TRAILING = ".,;:!?)]»”’"
SIGNATURE = "\n-- \n"


def linked(text: str) -> Markup:
    """`text` escaped, with its http(s) addresses as links."""
    parts: list[str] = []
    position = 0
    for match in LINK.finditer(text):
        url = match.group(0).rstrip(TRAILING)
        end = match.start() + len(url)
        parts.append(escape(text[position:match.start()]))
        parts.append(Markup('<a href="{0}">{0}</a>').format(url))
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def paragraphs(text: str) -> Markup:
    blocks = [block.strip("\n") for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    return Markup("\n").join(
        Markup("<p>{}</p>").format(Markup("<br>\n").join(linked(line) for line in block.split("\n")))
        for block in blocks if block.strip())


def html_of(text: str, *, subject: str, language: str) -> str:
    """A whole HTML document showing the same message as `text`."""
    main, _sep, footer = text.partition(SIGNATURE)
    body = paragraphs(main)
    if footer:
        body += Markup('\n<hr>\n<div style="color:#4a4a4a;font-size:0.9em">{}</div>').format(paragraphs(footer))
    return str(Markup(
        '<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{subject}</title>\n'
        '</head>\n<body style="font-family:Arial,Helvetica,sans-serif;line-height:1.5;color:#1a1a1a;'
        'max-width:40em;margin:0 auto;padding:1em;overflow-wrap:anywhere">\n{body}\n</body>\n</html>\n'
    ).format(language=language, subject=subject, body=body))
