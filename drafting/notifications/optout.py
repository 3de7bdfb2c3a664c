"""Stopping notices and announcements from the link in them.

Every notice and announcement carries a signed link (and the
`List-Unsubscribe` header). For a person it turns their notices off
(`wants_notifications`, as on the settings page); for an association's own
registry address it stops mail to that address (`MailOptOut`). The link
only shows a page: the change is made by a POST, from the page's button or
by a mail program's one-click unsubscribe, since mail scanners follow links.
What is still waiting in the outbox for that recipient is not sent."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from ..associations.models import Association
from ..audit.operations import record_event
from ..auth.models import User
from ..extensions import db
from ..web.links import external_url
from .models import MailOptOut, OutboxMessage

UNSUBSCRIBE_SALT = "mail-unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def address_of(association: Association) -> str:
    return (association.email or "").strip().lower()


def person_link(user: User) -> str:
    return external_url("notifications.unsubscribe", token=_serializer().dumps({"u": user.id}))


def address_link(association: Association) -> str:
    return external_url("notifications.unsubscribe",
                        token=_serializer().dumps({"a": association.id, "e": address_of(association)}))


@dataclass
class Recipient:
    """Whom an unsubscribe link names: a person, or an association's address."""

    user: User | None = None
    association: Association | None = None
    address: str = ""

    @property
    def stopped(self) -> bool:
        if self.user is not None:
            return not self.user.wants_notifications
        return self.association is not None and is_opted_out(self.association)

    @property
    def link(self) -> str:
        if self.user is not None:
            return person_link(self.user)
        assert self.association is not None
        return address_link(self.association)


def recipient_of(token: str) -> Recipient | None:
    """The person or association address a valid link names (a link to an
    address the registry no longer has is not valid), or None."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("u"), int):
        user = db.session.get(User, data["u"])
        return Recipient(user=user) if user is not None and user.active else None
    if isinstance(data.get("a"), int) and isinstance(data.get("e"), str):
        association = db.session.get(Association, data["a"])
        if association is None or not data["e"] or address_of(association) != data["e"]:
            return None
        return Recipient(association=association, address=data["e"])
    return None


def is_opted_out(association: Association) -> bool:
    return db.session.scalar(sa.select(MailOptOut.id).where(
        MailOptOut.association_id == association.id, MailOptOut.address == address_of(association))) is not None


def not_opted_out():
    """A condition on `Association`: its present address has not asked to stop mail."""
    return ~sa.exists().where(MailOptOut.association_id == Association.id,
                              MailOptOut.address == sa.func.lower(sa.func.trim(Association.email)))


def unsubscribe(recipient: Recipient) -> bool:
    """Stop the notices and announcements to the recipient, and drop those
    still waiting; False when they were stopped already."""
    if recipient.stopped:
        return False
    link = recipient.link
    if recipient.user is not None:
        user = recipient.user
        user.wants_notifications = False
        record_event(actor=user, action="unsubscribe", obj=user, municipality_id=None,
                     details={"wants_notifications": [True, False]}, changes_pages=False)
    else:
        association = recipient.association
        assert association is not None
        db.session.add(MailOptOut(association_id=association.id, address=recipient.address))
        record_event(actor=None, action="unsubscribe_address", obj=association,
                     municipality_id=association.municipality_id, details={"address": recipient.address},
                     changes_pages=False)
    db.session.execute(sa.delete(OutboxMessage).where(
        OutboxMessage.unsubscribe_url == link, OutboxMessage.sent_at.is_(None)))
    return True
