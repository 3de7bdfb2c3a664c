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
    confined_to=None,
) -> AuditEvent:
    """Add an audit row to the current transaction. The object must already
    have its id, so the row is flushed with the change it records.

    `confined_to` is the section (or the round, for the discussion of the
    whole document) that alone the change touches, if it touches nothing else."""
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
    count_change(municipality_id, confined_to)
    return event


def count_change(municipality_id: int | None, confined_to=None) -> None:
    """Move the revisions on, in the transaction of the change, so that no
    page or piece of a page stored before it is served again: the
    municipality's revision always, and the revision of the section or of
    the round's document discussion the change is confined to, or else the
    municipality's general revision. A change that belongs to no
    municipality (a person's own name or language, an erasure) moves every
    municipality's revisions on."""
    from ..documents.models import Section
    from ..municipalities.models import Municipality
    from ..workflow.models import DraftingRound

    values = {"revision": Municipality.revision + 1}
    if confined_to is None:
        values["general_revision"] = Municipality.general_revision + 1
    bump = sa.update(Municipality).values(**values)
    if municipality_id is not None:
        bump = bump.where(Municipality.id == municipality_id)
    db.session.execute(bump, execution_options={"synchronize_session": False})
    if confined_to is not None:
        model = type(confined_to)
        assert model in (Section, DraftingRound), confined_to
        db.session.execute(sa.update(model).where(model.id == confined_to.id).values(revision=model.revision + 1),
                           execution_options={"synchronize_session": False})
