"""How the outcome reports join an application: their pages, and the mail
that tells each association of its report when the round is approved."""
from __future__ import annotations

from flask import Flask

from ..notifications.outcomes import announce_outcome_reports
from ..workflow.signals import round_moved
from .views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    round_moved.connect(announce_outcome_reports, sender=app)
