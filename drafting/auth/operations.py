"""Accounts: logging in, invitations and roles. Every write leaves an audit row."""
from __future__ import annotations

import re
import secrets
from datetime import timedelta
from typing import Any, cast

import sqlalchemy as sa
from flask_babel import gettext as _

from .. import access
from ..associations.models import Association, Membership
from ..audit.operations import record_event
from ..core import Conflict, DomainError, PermissionDenied, utcnow
from ..extensions import db
from .models import (
    Invitation,
    Language,
    LoginSession,
    PasswordReset,
    PasswordResetRequest,
    StaffRole,
    StaffRoleKind,
    User,
    hash_token,
)
from .passwords import hash_password, needs_rehash, password_problems, verify_password

INVITATION_VALID_FOR = timedelta(days=14)
RESET_VALID_FOR = timedelta(hours=1)
# Idle sessions end after INACTIVITY_TIMEOUT_SECONDS; a session row this old
# belongs to a browser that left without logging out.
SESSIONS_KEPT_FOR = timedelta(days=30)
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


def create_staff_user(
    *, email: str, name: str, password: str, municipality_id: int, roles: list[StaffRoleKind]
) -> User:
    """A staff account set up by the service's operator (the `users add`
    command), e.g. the first coordinator of a new municipality, with its roles
    there; the address is free and the password acceptable, or nothing is written."""
    address = normalise_email(email)
    name = " ".join((name or "").split())
    if not address or not name:
        raise DomainError(_("Give the name and the e-mail address."))
    if not roles:
        raise DomainError(_("Give at least one role."))
    if find_user_by_email(address) is not None:
        raise Conflict(_("A user with the e-mail address %(email)s exists already.", email=address))
    problems = password_problems(password or "", email=address, name=name)
    if problems:
        raise DomainError(_("The password is not acceptable."), problems)
    user = User(email=address, name=name, password_hash=hash_password(password))
    db.session.add(user)
    kinds = sorted(set(roles), key=lambda kind: kind.value)
    for kind in kinds:
        db.session.add(StaffRole(user=user, municipality_id=municipality_id, kind=kind))
    db.session.flush()
    record_event(actor=None, action="create_user", obj=user, municipality_id=municipality_id,
                 details={"roles": [kind.value for kind in kinds]})
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None; the same answer for an
    unknown address and a wrong password."""
    user = find_user_by_email(email)
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if user.password_hash is not None and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


_DUMMY_HASH = hash_password("not-a-real-password-only-for-timing")


def ensure_manager(user, municipality_id: int) -> None:
    access.ensure("manage_municipality", municipality_id, user,
                  _("Only the coordinator or an administrator may manage users."))


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
    if role is not None:
        ensure_may_grant(inviter, municipality_id, role)
        if email == normalise_email(inviter.email):
            raise DomainError(_("You cannot give yourself a role. Another manager of the municipality can."))
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


def _updated(result: sa.Result) -> int:
    """The number of rows an UPDATE matched (its result is a cursor's)."""
    return cast(sa.CursorResult, result).rowcount


def _claim_once(model, row_id: int, used: str):
    """Mark a one-time link (an invitation, a reset) used, in one conditional
    update: of simultaneous uses exactly one wins. Returns the time of use, or
    None when the link was already used or has expired."""
    now = utcnow()
    column = getattr(model, used)
    claimed = _updated(db.session.execute(
        sa.update(model)
        .where(model.id == row_id, column.is_(None), model.expires_at > now)
        .values({column: now})
        .execution_options(synchronize_session=False)
    ))
    return now if claimed == 1 else None


def find_open_invitation(token: str) -> Invitation | None:
    invitation = db.session.scalar(
        sa.select(Invitation).where(Invitation.token_hash == hash_token(token or ""))
    )
    if invitation is None or not invitation.is_open:
        return None
    return invitation


class InvitationTaken(Conflict):
    """The invitation was accepted by a simultaneous request (or has just expired)."""


def accept_invitation(
    invitation: Invitation, *, name: str, password: str | None, language: Language
) -> User:
    """Create the account (or add to an existing one) and grant what the
    invitation grants. The invitation is claimed in one conditional update,
    so of simultaneous acceptances one wins and the others get
    `InvitationTaken`."""
    if not invitation.is_open:
        raise DomainError(_("This invitation has expired or has already been used."))
    user = find_user_by_email(invitation.email)
    new_account = None
    if user is None:
        name = " ".join((name or "").split())
        if not name:
            raise DomainError(_("Give your name."))
        problems = password_problems(password or "", email=invitation.email, name=name)
        if problems or password is None:
            raise DomainError(_("The password is not acceptable."), problems)
        user = new_account = User(email=invitation.email, name=name, password_hash=hash_password(password),
                                  language=language)
    now = _claim_once(Invitation, invitation.id, "accepted_at")
    if now is None:
        raise InvitationTaken(_("This invitation has expired or has already been used."))
    if new_account is not None:
        try:
            with db.session.begin_nested():
                db.session.add(new_account)
        except sa.exc.IntegrityError:
            # another invitation to the same address was accepted at the same moment
            raise InvitationTaken(_("An account with this address was created a moment ago. "
                                    "Log in to accept the invitation.")) from None
    if invitation.association_id is not None and not user.represents(invitation.association_id):
        db.session.add(Membership(user_id=user.id, association_id=invitation.association_id))
    if invitation.role is not None and not user.has_role(invitation.municipality_id, invitation.role):
        db.session.add(
            StaffRole(user=user, municipality_id=invitation.municipality_id, kind=invitation.role)
        )
    db.session.expire(invitation)
    invitation.accepted_at = now
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


# Which roles a manager may grant and take away in their own municipality.
# Nobody grants a role to themselves; a person may give up their own roles,
# except their last managing one.
GRANTABLE_BY: dict[StaffRoleKind, frozenset[StaffRoleKind]] = {
    StaffRoleKind.COORDINATOR: frozenset(StaffRoleKind),
    StaffRoleKind.ADMIN: frozenset({StaffRoleKind.WELFARE_MEMBER, StaffRoleKind.APPROVER, StaffRoleKind.ADMIN}),
}


def grantable_roles(manager, municipality_id: int) -> set[StaffRoleKind]:
    """The roles `manager` may grant to others (and take away) in the municipality."""
    if not manager.is_authenticated:
        return set()
    grantable: set[StaffRoleKind] = set()
    for kind in manager.role_kinds(municipality_id):
        grantable |= GRANTABLE_BY.get(kind, frozenset())
    return grantable


def ensure_may_grant(manager, municipality_id: int, kind: StaffRoleKind) -> None:
    ensure_manager(manager, municipality_id)
    if kind not in grantable_roles(manager, municipality_id):
        raise PermissionDenied(_("Only the coordinator may grant or remove the role %(role)s.", role=kind.label))


def set_role(manager, user: User, municipality_id: int, kind: StaffRoleKind, granted: bool) -> None:
    ensure_may_grant(manager, municipality_id, kind)
    has = user.has_role(municipality_id, kind)
    if granted == has:
        return
    if granted and user.id == manager.id:
        raise DomainError(_("You cannot give yourself a role. Another manager of the municipality can."))
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


def works_elsewhere(user: User, municipality_id: int) -> bool:
    """Whether the person has a role or an association in another municipality."""
    return any(other != municipality_id for other in user.municipality_ids())


def may_manage_person(manager, user: User, municipality_id: int) -> bool:
    """Whether the manager may grant and take away every role the person has
    in the municipality, and so may take the person's access away."""
    return user.role_kinds(municipality_id) <= grantable_roles(manager, municipality_id)


def ensure_may_manage_person(manager, user: User, municipality_id: int) -> None:
    ensure_manager(manager, municipality_id)
    if not may_manage_person(manager, user, municipality_id):
        raise PermissionDenied(_("Only the coordinator may change the account of a coordinator."))


def ensure_account_managed_here(manager, user: User, municipality_id: int) -> None:
    """A municipality's manager deactivates or erases a whole account only when
    they may take away each of the person's roles there and the person works
    in no other municipality; otherwise they remove what the person has in
    their own municipality."""
    ensure_may_manage_person(manager, user, municipality_id)
    if works_elsewhere(user, municipality_id):
        raise DomainError(_(
            "%(name)s also works in another municipality, so you cannot close the whole account. "
            "Remove their access to this municipality instead. Only the person or the service's "
            "administrator can close the account.", name=user.name))


def set_active(manager, user: User, municipality_id: int, active: bool) -> None:
    ensure_manager(manager, municipality_id)
    if user.id == manager.id and not active:
        raise DomainError(_("You cannot deactivate your own account."))
    ensure_account_managed_here(manager, user, municipality_id)
    switch_account(user, manager, active, also_in=municipality_id)


def switch_account(user: User, actor, active: bool, *, also_in: int | None = None) -> bool:
    """Activate or deactivate the whole account, recorded in every municipality
    the person works in (and in `also_in`, where the change was made)."""
    if user.active == active:
        return False
    user.active = active
    if not active:
        user.end_sessions()
    for municipality_id in concerned_municipalities(user, also_in):
        record_event(
            actor=actor,
            action="activate_user" if active else "deactivate_user",
            obj=user,
            municipality_id=municipality_id,
        )
    return True


def concerned_municipalities(user: User, also_in: int | None = None) -> list[int | None]:
    """The municipalities whose audit records a change to the whole account;
    [None] for a person who works nowhere (the service's own record)."""
    ids: list[int | None] = [*user.municipality_ids()]
    if also_in is not None and also_in not in ids:
        ids.append(also_in)
    return ids or [None]


def remove_access(manager, user: User, municipality_id: int) -> dict:
    """Take away the person's roles in the municipality and their memberships
    in its associations; the account and what they have elsewhere stay."""
    ensure_manager(manager, municipality_id)
    if user.id == manager.id:
        raise DomainError(_("You cannot remove your own access. Another manager of the municipality can."))
    ensure_may_manage_person(manager, user, municipality_id)
    roles = [role for role in user.roles if role.municipality_id == municipality_id]
    memberships = [m for m in user.memberships if m.association.municipality_id == municipality_id]
    if not roles and not memberships:
        return {}
    removed = {"roles": sorted(role.kind.value for role in roles),
               "associations": sorted(m.association.name for m in memberships)}
    for role in roles:
        user.roles.remove(role)
    for membership in memberships:
        db.session.delete(membership)
    db.session.flush()
    db.session.expire(user, ["roles", "memberships"])
    record_event(actor=manager, action="remove_access", obj=user, municipality_id=municipality_id,
                 details=removed)
    return removed


def set_language(user: User, language: Language) -> None:
    if user.language != language:
        user.language = language


def update_settings(user: User, *, language: Language, wants_notifications: bool) -> dict:
    changes: dict[str, list[Any]] = {}
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
    """Begin a session for the user; their sessions begun more than
    `SESSIONS_KEPT_FOR` ago and never ended are cleared away."""
    user.last_login_at = utcnow()
    db.session.execute(sa.delete(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.created_at < utcnow() - SESSIONS_KEPT_FOR))
    user.start_session()


def request_password_reset(email: str) -> None:
    """Record that someone asked a new password for the address; the same work
    and the same answer whether or not the address has an account. The link
    is made and mailed by `handle_reset_requests`, after the answer."""
    db.session.add(PasswordResetRequest(email=normalise_email(email)[:254]))


def handle_reset_requests(limit: int = 50) -> int:
    """Turn waiting requests into reset links mailed to active accounts; a
    request for an address without one is dropped. Returns how many were handled."""
    query = sa.select(PasswordResetRequest).order_by(PasswordResetRequest.id).limit(limit)
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    requests = db.session.scalars(query).all()
    for request in requests:
        db.session.delete(request)
        user = find_user_by_email(request.email)
        if user is not None and user.active and user.erased_at is None:
            _send_reset(user)
    db.session.flush()
    return len(requests)


def _send_reset(user: User) -> None:
    """A new link for the user; their earlier links stop working."""
    from flask_babel import force_locale

    from ..notifications.outbox import queue
    from ..web.links import external_url

    now = utcnow()
    db.session.execute(sa.update(PasswordReset)
                       .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None),
                              PasswordReset.expires_at > now)
                       .values(expires_at=now))
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordReset(user_id=user.id, token_hash=hash_token(token), expires_at=now + RESET_VALID_FOR))
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
    """Set the new password with a link that works once: the link is claimed
    in one conditional update (of simultaneous uses one wins), and every other
    link of the user stops working."""
    user = reset.user
    problems = password_problems(password or "", email=user.email, name=user.name)
    if problems:
        raise DomainError(_("The password is not acceptable."), problems)
    new_hash = hash_password(password)
    now = _claim_once(PasswordReset, reset.id, "used_at")
    if now is None:
        raise Conflict(_("This link has already been used or has expired. Ask for a new one."))
    db.session.execute(sa.update(PasswordReset)
                       .where(PasswordReset.user_id == user.id, PasswordReset.id != reset.id,
                              PasswordReset.used_at.is_(None))
                       .values(used_at=now)
                       .execution_options(synchronize_session=False))
    db.session.expire(reset)
    user.password_hash = new_hash
    user.end_sessions()
    record_event(actor=user, action="reset_password", obj=user, municipality_id=None)
    return user
