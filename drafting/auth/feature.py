"""How accounts join an application: the login, settings and invitation
pages and the `users` commands."""
from __future__ import annotations

from flask import Flask

from .cli import users
from .views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(users)
