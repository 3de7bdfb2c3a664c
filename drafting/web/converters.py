"""The parts of an address that routes read, kept to what the database accepts.

Every `<int:...>` in a route is an id or a number stored in a 32-bit integer
column: a larger one names nothing, so the address is not found (404) rather
than the database refusing the query. Every other part (`<slug>`, `<token>`)
is text without control characters: PostgreSQL refuses a NUL in text, and no
slug or token holds any of them.
"""
from __future__ import annotations

import builtins

from flask import Flask
from werkzeug.routing import IntegerConverter, UnicodeConverter

LARGEST_ID = 2**31 - 1


class BoundedIntegerConverter(IntegerConverter):
    """An unsigned integer no larger than the database's integer column holds."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        largest = LARGEST_ID if max is None else builtins.min(max, LARGEST_ID)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=largest, signed=signed)


class PrintableConverter(UnicodeConverter):
    """A path segment without control characters (U+0000–U+001F, U+007F)."""

    def __init__(self, map, minlength=1, maxlength=None, length=None):
        super().__init__(map, minlength=minlength, maxlength=maxlength, length=length)
        self.regex = self.regex.replace("[^/]", "[^/\\x00-\\x1f\\x7f]")


def register_converters(app: Flask) -> None:
    """Before any route is added: routes take their converters when added."""
    app.url_map.converters.update(int=BoundedIntegerConverter, default=PrintableConverter,
                                  string=PrintableConverter)
