"""The comments panel of the section page and of the document page: the
threads, the form for writing now and what the panel says about the window."""
from __future__ import annotations

import sqlalchemy as sa
from flask import flash
from flask_babel import gettext as _
from flask_login import current_user

from .. import access
from ..associations.models import Association
from ..documents.models import Section
from ..documents.queries import current_version
from ..extensions import db
from ..web.drafts import apply_draft, take_draft
from ..web.pieces import Deferred
from . import rules
from .forms import CommentForm, association_choices
from .models import CommentKind
from .queries import thread_page


def own_associations(ids) -> list[Association]:
    """The associations of these ids, by name."""
    if not ids:
        return []
    return list(db.session.scalars(
        sa.select(Association).where(Association.id.in_(ids)).order_by(Association.name_key)
    ))


def comment_form(round_, form: CommentForm | None = None, section: Section | None = None) -> CommentForm | None:
    """The form for writing in the round now, or None when the user cannot write."""
    kind = rules.open_kind(round_)
    if not current_user.is_authenticated or kind is None or (section is not None and section.is_withdrawn):
        return None
    if not access.may("write_comment", round_):
        return None
    own = own_associations(current_user.association_ids(round_.municipality_id))
    coordinator = access.may("moderate", round_)
    if form is None:
        form = CommentForm()
        if apply_draft(form, take_draft()):
            flash(_("Your unsent text was kept for you: check it and send it."), "info")
    if kind == CommentKind.COMMENT and coordinator:
        everyone = db.session.execute(
            sa.select(Association.id, Association.name)
            .where(Association.municipality_id == round_.municipality_id, Association.active.is_(True))
            .order_by(Association.name_key)
        ).all()
        form.association_id.choices = association_choices(everyone)
    else:
        form.association_id.choices = association_choices(own) if kind != CommentKind.REMARK else []
    return form


def discussion_context(round_, section: Section | None, form: CommentForm | None = None,
                       page: int = 1) -> dict:
    """What the comments panel of a section page or of the document page needs.
    The threads are the same for everyone who sees them alike (staff or not):
    they are a stored piece of the page, read from the database only when drawn."""
    def threads():
        version = current_version(section) if section is not None else None
        return thread_page(round_, current_user, section=section, current=version, number=page)

    open_kind = rules.open_kind(round_)
    staff = current_user.is_authenticated and current_user.is_staff_of(round_.municipality_id)
    return {
        "comments_page": Deferred(threads),
        "threads_confined_to": "section" if section is not None else "round",
        "threads_key": (round_.id, section.id if section is not None else "document", page, staff),
        "comment_form": comment_form(round_, form, section),
        "section_withdrawn": section is not None and section.is_withdrawn,
        "open_kind": open_kind,
        "deadline": rules.deadline(round_, open_kind) if open_kind else None,
        "can_moderate": access.may("moderate", round_),
    }
