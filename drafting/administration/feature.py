"""How the administration feature joins an application: the administration pages and
the housekeeping of the association register."""
from __future__ import annotations

from flask import Flask

from .registry import bp as registry_bp
from .views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(registry_bp)
