"""The web layer: what stands between WSGI and a feature's view, naming no
feature.

- `sessions`: whether a signed-in session is still valid (one check, used by
  the user loader and the freshness check) and the inactivity timeout;
- `security`: response headers, rate limits, unknown hosts;
- `freshness`: conditional GET (ETag, 304) for the pages that opt in;
- `pieces`: the shared store of page pieces, keyed by revisions;
- `provenance`: which requests come from our own pages (the session cookie);
- `forms`, `submissions`, `drafts`: the form base, forms posted exactly
  once, and texts kept over an expired session;
- `errors`, `templating`: error pages and what every template can use;
- `converters`, `links`, `text`: URL parts, links in mail, cleaned text.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from .converters import register_converters
from .errors import register_errors
from .freshness import register_freshness
from .pieces import register_pieces
from .provenance import SessionOfOurPages
from .security import register_security
from .sessions import register_sessions
from .templating import register_templating


def init_app(app: Flask, release_roots: list[Path]) -> None:
    """Wire the web layer, in the order its request hooks run."""
    app.session_interface = SessionOfOurPages()
    register_converters(app)
    register_freshness(app, release_roots)  # the first hook of a request: a 304 loads no user
    register_security(app)
    register_sessions(app)
    register_pieces(app)
    register_errors(app)
    register_templating(app)
