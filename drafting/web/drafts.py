"""Nothing typed is lost when the session expires while writing.

When a form with written text arrives without a valid session (the CSRF
token or the login has expired), the text is kept in the new session and
offered back on the page the person wrote it on, after they log in again.

Only a form that the browser says was sent from one of this service's own
pages is kept (`provenance.from_our_page`): a form that another site makes a
browser send fails its CSRF check too, and its text must never come back as
the person's own."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import request, session

from .provenance import from_our_page

DRAFT_FIELDS = ("text", "quote", "rationale", "reason", "message", "heading")
MAX_KEPT = 60_000
KEY = "kept_draft"


def _page_of_form() -> str:
    """The page the form was on: the referring page of this site, or the form's own address."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc and referrer.netloc != request.host:
        return request.path
    return referrer.path or request.path


def keep_submitted_draft() -> bool:
    """Keep the text of a form that could not be handled; True when kept."""
    if request.method != "POST" or not from_our_page():
        return False
    fields = {name: value[:MAX_KEPT] for name, value in request.form.items()
              if name.rpartition("-")[2] in DRAFT_FIELDS and value.strip()}
    if not any(name.rpartition("-")[2] in ("text", "rationale", "message") for name in fields):
        return False
    session[KEY] = {"path": _page_of_form(), "fields": fields}
    return True


def take_draft(path: str | None = None) -> dict | None:
    """The draft kept for this page, once."""
    draft = session.get(KEY)
    if not draft or draft.get("path") != (path or request.path):
        return None
    session.pop(KEY, None)
    return draft["fields"]


def page_to_return_to() -> str | None:
    draft = session.get(KEY)
    return draft["path"] if draft else None


def apply_draft(form, fields: dict | None) -> bool:
    """Put a kept draft into a form's fields; True when something was restored."""
    if not fields:
        return False
    restored = False
    for field in form:
        if field.name in fields and field.type != "CSRFTokenField":
            field.data = fields[field.name]
            restored = True
    return restored
