"""Security of every response: headers, rate limits and the answer to an
unknown host."""
from __future__ import annotations

import ipaddress

from flask import Flask, Response, current_app, request
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.exceptions import SecurityError

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

LOGIN_LIMIT = "5 per minute"
WRITING_LIMIT = "30 per minute"

# Rate limits are keyed on who is asking, never on text as it was sent: the
# same person or account always gives the same key, however the request spells it.


def client_address() -> str:
    """The address a request came from (behind PROXY_COUNT proxies, the one
    the nearest proxy saw): an IPv4 address as such, also when written as
    IPv4-mapped IPv6, and an IPv6 address as its /64 network, which one
    connection holds whole."""
    address = get_remote_address() or ""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def current_account() -> str:
    """The logged-in person (their account, not their session, which changes
    at every login), or the address of a visitor."""
    return f"user:{current_user.id}" if current_user.is_authenticated else client_address()


limiter = Limiter(key_func=client_address, default_limits=[], headers_enabled=True)


SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)


def add_security_headers(response):
    """The headers every response carries, unless the view set its own."""
    wanted = list(SECURITY_HEADERS)
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        wanted.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
    if request.endpoint and request.endpoint != "static" and "ETag" not in response.headers:
        # a page with an ETag says itself how it may be kept (freshness.py)
        wanted.append(("Cache-Control", "no-store"))
    headers = response.headers
    present = {name.lower() for name in headers.keys()}
    for name, value in wanted:
        if name.lower() not in present:
            headers.add(name, value)
    return response


@limiter.request_filter
def _limits_off_for_this_app() -> bool:
    """One Limiter serves every application of the process; each application
    says for itself whether its requests are limited."""
    return not current_app.config.get("RATE_LIMITS_ENABLED", True)


def refuse_unknown_host(error):
    """A request for a host outside TRUSTED_HOSTS: a short plain answer, as no
    address of this service can be built for it."""
    return Response(_("The service does not answer at this address."), 400, mimetype="text/plain")


def register_security(app: Flask) -> None:
    app.config["RATELIMIT_ENABLED"] = True
    limiter.init_app(app)
    app.register_error_handler(SecurityError, refuse_unknown_host)
    app.after_request(add_security_headers)
