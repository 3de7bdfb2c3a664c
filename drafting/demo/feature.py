"""How the demo joins an application: the `demo` commands."""
from __future__ import annotations

from flask import Flask

from .cli import demo


def init_app(app: Flask) -> None:
    app.cli.add_command(demo)
