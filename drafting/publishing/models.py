from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import utcnow
from ..extensions import Model

if TYPE_CHECKING:
    from ..auth.models import User
    from ..workflow.models import Body


class DocumentImport(Model):
    """A DOCX read into sections, waiting for the coordinator to look at the
    preview and open a round from it."""

    __tablename__ = "document_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(sa.String(255))
    sections: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    warnings: Mapped[list[str]] = mapped_column(sa.JSON)
    split_on: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    round_id: Mapped[int | None] = mapped_column(sa.ForeignKey("drafting_rounds.id"))

    uploaded_by: Mapped[User] = relationship()


class AgendaPlan(Model):
    """What the agenda text needs before the meeting: the body that will
    decide, the date of its meeting, the preparer and the presenter."""

    __tablename__ = "agenda_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("drafting_rounds.id"), unique=True)
    body_id: Mapped[int] = mapped_column(sa.ForeignKey("bodies.id"))
    meeting_on: Mapped[date]
    preparer: Mapped[str] = mapped_column(sa.String(300))
    presenter: Mapped[str] = mapped_column(sa.String(300))
    updated_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    body: Mapped[Body] = relationship(lazy="joined")
