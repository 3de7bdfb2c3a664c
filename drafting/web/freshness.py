"""Conditional GET: a page the browser already holds is answered with
`304 Not Modified` while nothing it depends on has changed.

A view opts in with `@fresh_page(scope)`, where the scope names what the
page shows: the municipality, and the round or the section the page is
about. Before the view, one query reads their revisions (every recorded
change moves them on as its transaction commits: `audit/revisions.py`) and,
for a signed-in person, whether the session is still one of theirs, whether
the account is active and which language they read in. The page's ETag is a
digest of

- the address (path and query) and the code that draws it (`release_digest`),
- the municipality's revision, and the round's and the section's,
- who asks: the user id and the hash of the session's secret (never the
  secret), or "a visitor",
- the language,
- and the second it was drawn, written in the ETag as well: an ETag is
  answered only for `PAGE_FRESH_SECONDS` after that, so that what changes
  with the clock alone (a commenting window closing) is at most that old.

When the browser sends that ETag in `If-None-Match`, the answer is 304
without loading the user or drawing anything. The access check is not
skipped: every change of a person's roles, memberships or account is a
recorded change of the municipality (or of every municipality), so the ETag
the page was drawn with is answered only while the same person in the same
session would be given the same page. A session that ended (logout,
deactivation, a new password), that has been idle too long, or that waits
to show a message gets no 304 and is handled on the full path: a person who
lost access gets neither a 304 nor the page.

Signed-in pages are `Cache-Control: private, no-cache`: the browser keeps
them and asks every time. Pages drawn for visitors (the published guideline,
its earlier years and their DOCX) carry no session and no token, and are
`public, max-age=PAGE_FRESH_SECONDS` with `Vary: Cookie, Accept-Language`, so
a reverse proxy in front of several servers can keep and revalidate them.

A page that shows a flashed message is sent without an ETag, so the message
is never shown twice. The forms of a page shown again carry the same tokens:
the CSRF token is the session's and does not expire while the session lives,
and `submissions.py` tells a form sent again from a twin of the page from
another form written on it.
"""
from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path
from typing import Callable

import sqlalchemy as sa
from flask import Flask, current_app, g, request, session
from flask.globals import request_ctx

from ..auth.languages import visitor_language
from ..auth.models import User, hash_token
from ..extensions import db
from .sessions import mark_seen, protection_holds, session_is_idle, split_session_id, still_theirs


class Scope:
    """How a page's municipality is found from the view's arguments, as one
    statement built once: the municipality's revisions (and those of the
    round and the section the page is about) and, when a user is asking,
    whether the session is still theirs (`sessions.still_theirs`) and their
    language. A feature states the scopes of its pages: `found` is given the
    municipalities table and the view's arguments as bound parameters."""

    def __init__(self, municipalities: sa.FromClause, arguments: tuple[str, ...], found: Callable[..., sa.Select]):
        self.municipalities = municipalities
        self.arguments = arguments
        self._found = found
        self._statements: dict[bool, sa.Select] = {}
        self._compiled: dict[tuple[bool, str], tuple[str, tuple[str, ...] | None]] = {}

    def statement(self, with_user: bool) -> sa.Select:
        if with_user not in self._statements:
            municipalities = self.municipalities
            found = self._found(municipalities, *(sa.bindparam(name) for name in self.arguments)).add_columns(
                municipalities.c.id, municipalities.c.revision, municipalities.c.general_revision).subquery()
            statement = sa.select(found)
            if with_user:
                users = User.__table__
                statement = (sa.select(found, still_theirs(users, sa.bindparam("token_hash")).label("session_valid"),
                                       users.c.language)
                             .select_from(found.join(users, sa.true())).where(users.c.id == sa.bindparam("user")))
            self._statements[with_user] = statement
        return self._statements[with_user]

    def compiled(self, with_user: bool, dialect: sa.Dialect) -> tuple[str, tuple[str, ...] | None]:
        """The statement as the database's own SQL, compiled once per
        dialect, and the order of its parameters where the driver takes
        them by position: the check runs it as it is, without building or
        looking up a statement on every request."""
        key = (with_user, dialect.name)
        if key not in self._compiled:
            compiled = self.statement(with_user).compile(dialect=dialect)
            order = tuple(compiled.positiontup) if compiled.positional and compiled.positiontup else None
            self._compiled[key] = (str(compiled), order)
        return self._compiled[key]


# the pages of a list whose pieces are kept: ?page=1 to ?page=999, written plainly
_PAGE_QUERY = re.compile(r"page=[1-9][0-9]{0,2}")


def fresh_page(scope: Scope):
    """Mark a view's page as one answered with 304 while nothing in `scope` changed."""
    def mark(view):
        view.page_scope = scope
        return view
    return mark


def release_digest(roots: list[Path]) -> str:
    """A digest of the code, templates, texts and static files that draw the
    pages: the same on every server running the same release, and another
    after an upgrade, so that no page drawn by the old release is revalidated."""
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".html", ".po", ".css", ".js", ".svg"}:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _viewer() -> str | None:
    """Who asks: the session's user id, '' for a visitor, or None when the
    page must be drawn (a message waiting, a kept text, an idle session or
    one that Flask-Login's session protection would not take as it is)."""
    if "_flashes" in session or "kept_draft" in session:
        return None
    user_id = session.get("_user_id")
    if user_id is None:
        # a "remember me" cookie logs the visitor in on the full path
        remembered = request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
        return None if remembered else ""
    if session_is_idle():
        return None
    if not protection_holds():
        return None
    return user_id


def _check(viewer: str, scope: Scope, arguments: dict):
    """One query: the revisions now and, for a user, whether the session is
    still theirs; the row and the language the page is read in, or None."""
    parameters = {name: arguments.get(name) for name in scope.arguments}
    if viewer:
        parts = split_session_id(viewer)
        if parts is None:
            return None
        parameters["user"], secret = parts
        parameters["token_hash"] = hash_token(secret)
    sql, order = scope.compiled(bool(viewer), db.engine.dialect)
    try:
        row = _run_check(sql, tuple(parameters[name] for name in order) if order else parameters)
    except sa.exc.DBAPIError:
        # the database is away or a connection was lost: the full path answers
        return None
    if row is None:
        return None
    if not viewer:
        return row, visitor_language()
    if not row.session_valid:
        return None
    return row, row.language


def _run_check(sql: str, parameters):
    """The check's one statement on a connection of the application's pool,
    outside a transaction: on PostgreSQL the driver sends the statement
    alone (no BEGIN before it, no ROLLBACK after it), and the connection
    goes back to the pool as it came. The pool's ping before each use
    stays (docs/scaling.md gives what it costs)."""
    with db.engine.connect() as connection:
        driver = connection.connection.driver_connection
        if driver is None or getattr(driver, "autocommit", None) is not False:
            # SQLite begins nothing for a SELECT
            return connection.exec_driver_sql(sql, parameters).first()
        driver.autocommit = True  # psycopg
        try:
            return connection.exec_driver_sql(sql, parameters).first()
        finally:
            if not driver.closed:
                driver.autocommit = False


def _etag(viewer: str, row, language: str, drawn_at: int) -> str:
    who = "visitor"
    if viewer:
        user_id, _dot, secret = viewer.partition(".")
        who = f"user:{user_id}:{hash_token(secret)}"
    mapping = row._mapping
    parts = (current_app.extensions["release_digest"], request.path, request.query_string.decode("latin-1"),
             who, language, row.id, row.revision, mapping.get("round_revision"),
             mapping.get("section_revision"), drawn_at)
    return f"{hashlib.sha256(repr(parts).encode()).hexdigest()[:32]}-{drawn_at:x}"


def _still_fresh(viewer: str, row, language: str, now: int) -> str | None:
    """The ETag the browser sent, when it is the one this page would be
    drawn with now and was drawn less than PAGE_FRESH_SECONDS ago."""
    for tag in sorted(request.if_none_match.as_set())[:4]:
        _digest, _dash, drawn = tag.rpartition("-")
        try:
            drawn_at = int(drawn, 16)
        except ValueError:
            continue
        if 0 <= now - drawn_at < current_app.config["PAGE_FRESH_SECONDS"] and \
                tag == _etag(viewer, row, language, drawn_at):
            return tag
    return None


def answer_if_unchanged():
    """Before the view (and before the user is loaded): 304 when the
    browser's copy is still the page; otherwise note the page's ETag and the
    revisions the shared pieces of the page are kept under."""
    if request.method not in ("GET", "HEAD"):
        return None
    view = current_app.view_functions.get(request.endpoint or "")
    scope = getattr(view, "page_scope", None)
    if scope is None:
        return None
    viewer = _viewer()
    if viewer is None:
        return None
    now = _check(viewer, scope, request.view_args or {})
    if now is None:
        return None
    row, language = now
    # The revisions are read before the view reads anything, so a change
    # made while the page is drawn gives the next request another ETag. The
    # pieces are kept for the addresses a page is read at: no query, or one
    # page of a list written plainly, so junk in a query keeps nothing.
    query = request.query_string.decode("latin-1")
    if not query or _PAGE_QUERY.fullmatch(query):
        g.piece_revisions = {"municipality": row.id, "language": language, "general": row.general_revision,
                             "everything": row.revision,
                             "round": row._mapping.get("round_revision"),
                             "section": row._mapping.get("section_revision")}
    now = int(time.time())
    held = _still_fresh(viewer, row, language, now)
    if held is not None:
        if viewer:
            mark_seen()
        response = current_app.response_class(status=304)
        _mark(response, held, viewer)
        return response
    g.page_etag = (_etag(viewer, row, language, now), viewer)
    return None


def _mark(response, etag: str, viewer: str) -> None:
    response.set_etag(etag)
    if viewer:
        response.headers["Cache-Control"] = "private, no-cache"
    else:
        response.headers["Cache-Control"] = f"public, max-age={current_app.config['PAGE_FRESH_SECONDS']}"
        response.vary.update(("Cookie", "Accept-Language"))


def tag_page(response):
    """After the view: the page drawn gets its ETag, unless it showed a
    message or left one for the next page, the person changed during it, or
    a visitor's page holds something of their own session."""
    pending = g.pop("page_etag", None)
    if pending is None or response.status_code != 200 or request.method not in ("GET", "HEAD"):
        return response
    etag, viewer = pending
    if (session.get("_user_id", "") != viewer or "_flashes" in session
            or getattr(request_ctx, "flashes", None)):
        return response
    if not viewer and (session.modified or "csrf_token" in g):
        # a visitor's page that holds a token or sets a cookie is theirs alone
        return response
    _mark(response, etag, viewer)
    return response


def register_freshness(app: Flask, roots: list[Path]) -> None:
    """Registered before any other request hook (`web.init_app`): a 304 needs
    no user object, and the pages that answer one have no rate limit of their own."""
    app.extensions["release_digest"] = release_digest(roots)
    app.before_request(answer_if_unchanged)
    app.after_request(tag_page)
