"""What a transition of the workflow table does beside moving the round:
the `effect` of a rule. Each runs inside `apply_transition`, after the
permission and the guard, once the round is in its new state and before the
audit row of the move itself."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from ..audit.operations import record_event
from ..auth.people import Person
from ..core import utcnow
from ..extensions import db
from ..publishing.fingerprint import content_hash
from .models import DraftingRound, RoundState


def close_wishes_if_confirmed(round_: DraftingRound, user: Person, _data: object) -> None:
    """The wishes window closes early when the coordinator moves on before it ends."""
    if round_.wishes_closed_at is None and not round_.wishes_window_has_ended:
        round_.wishes_closed_at = utcnow()
        round_.wishes_closed_by_id = user.id


def reopen_wishes(round_: DraftingRound, _user, _data: object) -> None:
    """Sent back to the wishes step: the window is open again."""
    round_.wishes_closed_at = None
    round_.wishes_closed_by_id = None


def mark_approved(round_: DraftingRound, user: Person, _data: object) -> None:
    """The approved text is fingerprinted, and it replaces the earlier approved round."""
    round_.approved_at = utcnow()
    round_.content_hash = content_hash(round_)
    archive_earlier_approved(round_, user)


def archive_earlier_approved(round_: DraftingRound, user: Person) -> None:
    """The newly approved round replaces the earlier approved one."""
    earlier = db.session.scalars(
        sa.select(DraftingRound).where(
            DraftingRound.guideline_id == round_.guideline_id,
            DraftingRound.state == RoundState.APPROVED,
            DraftingRound.id != round_.id,
        )
    ).all()
    for old in earlier:
        old.state = RoundState.ARCHIVED
        old.archived_at = utcnow()
        record_event(
            actor=user,
            action="archive",
            obj=old,
            municipality_id=old.municipality_id,
            round_id=old.id,
            from_state=RoundState.APPROVED.value,
            to_state=RoundState.ARCHIVED.value,
            reason=_("Replaced by the guideline approved for %(year)s.", year=round_.year),
        )
