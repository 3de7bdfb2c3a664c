"""What other features still hold open in a round, contributed per application.

Before a round goes for approval every open item must be settled: unanswered
comments, undecided change proposals. The workflow does not know those
features; each of them contributes a provider in its `init_app`:

    open_items.add_provider(app, unanswered_lines)

A provider is `provider(round, limit) -> (lines, count)`: up to `limit`
readable lines and the number of open items in all.

The providers are kept on the application (`app.extensions["open_items"]`),
not in a module-level list, so an application has exactly the providers its
features registered, whether it serves pages, runs a command or a worker, and
no import fills them by side effect. The workflow's own `init_app` makes the
list; a guard asked in an application without it refuses to answer instead
of finding nothing open.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app

from .models import DraftingRound

Provider = Callable[[DraftingRound, int], tuple[list[str], int]]

EXTENSION = "open_items"


class NotWired(RuntimeError):
    """The application was built without the workflow's `init_app`."""


def init_app(app: Flask) -> None:
    app.extensions.setdefault(EXTENSION, [])


def add_provider(app: Flask, provider: Provider) -> None:
    """Register a provider once (registering it again changes nothing)."""
    providers = app.extensions.setdefault(EXTENSION, [])
    if provider not in providers:
        providers.append(provider)


def providers() -> list[Provider]:
    """The providers of the current application, in the order registered."""
    try:
        return list(current_app.extensions[EXTENSION])
    except KeyError:
        raise NotWired("The workflow is not wired into this application: "
                       "build it with drafting.create_app.") from None


def empty_chapter_lines(round_: DraftingRound, limit: int) -> tuple[list[str], int]:
    """The document's own open items: every chapter without text, which is
    either written or deliberately withdrawn before the round goes for approval."""
    from flask_babel import gettext as _

    from ..documents.queries import sections_with_text
    from ..documents.richtext import has_text

    empty = [(number, section) for number, (section, version) in enumerate(sections_with_text(round_), start=1)
             if version is None or not has_text(version.text)]
    lines = [_("Chapter %(number)s “%(heading)s” has no text: write it or withdraw the section.",
               number=number, heading=section.heading) for number, section in empty[:limit]]
    return lines, len(empty)
