"""How comments join an application: their pages, the quoted passages
that follow each new version of a section, and the unanswered comments that
hold a round back from approval."""
from __future__ import annotations

from flask import Flask

from ..documents.signals import section_changed
from ..workflow import open_items
from .anchoring import store_positions
from .queries import unanswered_lines
from .views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    section_changed.connect(store_positions, sender=app)
    open_items.add_provider(app, unanswered_lines)
