"""A person claims an association's entry from the link in a message to the
association's own registry address. Following that link while signed in
proves control of the address: the person becomes a representative at once,
and the claim, the membership and an audit row are written together."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from ..associations.models import Association, Membership
from ..audit.operations import record_event
from ..core import DomainError, utcnow
from ..extensions import db
from .models import AssociationClaim
from .reach import read_claim_token


def association_of_token(token: str) -> tuple[Association, str] | None:
    """The active association a claim token names, with the address it was
    sent to, while that is still the association's address; else None."""
    read = read_claim_token(token)
    if read is None:
        return None
    association_id, address = read
    association = db.session.get(Association, association_id)
    if association is None or not association.active:
        return None
    if not address or (association.email or "").strip().lower() != address:
        return None
    return association, address


def claim_by_address(association: Association, user, address: str) -> Membership:
    """The user, who followed the link sent to `address`, represents the
    association from now on."""
    if not user.active:
        raise DomainError(_("The account is closed."))
    if user.represents(association.id):
        raise DomainError(_("You represent %(association)s already.", association=association.name))
    claim = db.session.scalar(sa.select(AssociationClaim).where(
        AssociationClaim.association_id == association.id, AssociationClaim.user_id == user.id))
    if claim is None:
        claim = AssociationClaim(association_id=association.id, user_id=user.id)
        db.session.add(claim)
    claim.proved_address = address
    claim.confirmed = True
    claim.decided_at = utcnow()
    claim.decided_by_id = user.id
    membership = Membership(user_id=user.id, association_id=association.id)
    db.session.add(membership)
    db.session.flush()
    record_event(actor=user, action="claim_association", obj=association,
                 municipality_id=association.municipality_id,
                 details={"address": address, "claim": claim.id})
    return membership
