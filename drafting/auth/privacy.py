"""A person's own data: exported on request, erased on request or after long
inactivity. What they submitted stays in the public record of the
consultation under their association, without their name."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from .. import access
from ..associations.models import Association, Membership
from ..audit.models import AuditEvent
from ..audit.operations import record_event
from ..comments.models import Comment
from ..core import DomainError, utcnow
from ..documents.models import SectionVersion
from ..extensions import db
from ..proposals.models import ChangeProposal
from .models import Invitation, User
from .operations import concerned_municipalities, ensure_account_managed_here
from .passwords import verify_password

ERASED_DOMAIN = "erased.invalid"


def personal_data(user: User) -> dict:
    """Everything the service holds about the person, as JSON-ready data."""
    def iso(value):
        return value.isoformat() if value else None

    associations = db.session.scalars(
        sa.select(Association).join(Membership).where(Membership.user_id == user.id)).all()
    comments = db.session.scalars(sa.select(Comment).where(Comment.author_id == user.id).order_by(Comment.id)).all()
    proposals = db.session.scalars(
        sa.select(ChangeProposal).where(ChangeProposal.author_id == user.id).order_by(ChangeProposal.id)).all()
    versions = db.session.scalars(
        sa.select(SectionVersion).where(SectionVersion.author_id == user.id).order_by(SectionVersion.id)).all()
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.actor_id == user.id).order_by(AuditEvent.id)).all()
    return {
        "account": {"email": user.email, "name": user.name, "language": user.language.value,
                    "active": user.active, "created_at": iso(user.created_at),
                    "last_login_at": iso(user.last_login_at),
                    "wants_notifications": user.wants_notifications},
        "roles": [{"municipality_id": role.municipality_id, "role": role.kind.value} for role in user.roles],
        "associations": [{"id": a.id, "name": a.name} for a in associations],
        "comments": [{"id": c.id, "round_id": c.round_id, "section_id": c.section_id, "kind": c.kind.value,
                      "association_id": c.association_id, "text": c.text, "quote": c.quote,
                      "written_at": iso(c.created_at), "edited_at": iso(c.edited_at)} for c in comments],
        "change_proposals": [{"id": p.id, "round_id": p.round_id, "section_id": p.section_id,
                              "proposed_text": p.proposed_text, "rationale": p.rationale,
                              "status": p.status.value, "written_at": iso(p.created_at)} for p in proposals],
        "section_versions": [{"id": v.id, "section_id": v.section_id, "number": v.number,
                              "written_at": iso(v.created_at)} for v in versions],
        "actions": [{"at": iso(e.occurred_at), "action": e.action, "object": e.object_type,
                     "object_id": e.object_id} for e in events],
    }


def erase_person(user: User, actor: User | None, *, reason: str, also_in: int | None = None) -> User:
    """Remove the person's identity; keep what they submitted, credited to
    their association, under the name of an erased person. The erasure is
    recorded in every municipality the person worked in (and in `also_in`,
    where it was done)."""
    if user.erased_at is not None:
        raise DomainError(_("This person's data has already been erased."))
    concerned = concerned_municipalities(user, also_in)
    with force_locale("fi"):
        user.name = _("Erased person")
    original_email = user.email
    user.email = f"erased-{user.id}@{ERASED_DOMAIN}"
    user.password_hash = None
    user.active = False
    user.wants_notifications = False
    user.erased_at = utcnow()
    user.end_sessions()
    for role in list(user.roles):
        user.roles.remove(role)
    db.session.execute(sa.delete(Membership).where(Membership.user_id == user.id))
    db.session.execute(sa.update(Invitation).where(Invitation.email == original_email)
                       .values(email=user.email))
    for municipality_id in concerned:
        record_event(actor=actor, action="erase_person", obj=user, municipality_id=municipality_id, reason=reason)
    return user


def ensure_may_erase(manager: User, user: User, municipality_id: int) -> None:
    """A manager erases a person who works in their municipality alone (or has
    left it and works nowhere else); see `ensure_account_managed_here`."""
    access.ensure("manage_municipality", municipality_id, manager,
                  _("Only the coordinator or an administrator may manage users."))
    if manager.id == user.id:
        raise DomainError(_("You cannot erase your own account here."))
    ensure_account_managed_here(manager, user, municipality_id)


def erase_own_account(user: User, password: str) -> User:
    """The person closes their account themselves, in every municipality, with
    their password as the confirmation."""
    if not verify_password(user.password_hash, password or ""):
        raise DomainError(_("The password is wrong. Your account was not closed."))
    return erase_person(user, user, reason=_("closed by the person themself"))


def inactive_people(days: int) -> list[User]:
    """Accounts not used for `days` days (never used: created that long ago)."""
    limit = utcnow() - timedelta(days=days)
    return list(db.session.scalars(
        sa.select(User).where(User.erased_at.is_(None),
                              sa.func.coalesce(User.last_login_at, User.created_at) < limit)
        .order_by(User.id)
    ))


def purge_inactive(days: int) -> int:
    people = inactive_people(days)
    for person in people:
        erase_person(person, None, reason=f"inactive for more than {days} days")
    return len(people)

