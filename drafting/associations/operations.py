"""Changes to associations: details kept by the associations themselves, the
register kept by the municipality, lists imported into it, and its
housekeeping (merge, archive, delete)."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, fields
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import access
from ..audit.operations import record_event
from ..auth.models import Invitation, StaffRoleKind
from ..auth.people import Person
from ..comments.models import Comment
from ..core import Conflict, DomainError, PermissionDenied, utcnow
from ..extensions import db
from ..notifications.models import AssociationClaim, OutboxMessage
from ..proposals.models import ChangeProposal
from .lists import (
    CONTACT_LENGTH,
    NAME_LENGTH,
    Assessment,
    Decision,
    Entry,
    ListRow,
    Verdict,
    assess,
)
from .models import Association, AssociationImport, Membership, association_name_key
from .names import RegisterNumberError, looks_like_a_list, normalise_register_number

MANAGERS = (StaffRoleKind.COORDINATOR, StaffRoleKind.ADMIN)


@dataclass
class ContactDetails:
    email: str | None
    phone: str | None
    website: str | None
    description: str | None


@dataclass
class RegisterEntry:
    name: str
    register_number: str | None
    active: bool
    contact_person: str | None = None


def can_edit_details(association: Association, user) -> bool:
    return access.may("edit_association_details", association, user)


def can_manage(municipality_id: int, user) -> bool:
    return access.may("manage_municipality", municipality_id, user)


_WEB_ADDRESS = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")


def _check_contact_details(data) -> None:
    """The same checks as the forms, for every caller: a web address is an
    http(s) address and an e-mail address looks like one."""
    website = (getattr(data, "website", None) or "").strip()
    if website and not _WEB_ADDRESS.match(website):
        raise DomainError(_("The address must start with https:// or http://."))
    email = (getattr(data, "email", None) or "").strip()
    if email and not _EMAIL.match(email):
        raise DomainError(_("This is not a valid e-mail address."))


LIST_IN_NAME = _l("This looks like several associations. Bring a list in with the import of a list "
                  "(Import a list), which shows each row before anything is saved.")


def _checked_entry(entry: RegisterEntry, current_name: str | None = None) -> RegisterEntry:
    """The entry with its register number written as the register writes
    it; a pasted list in a new name and a malformed number refused."""
    if (entry.name or "").strip() != (current_name or "").strip() and looks_like_a_list(entry.name or ""):
        raise DomainError(str(LIST_IN_NAME))
    try:
        number = normalise_register_number(entry.register_number)
    except RegisterNumberError as error:
        raise DomainError(str(PROBLEMS["business_id" if error.business_id else "bad_register_number"])) from None
    if len((entry.contact_person or "").strip()) > CONTACT_LENGTH:
        raise DomainError(str(PROBLEMS["contact_too_long"]))
    return RegisterEntry(name=entry.name, register_number=number, active=entry.active,
                         contact_person=entry.contact_person)


def _apply(association: Association, data, names) -> dict:
    changes = {}
    for name in names:
        new = getattr(data, name)
        if isinstance(new, str):
            new = new.strip() or None
        old = getattr(association, name)
        if old != new:
            changes[name] = [old, new]
            setattr(association, name, new)
    return changes


def update_contact_details(association: Association, user: Person, data: ContactDetails) -> dict:
    if not can_edit_details(association, user):
        raise PermissionDenied(
            _("Only the association's representatives and the coordinator may edit these details.")
        )
    _check_contact_details(data)
    changes = _apply(association, data, [f.name for f in fields(ContactDetails)])
    if changes:
        record_event(
            actor=user,
            action="update_association_details",
            obj=association,
            municipality_id=association.municipality_id,
            details=changes,
        )
    return changes


def _ensure_unique_name(municipality_id: int, name: str, except_id: int | None = None) -> None:
    clash = db.session.scalar(
        sa.select(Association).where(
            Association.municipality_id == municipality_id,
            Association.name_key == association_name_key(name),
            Association.id != (except_id or 0),
        )
    )
    if clash is not None:
        raise Conflict(
            _("The association %(name)s is already in the register.", name=clash.name)
        )


def create_association(
    municipality_id: int, user: Person, entry: RegisterEntry, details: ContactDetails
) -> Association:
    if not can_manage(municipality_id, user):
        raise PermissionDenied(_("Only the coordinator or an administrator may add associations."))
    entry = _checked_entry(entry)
    _ensure_unique_name(municipality_id, entry.name)
    _check_contact_details(details)
    association = Association(municipality_id=municipality_id, name=entry.name)
    _apply(association, entry, ["register_number", "active", "contact_person"])
    _apply(association, details, [f.name for f in fields(ContactDetails)])
    db.session.add(association)
    db.session.flush()
    record_event(
        actor=user,
        action="create_association",
        obj=association,
        municipality_id=municipality_id,
        details={"name": association.name},
    )
    return association


def update_register_entry(association: Association, user: Person, entry: RegisterEntry) -> dict:
    if not can_manage(association.municipality_id, user):
        raise PermissionDenied(_("Only the coordinator or an administrator may edit the register."))
    entry = _checked_entry(entry, association.name)
    _ensure_unique_name(association.municipality_id, entry.name, association.id)
    changes = _apply(association, entry, ["name", "register_number", "active", "contact_person"])
    if changes:
        record_event(
            actor=user,
            action="update_association",
            obj=association,
            municipality_id=association.municipality_id,
            details=changes,
        )
    return changes


# What is wrong with a row of a list, by the keys of `lists.make_row`.
PROBLEMS = {
    "empty_name": _l("The name is empty."),
    "name_too_long": _l("The name is longer than %(max)d characters.", max=NAME_LENGTH),
    "bad_email": _l("The e-mail address is not valid."),
    "bad_register_number": _l("The register number is not valid: it is written like 123.456."),
    "business_id": _l("This is a business ID (Y-tunnus), not a number of the register of associations."),
    "contact_too_long": _l("The contact person's name is longer than %(max)d characters.", max=CONTACT_LENGTH),
}

# Why a whole list cannot be read, by the keys of `lists.ListRefused`.
REFUSALS = {
    "too_many_rows": _l("The list has more than %(limit)d rows. Import it in parts of at most %(limit)d rows."),
    "too_large": _l("The file is larger than %(limit)d MB."),
    "empty": _l("The list is empty."),
    "old_excel": _l("This is an old Excel file (.xls). Save it as .xlsx or .csv and choose it again."),
    "not_a_list": _l("This file is neither CSV nor XLSX. Save the list as .csv or .xlsx, or paste it."),
}

PREVIEW_KEPT = timedelta(days=2)


def register_entries(municipality_id: int) -> list[Entry]:
    """The register's entries as a list is compared with them, in one query."""
    rows = db.session.execute(
        sa.select(Association.id, Association.name, Association.email, Association.register_number,
                  Association.contact_person)
        .where(Association.municipality_id == municipality_id)
    )
    return [Entry(*row) for row in rows]


def read_list(municipality_id: int, user, *, source: str, rows: list[ListRow]) -> AssociationImport:
    """Keep a list read from pasted lines or a file for its preview. Lists of
    the municipality left unimported for `PREVIEW_KEPT` are removed."""
    if not can_manage(municipality_id, user):
        raise PermissionDenied(_("Only the coordinator or an administrator may add associations."))
    if not rows:
        raise DomainError(str(REFUSALS["empty"]))
    db.session.execute(sa.delete(AssociationImport).where(
        AssociationImport.municipality_id == municipality_id,
        AssociationImport.created_at < utcnow() - PREVIEW_KEPT))
    imported = AssociationImport(municipality_id=municipality_id, uploaded_by_id=user.id,
                                 source=source[:255], rows=[row.as_dict() for row in rows])
    db.session.add(imported)
    db.session.flush()
    record_event(actor=user, action="read_association_list", obj=imported, municipality_id=municipality_id,
                 details={"source": imported.source, "rows": len(rows)}, changes_pages=False)
    return imported


def assess_import(imported: AssociationImport) -> list[Assessment]:
    """Each row of a kept list against the register as it is now."""
    rows = [ListRow.from_dict(row) for row in imported.rows]
    return assess(rows, register_entries(imported.municipality_id))


def fingerprint(assessments: list[Assessment]) -> str:
    """What a preview showed, in one digest: each row's verdict and the
    entry or the row it matched. A decision is made on what was shown."""
    digest = hashlib.sha256()
    for a in assessments:
        digest.update(f"{a.row.number}:{a.verdict.value}:{a.entry.id if a.entry else ''}:{a.earlier or ''};".encode())
    return digest.hexdigest()


@dataclass
class ImportOutcome:
    created: int
    updated: int
    skipped: int


def _decision(value: str | None) -> Decision | None:
    try:
        return Decision(value) if value else None
    except ValueError:
        return None


def import_list(imported: AssociationImport, user, decisions: dict[int, str | None],
                *, seen: str | None = None) -> ImportOutcome:
    """Import a kept list as the coordinator decided row by row (a row
    without a decision takes its default): new entries, details added to
    existing ones, the rest skipped, each with an audit row. Nothing is
    imported while a bad row is not skipped, when the verdicts are no longer
    those of the preview seen (its `fingerprint`), or when a decision no
    longer fits the register; the refusal names every such row."""
    if not can_manage(imported.municipality_id, user):
        raise PermissionDenied(_("Only the coordinator or an administrator may add associations."))
    assessments = assess_import(imported)
    if seen is not None and seen != fingerprint(assessments):
        raise Conflict(_("The register has changed since the preview. Look at the verdicts again and "
                         "import."))
    chosen: list[tuple[Assessment, Decision]] = []
    problems = []
    for assessment in assessments:
        number = assessment.row.number
        decision = _decision(decisions.get(number)) if number in decisions else assessment.default
        if assessment.verdict == Verdict.BAD and decision != Decision.SKIP:
            reasons = " ".join(str(PROBLEMS[key]) for key in assessment.row.problems)
            problems.append(_("Row %(number)s: %(reasons)s Fix the list and read it again, or skip the row.",
                              number=number, reasons=reasons))
        elif decision not in assessment.choices:
            problems.append(_("Row %(number)s: choose what to do with it again; the register has changed "
                              "since the preview.", number=number))
        else:
            chosen.append((assessment, decision))
    if problems:
        raise DomainError(_("Nothing was imported."), details=problems)
    municipality_id = imported.municipality_id
    created = [Association(municipality_id=municipality_id, name=a.row.name, email=a.row.email,
                           register_number=a.row.register_number, contact_person=a.row.contact_person)
               for a, decision in chosen if decision == Decision.IMPORT]
    db.session.add_all(created)
    db.session.flush()
    for association in created:
        record_event(actor=user, action="create_association", obj=association, municipality_id=municipality_id,
                     details={"name": association.name, "imported_from": imported.source})
    additions = [(a, a.entry) for a, decision in chosen if decision == Decision.ADD_DETAILS and a.entry]
    targets = {association.id: association for association in db.session.scalars(
        sa.select(Association).where(Association.id.in_({entry.id for _a, entry in additions})))}
    for assessment, entry in additions:
        association = targets[entry.id]
        changes = {}
        for name, value in assessment.additions.items():
            if not getattr(association, name):
                changes[name] = [None, value]
                setattr(association, name, value)
        if changes:
            record_event(actor=user, action="update_association", obj=association,
                         municipality_id=municipality_id,
                         details={**changes, "imported_from": imported.source})
    outcome = ImportOutcome(created=len(created), updated=len(additions),
                            skipped=len(assessments) - len(created) - len(additions))
    record_event(actor=user, action="import_association_list", obj=imported, municipality_id=municipality_id,
                 details={"source": imported.source, "created": outcome.created, "updated": outcome.updated,
                          "skipped": outcome.skipped})
    db.session.delete(imported)
    return outcome


def _ensure_manager(association: Association, user) -> None:
    if not can_manage(association.municipality_id, user):
        raise PermissionDenied(_("Only the coordinator or an administrator may edit the register."))


def archive_association(association: Association, user) -> None:
    """An association that no longer operates leaves the directory and the
    choices of new comments and invitations; what it wrote stays as it was."""
    _ensure_manager(association, user)
    if not association.active:
        raise Conflict(_("%(name)s is archived already.", name=association.name))
    association.active = False
    record_event(actor=user, action="archive_association", obj=association,
                 municipality_id=association.municipality_id, from_state="active", to_state="archived")


def restore_association(association: Association, user) -> None:
    _ensure_manager(association, user)
    if association.active:
        raise Conflict(_("%(name)s is not archived.", name=association.name))
    association.active = True
    record_event(actor=user, action="restore_association", obj=association,
                 municipality_id=association.municipality_id, from_state="archived", to_state="active")


def _count(model, column, association_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(column == association_id)) or 0


def delete_association(association: Association, user) -> None:
    """Delete an entry made by mistake: only one that nobody represents, to
    which nobody was invited and for which nothing was written."""
    _ensure_manager(association, user)
    held = {
        "representatives": _count(Membership, Membership.association_id, association.id),
        "invitations": _count(Invitation, Invitation.association_id, association.id),
        "comments": _count(Comment, Comment.association_id, association.id),
        "proposals": _count(ChangeProposal, ChangeProposal.association_id, association.id),
    }
    if any(held.values()):
        raise Conflict(_(
            "%(name)s cannot be deleted: it has %(representatives)d representatives, %(invitations)d "
            "invitations and %(submissions)d comments or proposals. Archive it, or merge it into the entry "
            "that stays.", name=association.name, representatives=held["representatives"],
            invitations=held["invitations"], submissions=held["comments"] + held["proposals"]))
    record_event(actor=user, action="delete_association", obj=association,
                 municipality_id=association.municipality_id,
                 details={"name": association.name, "register_number": association.register_number})
    db.session.delete(association)
    db.session.flush()


MERGED_DETAILS = ("register_number", "email", "contact_person", "phone", "website", "description")


def merge_associations(kept: Association, merged: Association, user) -> dict:
    """Two entries of one association made one: the representatives,
    invitations, comments, proposals, claims and the messages sent to its
    address (which count it as reached) of `merged` move to `kept`, which
    takes the details it lacks; `merged` is deleted. Both are recorded."""
    _ensure_manager(kept, user)
    if kept.id == merged.id or kept.municipality_id != merged.municipality_id:
        raise DomainError(_("Choose another entry of the same register to merge."))
    represented = set(db.session.scalars(
        sa.select(Membership.user_id).where(Membership.association_id == kept.id)))
    moved = {"representatives": 0}
    for membership in list(db.session.scalars(
            sa.select(Membership).where(Membership.association_id == merged.id))):
        if membership.user_id in represented:
            db.session.delete(membership)
        else:
            membership.association_id = kept.id
            moved["representatives"] += 1
    for key, model in (("invitations", Invitation), ("comments", Comment), ("proposals", ChangeProposal),
                       ("claims", AssociationClaim), ("messages", OutboxMessage)):
        moved[key] = db.session.scalar(sa.select(sa.func.count()).select_from(model).where(
            model.association_id == merged.id)) or 0
        db.session.execute(sa.update(model).where(model.association_id == merged.id).values(association_id=kept.id))
    filled = {}
    for name in MERGED_DETAILS:
        if not getattr(kept, name) and getattr(merged, name):
            filled[name] = [None, getattr(merged, name)]
            setattr(kept, name, getattr(merged, name))
    details = {"merged": {"id": merged.id, "name": merged.name}, "moved": moved, "details": filled}
    record_event(actor=user, action="merge_association", obj=kept, municipality_id=kept.municipality_id,
                 details=details)
    record_event(actor=user, action="merged_into_association", obj=merged, municipality_id=kept.municipality_id,
                 details={"kept": {"id": kept.id, "name": kept.name}, "moved": moved})
    db.session.flush()
    db.session.expire(merged)
    db.session.delete(merged)
    db.session.flush()
    return details
