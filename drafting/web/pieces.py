"""Stored pieces of pages: a piece that is the same for everyone with the
same view of it (a section's threads for staff or for everyone else, its
proposals, its version history, the steps of the round, in one language) is
drawn in a template inside `{% call stored_piece(name, confined_to, *key) %}`
once, and used by everyone while the revisions of what it shows are
unchanged: that of its section (or of the round, for the discussion of the
whole document) and the municipality's general revision, which moves with
every change not confined to one section (a renamed association, a new
heading, a step of the round); or, for "everything", the municipality's
revision. A comment on one section thus leaves the pieces of the other
sections in store. What a piece needs is never computed when it comes from
store (pass it as `Deferred`); after a change the first person to ask draws
it for everyone.

The revisions are read by the freshness check before the view runs
(`freshness.py`), on pages marked with `fresh_page`. The pieces live in
Flask-Caching: in the worker's memory by default, in Redis
(`CACHE_REDIS_URL`) shared by every server.
"""
from __future__ import annotations

from functools import cached_property
from typing import Callable

from flask import Flask, current_app, g
from flask_caching import Cache
from markupsafe import Markup

cache = Cache()


def _enabled() -> bool:
    return current_app.config.get("PIECE_CACHE_ENABLED", True)


class Deferred:
    """A value computed when a template first asks for it, so that a piece of
    the page that comes from store never runs its queries."""

    def __init__(self, compute: Callable[[], object]):
        self._compute = compute

    @cached_property
    def value(self):
        return self._compute()

    def __getattr__(self, name: str):
        return getattr(self.value, name)

    def __iter__(self):
        return iter(self.value)

    def __len__(self) -> int:
        return len(self.value)

    def __bool__(self) -> bool:
        return bool(self.value)


def stored_piece(name: str, confined_to: str, *key, caller) -> Markup:
    """A piece of the page from store, or drawn by `caller` and stored. The
    piece shows what belongs to one section ("section") or to the discussion
    of the whole document ("round") and changes with that, or with a change
    that is not confined to one section (the general revision); or it shows
    what any change in the municipality may change ("everything"). Only while
    the revisions read before the view are known; a piece that holds a token
    of the person's is never stored."""
    known = g.get("piece_revisions")
    if known is None or known.get(confined_to) is None or not _enabled():
        return Markup(caller())
    store_key = (f"piece:{known['municipality']}:{known['general']}:{confined_to}{known[confined_to]}:"
                 f"{known['language']}:{name}:" + ":".join(map(str, key)))
    piece = cache.get(store_key)
    if piece is not None:
        return Markup(piece)
    issued = len(g.get("submission_tokens", ()))
    piece = str(caller())
    if len(g.get("submission_tokens", ())) == issued and not ("csrf_token" in g and g.csrf_token in piece):
        cache.set(store_key, piece)
    return Markup(piece)


def register_pieces(app: Flask) -> None:
    cache.init_app(app)
    app.jinja_env.globals["stored_piece"] = stored_piece
