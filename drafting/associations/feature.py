"""How the associations feature joins an application: the association pages."""
from __future__ import annotations

from flask import Flask

from .views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
