"""The scheduled mail job:

    flask --app wsgi mail send
"""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ..accessibility.operations import queue_feedback_digests
from ..auth.operations import handle_reset_requests
from ..extensions import db
from .notices import queue_due_digests, queue_due_reminders
from .outbox import pending_count, send_pending

mail = AppGroup("mail", help="E-mail notifications.")


@mail.command("send")
@click.option("--limit", default=500, show_default=True, help="Send at most this many messages.")
def mail_send(limit):
    """Queue the due reminders and digests, then deliver the outbox (run it from cron)."""
    handle_reset_requests(limit=10_000)
    reminders = queue_due_reminders()
    digests = queue_due_digests() + queue_feedback_digests()
    db.session.commit()
    sent, failed = send_pending(limit=limit)
    click.echo(f"Queued {reminders} reminders and {digests} digests; "
               f"sent {sent}, failed {failed}, waiting {pending_count()}.")
    if failed:
        raise SystemExit(1)
