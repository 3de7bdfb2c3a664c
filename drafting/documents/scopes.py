"""What a section's page depends on, for conditional GET
(`web/freshness.py`): the municipality's, the round's and the section's
revisions."""
from __future__ import annotations

import sqlalchemy as sa

from ..municipalities.models import Municipality
from ..web.freshness import Scope
from ..workflow.models import DraftingRound
from ..workflow.scopes import of_round
from .models import Section


def _of_section(municipalities: sa.FromClause, round_id, section_id) -> sa.Select:
    sections = Section.__table__
    return (of_round(municipalities, round_id).add_columns(sections.c.revision.label("section_revision"))
            .join(sections, sections.c.round_id == DraftingRound.__table__.c.id)
            .where(sections.c.id == section_id))


section_scope = Scope(Municipality.__table__, ("round_id", "section_id"), _of_section)
