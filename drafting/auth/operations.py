"""Accounts: logging in, invitations and roles. Every write leaves an audit row."""
from __future__ import annotations

import re
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from ..associations.models import Association, Membership
from ..audit.operations import record_event
from ..core import Conflict, DomainError, PermissionDenied, utcnow
from ..extensions import db
from .models import Invitation, Language, PasswordReset, StaffRole, StaffRoleKind, User, hash_token
from .passwords import hash_password, needs_rehash, password_problems, verify_password

INVITATION_VALID_FOR = timedelta(days=14)
RESET_VALID_FOR = timedelta(hours=1)
MANAGERS = (StaffRoleKind.COORDINATOR, StaffRoleKind.ADMIN)


# Whitespace anywhere, control characters and the invisible formatting ones.
_NOT_IN_ADDRESSES = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
                               r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")


def normalise_email(email: str | None) -> str:
    """An e-mail address the one way accounts are stored, looked up and rate
    limited: without whitespace, control or invisible characters, in lower case."""
    if not isinstance(email, str):
        return ""
    return _NOT_IN_ADDRESSES.sub("", email).lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None; the same answer for an
    unknown address and a wrong password."""
    user = find_user_by_email(email)
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


_DUMMY_HASH = hash_password("not-a-real-password-only-for-timing")


def ensure_manager(user, municipality_id: int) -> None:
    if not user.is_authenticated or not user.has_role(municipality_id, *MANAGERS):
        raise PermissionDenied(_("Only the coordinator or an administrator may manage users."))


def invite(
    inviter,
    *,
    municipality_id: int,
    email: str,
    association: Association | None = None,
    role: StaffRoleKind | None = None,
) -> tuple[Invitation, str]:
    """Create an invitation; returns it with the secret token for the link."""
    ensure_manager(inviter, municipality_id)
    email = normalise_email(email)
    if association is None and role is None:
        raise DomainError(_("Choose an association or a role for the invited person."))
    if association is not None and association.municipality_id != municipality_id:
        raise PermissionDenied(_("The association belongs to another municipality."))
    existing = find_user_by_email(email)
    if existing is not None:
        if association is not None and existing.represents(association.id):
            raise Conflict(_("%(email)s already represents this association.", email=email))
        if role is not None and existing.has_role(municipality_id, role):
            raise Conflict(_("%(email)s already has this role.", email=email))
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        token_hash=hash_token(token),
        email=email,
        municipality_id=municipality_id,
        association_id=association.id if association else None,
        role=role,
        invited_by_id=inviter.id,
        expires_at=utcnow() + INVITATION_VALID_FOR,
    )
    db.session.add(invitation)
    db.session.flush()
    record_event(
        actor=inviter,
        action="invite",
        obj=invitation,
        municipality_id=municipality_id,
        details={
            "email": email,
            "association": association.name if association else None,
            "role": role.value if role else None,
        },
    )
    return invitation, token


def find_open_invitation(token: str) -> Invitation | None:
    invitation = db.session.scalar(
        sa.select(Invitation).where(Invitation.token_hash == hash_token(token or ""))
    )
    if invitation is None or not invitation.is_open:
        return None
    return invitation


def accept_invitation(
    invitation: Invitation, *, name: str, password: str | None, language: Language
) -> User:
    """Create the account (or add to an existing one) and grant what the invitation grants."""
    if not invitation.is_open:
        raise DomainError(_("This invitation has expired or has already been used."))
    user = find_user_by_email(invitation.email)
    if user is None:
        name = " ".join((name or "").split())
        if not name:
            raise DomainError(_("Give your name."))
        problems = password_problems(password or "", email=invitation.email, name=name)
        if problems:
            raise DomainError(_("The password is not acceptable."), problems)
        user = User(
            email=invitation.email,
            name=name,
            password_hash=hash_password(password),
            language=language,
        )
        db.session.add(user)
        db.session.flush()
    if invitation.association_id is not None and not user.represents(invitation.association_id):
        db.session.add(Membership(user_id=user.id, association_id=invitation.association_id))
    if invitation.role is not None and not user.has_role(invitation.municipality_id, invitation.role):
        db.session.add(
            StaffRole(user=user, municipality_id=invitation.municipality_id, kind=invitation.role)
        )
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    db.session.flush()
    record_event(
        actor=user,
        action="accept_invitation",
        obj=invitation,
        municipality_id=invitation.municipality_id,
    )
    db.session.expire(user, ["roles", "memberships"])
    return user


def set_role(manager, user: User, municipality_id: int, kind: StaffRoleKind, granted: bool) -> None:
    ensure_manager(manager, municipality_id)
    has = user.has_role(municipality_id, kind)
    if granted == has:
        return
    if not granted and user.id == manager.id and kind in MANAGERS:
        remaining = user.role_kinds(municipality_id) & set(MANAGERS) - {kind}
        if not remaining:
            raise DomainError(_("You cannot remove your own last managing role."))
    if granted:
        db.session.add(StaffRole(user=user, municipality_id=municipality_id, kind=kind))
    else:
        for role in list(user.roles):
            if role.municipality_id == municipality_id and role.kind == kind:
                user.roles.remove(role)
    db.session.flush()
    record_event(
        actor=manager,
        action="grant_role" if granted else "revoke_role",
        obj=user,
        municipality_id=municipality_id,
        details={"role": kind.value},
    )


def set_active(manager, user: User, municipality_id: int, active: bool) -> None:
    ensure_manager(manager, municipality_id)
    if user.id == manager.id and not active:
        raise DomainError(_("You cannot deactivate your own account."))
    if user.municipality_ids() and municipality_id not in user.municipality_ids():
        raise PermissionDenied(_("The user belongs to another municipality."))
    if user.active == active:
        return
    user.active = active
    if not active:
        user.end_sessions()
    record_event(
        actor=manager,
        action="activate_user" if active else "deactivate_user",
        obj=user,
        municipality_id=municipality_id,
    )


def set_language(user: User, language: Language) -> None:
    if user.language != language:
        user.language = language


def update_settings(user: User, *, language: Language, wants_notifications: bool) -> dict:
    changes = {}
    if user.language != language:
        changes["language"] = [user.language.value, language.value]
        user.language = language
    if user.wants_notifications != wants_notifications:
        changes["wants_notifications"] = [user.wants_notifications, wants_notifications]
        user.wants_notifications = wants_notifications
    if changes:
        record_event(actor=user, action="update_settings", obj=user, municipality_id=None,
                     details=changes)
    return changes


def record_login(user: User) -> None:
    user.last_login_at = utcnow()
    if not user.session_token:
        user.end_sessions()


def request_password_reset(email: str) -> None:
    """Send a reset link to an active account; the same answer whether or not
    the address has one."""
    from flask_babel import force_locale

    from ..links import external_url
    from ..notifications.outbox import queue

    user = find_user_by_email(email)
    if user is None or not user.active or user.erased_at is not None:
        return
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordReset(user_id=user.id, token_hash=hash_token(token),
                                 expires_at=utcnow() + RESET_VALID_FOR))
    link = external_url("auth.reset_password", token=token)
    with force_locale(user.language.value):
        queue(user.email, _("A new password for Ohjeverstas"),
              _("Someone asked for a new password for your account. If it was you, choose the new password "
                "with this link within an hour:\n%(link)s\n\nIf it was not you, you can ignore this message.",
                link=link))
    db.session.flush()
    record_event(actor=None, action="request_password_reset", obj=user, municipality_id=None)


def find_open_reset(token: str) -> PasswordReset | None:
    reset = db.session.scalar(sa.select(PasswordReset).where(PasswordReset.token_hash == hash_token(token or "")))
    return reset if reset is not None and reset.is_open and reset.user.active else None


def reset_password(reset: PasswordReset, password: str) -> User:
    user = reset.user
    problems = password_problems(password or "", email=user.email, name=user.name)
    if problems:
        raise DomainError(_("The password is not acceptable."), problems)
    user.password_hash = hash_password(password)
    user.end_sessions()
    reset.used_at = utcnow()
    record_event(actor=user, action="reset_password", obj=user, municipality_id=None)
    return user