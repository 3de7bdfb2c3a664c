from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from flask import abort
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ..auth.people import Person, Reader
from ..extensions import db
from .models import ChangeProposal, ProposalStatus
from .rules import can_read


def _with_people(query):
    return query.options(joinedload(ChangeProposal.author), joinedload(ChangeProposal.association))


def _readable(query, staff: bool):
    """The welfare group's review is internal: its proposals are listed to staff alone."""
    return query if staff else query.where(ChangeProposal.internal.is_(False))


def sees_internal(round_, user: Reader | None = None) -> bool:
    """Whether the person (by default the one of the request) is staff of the round's municipality."""
    user = current_user if user is None else user
    return user.is_authenticated and user.is_staff_of(round_.municipality_id)


def proposals_on(section, *, staff: bool, limit: int | None = None, offset: int = 0) -> list[ChangeProposal]:
    """The section's proposals the reader may see, pending ones first."""
    query = _readable(_with_people(sa.select(ChangeProposal)), staff) \
        .where(ChangeProposal.section_id == section.id) \
        .order_by(ChangeProposal.status != ProposalStatus.PENDING, ChangeProposal.id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return list(db.session.scalars(query))


def proposal_count(section, *, staff: bool) -> int:
    return db.session.scalar(_readable(sa.select(sa.func.count()).select_from(ChangeProposal), staff)
                             .where(ChangeProposal.section_id == section.id))


def get_proposal_or_404(round_, proposal_id: int, user: Person) -> ChangeProposal:
    """The round's proposal, if the person may see it (an internal one is not found otherwise)."""
    proposal = db.session.get(ChangeProposal, proposal_id)
    if proposal is None or proposal.round_id != round_.id or not can_read(proposal, user):
        abort(404)
    return proposal


def pending_counts(round_, user: Reader | None = None) -> dict[int, int]:
    """Open proposals per section, as many as the person (by default the one of the request) may see."""
    return dict(db.session.execute(
        _readable(sa.select(ChangeProposal.section_id, sa.func.count()), sees_internal(round_, user))
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
    rows: Iterable[ChangeProposal] = db.session.scalars(
        _with_people(pending).options(joinedload(ChangeProposal.section)).order_by(ChangeProposal.id).limit(limit)
    ) if limit else []
    total = db.session.execute(sa.select(sa.func.count()).select_from(pending.subquery())).scalar_one()
    return [
        _("Change proposal %(number)s without a decision: %(speaker)s (%(section)s)",
          number=proposal.id, speaker=proposal.speaker, section=proposal.section.heading)
        for proposal in rows
    ], total
