"""Where a request came from, as the browser tells it.

A browser says which page sent a form: `Sec-Fetch-Site` (`same-origin`,
`same-site`, `cross-site`), `Origin`, and with this service's
`Referrer-Policy: same-origin` a `Referer` on requests from its own pages.
No page of another site can set these headers.

Another site's form that a browser sends here (an auto-submitting form on a
hostile page) arrives without the session cookie, which is `SameSite=Lax`.
Whatever that request wrote into a session would go out as a new session
cookie and replace the person's own: it would log them out. So a form sent
from another page than ours never sets or clears the session cookie
(`SessionOfOurPages`), whatever the view or an error handler wrote.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request
from flask.sessions import SecureCookieSessionInterface

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def _host_of(url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return parts.netloc.lower()


def _ours(url: str) -> bool:
    """The address is on this service's host: the one asked for, or that of
    `PUBLIC_BASE_URL` (a proxy may pass on another Host). The scheme is left
    out: behind a proxy that ends TLS the application may see http."""
    host = _host_of(url)
    public = current_app.config.get("PUBLIC_BASE_URL")
    return host is not None and (host == request.host.lower() or (public is not None and host == _host_of(public)))


def from_our_page() -> bool:
    """True when the browser says the request came from one of this service's
    own pages; False when it says otherwise or says nothing. `Sec-Fetch-Site`
    is the browser's own verdict and decides where it is sent; older browsers
    are judged by `Origin`, or else `Referer`."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    if origin is not None:
        return _ours(origin)
    referrer = request.headers.get("Referer")
    return referrer is not None and _ours(referrer)


def from_another_page() -> bool:
    """True when the browser says the request came from a page of another
    origin (another site, or another host of the same site)."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-site", "cross-site")
    origin = request.headers.get("Origin")
    return origin is not None and not _ours(origin)


class SessionOfOurPages(SecureCookieSessionInterface):
    """The signed-cookie session, which a form sent from another page never
    replaces or clears: the answer to such a request sets no session cookie."""

    def save_session(self, app, session, response) -> None:
        if request.method not in SAFE_METHODS and from_another_page():
            return
        super().save_session(app, session, response)
        if response.cache_control.private and "ETag" in response.headers:
            # A signed-in page with an ETag is revalidated every time and its
            # ETag names the session (freshness.py): the browser may keep it
            # through the session cookie's changes (the time it was last
            # used), so that Back and a second tab show the page it holds.
            response.vary.discard("Cookie")
