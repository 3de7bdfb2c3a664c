from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..core import utcnow
from ..extensions import Model

if TYPE_CHECKING:
    from ..auth.models import User

_TRAILING_RY = re.compile(r"[\s,]+(ry|r\.y\.|rf|r\.f\.)$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def association_name_key(name: str) -> str:
    """The form in which two names of one association compare equal: case,
    surrounding and repeated space and a trailing "ry" (or "rf") ignored."""
    key = _SPACES.sub(" ", name).strip().casefold()
    key = _TRAILING_RY.sub("", key).strip()
    return key


class Association(Model):
    __tablename__ = "associations"
    __table_args__ = (sa.UniqueConstraint("municipality_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"))
    name: Mapped[str] = mapped_column(sa.String(200))
    name_key: Mapped[str] = mapped_column(sa.String(200))
    register_number: Mapped[str | None] = mapped_column(sa.String(20))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    website: Mapped[str | None] = mapped_column(sa.String(300))
    description: Mapped[str | None] = mapped_column(sa.Text)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="association")

    @validates("name")
    def _keep_name_key(self, _key: str, name: str) -> str:
        name = _SPACES.sub(" ", name).strip()
        self.name_key = association_name_key(name)
        return name

    def __repr__(self) -> str:
        return f"<Association {self.name}>"


class Membership(Model):
    """A user represents an association."""

    __tablename__ = "memberships"
    __table_args__ = (sa.UniqueConstraint("user_id", "association_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    association_id: Mapped[int] = mapped_column(sa.ForeignKey("associations.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    association: Mapped[Association] = relationship(
        back_populates="memberships", lazy="joined"
    )
