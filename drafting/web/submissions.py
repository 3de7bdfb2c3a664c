"""Sending the same form twice creates one record.

Every form carries a submission token made when the page is drawn. A view
that creates something records the submission with the address of what it
created, in the same transaction; the same submission again leads to that
address instead of a second record. The submission is stored as a digest of
the person (their user id, or a visitor's session), the token and what was
sent (every field but the tokens, and the files' contents), and that digest
is the primary key, so two simultaneous submissions cannot both be recorded.

The content is part of the key because a page shown again carries the same
token: the browser keeps a page and shows it again after a 304 (another tab,
a reload), or restores it with Back. A form sent again as it was (a double
click, Back and send, a reload of the POST) is the same submission and makes
one record; another text written on a twin of the page (two tabs) is
another submission and makes its own record, never "already saved". Two
tabs sending the very same text make one record, which is the text as it
was written. The token is made on the server, so this holds without
JavaScript."""
from __future__ import annotations

import hashlib
import uuid
from datetime import datetime

import sqlalchemy as sa
from flask import flash, g, has_request_context, redirect, request, session
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Mapped, mapped_column

from ..core import utcnow
from ..extensions import Model, db


class Submission(Model):
    __tablename__ = "form_submissions"

    token: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    location: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def new_submission_token() -> str:
    """A new token for a form drawn now (the pieces of a page shared by
    everyone are never kept with one in them: `page_cache.stored_piece`)."""
    token = uuid.uuid4().hex
    if has_request_context():
        g.setdefault("submission_tokens", []).append(token)
    return token


def _content_digest() -> str:
    """What was sent, without its tokens: the fields in order, and the files'
    names and contents."""
    digest = hashlib.sha256()
    for name, value in sorted(request.form.items(multi=True)):
        if name not in ("csrf_token", "submission_token"):
            digest.update(f"{len(name)}:{name}={len(value)}:{value};".encode())
    for name, upload in sorted(request.files.items(multi=True), key=lambda item: item[0]):
        position = upload.stream.tell()
        digest.update(f"file:{name}:{upload.filename}:".encode())
        digest.update(hashlib.sha256(upload.stream.read()).digest())
        upload.stream.seek(position)
    return digest.hexdigest()


def _token(form) -> str | None:
    """The submission as it is stored: the form's token bound to whoever sends
    it (the user, or a visitor's session) and to what they sent. The same
    token sent by someone else, or with other content, is another submission
    and never leads to what the first one created."""
    field = getattr(form, "submission_token", None)
    value = (field.data or "").strip()[:64] if field is not None else ""
    if not value:
        return None
    if current_user.is_authenticated:
        owner = f"user:{current_user.id}"
    elif session.get("csrf_token"):
        owner = f"visitor:{session['csrf_token']}"
    else:
        return None
    return hashlib.sha256(f"{owner}:{value}:{_content_digest()}".encode()).hexdigest()


def repeated(form):
    """A redirect to what this form already created, or None."""
    token = _token(form)
    if token is None:
        return None
    done = db.session.get(Submission, token)
    if done is None:
        return None
    flash(_("This was already saved; it was not saved twice."), "info")
    return redirect(done.location)


def commit_once(form, location: str):
    """Commit what the view created, remembering the form's token; a
    simultaneous twin of this submission that won the race leads to its result."""
    token = _token(form)
    if token is not None:
        db.session.add(Submission(token=token, location=location))
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        done = db.session.get(Submission, token) if token else None
        if done is None:
            raise
        flash(_("This was already saved; it was not saved twice."), "info")
        return redirect(done.location)
    return None
