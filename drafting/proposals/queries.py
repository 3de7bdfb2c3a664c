from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from ..extensions import db
from .models import ChangeProposal, ProposalStatus


def _with_people(query):
    return query.options(joinedload(ChangeProposal.author), joinedload(ChangeProposal.association))


def proposals_on(section, *, limit: int | None = None, offset: int = 0) -> list[ChangeProposal]:
    """The section's proposals, pending ones first."""
    query = _with_people(sa.select(ChangeProposal)).where(ChangeProposal.section_id == section.id) \
        .order_by(ChangeProposal.status != ProposalStatus.PENDING, ChangeProposal.id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return list(db.session.scalars(query))


def proposal_count(section) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(ChangeProposal)
                             .where(ChangeProposal.section_id == section.id))


def get_proposal_or_404(round_, proposal_id: int) -> ChangeProposal:
    proposal = db.session.get(ChangeProposal, proposal_id)
    if proposal is None or proposal.round_id != round_.id:
        abort(404)
    return proposal


def pending_counts(round_) -> dict[int, int]:
    return dict(db.session.execute(
        sa.select(ChangeProposal.section_id, sa.func.count())
        .where(ChangeProposal.round_id == round_.id, ChangeProposal.status == ProposalStatus.PENDING)
        .group_by(ChangeProposal.section_id)
    ).all())


def accepted_in(round_, section_id: int | None = None) -> list[ChangeProposal]:
    query = _with_people(sa.select(ChangeProposal)).where(
        ChangeProposal.round_id == round_.id,
        ChangeProposal.status.in_([ProposalStatus.ACCEPTED, ProposalStatus.ACCEPTED_WITH_EDITS]),
    )
    if section_id is not None:
        query = query.where(ChangeProposal.section_id == section_id)
    return list(db.session.scalars(query.order_by(ChangeProposal.id)))


def undecided_lines(round_, limit: int) -> tuple[list[str], int]:
    """The open-items provider of the workflow's guard."""
    pending = sa.select(ChangeProposal).where(ChangeProposal.round_id == round_.id,
                                              ChangeProposal.status == ProposalStatus.PENDING)
    rows = db.session.scalars(
        _with_people(pending).options(joinedload(ChangeProposal.section)).order_by(ChangeProposal.id).limit(limit)
    ) if limit else []
    total = db.session.scalar(sa.select(sa.func.count()).select_from(pending.subquery()))
    return [
        _("Change proposal %(number)s without a decision: %(speaker)s (%(section)s)",
          number=proposal.id, speaker=proposal.speaker, section=proposal.section.heading)
        for proposal in rows
    ], total
