"""Keeping a DOCX import for its preview, opening a round from it, and the
meeting the agenda text is drafted for."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from .. import access
from ..audit.operations import record_event
from ..auth.people import Person
from ..core import DomainError, PermissionDenied, utcnow
from ..documents.models import Section, SectionVersion, VersionOrigin
from ..documents.operations import MAX_HEADING_LENGTH
from ..extensions import db
from ..municipalities.models import Municipality
from ..web.text import single_line
from ..workflow.bodies import body_named
from ..workflow.models import DecidingBody, DraftingRound, RoundSource, RoundState
from ..workflow.operations import ensure_can_open_round
from .importer import read_guideline
from .models import AgendaPlan, DocumentImport


def ensure_coordinator(municipality, user) -> None:
    access.ensure("open_round", municipality, user, _("Only the coordinator may import a guideline."))


def import_document(municipality, user: Person, *, filename: str, data: bytes) -> DocumentImport:
    ensure_coordinator(municipality, user)
    result = read_guideline(data)
    imported = DocumentImport(
        municipality_id=municipality.id,
        uploaded_by_id=user.id,
        filename=single_line(filename or "")[:255],
        sections=[{"heading": s.heading, "text": s.text} for s in result.sections],
        warnings=result.warnings,
        split_on=result.split_on,
    )
    db.session.add(imported)
    db.session.flush()
    record_event(actor=user, action="import_document", obj=imported, municipality_id=municipality.id,
                 details={"filename": imported.filename, "sections": len(result.sections)})
    return imported


def open_round_from_import(imported: DocumentImport, user: Person, *, year: int) -> DraftingRound:
    guideline = imported_guideline(imported)
    ensure_coordinator(guideline.municipality, user)
    if imported.round_id is not None:
        raise DomainError(_("A round has already been opened from this file."))
    ensure_can_open_round(guideline, user, year)
    round_ = DraftingRound(guideline=guideline, year=year, state=RoundState.DECISION, opened_by_id=user.id,
                           source=RoundSource.IMPORT)
    db.session.add(round_)
    for position, part in enumerate(imported.sections, start=1):
        section = Section(round=round_, position=position, heading=part["heading"])
        db.session.add(section)
        if part["text"]:
            section.current_number = 1
            db.session.add(SectionVersion(section=section, number=1, text=part["text"], author_id=user.id,
                                          origin=VersionOrigin.IMPORTED,
                                          reason=_("Imported from %(file)s", file=imported.filename)))
    db.session.flush()
    imported.round_id = round_.id
    record_event(actor=user, action="open_round", obj=round_, municipality_id=guideline.municipality_id,
                 round_id=round_.id, to_state=RoundState.DECISION.value,
                 details={"source": RoundSource.IMPORT.value, "import": imported.id})
    return round_


def imported_guideline(imported: DocumentImport):
    return db.session.get_one(Municipality, imported.municipality_id).guideline


def _arrangeable(imported: DocumentImport, user, index: int, heading: str) -> list[dict]:
    """The import's sections, once the user may arrange them and the section
    at `index` is still the one the user saw (by its heading)."""
    ensure_coordinator(imported_guideline(imported).municipality, user)
    if imported.round_id is not None:
        raise DomainError(_("A round has already been opened from this file: arrange its sections in the round."))
    sections = [dict(part) for part in imported.sections]
    if not 0 <= index < len(sections) or sections[index]["heading"] != heading:
        raise DomainError(_("The preview was changed meanwhile: check the sections and try again."))
    return sections


def _arranged(imported: DocumentImport, user, sections: list[dict], action: str, details: dict) -> None:
    imported.sections = sections
    db.session.flush()
    record_event(actor=user, action=action, obj=imported, municipality_id=imported.municipality_id,
                 details={"filename": imported.filename, **details})


def move_imported_section(imported: DocumentImport, user, *, index: int, heading: str, direction: str) -> int:
    """Move a section of the preview up or down; returns its new index."""
    sections = _arrangeable(imported, user, index, heading)
    target = index - 1 if direction == "up" else index + 1 if direction == "down" else None
    if target is None:
        raise DomainError(_("Choose whether the section moves up or down."))
    if not 0 <= target < len(sections):
        raise DomainError(_("The section is already the first.") if direction == "up"
                          else _("The section is already the last."))
    sections[index], sections[target] = sections[target], sections[index]
    _arranged(imported, user, sections, "arrange_import",
              {"chapter": f"{target + 1}. {heading}", "from_chapter": index + 1, "to_chapter": target + 1})
    return target


def remove_imported_section(imported: DocumentImport, user, *, index: int, heading: str) -> None:
    """Leave a section of the file out of the round to be opened."""
    sections = _arrangeable(imported, user, index, heading)
    if len(sections) == 1:
        raise DomainError(_("The round needs at least one section."))
    del sections[index]
    _arranged(imported, user, sections, "arrange_import", {"chapter": f"{index + 1}. {heading}", "removed": True})


def rename_imported_section(imported: DocumentImport, user, *, index: int, heading: str, new_heading: str) -> None:
    sections = _arrangeable(imported, user, index, heading)
    new_heading = " ".join((new_heading or "").split())
    if not new_heading:
        raise DomainError(_("The section needs a heading."))
    if len(new_heading) > MAX_HEADING_LENGTH:
        raise DomainError(_("The heading is too long (at most %(limit)s characters).", limit=MAX_HEADING_LENGTH))
    if new_heading == heading:
        raise DomainError(_("Nothing changed: the text and the heading are as they were."))
    sections[index]["heading"] = new_heading
    _arranged(imported, user, sections, "arrange_import",
              {"chapter": f"{index + 1}. {new_heading}", "heading": [heading, new_heading]})


def plan_agenda(round_: DraftingRound, user: Person, *, kind: DecidingBody, body_name: str | None,
                meeting_on: date | None, preparer: str, presenter: str) -> AgendaPlan:
    """Set the body, the meeting date, the preparer and the presenter the
    agenda text is drafted for; returns the plan, audited with what changed."""
    access.ensure("plan_agenda", round_, user)
    if meeting_on is None:
        raise DomainError(_("Give the date of the meeting."))
    if user.id is None:
        raise PermissionDenied(_("You do not have permission to do this."))
    body = body_named(round_.municipality_id, kind, body_name)
    plan = db.session.scalar(sa.select(AgendaPlan).where(AgendaPlan.round_id == round_.id))
    before = {} if plan is None else {"body": plan.body.name, "meeting_on": plan.meeting_on.isoformat(),
                                      "preparer": plan.preparer, "presenter": plan.presenter}
    if plan is None:
        plan = AgendaPlan(round_id=round_.id, body=body, meeting_on=meeting_on, preparer=preparer,
                          presenter=presenter, updated_by_id=user.id)
        db.session.add(plan)
    plan.body, plan.meeting_on = body, meeting_on
    plan.preparer, plan.presenter = single_line(preparer).strip(), single_line(presenter).strip()
    plan.updated_by_id, plan.updated_at = user.id, utcnow()
    db.session.flush()
    after = {"body": body.name, "meeting_on": meeting_on.isoformat(), "preparer": plan.preparer,
             "presenter": plan.presenter}
    record_event(actor=user, action="plan_agenda", obj=plan, municipality_id=round_.municipality_id,
                 round_id=round_.id,
                 details={key: {"from": before.get(key), "to": value} for key, value in after.items()
                          if before.get(key) != value})
    return plan
