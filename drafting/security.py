"""Security of every response and session: headers, the inactivity timeout,
rate limits, and a friendly 503 when the database is away."""
from __future__ import annotations

import time

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user, logout_user

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)

LOGIN_LIMIT = "5 per minute"
WRITING_LIMIT = "30 per minute"


def submitted_email() -> str:
    """The account a login or reset is about, as a rate-limit key."""
    return "account:" + (request.form.get("email") or "").strip().lower()


def current_account() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else get_remote_address()


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
    if request.endpoint and request.endpoint != "static":
        wanted.append(("Cache-Control", "no-store"))
    headers = response.headers
    present = {name.lower() for name in headers.keys()}
    for name, value in wanted:
        if name.lower() not in present:
            headers.add(name, value)
    return response


def end_idle_sessions():
    """Log out a session that has been idle longer than the inactivity timeout."""
    if not current_user.is_authenticated:
        return None
    now = int(time.time())
    seen = session.get("seen")
    if seen is not None and now - seen > current_app.config["INACTIVITY_TIMEOUT_SECONDS"]:
        from .drafts import keep_submitted_draft

        kept = keep_submitted_draft()
        draft = session.get("kept_draft")
        logout_user()
        session.clear()
        if kept and draft:
            session["kept_draft"] = draft
        flash(_("You were logged out after a period of inactivity. Log in again."), "info")
        return redirect(url_for("auth.login", next=draft["path"] if kept and draft else
                                (request.full_path if request.method == "GET" else None)))
    mark_seen()
    return None


def mark_seen() -> None:
    """The session was used now (to the second)."""
    now = int(time.time())
    if session.get("seen") != now:
        session["seen"] = now


@limiter.request_filter
def _limits_off_for_this_app() -> bool:
    """One Limiter serves every application of the process; each application
    says for itself whether its requests are limited."""
    return not current_app.config.get("RATE_LIMITS_ENABLED", True)


def register_security(app: Flask) -> None:
    app.config["RATELIMIT_ENABLED"] = True
    limiter.init_app(app)
    app.before_request(end_idle_sessions)
    app.after_request(add_security_headers)
