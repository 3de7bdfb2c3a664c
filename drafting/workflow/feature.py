"""How the workflow joins an application: the round pages, the `rounds`
commands and the list of open-item providers the approval guard reads, which
other features fill in their own `init_app`."""
from __future__ import annotations

from flask import Flask

from . import open_items
from .cli import rounds
from .views import bp


def init_app(app: Flask) -> None:
    open_items.init_app(app)
    open_items.add_provider(app, open_items.empty_chapter_lines)
    app.register_blueprint(bp)
    app.cli.add_command(rounds)
