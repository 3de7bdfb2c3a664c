"""What is written in which step, while its window is open, and the checks
of a write: whether this person may is asked of the access table
(`drafting.access`), the state of the round and the comment is checked here.

The round's step decides what is written: wishes while gathering wishes,
comments at the association evening, internal review remarks during the
welfare group's review. Each is open only while its window is."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from .. import access
from ..access.rules import REMARKERS, RESPONDING_STEPS
from ..auth.people import Person
from ..core import DomainError, PermissionDenied
from ..workflow.models import DraftingRound, RoundState
from .models import Comment, CommentKind

KIND_OF_STEP = {
    RoundState.WISHES: CommentKind.WISH,
    RoundState.ASSOCIATION_EVENING: CommentKind.COMMENT,
    RoundState.WELFARE_REVIEW: CommentKind.REMARK,
}
STEP_OF_KIND = {kind: state for state, kind in KIND_OF_STEP.items()}
__all__ = ["REMARKERS", "RESPONDING_STEPS"]


def window_is_open(round_: DraftingRound, kind: CommentKind) -> bool:
    if kind == CommentKind.WISH:
        return round_.wishes_window_is_open
    if kind == CommentKind.COMMENT:
        return round_.comments_window_is_open
    return round_.state == RoundState.WELFARE_REVIEW


def deadline(round_: DraftingRound, kind: CommentKind) -> date | None:
    if kind == CommentKind.WISH:
        return round_.wishes_closes_on
    if kind == CommentKind.COMMENT:
        return round_.comments_close_on
    return None


def open_kind(round_: DraftingRound) -> CommentKind | None:
    """What can be written in the round now, if anything."""
    kind = KIND_OF_STEP.get(round_.state)
    return kind if kind is not None and window_is_open(round_, kind) else None


def ensure_section_open(section) -> None:
    """A withdrawn section keeps its discussion but takes nothing new."""
    if section is not None and section.withdrawn_at is not None:
        raise DomainError(_("The section “%(heading)s” has been withdrawn: it takes no new comments.",
                            heading=section.heading))


def _closed(round_: DraftingRound) -> DomainError:
    return DomainError(_("Commenting is closed in this step of the round."))


def can_read(comment: Comment, user, round_: DraftingRound) -> bool:
    return access.may("read_comment", comment, user)


def ensure_can_write(round_: DraftingRound, user: Person, *, association_id: int | None,
                     on_behalf: bool = False, section=None) -> CommentKind:
    """The kind the user writes now, or why they cannot."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to comment."))
    ensure_section_open(section)
    kind = KIND_OF_STEP.get(round_.state)
    if kind is None or not window_is_open(round_, kind):
        raise _closed(round_)
    if kind == CommentKind.REMARK:
        access.ensure("write_comment", round_, user,
                      _("Only the welfare group and the coordinator write review remarks."))
        return kind
    if on_behalf:
        access.ensure("write_comment", round_, user)
        if not access.rules.write_for_association(user, round_, association_id, on_behalf=True):
            raise PermissionDenied(_("Only the coordinator records what was said at the association evening."))
        if association_id is None:
            raise DomainError(_("Choose the association whose view is recorded."))
        return kind
    if not access.rules.write_for_association(user, round_, association_id, on_behalf=False):
        raise PermissionDenied(_("You can write only for an association you represent."))
    access.ensure("write_comment", round_, user)
    return kind


def ensure_can_reply(parent: Comment, user: Person, round_: DraftingRound) -> None:
    if not can_read(parent, user, round_):
        raise PermissionDenied(_("You cannot see this comment."))
    if parent.is_hidden:
        raise DomainError(_("A hidden comment cannot be replied to."))
    if not window_is_open(round_, parent.kind) or round_.state != STEP_OF_KIND[parent.kind]:
        if access.rules.replies_in_municipality(user, parent):
            raise _closed(round_)
    access.ensure("reply", parent, user)


def ensure_can_edit(comment: Comment, user, round_: DraftingRound) -> None:
    """The writer is told what the comment's state or its window allow;
    anyone else is refused by the access table."""
    if user.is_authenticated and comment.author_id == user.id:
        if comment.is_hidden:
            raise DomainError(_("A hidden comment cannot be edited."))
        if not window_is_open(round_, comment.kind) or round_.state != STEP_OF_KIND[comment.kind]:
            raise DomainError(_("The window has closed: the comment can no longer be edited."))
    access.ensure("edit_comment", comment, user)


def ensure_coordinator(round_: DraftingRound, user, message) -> None:
    access.ensure("moderate", round_, user, message)


def ensure_can_respond(comment: Comment, user, round_: DraftingRound) -> None:
    access.ensure("moderate", round_, user, _("Only the coordinator gives the municipality's response."))
    if not comment.needs_response:
        raise DomainError(_("Replies and internal remarks get no formal response."))
    if round_.state not in RESPONDING_STEPS:
        raise DomainError(_("Responses can no longer be given in this step of the round."))
    access.ensure("respond", comment, user)
