"""How backups join an application: the `backup` commands."""
from __future__ import annotations

from flask import Flask

from .cli import backup


def init_app(app: Flask) -> None:
    app.cli.add_command(backup)
