from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..extensions import db
from .models import AuditEvent


def record_event(
    *,
    actor,
    action: str,
    obj,
    municipality_id: int | None,
    round_id: int | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit row to the current transaction. The object must already
    have its id, so the row is flushed with the change it records."""
    if obj.id is None:
        db.session.flush()
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        municipality_id=municipality_id,
        round_id=round_id,
        action=action,
        object_type=type(obj).__tablename__,
        object_id=obj.id,
        from_state=str(from_state) if from_state is not None else None,
        to_state=str(to_state) if to_state is not None else None,
        reason=reason,
        details=details,
    )
    db.session.add(event)
    count_change(municipality_id)
    return event


def count_change(municipality_id: int | None) -> None:
    """Move the municipality's revision on, in the transaction of the change,
    so that no page stored before it is served again; a change that belongs
    to no municipality (a person's own name or language, an erasure) moves
    every municipality's revision on."""
    from ..municipalities.models import Municipality

    bump = sa.update(Municipality).values(revision=Municipality.revision + 1)
    if municipality_id is not None:
        bump = bump.where(Municipality.id == municipality_id)
    db.session.execute(bump, execution_options={"synchronize_session": False})
