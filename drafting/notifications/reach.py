"""Which associations the service reaches, and how it speaks to them.

An association is *reached* when it has an active representative or when a
message to its own registry address has been delivered. Messages to that
address name the association in the outbox (`OutboxMessage.association_id`)
and carry a claim link: a signed token with which a person asks to represent
the association."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..associations.models import Association, Membership
from ..auth.models import User
from ..extensions import db
from ..municipalities.models import Municipality
from ..web.links import external_url
from . import optout
from .models import OutboxMessage

CLAIM_SALT = "association-claim"
CLAIM_VALID_FOR_DAYS = 120
ADDRESS_LANGUAGE = "fi"


@dataclass
class Reach:
    """The registry of a municipality as the service reaches it."""

    registry: list[Association] = field(default_factory=list)
    represented: set[int] = field(default_factory=set)
    delivered: set[int] = field(default_factory=set)

    @property
    def reached_ids(self) -> set[int]:
        return self.represented | self.delivered

    @property
    def reached(self) -> list[Association]:
        ids = self.reached_ids
        return [a for a in self.registry if a.id in ids]

    @property
    def not_reached(self) -> list[Association]:
        ids = self.reached_ids
        return [a for a in self.registry if a.id not in ids]


def reach_of(municipality_id: int, as_of: datetime | None = None) -> Reach:
    """The municipality's active associations, those with an active
    representative and those to whose own address a message was delivered
    (three queries); with `as_of`, as they stood at that moment, so that an
    approved round's figures stay as they were at its approval."""
    in_registry = [Association.municipality_id == municipality_id, Association.active.is_(True)]
    if as_of is not None:
        in_registry.append(Association.created_at <= as_of)
    registry = list(db.session.scalars(sa.select(Association).where(*in_registry).order_by(Association.name_key)))
    registry_ids = sa.select(Association.id).where(*in_registry)
    represented_query = (
        sa.select(Membership.association_id).join(User, User.id == Membership.user_id)
        .where(Membership.association_id.in_(registry_ids), User.active.is_(True)).distinct()
    )
    delivered_query = (
        sa.select(OutboxMessage.association_id)
        .join(Association, Association.id == OutboxMessage.association_id)
        .where(OutboxMessage.association_id.in_(registry_ids), OutboxMessage.sent_at.is_not(None),
               sa.func.lower(OutboxMessage.recipient) == sa.func.lower(Association.email))
        .distinct()
    )
    if as_of is not None:
        represented_query = represented_query.where(Membership.created_at <= as_of)
        delivered_query = delivered_query.where(OutboxMessage.sent_at <= as_of)
    return Reach(registry, set(db.session.scalars(represented_query)), set(db.session.scalars(delivered_query)))


def addressed_associations(municipality_id: int) -> list[Association]:
    """Active associations with an e-mail address of their own in the
    registry that has not asked to stop mail."""
    return list(db.session.scalars(
        sa.select(Association)
        .where(Association.municipality_id == municipality_id, Association.active.is_(True),
               Association.email.is_not(None), Association.email != "", optout.not_opted_out())
        .order_by(Association.id)
    ))


def representatives_of(association_ids, *, optional: bool = True) -> list[User]:
    """Active representatives of the given associations, each once; with
    `optional`, only those who have not turned notices off."""
    ids = [i for i in association_ids if i is not None]
    if not ids:
        return []
    query = (
        sa.select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.association_id.in_(ids), User.active.is_(True))
        .distinct().order_by(User.id)
    )
    if optional:
        query = query.where(User.wants_notifications.is_(True))
    return list(db.session.scalars(query))


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CLAIM_SALT)


def claim_token(association: Association) -> str:
    """A token naming the association and the address it was sent to: it stops
    working when the registry's address changes."""
    return _serializer().dumps({"a": association.id, "e": (association.email or "").strip().lower()})


def claim_link(association: Association) -> str:
    return external_url("notifications.claim", token=claim_token(association))


def read_claim_token(token: str) -> tuple[int, str] | None:
    """The association and address a valid token names, or None."""
    try:
        data = _serializer().loads(token, max_age=CLAIM_VALID_FOR_DAYS * 24 * 3600)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int) or not isinstance(data.get("e"), str):
        return None
    return data["a"], data["e"]


def address_footer(association: Association, *, optional: bool = True) -> str:
    """What every message to an association's own address ends with: why it
    came, the link to claim the entry and, for `optional` mail, the link that
    stops it."""
    footer = "\n\n-- \n" + _(
        "This message was sent to the address of %(association)s in the association registry of "
        "%(municipality)s.", association=association.name,
        municipality=association_municipality_name(association)) + "\n" + _(
        "To take part for the association, ask to represent it with this link (valid for %(days)s days):",
        days=CLAIM_VALID_FOR_DAYS) + "\n" + claim_link(association)
    if not optional:
        return footer
    return footer + "\n\n" + _("To get no more mail from the service at this address, use this link:") + "\n" \
        + optout.address_link(association)


def association_municipality_name(association: Association) -> str:
    municipality = db.session.get(Municipality, association.municipality_id)
    return municipality.name if municipality else ""
