"""How the accessibility statement joins an application: its pages and the
digest of waiting feedback that the mail job sends."""
from __future__ import annotations

from flask import Flask

from ..notifications import due
from .operations import queue_feedback_digests
from .views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    due.add_job(app, queue_feedback_digests, counted_as="digests")
