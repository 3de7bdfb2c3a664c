"""Every write of a comment, reply, edit, moderation or response: the rules
are checked, the change and its audit row are written in one transaction,
and the e-mails it causes are put in the outbox in the same transaction.
A write that the round's step allows holds the step (`hold_step`) before
checking, so it cannot land after the step has ended."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from ..associations.models import Association
from ..audit.operations import record_event
from ..auth.people import Person
from ..core import DomainError, PermissionDenied, utcnow
from ..documents.models import Section, SectionVersion
from ..documents.queries import current_version
from ..documents.richtext import anchor_text, plain_text, sanitise_comment
from ..extensions import db
from ..notifications.outcomes import notify_hidden, notify_response
from ..proposals.models import ChangeProposal
from ..workflow.models import DraftingRound
from ..workflow.table import hold_step
from . import rules
from .anchoring import find_quote, normalise_quote
from .models import Comment, CommentKind, CommentResponse, CommentRevision, Disposition

MAX_COMMENT_LENGTH = 10_000
MAX_RAW_LENGTH = 60_000
MAX_QUOTE_LENGTH = 2_000


def _clean_text(text: str) -> str:
    if len(text or "") > MAX_RAW_LENGTH:
        raise DomainError(_("The comment is too long: at most %(limit)s characters.",
                            limit=f"{MAX_COMMENT_LENGTH:,}".replace(",", " ")))
    clean = sanitise_comment(text)
    length = len(plain_text(clean))
    if length == 0:
        raise DomainError(_("Write something first: the comment is empty."))
    if length > MAX_COMMENT_LENGTH:
        raise DomainError(
            _("The comment is too long: %(length)s characters, at most %(limit)s.",
              length=f"{length:,}".replace(",", " "),
              limit=f"{MAX_COMMENT_LENGTH:,}".replace(",", " "))
        )
    return clean


def _association_of(round_: DraftingRound, association_id: int | None) -> Association | None:
    if association_id is None:
        return None
    association = db.session.get(Association, association_id)
    if association is None or association.municipality_id != round_.municipality_id or not association.active:
        raise PermissionDenied(_("You can write only for an association you represent."))
    return association


def _audit(user: Person, action: str, comment: Comment, round_: DraftingRound, **details) -> None:
    record_event(actor=user, action=action, obj=comment, municipality_id=round_.municipality_id,
                 round_id=round_.id, details=details or None, confined_to=discussion_of(comment, round_))


def discussion_of(comment: Comment, round_: DraftingRound):
    """Where the comment is discussed: its section, or the round's document."""
    return comment.section if comment.section_id is not None else round_


@dataclass
class Anchor:
    version: SectionVersion | None
    quote: str | None
    quote_start: int | None


def _anchor(section: Section | None, quote: str | None, near: int | None) -> Anchor:
    """The section version the comment is about, and where its quote is in it."""
    if section is None:
        if quote:
            raise DomainError(_("Only a section's text can be quoted."))
        return Anchor(None, None, None)
    version = current_version(section)
    quote = normalise_quote(quote or "")
    if not quote:
        return Anchor(version, None, None)
    if len(quote) > MAX_QUOTE_LENGTH:
        raise DomainError(_("The quoted passage is too long: at most %(limit)s characters.",
                            limit=MAX_QUOTE_LENGTH))
    start = find_quote(anchor_text(version.text) if version else "", quote, near)
    if start == -1:
        raise DomainError(_("The quoted passage is not in the section's current text. "
                            "Select the passage in the text again."))
    return Anchor(version, quote, start)


def post_comment(round_: DraftingRound, user: Person, *, text: str, section: Section | None = None,
                 association_id: int | None = None, quote: str | None = None,
                 quote_near: int | None = None, on_behalf: bool = False) -> Comment:
    """A wish, comment or review remark, whichever the round's step takes
    (the step is held until the commit)."""
    if section is not None and section.round_id != round_.id:
        raise DomainError(_("The section is not part of this round."))
    hold_step(round_)
    kind = rules.ensure_can_write(round_, user, association_id=association_id, on_behalf=on_behalf,
                                  section=section)
    association = None if kind == CommentKind.REMARK else _association_of(round_, association_id)
    clean = _clean_text(text)
    anchor = _anchor(section, quote, quote_near)
    comment = Comment(
        round_id=round_.id,
        section_id=section.id if section else None,
        section_version_id=anchor.version.id if anchor.version else None,
        kind=kind,
        internal=kind == CommentKind.REMARK,
        author_id=user.id,
        association_id=association.id if association else None,
        recorded_at_evening=on_behalf,
        quote=anchor.quote,
        quote_start=anchor.quote_start,
        text=clean,
    )
    db.session.add(comment)
    db.session.flush()
    _audit(user, "post_comment", comment, round_, kind=kind.value,
           section=section.id if section else None, on_behalf=on_behalf)
    return comment


def reply(parent: Comment, user: Person, *, text: str, association_id: int | None = None) -> Comment:
    round_ = hold_step(parent.round)
    rules.ensure_can_reply(parent, user, round_)
    association = None
    if association_id is not None:
        if association_id not in user.association_ids(round_.municipality_id):
            raise PermissionDenied(_("You can write only for an association you represent."))
        association = _association_of(round_, association_id)
    elif not user.is_staff_of(round_.municipality_id):
        raise DomainError(_("Choose the association you speak for."))
    comment = Comment(
        round_id=round_.id,
        section_id=parent.section_id,
        section_version_id=parent.section_version_id,
        parent_id=parent.id,
        root_id=parent.root_id or parent.id,
        kind=parent.kind,
        internal=parent.internal,
        author_id=user.id,
        association_id=association.id if association else None,
        text=_clean_text(text),
    )
    db.session.add(comment)
    db.session.flush()
    _audit(user, "reply", comment, round_, parent=parent.id)
    return comment


def edit_comment(comment: Comment, user: Person, *, text: str) -> Comment:
    round_ = hold_step(comment.round)
    rules.ensure_can_edit(comment, user, round_)
    clean = _clean_text(text)
    if clean == comment.text:
        raise DomainError(_("Nothing changed in the comment."))
    db.session.add(CommentRevision(comment_id=comment.id, text=comment.text,
                                   written_at=comment.edited_at or comment.created_at))
    comment.text = clean
    comment.edited_at = utcnow()
    _audit(user, "edit_comment", comment, round_)
    return comment


def hide_comment(comment: Comment, user: Person, *, reason: str) -> Comment:
    round_ = comment.round
    rules.ensure_coordinator(round_, user, _("Only the coordinator moderates comments."))
    if comment.is_hidden:
        raise DomainError(_("The comment is hidden already."))
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError(_("Give the reason for hiding the comment: readers see it."))
    comment.hidden_at = utcnow()
    comment.hidden_by_id = user.id
    comment.hidden_reason = reason[:1000]
    record_event(actor=user, action="hide_comment", obj=comment, municipality_id=round_.municipality_id,
                 round_id=round_.id, reason=comment.hidden_reason, confined_to=discussion_of(comment, round_))
    notify_hidden(comment)
    return comment


def current_response(comment: Comment) -> CommentResponse | None:
    return db.session.scalar(
        sa.select(CommentResponse).where(CommentResponse.comment_id == comment.id,
                                         CommentResponse.superseded_at.is_(None))
    )


def respond(comment: Comment, user: Person, *, disposition: Disposition, text: str = "",
            linked_version_id: int | None = None, linked_proposal_id: int | None = None) -> CommentResponse:
    """The municipality's response; a new one supersedes the earlier, which is kept."""
    round_ = hold_step(comment.round)
    rules.ensure_can_respond(comment, user, round_)
    text = (text or "").strip()
    if len(text) > MAX_COMMENT_LENGTH:
        raise DomainError(_("The response is too long: at most %(limit)s characters.",
                            limit=MAX_COMMENT_LENGTH))
    linked = proposal = None
    if disposition == Disposition.NOT_TAKEN_INTO_ACCOUNT and not text:
        raise DomainError(_("Give the reason why the comment was not taken into account."))
    if disposition == Disposition.TAKEN_INTO_ACCOUNT:
        if linked_version_id is None and linked_proposal_id is None:
            raise DomainError(_("Choose the section version or the accepted proposal in which the comment "
                                "was taken into account."))
        if linked_proposal_id is not None:
            proposal = db.session.get(ChangeProposal, linked_proposal_id)
            if proposal is None or proposal.round_id != round_.id or not proposal.status.is_accepted:
                raise DomainError(_("The chosen proposal is not an accepted proposal of this round."))
        else:
            linked = db.session.get(SectionVersion, linked_version_id)
            if linked is None or linked.section.round_id != round_.id:
                raise DomainError(_("The chosen version is not part of this round."))
    previous = current_response(comment)
    if previous is not None:
        previous.superseded_at = utcnow()
        db.session.flush()
    response = CommentResponse(comment_id=comment.id, disposition=disposition, text=text,
                               linked_version_id=linked.id if linked else None,
                               linked_proposal_id=proposal.id if proposal else None, author_id=user.id)
    db.session.add(response)
    db.session.flush()
    record_event(actor=user, action="respond", obj=response, municipality_id=round_.municipality_id,
                 round_id=round_.id, details={"comment": comment.id, "disposition": disposition.value},
                 confined_to=discussion_of(comment, round_))
    notify_response(comment, response)
    return response
