"""How change proposals join an application: their pages, the re-basing
of pending proposals on each new version of a section, and the undecided
proposals that hold a round back from approval."""
from __future__ import annotations

from flask import Flask

from ..documents.signals import section_changed
from ..workflow import open_items
from .operations import rebase_pending
from .queries import undecided_lines
from .views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    section_changed.connect(rebase_pending, sender=app)
    open_items.add_provider(app, undecided_lines)
