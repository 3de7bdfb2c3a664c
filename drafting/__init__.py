"""Ohjeverstas: a municipality drafts, consults on, approves and every January
revises its guideline for cooperation with associations."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from . import config as config_module
from .auth.languages import select_locale
from .auth.languages import visitor_language as visitor_language
from .extensions import babel, csrf, db, login_manager, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_mapping(config_module.from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    config_module.settle(app.config, app.instance_path)

    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        # The client's address and protocol come from the proxies; the host is
        # never taken from X-Forwarded-Host: links are built from PUBLIC_BASE_URL
        # and requests are answered for TRUSTED_HOSTS alone.
        proxies = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented way to add middleware
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"

    from . import (
        models,  # noqa: F401  (registers every model with SQLAlchemy)
        web,
    )

    # The web layer's request hooks come first (a 304 is answered before the
    # CSRF check, the rate limits and the loading of the user), then CSRF.
    web.init_app(app, [Path(__file__).parent, PROJECT_ROOT / "templates", PROJECT_ROOT / "static"])
    csrf.init_app(app)

    # Each feature wires itself: its blueprint, its commands, the signals it
    # follows and what it contributes to other features (open items). This
    # list is all the wiring there is: no import connects anything by itself,
    # so an application built here has every feature, whether it serves
    # pages, runs a command or a worker. The features' `init_app`s live in
    # their `feature` modules, so that importing a feature's models does not
    # import its pages.
    from .access import feature as access
    from .accessibility import feature as accessibility
    from .administration import feature as administration
    from .associations import feature as associations
    from .auth import feature as auth
    from .backup import feature as backup
    from .comments import feature as comments
    from .dashboard import feature as dashboard
    from .demo import feature as demo
    from .documents import feature as documents
    from .municipalities import feature as municipalities
    from .notifications import feature as notifications
    from .outcomes import feature as outcomes
    from .proposals import feature as proposals
    from .public import feature as public
    from .publishing import feature as publishing
    from .workflow import feature as workflow

    for feature in (
        access,
        auth,
        dashboard,
        workflow,
        documents,
        comments,
        proposals,
        publishing,
        accessibility,
        associations,
        administration,
        public,
        municipalities,
        notifications,
        outcomes,
        backup,
        demo,
    ):
        feature.init_app(app)
    return app
