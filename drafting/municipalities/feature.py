"""How municipalities join an application: the `municipalities` commands."""
from __future__ import annotations

from flask import Flask

from .cli import municipalities


def init_app(app: Flask) -> None:
    app.cli.add_command(municipalities)
