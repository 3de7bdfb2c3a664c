"""A whole round against the last approved guideline, section by section."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ..extensions import db
from ..workflow.models import DraftingRound, RoundState
from .diffing import tracked_view as tracked
from .queries import sections_with_text


@dataclass
class SectionComparison:
    heading: str
    old_heading: str | None
    status: str  # "same", "changed", "added" or "removed"
    change: dict


@dataclass
class DocumentComparison:
    approved: DraftingRound | None
    sections: list[SectionComparison]

    @property
    def changed(self) -> int:
        return sum(1 for s in self.sections if s.status != "same")


def last_approved_before(round_: DraftingRound) -> DraftingRound | None:
    if round_.previous_round is not None:
        return round_.previous_round
    return db.session.scalar(
        sa.select(DraftingRound)
        .where(DraftingRound.guideline_id == round_.guideline_id,
               DraftingRound.state.in_([RoundState.APPROVED, RoundState.ARCHIVED]),
               DraftingRound.year < round_.year, DraftingRound.id != round_.id)
        .order_by(DraftingRound.year.desc()).limit(1)
    )


def pair_sections(old_round, new_round) -> list[tuple]:
    """(old section, old version, new section, new version) in the new order;
    sections are matched by where they were carried over from, then by heading."""
    old = sections_with_text(old_round) if old_round else []
    new = sections_with_text(new_round)
    by_id = {section.id: (section, version) for section, version in old}
    by_heading = {section.heading.casefold(): (section, version) for section, version in old}
    used: set[int] = set()
    pairs: list[tuple] = []
    for section, version in new:
        carried = by_id.get(section.origin_section_id) if section.origin_section_id is not None else None
        match = carried or by_heading.get(section.heading.casefold())
        if match is not None and match[0].id not in used:
            used.add(match[0].id)
            pairs.append((match[0], match[1], section, version))
        else:
            pairs.append((None, None, section, version))
    for section, version in old:
        if section.id not in used:
            pairs.append((section, version, None, None))
    return pairs


def compare_with_approved(round_: DraftingRound, view: str) -> DocumentComparison:
    approved = last_approved_before(round_)
    result = []
    for old_section, old_version, new_section, new_version in pair_sections(approved, round_):
        old_text = old_version.text if old_version else ""
        new_text = new_version.text if new_version else ""
        if old_section is None:
            status = "added"
        elif new_section is None:
            status = "removed"
        else:
            status = "same" if old_text == new_text and old_section.heading == new_section.heading else "changed"
        result.append(SectionComparison(
            heading=(new_section or old_section).heading,
            old_heading=old_section.heading if old_section and new_section
            and old_section.heading != new_section.heading else None,
            status=status,
            change=tracked(old_text, new_text, view),
        ))
    return DocumentComparison(approved, result)
