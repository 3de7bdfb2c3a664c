"""The outbox: queue a message with the change, deliver it later, retry
what fails. No message is lost to an SMTP outage."""
from __future__ import annotations

import smtplib
from datetime import timedelta

import sqlalchemy as sa
from flask import g
from flask_babel import get_locale

from ..core import the_application, utcnow
from ..extensions import db
from ..notifications.smtp import MailNotConfigured, deliver
from .models import OutboxMessage

MAX_BACKOFF = timedelta(hours=6)


def queue(recipient: str, subject: str, body: str, *, dedupe_key: str | None = None,
          association_id: int | None = None, language: str | None = None,
          unsubscribe_url: str | None = None) -> OutboxMessage | None:
    """Add a message to the current transaction. With a `dedupe_key` a message
    already queued under that key is not queued again. A message to an
    association's own registry address names the association
    (`association_id`), so that its delivery counts the association as reached.
    `language` is the one it is written in (by default the locale in force,
    as `force_locale` sets it for the recipient); a notice or announcement carries
    the link that stops such mail (`unsubscribe_url`)."""
    if dedupe_key is not None:
        exists = db.session.scalar(
            sa.select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
        )
        if exists is not None:
            return None
    if language is None:
        locale = get_locale()
        language = locale.language if locale is not None else None
    message = OutboxMessage(recipient=recipient, subject=subject[:300], body=body, dedupe_key=dedupe_key,
                            association_id=association_id, language=language,
                            unsubscribe_url=unsubscribe_url)
    db.session.add(message)
    g.outbox_has_mail = True
    return message


def backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** min(attempts, 10)), MAX_BACKOFF)


def send_pending(limit: int = 200) -> tuple[int, int]:
    """Deliver due messages, each in its own transaction; returns (sent, failed)."""
    sent = failed = 0
    now = utcnow()
    query = (
        sa.select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.send_after <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    for message in db.session.scalars(query).all():
        try:
            deliver(message.recipient, message.subject, message.body, language=message.language,
                    unsubscribe_url=message.unsubscribe_url)
        except (OSError, smtplib.SMTPException, MailNotConfigured) as error:
            message.attempts += 1
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            message.send_after = utcnow() + backoff(message.attempts)
            failed += 1
            if isinstance(error, MailNotConfigured):
                db.session.commit()
                break
        else:
            message.sent_at = utcnow()
            message.attempts += 1
            sent += 1
        db.session.commit()
    return sent, failed


def pending_count() -> int:
    return db.session.execute(
        sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
    ).scalar_one()


def send_after_response(response):
    """When configured, deliver what the request queued once the response is out."""
    app = the_application()
    if not g.get("outbox_has_mail") or not app.config.get("MAIL_SEND_AFTER_REQUEST"):
        return response
    if not app.config.get("MAIL_SERVER"):
        return response

    def deliver_queued():
        with app.app_context():
            try:
                send_pending(limit=50)
            except Exception:  # the messages stay queued for `flask mail send`
                app.logger.exception("Delivering queued mail after the request failed")

    response.call_on_close(deliver_queued)
    return response
