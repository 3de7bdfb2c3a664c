from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import LabelledEnum, enum_column_type, utcnow
from ..extensions import Model, db

if TYPE_CHECKING:
    from ..associations.models import Association, Membership


class StaffRoleKind(LabelledEnum):
    COORDINATOR = "coordinator"
    WELFARE_MEMBER = "welfare_member"
    APPROVER = "approver"
    ADMIN = "admin"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.COORDINATOR: _l("Coordinator"),
            cls.WELFARE_MEMBER: _l("Welfare group member"),
            cls.APPROVER: _l("Approver"),
            cls.ADMIN: _l("Administrator"),
        }


class Language(LabelledEnum):
    FI = "fi"
    SV = "sv"
    EN = "en"

    @classmethod
    def labels(cls) -> dict:
        return {cls.FI: "suomi", cls.SV: "svenska", cls.EN: "English"}


class User(UserMixin, Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    language: Mapped[Language] = mapped_column(
        enum_column_type(Language, "user_language"), default=Language.FI
    )
    active: Mapped[bool] = mapped_column(default=True)
    # Announcements, reminders and digests; responses to one's own comments
    # are always sent.
    wants_notifications: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None]
    erased_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    roles: Mapped[list[StaffRole]] = relationship(back_populates="user", cascade="all, delete-orphan")
    memberships: Mapped[list[Membership]] = relationship(back_populates="user")

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """The session's id: the user's id and the secret of the session begun
        in this request (see `start_session`); empty without one, which never
        matches a session."""
        return f"{self.id}.{getattr(self, '_session_secret', '')}"

    def start_session(self) -> str:
        """Begin a session (a login); only a hash of its secret is stored."""
        if self.id is None:
            db.session.flush()
        secret = secrets.token_urlsafe(24)
        db.session.add(LoginSession(user_id=self.id, token_hash=hash_token(secret)))
        self._session_secret = secret
        return self.get_id()

    def end_sessions(self) -> None:
        """Every session of this user ends at its next request."""
        self._session_secret = ""
        if self.id is not None:
            db.session.execute(sa.delete(LoginSession).where(LoginSession.user_id == self.id))

    def has_role(self, municipality_id: int, *kinds: StaffRoleKind) -> bool:
        return any(
            r.municipality_id == municipality_id and (not kinds or r.kind in kinds)
            for r in self.roles
        )

    def role_kinds(self, municipality_id: int) -> set[StaffRoleKind]:
        return {r.kind for r in self.roles if r.municipality_id == municipality_id}

    def is_staff_of(self, municipality_id: int) -> bool:
        return self.has_role(municipality_id)

    def association_ids(self, municipality_id: int | None = None) -> set[int]:
        return {
            m.association_id
            for m in self.memberships
            if m.association.active
            and (municipality_id is None or m.association.municipality_id == municipality_id)
        }

    def represents(self, association_id: int) -> bool:
        return association_id in self.association_ids()

    def is_representative_in(self, municipality_id: int) -> bool:
        return bool(self.association_ids(municipality_id))

    def municipality_ids(self) -> list[int]:
        """The municipalities the user works in, staff roles first."""
        seen: list[int] = []
        for mid in [r.municipality_id for r in self.roles] + [
            m.association.municipality_id for m in self.memberships
        ]:
            if mid not in seen:
                seen.append(mid)
        return seen

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class StaffRole(Model):
    __tablename__ = "staff_roles"
    __table_args__ = (sa.UniqueConstraint("user_id", "municipality_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"))
    kind: Mapped[StaffRoleKind] = mapped_column(
        enum_column_type(StaffRoleKind, "staff_role_kind")
    )
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="roles")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class LoginSession(Model):
    """One login of a user. The browser holds the secret in its signed
    session; the database holds only the secret's hash, so neither a copy of
    the database nor the page store's keys can be turned into a session.
    Logging out, deactivation and a new password delete the user's rows."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Invitation(Model):
    """An e-mailed link with which a person creates an account, as a
    representative of an association or as a member of staff."""

    __tablename__ = "invitations"
    __table_args__ = (
        sa.CheckConstraint(
            "association_id IS NOT NULL OR role IS NOT NULL", name="grants_something"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"))
    association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("associations.id"))
    role: Mapped[StaffRoleKind | None] = mapped_column(
        enum_column_type(StaffRoleKind, "invitation_role")
    )
    invited_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    association: Mapped[Association | None] = relationship()
    invited_by: Mapped[User] = relationship(foreign_keys=[invited_by_id])

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > utcnow()


class PasswordReset(Model):
    """A one-time link for choosing a new password."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def is_open(self) -> bool:
        return self.used_at is None and self.expires_at > utcnow()


class PasswordResetRequest(Model):
    """An address someone asked a new password for, waiting to be handled
    once the answer has been given: the request itself does the same work
    whether or not the address has an account."""

    __tablename__ = "password_reset_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
