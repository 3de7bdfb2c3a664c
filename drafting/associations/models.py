from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..core import utcnow
from ..extensions import Model
from .names import name_key as association_name_key
from .names import tidy_name

if TYPE_CHECKING:
    from ..auth.models import User


class Association(Model):
    __tablename__ = "associations"
    __table_args__ = (sa.UniqueConstraint("municipality_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"))
    name: Mapped[str] = mapped_column(sa.String(200))
    name_key: Mapped[str] = mapped_column(sa.String(200))
    register_number: Mapped[str | None] = mapped_column(sa.String(20))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_person: Mapped[str | None] = mapped_column(sa.String(200))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    website: Mapped[str | None] = mapped_column(sa.String(300))
    description: Mapped[str | None] = mapped_column(sa.Text)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="association")

    @validates("name")
    def _keep_name_key(self, _key: str, name: str) -> str:
        name = tidy_name(name)
        self.name_key = association_name_key(name)
        return name

    def __repr__(self) -> str:
        return f"<Association {self.name}>"


class AssociationImport(Model):
    """A list of associations read from pasted lines or a file, kept on the
    server while the coordinator looks at its preview and decides each row;
    removed when the list is imported."""

    __tablename__ = "association_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    source: Mapped[str] = mapped_column(sa.String(255))
    rows: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


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
