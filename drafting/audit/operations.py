from __future__ import annotations

from typing import Any

from ..extensions import db
from .models import AuditEvent
from .revisions import count_change


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
    confined_to=None,
    changes_pages: bool = True,
) -> AuditEvent:
    """Add an audit row to the current transaction. The object must already
    have its id, so the row is flushed with the change it records.

    `confined_to` is the section (or the round, for the discussion of the
    whole document) that alone the change touches, if it touches nothing else.
    `changes_pages=False` records what no page shows (feedback from a
    resident): the revisions stay, and so do the stored pages."""
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
    if changes_pages:
        count_change(municipality_id, confined_to)
    return event
