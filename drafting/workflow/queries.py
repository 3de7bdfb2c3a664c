"""Loading drafting rounds."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from ..extensions import db
from .models import CLOSED_STATES, DraftingRound, RoundState


def open_round_of(guideline_id: int) -> DraftingRound | None:
    return db.session.scalar(
        sa.select(DraftingRound).where(
            DraftingRound.guideline_id == guideline_id,
            DraftingRound.state.not_in(CLOSED_STATES),
        )
    )


def latest_approved_round(guideline_id: int) -> DraftingRound | None:
    return db.session.scalar(
        sa.select(DraftingRound)
        .where(
            DraftingRound.guideline_id == guideline_id,
            DraftingRound.state == RoundState.APPROVED,
        )
        .order_by(DraftingRound.year.desc())
        .limit(1)
    )


def published_rounds(guideline_id: int) -> list[DraftingRound]:
    """Every approved year of the guideline, newest first."""
    return list(
        db.session.scalars(
            sa.select(DraftingRound)
            .where(
                DraftingRound.guideline_id == guideline_id,
                DraftingRound.state.in_(CLOSED_STATES),
            )
            .order_by(DraftingRound.year.desc())
        )
    )


def hold_for_writing(round_id: int) -> None:
    """SQLite has no row locks and ignores FOR UPDATE and FOR SHARE: a
    transaction that reads the round to change something that depends on it
    takes SQLite's one write lock first, with a write that changes nothing."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            sa.update(DraftingRound).where(DraftingRound.id == round_id).values(state=DraftingRound.state),
            execution_options={"synchronize_session": False},
        )


def get_round_or_404(round_id: int, *, for_update: bool = False) -> DraftingRound:
    query = sa.select(DraftingRound).where(DraftingRound.id == round_id)
    if for_update:
        hold_for_writing(round_id)
        query = query.with_for_update(of=DraftingRound)
    round_ = db.session.scalar(query)
    if round_ is None:
        abort(404)
    return round_
