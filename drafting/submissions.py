"""Sending the same form twice creates one record.

Every form carries a one-time submission token. A view that creates
something records the token with the address of what it created, in the
same transaction; the same token again, from the same person, leads to that
address instead of a second record. The token is stored bound to the person
(hashed with their user id, or a visitor's session), and is the primary key,
so two simultaneous submissions cannot both be recorded."""
from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from flask import flash, redirect, session
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Mapped, mapped_column

from .core import utcnow
from .extensions import db


class Submission(db.Model):
    __tablename__ = "form_submissions"

    token: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    location: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def _token(form) -> str | None:
    """The form's token bound to whoever sends it (the user, or a visitor's
    session), as it is stored: the same token sent by someone else is
    another submission and never leads to what the first one created."""
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
    return hashlib.sha256(f"{owner}:{value}".encode()).hexdigest()


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
