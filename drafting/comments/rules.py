"""Who may read and write comments, and when.

The round's step decides what is written: wishes while gathering wishes,
comments at the association evening, internal review remarks during the
welfare group's review. Each is open only while its window is."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from ..auth.models import StaffRoleKind
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
# Steps in which the coordinator answers wishes and comments.
RESPONDING_STEPS = frozenset(
    {RoundState.WISHES, RoundState.WELFARE_REVIEW, RoundState.ASSOCIATION_EVENING}
)
REMARKERS = (StaffRoleKind.WELFARE_MEMBER, StaffRoleKind.COORDINATOR)


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


def _closed(round_: DraftingRound) -> DomainError:
    return DomainError(_("Commenting is closed in this step of the round."))


def can_read(comment: Comment, user: Person, round_: DraftingRound) -> bool:
    if comment.internal:
        return user.is_authenticated and user.is_staff_of(round_.municipality_id)
    return round_.can_read(user)


def ensure_can_write(round_: DraftingRound, user: Person, *, association_id: int | None,
                     on_behalf: bool = False) -> CommentKind:
    """The kind the user writes now, or why they cannot."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to comment."))
    kind = KIND_OF_STEP.get(round_.state)
    if kind is None or not window_is_open(round_, kind):
        raise _closed(round_)
    municipality_id = round_.municipality_id
    if kind == CommentKind.REMARK:
        if not user.has_role(municipality_id, *REMARKERS):
            raise PermissionDenied(_("Only the welfare group and the coordinator write review remarks."))
        return kind
    if on_behalf:
        if kind != CommentKind.COMMENT or not user.has_role(municipality_id, StaffRoleKind.COORDINATOR):
            raise PermissionDenied(
                _("Only the coordinator records what was said at the association evening.")
            )
        if association_id is None:
            raise DomainError(_("Choose the association whose view is recorded."))
        return kind
    if association_id is None or association_id not in user.association_ids(municipality_id):
        raise PermissionDenied(_("You can write only for an association you represent."))
    return kind


def ensure_can_reply(parent: Comment, user: Person, round_: DraftingRound) -> None:
    if not can_read(parent, user, round_):
        raise PermissionDenied(_("You cannot see this comment."))
    if parent.is_hidden:
        raise DomainError(_("A hidden comment cannot be replied to."))
    if not (user.is_staff_of(round_.municipality_id) or user.is_representative_in(round_.municipality_id)):
        raise PermissionDenied(_("Only the municipality's staff and associations can reply."))
    if not window_is_open(round_, parent.kind) or round_.state != STEP_OF_KIND[parent.kind]:
        raise _closed(round_)


def ensure_can_edit(comment: Comment, user: Person, round_: DraftingRound) -> None:
    if comment.author_id != user.id:
        raise PermissionDenied(_("Only the writer may edit a comment."))
    if comment.is_hidden:
        raise DomainError(_("A hidden comment cannot be edited."))
    if not window_is_open(round_, comment.kind) or round_.state != STEP_OF_KIND[comment.kind]:
        raise DomainError(_("The window has closed: the comment can no longer be edited."))


def ensure_coordinator(round_: DraftingRound, user: Person, message) -> None:
    if not user.is_authenticated or not user.has_role(round_.municipality_id, StaffRoleKind.COORDINATOR):
        raise PermissionDenied(message)


def ensure_can_respond(comment: Comment, user: Person, round_: DraftingRound) -> None:
    ensure_coordinator(round_, user, _("Only the coordinator gives the municipality's response."))
    if not comment.needs_response:
        raise DomainError(_("Replies and internal remarks get no formal response."))
    if round_.state not in RESPONDING_STEPS:
        raise DomainError(_("Responses can no longer be given in this step of the round."))
