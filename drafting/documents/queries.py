"""Loading a round's sections with their current text in a fixed number of queries."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from ..extensions import db
from .models import Section, SectionVersion


def current_versions(round_) -> dict[int, SectionVersion]:
    """The latest version of every section of the round, by section id, in one query."""
    rows = db.session.scalars(
        sa.select(SectionVersion)
        .join(Section, SectionVersion.section_id == Section.id)
        .where(Section.round_id == round_.id, SectionVersion.number == Section.current_number)
    )
    return {version.section_id: version for version in rows}


def sections_with_text(round_) -> list[tuple[Section, SectionVersion | None]]:
    sections = db.session.scalars(
        sa.select(Section).where(Section.round_id == round_.id).order_by(Section.position)
    ).all()
    versions = current_versions(round_)
    return [(section, versions.get(section.id)) for section in sections]


def current_version(section: Section) -> SectionVersion | None:
    if section.current_number == 0:
        return None
    return db.session.scalar(
        sa.select(SectionVersion).where(
            SectionVersion.section_id == section.id,
            SectionVersion.number == section.current_number,
        )
    )


def get_section_or_404(round_, section_id: int) -> Section:
    section = db.session.get(Section, section_id)
    if section is None or section.round_id != round_.id:
        abort(404)
    return section


def section_history(section: Section) -> list[SectionVersion]:
    return list(
        db.session.scalars(
            sa.select(SectionVersion)
            .where(SectionVersion.section_id == section.id)
            .order_by(SectionVersion.number.desc())
        )
    )
