"""The structure of a round's document: moving a section up or down,
removing a section nobody has written anything on, and withdrawing one that
has comments or proposals. Each change is allowed while the workflow table
lets the user edit the sections, and writes an audit row naming the chapter."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from ..audit.operations import record_event
from ..comments.models import Comment, CommentResponse
from ..core import DomainError, utcnow
from ..extensions import db
from ..proposals.models import ChangeProposal
from ..workflow.operations import authorize
from ..workflow.table import Action, hold_step
from .models import Section, SectionVersion
from .queries import chapter_number, chapter_title

UP, DOWN = "up", "down"
MAX_REASON_LENGTH = 2000


def _editable(section: Section, user):
    round_ = hold_step(section.round)
    authorize(round_, Action.EDIT_SECTIONS, user)
    if section.withdrawn_at is not None:
        raise DomainError(_("The section “%(heading)s” has been withdrawn.", heading=section.heading))
    return round_


def has_inputs(section: Section) -> bool:
    """Whether anyone has written on the section: a comment, a change
    proposal or a response pointing at one of its versions."""
    versions = sa.select(SectionVersion.id).where(SectionVersion.section_id == section.id)
    return bool(db.session.scalar(sa.select(
        sa.exists().where(Comment.section_id == section.id)
        | sa.exists().where(Comment.section_version_id.in_(versions))
        | sa.exists().where(CommentResponse.linked_version_id.in_(versions))
        | sa.exists().where(ChangeProposal.section_id == section.id)
    )))


def sections_with_inputs(round_) -> set[int]:
    """The ids of the round's sections that anyone has written on, in one query."""
    of_round = sa.select(Section.id).where(Section.round_id == round_.id)
    version_sections = sa.select(SectionVersion.id, SectionVersion.section_id).where(
        SectionVersion.section_id.in_(of_round)).subquery()
    queries = [
        sa.select(Comment.section_id).where(Comment.section_id.in_(of_round)),
        sa.select(version_sections.c.section_id).join(Comment, Comment.section_version_id == version_sections.c.id),
        sa.select(version_sections.c.section_id).join(
            CommentResponse, CommentResponse.linked_version_id == version_sections.c.id),
        sa.select(ChangeProposal.section_id).where(ChangeProposal.section_id.in_(of_round)),
    ]
    return set(db.session.scalars(sa.union(*queries)))


def move_section(section: Section, user, direction: str) -> Section:
    """Swap the section with its neighbour in the body of the document; the
    chapter numbers follow."""
    round_ = _editable(section, user)
    if direction not in (UP, DOWN):
        raise DomainError(_("Choose whether the section moves up or down."))
    # two moves at once take turns: each reads the order the other left
    db.session.execute(sa.select(Section.id).where(Section.round_id == round_.id).with_for_update())
    db.session.refresh(section)
    before = chapter_number(section)
    neighbours = sa.select(Section).where(Section.round_id == round_.id, Section.withdrawn_at.is_(None))
    if direction == UP:
        neighbour = db.session.scalar(neighbours.where(Section.position < section.position)
                                      .order_by(Section.position.desc()).limit(1))
    else:
        neighbour = db.session.scalar(neighbours.where(Section.position > section.position)
                                      .order_by(Section.position).limit(1))
    if neighbour is None:
        raise DomainError(_("The section is already the first.") if direction == UP
                          else _("The section is already the last."))
    mine, theirs = section.position, neighbour.position
    # one position at a time, through a free one: the pair is unique in every step
    for moved, position in ((section, -mine), (neighbour, mine), (section, theirs)):
        db.session.execute(sa.update(Section).where(Section.id == moved.id).values(position=position)
                           .execution_options(synchronize_session=False))
    section.position, neighbour.position = theirs, mine
    db.session.flush()
    record_event(
        actor=user, action="move_section", obj=section, municipality_id=round_.municipality_id,
        round_id=round_.id,
        details={"chapter": chapter_title(section), "from_chapter": before, "to_chapter": chapter_number(section),
                 "heading": section.heading},
    )
    return section


def remove_section(section: Section, user) -> None:
    """Delete a section nobody has written anything on, with its versions.
    A section with comments or proposals can only be withdrawn."""
    round_ = _editable(section, user)
    if has_inputs(section):
        raise DomainError(_("The section “%(heading)s” has comments or change proposals, so it cannot be "
                            "removed; withdraw it instead: it then stays in the history and the appendix.",
                            heading=section.heading))
    title = chapter_title(section)
    record_event(
        actor=user, action="remove_section", obj=section, municipality_id=round_.municipality_id,
        round_id=round_.id, details={"chapter": title, "heading": section.heading},
    )
    db.session.execute(sa.delete(SectionVersion).where(SectionVersion.section_id == section.id))
    db.session.delete(section)
    db.session.flush()


def withdraw_section(section: Section, user, *, reason: str) -> Section:
    """Take the section out of the body of the document. Its text, comments,
    proposals and responses stay: the history and the appendix show them."""
    round_ = _editable(section, user)
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError(_("Give the reason for withdrawing the section: it is shown with its comments."))
    if len(reason) > MAX_REASON_LENGTH:
        raise DomainError(_("The reason is too long (at most %(limit)s characters).", limit=MAX_REASON_LENGTH))
    title = chapter_title(section)
    section.withdrawn_at = utcnow()
    section.withdrawal_reason = reason
    db.session.flush()
    record_event(
        actor=user, action="withdraw_section", obj=section, municipality_id=round_.municipality_id,
        round_id=round_.id, reason=reason, details={"chapter": title, "heading": section.heading},
    )
    return section
