"""Writing a section: every edit adds a version; nothing overwrites one."""
from __future__ import annotations

from typing import cast

import sqlalchemy as sa
from flask_babel import gettext as _

from ..audit.operations import record_event
from ..auth.people import Person
from ..core import Conflict, DomainError, the_application
from ..extensions import db
from ..workflow.operations import authorize
from ..workflow.table import Action, hold_step
from .models import Section, SectionVersion, VersionOrigin
from .queries import chapter_title, current_version
from .richtext import MAX_TEXT_LENGTH, sanitise
from .signals import section_changed
from .tokens import canonical

MAX_HEADING_LENGTH = 300


class StaleSave(Conflict):
    """The text was saved on a version that is no longer the latest."""

    def __init__(self, latest: SectionVersion | None, submitted_text: str, submitted_heading: str):
        super().__init__(
            _(
                "Someone saved this section while you were editing it. Nothing was "
                "overwritten: compare the latest text with yours below and save again."
            )
        )
        self.latest = latest
        self.submitted_text = submitted_text
        self.submitted_heading = submitted_heading


def _clean_heading(heading: str) -> str:
    heading = " ".join((heading or "").split())
    if not heading:
        raise DomainError(_("The section needs a heading."))
    if len(heading) > MAX_HEADING_LENGTH:
        raise DomainError(
            _("The heading is too long (at most %(limit)s characters).", limit=MAX_HEADING_LENGTH)
        )
    return heading


def save_section(
    section: Section, user: Person, *, base_number: int, heading: str, text: str, reason: str = ""
) -> SectionVersion:
    """Save a new version of the section's text and heading.

    Every save is a new version, also one that changes the heading alone, so
    the compare-and-set on `current_number` covers every field the editor
    sends: a save made on an earlier version (`base_number`) is refused with
    `StaleSave`, and of two simultaneous saves one wins."""
    round_ = hold_step(section.round)
    authorize(round_, Action.EDIT_SECTIONS, user)
    if section.withdrawn_at is not None:
        raise DomainError(_("The section “%(heading)s” has been withdrawn.", heading=section.heading))
    heading = _clean_heading(heading)
    if len(text or "") > MAX_TEXT_LENGTH:
        raise DomainError(
            _("The text is too long (at most %(limit)s characters).", limit=MAX_TEXT_LENGTH)
        )
    clean = canonical(sanitise(text))
    latest = current_version(section)
    if base_number != section.current_number:
        raise StaleSave(latest, clean, heading)
    text_changed = clean != (latest.text if latest else "")
    heading_changed = heading != section.heading
    if not text_changed and not heading_changed:
        raise DomainError(_("Nothing changed: the text and the heading are as they were."))

    old_heading = section.heading
    if not (reason or "").strip() and not text_changed:
        reason = _("The heading changed from “%(old)s” to “%(new)s”.", old=old_heading, new=heading)
    version = append_version(section, text=clean, author_id=user.id, base_number=base_number,
                             origin=VersionOrigin.EDIT, reason=reason, heading=heading)
    section.heading = heading
    db.session.flush()
    record_event(
        actor=user,
        action="edit_section",
        obj=section,
        municipality_id=round_.municipality_id,
        round_id=round_.id,
        reason=(reason or "").strip() or None,
        details={
            "version": version.number,
            "heading": [old_heading, heading] if heading_changed else None,
            "chapter": chapter_title(section),
        },
        # a heading is shown beyond its section, in responses that link to it
        confined_to=None if heading_changed else section,
    )
    return version


def append_version(section: Section, *, text: str, author_id: int | None, base_number: int,
                   origin: VersionOrigin, reason: str = "", proposal_id: int | None = None,
                   heading: str | None = None) -> SectionVersion:
    """Add the next version on top of `base_number`; the compare-and-set on
    `current_number` makes one of two simultaneous writers win and the other
    get `StaleSave`. Listeners of `section_changed` (pending proposals) follow."""
    claimed = cast(sa.CursorResult, db.session.execute(  # an UPDATE's result is a cursor's
        sa.update(Section)
        .where(Section.id == section.id, Section.current_number == base_number)
        .values(current_number=base_number + 1)
        .execution_options(synchronize_session=False)
    )).rowcount
    if claimed != 1:
        db.session.refresh(section)
        raise StaleSave(current_version(section), text, heading or section.heading)
    section.current_number = base_number + 1
    version = SectionVersion(
        section_id=section.id,
        number=base_number + 1,
        text=text,
        author_id=author_id,
        reason=(reason or "").strip() or None,
        origin=origin,
        proposal_id=proposal_id,
    )
    db.session.add(version)
    db.session.flush()
    section_changed.send(the_application(), section=section, version=version)
    return version


def add_section(round_, user: Person, *, heading: str) -> Section:
    hold_step(round_)
    authorize(round_, Action.EDIT_SECTIONS, user)
    heading = _clean_heading(heading)
    last = db.session.scalar(
        sa.select(sa.func.max(Section.position)).where(Section.round_id == round_.id)
    )
    section = Section(round=round_, position=(last or 0) + 1, heading=heading)
    db.session.add(section)
    db.session.flush()
    record_event(
        actor=user,
        action="add_section",
        obj=section,
        municipality_id=round_.municipality_id,
        round_id=round_.id,
        details={"heading": heading, "position": section.position, "chapter": chapter_title(section)},
    )
    return section
