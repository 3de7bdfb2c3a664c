"""How accounts join an application: the login, settings and invitation
pages, the `users` commands and the answers to password-reset requests that
the mail job sends."""
from __future__ import annotations

from flask import Flask

from ..notifications import due
from .cli import users
from .operations import handle_reset_requests
from .views import bp


def answer_reset_requests() -> int:
    """Every waiting password-reset request, answered by the mail job."""
    return handle_reset_requests(limit=10_000)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(users)
    due.add_job(app, answer_reset_requests)
