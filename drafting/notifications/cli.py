"""The scheduled mail job:

    flask --app wsgi mail send
"""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ..extensions import db
from .due import queue_due_mail
from .outbox import pending_count, send_pending

mail = AppGroup("mail", help="E-mail notifications.")


@mail.command("send")
@click.option("--limit", default=500, show_default=True, help="Send at most this many messages.")
def mail_send(limit):
    """Queue the due reminders and digests, then deliver the outbox (run it from cron)."""
    queued = queue_due_mail()
    db.session.commit()
    sent, failed = send_pending(limit=limit)
    click.echo(f"Queued {queued['reminders']} reminders and {queued['digests']} digests; "
               f"sent {sent}, failed {failed}, waiting {pending_count()}.")
    if failed:
        raise SystemExit(1)
