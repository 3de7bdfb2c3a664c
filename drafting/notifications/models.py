from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import utcnow
from ..extensions import Model

if TYPE_CHECKING:
    from ..associations.models import Association
    from ..auth.models import User


class OutboxMessage(Model):
    """An e-mail waiting to be sent, written in the same transaction as the
    change it tells about; `flask mail send` delivers it and retries failures.

    A message to an association's own registry address names the association:
    once delivered, it shows that the association was reached. A notice or
    announcement carries the link that stops such mail to its recipient
    (`unsubscribe_url`), sent in the `List-Unsubscribe` header too."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        sa.Index("ix_outbox_messages_pending", "sent_at", "send_after"),
        sa.Index("ix_outbox_messages_association_delivered", "association_id", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("associations.id"))
    language: Mapped[str | None] = mapped_column(sa.String(5))
    unsubscribe_url: Mapped[str | None] = mapped_column(sa.String(1000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    send_after: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)


class AssociationClaim(Model):
    """A person asks to represent an association, from the claim link in a
    message to the association's own address. Following the link proves
    control of that address, and the claim is confirmed at once; a claim made
    without it waits for the coordinator."""

    __tablename__ = "association_claims"
    __table_args__ = (sa.UniqueConstraint("association_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(sa.ForeignKey("associations.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    proved_address: Mapped[str | None] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    confirmed: Mapped[bool | None]

    association: Mapped["Association"] = relationship()
    user: Mapped["User"] = relationship(foreign_keys=[user_id])


class MailOptOut(Model):
    """An association's own registry address asked for no more mail. It
    holds for that address only: a new address in the registry is reached
    again."""

    __tablename__ = "mail_opt_outs"
    __table_args__ = (sa.UniqueConstraint("association_id", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(sa.ForeignKey("associations.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
