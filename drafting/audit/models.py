from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import utcnow
from ..extensions import Model

if TYPE_CHECKING:
    from ..auth.models import User


class AuditEvent(Model):
    """One change, written in the same transaction as the change itself."""

    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_events_round_occurred", "round_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    municipality_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("municipalities.id"), index=True
    )
    round_id: Mapped[int | None] = mapped_column(sa.ForeignKey("drafting_rounds.id"))
    action: Mapped[str] = mapped_column(sa.String(60))
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[int | None]
    from_state: Mapped[str | None] = mapped_column(sa.String(40))
    to_state: Mapped[str | None] = mapped_column(sa.String(40))
    reason: Mapped[str | None] = mapped_column(sa.Text)
    details: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)

    actor: Mapped[User | None] = relationship(lazy="joined")


class AuditTrailIsPermanent(RuntimeError):
    """The audit trail is written once and never changed by the application."""


@sa.event.listens_for(AuditEvent, "before_update")
@sa.event.listens_for(AuditEvent, "before_delete")
def _refuse_change(_mapper, _connection, _target):
    raise AuditTrailIsPermanent("The audit trail cannot be changed.")


@sa.event.listens_for(sa.orm.Session, "do_orm_execute")
def _refuse_bulk_change(state):
    if (state.is_update or state.is_delete) and any(
        getattr(mapper, "class_", None) is AuditEvent for mapper in state.all_mappers
    ):
        raise AuditTrailIsPermanent("The audit trail cannot be changed.")
