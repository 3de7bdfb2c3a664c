"""The addresses of the service's pages as people reach them from outside.

Every link sent away from a request (e-mails of every kind, the flash that
hands an invitation link to the inviter, scheduled jobs on the command line)
is built here from the configured `PUBLIC_BASE_URL`. The request's `Host` and
`X-Forwarded-Host` never enter it, so a forged header cannot point a password
reset link at another site.
"""
from __future__ import annotations

from urllib.parse import quote, urlsplit

from ..core import the_application


def external_url(endpoint: str, *, _anchor: str | None = None, **values) -> str:
    """The full address of `endpoint` with `values`, under PUBLIC_BASE_URL."""
    app = the_application()
    base = urlsplit(app.config["PUBLIC_BASE_URL"])
    adapter = app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    app.inject_url_defaults(endpoint, values)
    url = adapter.build(endpoint, values, force_external=True)
    if _anchor is not None:
        url += "#" + quote(_anchor, safe="%!#$&'()*+,/:;=?@")
    return url
