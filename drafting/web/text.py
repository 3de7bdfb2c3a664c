"""Text as people type it and files carry it, cleaned of control characters.

A control character (C0: U+0000–U+001F and DEL, C1: U+0080–U+009F) is never
meaningful in a name, a heading or a comment. Some of them cannot be stored
in PostgreSQL (NUL) or written to an XLSX or DOCX file at all (XML 1.0
forbids them), so one such character in a person's name would break every
export that shows it. Forms clean them on input; exports clean them again on
output, for text stored before. Single-line text keeps none of them (a tab
or a line break becomes a space); multi-line text keeps tab and line breaks.
"""
from __future__ import annotations

import re

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_SPACING_CONTROLS = re.compile(r"[\t\n\r\x0b\x0c\x85]")
_FORMULA_PREFIXES = ("=", "+", "-", "@")


def single_line(value):
    """A one-line text without control characters; other values as they are."""
    if not isinstance(value, str):
        return value
    return _CONTROLS.sub("", _SPACING_CONTROLS.sub(" ", value))


def multi_line(value):
    """A text that may hold tabs and line breaks, without other control characters."""
    if not isinstance(value, str):
        return value
    return _CONTROLS.sub("", value.replace("\x85", "\n"))


def spreadsheet_cell(value) -> str:
    """A cell of an exported CSV or XLSX file: text without control characters
    (line breaks kept) that a spreadsheet shows as text and never runs as a
    formula: one that starts with = + - or @ (after any space) or with a tab
    or a carriage return gets an apostrophe in front."""
    text = multi_line("" if value is None else str(value))
    if text.startswith(("\t", "\r")) or text.lstrip().startswith(_FORMULA_PREFIXES):
        return "'" + text
    return text
