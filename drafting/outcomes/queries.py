"""One association's wishes, comments and proposals of a round with what
became of each, gathered in a fixed number of queries."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from ..associations.models import Association
from ..comments.models import Comment, CommentKind, CommentResponse
from ..documents.models import Section, SectionVersion
from ..documents.richtext import plain_text
from ..extensions import db
from ..proposals.models import ChangeProposal
from ..workflow.models import DraftingRound

REPORTED_KINDS = (CommentKind.WISH, CommentKind.COMMENT)


@dataclass(frozen=True)
class Place:
    """A section and its version: “3. Avustukset, version 4”."""

    chapter: str
    version: int | None = None


@dataclass
class OutcomeItem:
    """One wish, comment or change proposal and what became of it."""

    kind: str
    created_at: datetime
    text: str
    place: Place | None
    disposition: str
    disposition_key: str
    response: str = ""
    taken_into: Place | None = None
    recorded_at_evening: bool = False
    hidden_reason: str | None = None
    accepted_text: str | None = None


@dataclass
class OutcomeReport:
    round: DraftingRound
    association: Association
    items: list[OutcomeItem] = field(default_factory=list)


def _chapters(round_: DraftingRound) -> dict[int, str]:
    """Each section's chapter title (“3. Avustukset”), or its heading alone if withdrawn."""
    rows = db.session.execute(
        sa.select(Section.id, Section.heading, Section.withdrawn_at).where(Section.round_id == round_.id)
        .order_by(Section.position)
    ).all()
    titles, number = {}, 0
    for section_id, heading, withdrawn_at in rows:
        if withdrawn_at is None:
            number += 1
            titles[section_id] = f"{number}. {heading}"
        else:
            titles[section_id] = heading
    return titles


def outcome_report(round_: DraftingRound, association: Association) -> OutcomeReport:
    """The association's report, in five queries: its comments, their
    current responses, its proposals, the versions the proposals became and
    the chapters of the round."""
    comments = db.session.scalars(
        sa.select(Comment).where(
            Comment.round_id == round_.id, Comment.association_id == association.id,
            Comment.parent_id.is_(None), Comment.internal.is_(False), Comment.kind.in_(REPORTED_KINDS))
        .order_by(Comment.created_at, Comment.id)
    ).all()
    responses = {
        response.comment_id: response for response in db.session.scalars(
            sa.select(CommentResponse).options(joinedload(CommentResponse.linked_version))
            .where(CommentResponse.comment_id.in_([c.id for c in comments]),
                   CommentResponse.superseded_at.is_(None)))
    } if comments else {}
    proposals = db.session.scalars(
        sa.select(ChangeProposal).where(
            ChangeProposal.round_id == round_.id, ChangeProposal.association_id == association.id,
            ChangeProposal.internal.is_(False))
        .order_by(ChangeProposal.created_at, ChangeProposal.id)
    ).all()
    versions = {
        version.proposal_id: version for version in db.session.scalars(
            sa.select(SectionVersion).where(SectionVersion.proposal_id.in_([p.id for p in proposals])))
    } if proposals else {}
    chapters = _chapters(round_)
    document = Place(_("The whole document"))

    items = []
    for comment in comments:
        response = responses.get(comment.id)
        linked = response.linked_version if response else None
        items.append(OutcomeItem(
            kind=comment.kind.label, created_at=comment.created_at, text=plain_text(comment.text),
            place=Place(chapters[comment.section_id]) if comment.section_id else document,
            disposition=response.disposition.label if response else _("No response yet"),
            disposition_key=response.disposition.value if response else "none",
            response=response.text if response else "",
            taken_into=Place(chapters[linked.section_id], linked.number) if linked else None,
            recorded_at_evening=comment.recorded_at_evening, hidden_reason=comment.hidden_reason))
    for proposal in proposals:
        version = versions.get(proposal.id)
        items.append(OutcomeItem(
            kind=_("Change proposal"), created_at=proposal.created_at,
            text=plain_text(proposal.proposed_text), place=Place(chapters[proposal.section_id]),
            disposition=proposal.status.label, disposition_key=proposal.status.value,
            response=proposal.decision_reason or "",
            taken_into=Place(chapters[proposal.section_id], version.number) if version else None,
            recorded_at_evening=proposal.recorded_at_evening,
            accepted_text=plain_text(proposal.accepted_text) if proposal.accepted_text
            and proposal.accepted_text != proposal.proposed_text else None))
    items.sort(key=lambda item: item.created_at)
    return OutcomeReport(round_, association, items)


def taking_part(round_: DraftingRound) -> list[tuple[Association, int]]:
    """The associations with wishes, comments or proposals in the round, each
    with how many, in one query."""
    comments = (sa.select(Comment.association_id.label("association_id"))
                .where(Comment.round_id == round_.id, Comment.parent_id.is_(None), Comment.internal.is_(False),
                       Comment.kind.in_(REPORTED_KINDS), Comment.association_id.is_not(None)))
    proposals = (sa.select(ChangeProposal.association_id.label("association_id"))
                 .where(ChangeProposal.round_id == round_.id, ChangeProposal.internal.is_(False),
                        ChangeProposal.association_id.is_not(None)))
    inputs = sa.union_all(comments, proposals).subquery()
    rows = db.session.execute(
        sa.select(Association, sa.func.count()).join(inputs, inputs.c.association_id == Association.id)
        .group_by(Association.id).order_by(Association.name)
    ).all()
    return [(association, count) for association, count in rows]
