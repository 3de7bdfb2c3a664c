"""How the access table joins an application: `may(...)` for the templates'
buttons, and, in testing, a request that answers without having asked the
table fails, so that every view is seen to enforce it."""
from __future__ import annotations

from flask import Flask, g, request
from flask_login import current_user

from . import may
from .table import route


class UncheckedRoute(RuntimeError):
    """A view answered without asking the access table."""


def init_app(app: Flask) -> None:
    app.add_template_global(may, "may")

    if app.config.get("TESTING"):
        @app.after_request
        def asked_the_table(response):
            if request.endpoint in (None, "static") or response.status_code == 304 or response.status_code >= 400:
                return response
            if response.status_code in (301, 302, 303) and not current_user.is_authenticated:
                return response
            entry = route(request.endpoint, request.method)
            if entry is None or (not entry.is_public and not g.get("access_checked")):
                raise UncheckedRoute(f"{request.endpoint} {request.method} answered without access.check")
            return response
