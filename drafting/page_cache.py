"""Stored pages: a page that a person has just been shown is shown to them
again from store, without drawing it, while nothing in its municipality has
changed; and stored pieces of pages, the same for everyone who sees them
alike, used while a page is drawn.

A view opts in with `@stored_page(scope)`, where the scope names the
municipality whose changes the page shows. A stored page belongs to one
session (or, for visitors who have not logged in, to everyone reading in the
same language) and is served again only while

- the municipality's revision is what it was when the page was drawn (every
  recorded change moves it on as its transaction commits: see
  `audit/revisions.py`),
- the person's session is still valid (same session token, account active,
  same language), and the session has no messages waiting or text kept for it,
- and the page is younger than `PAGE_CACHE_SECONDS` (what depends on the
  clock alone, such as a commenting window closing, is at most that old).

A page is stored under its path and the query it reads, and only then: no
query, or for a page of a list (`paged=True`) `?page=N` with N a plain number
from 1 to 999. An address with anything else in its query
(`?utm_source=…`, `?page=02`, junk) is drawn and not stored, so the addresses
that can be stored are as many as the pages themselves, whatever is asked.

The one-time parts of the page (the CSRF token and the submission tokens of
its forms) are cut out when the page is stored and made anew each time it is
served, so a stored page never repeats a token. One query checks the
revision and the session. The pages live in Flask-Caching: in the worker's
memory by default, in Redis (`CACHE_REDIS_URL`) shared by every server.

A piece of a page that is the same for everyone with the same view of it
(a section's threads for staff or for everyone else, its proposals, its
version history, the steps of the round, in one language) is drawn in a
template inside `{% call stored_piece(name, confined_to, *key) %}`. It comes
from store while the revision of what it shows is unchanged: that of its
section (or of the round, for the discussion of the whole document) and the
municipality's general revision, which moves with every change not confined
to one section (a renamed association, a new heading, a step of the round);
or, for "everything", the municipality's revision. A comment on one section
thus leaves the pieces of the other sections in store. What a piece needs
is never computed when it comes from store (pass it as `Deferred`); after a
change the first person to ask draws it for everyone.
"""
from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

import sqlalchemy as sa
from flask import Flask, current_app, g, has_request_context, request, session
from flask.globals import request_ctx
from flask_caching import Cache
from flask_login.utils import _create_identifier
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from . import visitor_language
from .auth.models import hash_token
from .extensions import login_manager
from .security import end_idle_sessions, mark_seen

cache = Cache()

CSRF, SUBMISSION = 0, 1


@dataclass
class StoredPage:
    municipality_id: int
    revision: int
    language: str
    # the page's bytes, with CSRF or SUBMISSION between them where a token was
    parts: list[bytes | int]
    mimetype: str


class Scope:
    """How a page's municipality is found from the view's arguments, as one
    statement built once: the municipality's revisions (and those of the
    round and the section the page is about) and, when a user is asking,
    their session token, whether the account is active and their language."""

    def __init__(self, arguments: tuple[str, ...], found: Callable[..., sa.Select]):
        self.arguments = arguments
        self._found = found
        self._statements: dict[bool, sa.Select] = {}

    def statement(self, with_user: bool) -> sa.Select:
        if with_user not in self._statements:
            from .municipalities.models import Municipality

            municipalities = Municipality.__table__
            found = self._found(municipalities, *(sa.bindparam(name) for name in self.arguments))
            found = found.add_columns(municipalities.c.id, municipalities.c.revision,
                                      municipalities.c.general_revision).subquery()
            statement = sa.select(found)
            if with_user:
                from .auth.models import LoginSession, User

                users, sessions = User.__table__, LoginSession.__table__
                session_valid = sa.exists().where(sessions.c.user_id == users.c.id,
                                                  sessions.c.token_hash == sa.bindparam("token_hash"))
                statement = (sa.select(found, session_valid.label("session_valid"), users.c.active,
                                       users.c.language)
                             .select_from(found.join(users, sa.true())).where(users.c.id == sa.bindparam("user")))
            self._statements[with_user] = statement
        return self._statements[with_user]


def _of_round(municipalities: sa.Table, round_id) -> sa.Select:
    from .municipalities.models import Guideline
    from .workflow.models import DraftingRound

    guidelines, rounds = Guideline.__table__, DraftingRound.__table__
    return (sa.select(rounds.c.revision.label("round_revision"))
            .join(guidelines, guidelines.c.municipality_id == municipalities.c.id)
            .join(rounds, rounds.c.guideline_id == guidelines.c.id)
            .where(rounds.c.id == round_id))


def _of_section(municipalities: sa.Table, round_id, section_id) -> sa.Select:
    from .documents.models import Section
    from .workflow.models import DraftingRound

    sections, rounds = Section.__table__, DraftingRound.__table__
    return (_of_round(municipalities, round_id).add_columns(sections.c.revision.label("section_revision"))
            .join(sections, sections.c.round_id == rounds.c.id).where(sections.c.id == section_id))


round_scope = Scope(("round_id",), _of_round)
section_scope = Scope(("round_id", "section_id"), _of_section)
municipality_scope = Scope(("slug",), lambda municipalities, slug: sa.select().select_from(municipalities)
                           .where(municipalities.c.slug == slug))
same_municipality = Scope(("municipality_id",), lambda municipalities, key: sa.select().select_from(municipalities)
                          .where(municipalities.c.id == key))


# the pages of a list that are stored: ?page=1 to ?page=999, written plainly
_PAGE_QUERY = re.compile(r"page=[1-9][0-9]{0,2}")


def stored_page(scope: Scope, *, paged: bool = False):
    """Mark a view's page as one that may be served again from store; `paged`
    when it shows one page of a list, chosen by `?page=N`."""
    def mark(view):
        view.page_scope = scope
        view.page_is_paged = paged
        return view
    return mark


def _stored_query(view) -> str | None:
    """The query the page is stored under ('' or 'page=N'), or None when the
    address asks for anything the page does not read as it is stored."""
    query = request.query_string.decode("latin-1")
    if not query:
        return ""
    if getattr(view, "page_is_paged", False) and _PAGE_QUERY.fullmatch(query):
        return query
    return None


def issue_submission_token() -> str:
    """A new one-time token for a form; the page cache cuts it out of a stored page."""
    token = uuid.uuid4().hex
    if has_request_context():
        g.setdefault("submission_tokens", []).append(token)
    return token


def _enabled() -> bool:
    return current_app.config.get("PAGE_CACHE_ENABLED", True)


def _viewer() -> str | None:
    """Whose page this would be: the session's user id, '' for a visitor,
    None when the page must be drawn (messages waiting, a kept text, a
    session from another browser)."""
    if "_flashes" in session or "kept_draft" in session:
        return None
    user_id = session.get("_user_id")
    if user_id is None:
        # a "remember me" cookie logs the visitor in on the full path
        remembered = request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
        return None if remembered else ""
    seen = session.get("seen")
    if seen is None or time.time() - seen > current_app.config["INACTIVITY_TIMEOUT_SECONDS"]:
        return None
    if session.get("_id") != _create_identifier():
        # Flask-Login's session protection: "basic" marks the session as not
        # fresh and goes on, "strong" ends it (which the full path does).
        mode = current_app.config.get("SESSION_PROTECTION", login_manager.session_protection)
        if mode == "strong" and not session.permanent:
            return None
        if mode in ("basic", "strong") and session.get("_fresh") is not False:
            session["_fresh"] = False
    return user_id


def _key(viewer: str, query: str) -> str:
    """The store's key of the page: for a user, their id and the hash of the
    session's secret (never the secret itself)."""
    if viewer:
        user_id, _dot, secret = viewer.partition(".")
        who = f"user:{user_id}:{hash_token(secret)}"
    else:
        who = f"visitor:{visitor_language()}"
    return f"page:{who}:{request.path}?{query}"


def _check(viewer: str, scope: Scope, arguments: dict):
    """One query: the revisions now and, for a user, whether the session is
    still theirs; the row and the language the page is read in, or None."""
    parameters = {name: arguments.get(name) for name in scope.arguments}
    if viewer:
        user_id, _dot, secret = viewer.partition(".")
        if not user_id.isdigit() or not secret:
            return None
        parameters["user"] = int(user_id)
        parameters["token_hash"] = hash_token(secret)
    try:
        with _checking_engine().connect() as connection:
            row = connection.execute(scope.statement(bool(viewer)), parameters).first()
    except sa.exc.DBAPIError:
        # the database is away or a connection was lost: the page is drawn,
        # and the full path answers as it does without a store
        return None
    if row is None:
        return None
    if not viewer:
        return row, visitor_language()
    if not row.active or not row.session_valid:
        return None
    return row, row.language.value


def _checking_engine() -> sa.Engine:
    """The check's own connections: no transaction (on PostgreSQL one round
    trip instead of BEGIN, SELECT and ROLLBACK, and nothing to reset when the
    connection goes back to the pool) and no ping before each use (a lost
    connection fails the check, and the page is drawn)."""
    engines = current_app.extensions.setdefault("page_cache_engines", {})
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    if url not in engines:
        engines[url] = sa.create_engine(url, isolation_level="AUTOCOMMIT", pool_pre_ping=False,
                                        pool_reset_on_return=None)
    return engines[url]


def serve_stored_page():
    """Before the view: answer from store when the stored page is still the page."""
    if request.method not in ("GET", "HEAD") or not _enabled():
        return None
    view = current_app.view_functions.get(request.endpoint)
    scope = getattr(view, "page_scope", None)
    if scope is None:
        return None
    query = _stored_query(view)
    if query is None:
        return None
    viewer = _viewer()
    if viewer is None:
        return None
    key = _key(viewer, query)
    page = cache.get(key)
    if page is not None:
        # the stored page says whose municipality it shows: its revision alone is checked
        now = _check(viewer, same_municipality, {"municipality_id": page.municipality_id})
        if now is None:
            return None
        row, language = now
        if (page.municipality_id, page.revision, page.language) == (row.id, row.revision, language):
            if viewer:
                mark_seen()
            return current_app.response_class(_fill(page.parts), mimetype=page.mimetype)
    now = _check(viewer, scope, request.view_args or {})
    if now is None:
        return None
    row, language = now
    # The revisions are read before the view reads anything, so a change made
    # while the page is drawn leaves it stored under the older revision.
    g.page_to_store = (key, viewer, row.id, row.revision, language)
    g.piece_revisions = {"municipality": row.id, "language": language, "general": row.general_revision,
                         "everything": row.revision,
                         "round": row._mapping.get("round_revision"),
                         "section": row._mapping.get("section_revision")}
    return None


def store_page(response):
    """After the view: keep the page it drew, with its tokens cut out."""
    pending = g.pop("page_to_store", None)
    if (pending is None or request.method != "GET" or response.status_code != 200
            or response.mimetype != "text/html" or response.direct_passthrough):
        return response
    key, viewer, municipality_id, revision, language = pending
    # a page that showed a message (or left one for the next page) is not the page next time
    if session.get("_user_id", "") != viewer or "_flashes" in session or getattr(request_ctx, "flashes", None):
        return response
    tokens = {token: SUBMISSION for token in g.get("submission_tokens", ())}
    if "csrf_token" in g:
        tokens[g.csrf_token] = CSRF
    cache.set(key, StoredPage(municipality_id, revision, language,
                              _cut(response.get_data(as_text=True), tokens), response.mimetype))
    return response


def _cut(body: str, tokens: dict[str, int]) -> list[bytes | int]:
    if not tokens:
        return [body.encode()]
    parts: list[bytes | int] = []
    start = 0
    for match in re.finditer("|".join(re.escape(token) for token in tokens), body):
        parts.append(body[start:match.start()].encode())
        parts.append(tokens[match.group()])
        start = match.end()
    parts.append(body[start:].encode())
    return parts


def _fill(parts: list[bytes | int]) -> bytes:
    csrf = None
    pieces = []
    for part in parts:
        if part == CSRF:
            csrf = csrf or generate_csrf().encode()
            pieces.append(csrf)
        elif part == SUBMISSION:
            pieces.append(issue_submission_token().encode())
        else:
            pieces.append(part)
    return b"".join(pieces)


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


def register_page_cache(app: Flask) -> None:
    cache.init_app(app)
    app.jinja_env.globals["stored_piece"] = stored_piece
    hooks = app.before_request_funcs.setdefault(None, [])
    # before the session's user is loaded: a stored page needs no user object
    hooks.insert(hooks.index(end_idle_sessions) if end_idle_sessions in hooks else 0, serve_stored_page)
    app.after_request(store_page)
