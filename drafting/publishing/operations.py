"""Keeping a DOCX import for its preview, and opening a round from it."""
from __future__ import annotations

from flask_babel import gettext as _

from .. import access
from ..audit.operations import record_event
from ..auth.people import Person
from ..core import DomainError
from ..documents.models import Section, SectionVersion, VersionOrigin
from ..extensions import db
from ..municipalities.models import Municipality
from ..web.text import single_line
from ..workflow.models import DraftingRound, RoundSource, RoundState
from ..workflow.operations import ensure_can_open_round
from .importer import read_guideline
from .models import DocumentImport


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
