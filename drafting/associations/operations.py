"""Changes to associations: details kept by the associations themselves, the
register kept by the municipality."""
from __future__ import annotations

import re
from dataclasses import dataclass, fields

import sqlalchemy as sa
from flask_babel import gettext as _

from .. import access
from ..audit.operations import record_event
from ..auth.models import StaffRoleKind
from ..auth.people import Person
from ..core import Conflict, DomainError, PermissionDenied
from ..extensions import db
from .models import Association, association_name_key

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
    _ensure_unique_name(municipality_id, entry.name)
    _check_contact_details(details)
    association = Association(municipality_id=municipality_id, name=entry.name)
    _apply(association, entry, ["register_number", "active"])
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
    _ensure_unique_name(association.municipality_id, entry.name, association.id)
    changes = _apply(association, entry, ["name", "register_number", "active"])
    if changes:
        record_event(
            actor=user,
            action="update_association",
            obj=association,
            municipality_id=association.municipality_id,
            details=changes,
        )
    return changes
