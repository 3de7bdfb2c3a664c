"""Whether a signed-in session is still valid: one check for every request.

A session is valid while its login session row exists for an active account
(logout, deactivation and a new password delete the rows), while Flask-Login's
session protection recognises the browser, and while it has not been idle
longer than `INACTIVITY_TIMEOUT_SECONDS`. The user loader and the freshness
check (`freshness.py`, which answers before the user is loaded) both ask
here, so the two can never disagree.
"""
from __future__ import annotations

import time

import sqlalchemy as sa
from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from sqlalchemy.orm import joinedload

from ..auth.models import LoginSession, User, hash_token
from ..extensions import db, login_manager


def split_session_id(session_id: str | None) -> tuple[int, str] | None:
    """The user id and the secret of a session id ("<user id>.<secret>"), or
    None for anything else."""
    user_id, _dot, secret = (session_id or "").partition(".")
    if not user_id.isdigit() or not secret:
        return None
    return int(user_id), secret


def still_theirs(users: sa.FromClause, token_hash) -> sa.ColumnElement[bool]:
    """The condition that the session with this token hash is one of the
    user's and the account is active."""
    sessions = LoginSession.__table__
    return sa.and_(users.c.active.is_(True),
                   sa.exists().where(sessions.c.user_id == users.c.id, sessions.c.token_hash == token_hash))


def load_user(session_id: str) -> User | None:
    """The logged-in user with the roles and memberships every page checks,
    while the session is still theirs."""
    parts = split_session_id(session_id)
    if parts is None:
        return None
    user_id, secret = parts
    users = User.__table__
    user = db.session.scalars(
        sa.select(User).where(User.id == user_id, still_theirs(users, hash_token(secret)))
        .options(joinedload(User.roles), joinedload(User.memberships))
    ).unique().first()
    if user is not None:
        user._session_secret = secret
    return user


def protection_holds() -> bool:
    """Whether Flask-Login's session protection takes the session as it is
    (the same browser that logged in)."""
    protection = current_app.config.get("SESSION_PROTECTION", login_manager.session_protection)
    return not protection or session.get("_id") == login_manager._session_identifier_generator()


def session_is_idle() -> bool:
    """Whether the session has been idle longer than the inactivity timeout."""
    seen = session.get("seen")
    return seen is not None and int(time.time()) - seen > current_app.config["INACTIVITY_TIMEOUT_SECONDS"]


# The session's last use is written at most once a minute: the cookie is
# signed and sent again only then (not with every page or 304), and an idle
# session ends at most that much before its time, never after.
SEEN_EVERY_SECONDS = 60


def mark_seen() -> None:
    """The session was used now (to the minute)."""
    now = int(time.time())
    seen = session.get("seen")
    if seen is None or now - seen >= SEEN_EVERY_SECONDS:
        session["seen"] = now


def end_idle_sessions():
    """Log out a session that has been idle longer than the inactivity
    timeout, keeping a text that was being sent."""
    if not current_user.is_authenticated:
        return None
    if session_is_idle():
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


def register_sessions(app: Flask) -> None:
    login_manager.user_loader(load_user)
    app.before_request(end_idle_sessions)
