"""Loading a round's sections with their current text in a fixed number of queries."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from ..extensions import db
from .models import Section, SectionVersion


def current_versions(round_) -> dict[int, SectionVersion]:
    """The latest version of every section in the body of the round's
    document (not withdrawn), by section id, in one query."""
    rows = db.session.scalars(
        sa.select(SectionVersion)
        .join(Section, SectionVersion.section_id == Section.id)
        .where(Section.round_id == round_.id, SectionVersion.number == Section.current_number,
               Section.withdrawn_at.is_(None))
    )
    return {version.section_id: version for version in rows}


def sections_with_text(round_) -> list[tuple[Section, SectionVersion | None]]:
    """The sections in the body of the document, in order, with their current
    text; the chapter number of each is its place in this list."""
    sections = db.session.scalars(
        sa.select(Section).where(Section.round_id == round_.id, Section.withdrawn_at.is_(None))
        .order_by(Section.position)
    ).all()
    versions = current_versions(round_)
    return [(section, versions.get(section.id)) for section in sections]


def withdrawn_sections(round_) -> list[Section]:
    """The sections withdrawn from the document, in their former order."""
    return list(db.session.scalars(
        sa.select(Section).where(Section.round_id == round_.id, Section.withdrawn_at.is_not(None))
        .order_by(Section.position)
    ))


def chapter_number(section: Section) -> int | None:
    """The section's chapter number: its place among the sections of the
    body (None for a withdrawn section)."""
    if section.withdrawn_at is not None:
        return None
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Section).where(
            Section.round_id == section.round_id, Section.withdrawn_at.is_(None),
            Section.position <= section.position)
    )


def chapter_title(section: Section) -> str:
    """“3. Avustukset”: how the history names a section."""
    number = chapter_number(section)
    return f"{number}. {section.heading}" if number is not None else section.heading


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
