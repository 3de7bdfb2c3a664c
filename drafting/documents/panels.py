"""The section page, assembled in one place from the panels each feature
draws: the text and its version history (here), the change proposals and
the discussion. The template includes one partial per panel."""
from __future__ import annotations

from flask_login import current_user

from ..comments import panels as comments_panels
from ..comments.forms import CommentForm
from ..proposals import panels as proposals_panels
from ..web.pieces import Deferred
from ..workflow.operations import can
from ..workflow.table import Action
from .models import Section
from .queries import current_version, section_history


def section_context(round_, section: Section) -> dict:
    """The section's own panel: its text now, whether the user may edit it,
    and its version history (the same for everyone: a stored piece of the
    page, read only when drawn)."""
    return {
        "round": round_,
        "section": section,
        "version": current_version(section),
        "history": Deferred(lambda: section_history(section)),
        "can_edit": can(round_, Action.EDIT_SECTIONS, current_user),
    }


def section_page_context(round_, section: Section, *, comment_form: CommentForm | None = None,
                         page: int = 1) -> dict:
    """Everything `documents/section.html` draws. `comment_form` is the form
    sent back with its errors when a comment could not be saved."""
    return {
        **section_context(round_, section),
        **proposals_panels.proposals_context(round_, section),
        **comments_panels.discussion_context(round_, section, comment_form, page=page),
    }
