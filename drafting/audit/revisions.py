"""The revisions the page store checks, moved on with every recorded change.

Each change moves its municipality's `revision` on, and the revision of the
section (or of the round's discussion of the whole document) it is confined
to, or else the municipality's `general_revision`. The counters are written
in the transaction of the change, when it commits: rounds and sections first,
then municipalities, each in the order of their ids. In that one order two
transactions never wait for each other's counters in a circle (a section's
text saved while a comment on it arrives, for example), and a municipality's
row is held only for the moment of the commit.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..documents.models import Section
from ..extensions import db
from ..municipalities.models import Municipality
from ..workflow.models import DraftingRound

EVERY_MUNICIPALITY = "every"
_PENDING = "revisions_to_count"


def count_change(municipality_id: int | None, confined_to=None) -> None:
    """Count the change when its transaction commits. Without a municipality
    (a person's own name or language, an erasure) every municipality's
    revisions move on."""
    pending = db.session.info.setdefault(_PENDING, {"rounds": set(), "sections": set(), "municipalities": {}})
    if confined_to is not None:
        assert isinstance(confined_to, (Section, DraftingRound)), confined_to
        pending["sections" if isinstance(confined_to, Section) else "rounds"].add(confined_to.id)
    key = EVERY_MUNICIPALITY if municipality_id is None else municipality_id
    general = pending["municipalities"].get(key, False) or confined_to is None
    pending["municipalities"][key] = general


@event.listens_for(Session, "before_commit")
def _count_pending_changes(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    options = {"synchronize_session": False}
    for model, ids in ((DraftingRound, pending["rounds"]), (Section, pending["sections"])):
        for id_ in sorted(ids):
            session.execute(sa.update(model).where(model.id == id_).values(revision=model.revision + 1),
                            execution_options=options)
    municipalities = pending["municipalities"]
    if EVERY_MUNICIPALITY in municipalities:
        # every row, taken in the order of the ids like a single one
        session.execute(sa.select(Municipality.id).order_by(Municipality.id).with_for_update()).all()
        targets = [(None, any(municipalities.values()))]
    else:
        targets = sorted(municipalities.items())
    for municipality_id, general in targets:
        values = {"revision": Municipality.revision + 1}
        if general:
            values["general_revision"] = Municipality.general_revision + 1
        bump = sa.update(Municipality).values(**values)
        if municipality_id is not None:
            bump = bump.where(Municipality.id == municipality_id)
        session.execute(bump, execution_options=options)


@event.listens_for(Session, "after_transaction_end")
def _forget_pending_changes(session: Session, transaction) -> None:
    """A transaction that ends without committing (rolled back, closed) counts nothing."""
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
