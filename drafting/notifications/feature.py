"""How notifications join an application: the announcements sent when a
round opens for the associations, the reminders and digests that fall due,
the delivery right after a request, the notices of what became of the
associations' input, the claim link of an association's own address and the
`mail` commands."""
from __future__ import annotations

from flask import Flask

from ..workflow.signals import round_moved
from . import due
from .cli import mail
from .notices import announce_round, queue_due_digests, queue_due_reminders
from .outbox import send_after_response
from .outcomes import announce_published
from .views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    round_moved.connect(announce_round, sender=app)
    round_moved.connect(announce_published, sender=app)
    due.add_job(app, queue_due_reminders, counted_as="reminders")
    due.add_job(app, queue_due_digests, counted_as="digests")
    app.after_request(send_after_response)
    app.cli.add_command(mail)
