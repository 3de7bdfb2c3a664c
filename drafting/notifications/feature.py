"""How notifications join an application: the announcements sent when a
round opens for the associations, the delivery right after a response and
the `mail` commands."""
from __future__ import annotations

from flask import Flask

from ..workflow.signals import round_moved
from .cli import mail
from .notices import announce_round
from .outbox import send_after_response


def init_app(app: Flask) -> None:
    round_moved.connect(announce_round, sender=app)
    app.after_request(send_after_response)
    app.cli.add_command(mail)
