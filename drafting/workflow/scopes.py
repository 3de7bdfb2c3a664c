"""What a round's pages depend on, for conditional GET (`web/freshness.py`):
the municipality's revisions and the round's."""
from __future__ import annotations

import sqlalchemy as sa

from ..municipalities.models import Guideline, Municipality
from ..web.freshness import Scope
from .models import DraftingRound


def of_round(municipalities: sa.FromClause, round_id) -> sa.Select:
    guidelines, rounds = Guideline.__table__, DraftingRound.__table__
    return (sa.select(rounds.c.revision.label("round_revision"))
            .join(guidelines, guidelines.c.municipality_id == municipalities.c.id)
            .join(rounds, rounds.c.guideline_id == guidelines.c.id)
            .where(rounds.c.id == round_id))


round_scope = Scope(Municipality.__table__, ("round_id",), of_round)
