"""Error pages and the login prompt: every refusal explained in the
person's language, and a text being sent kept over an expired session."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from ..core import DomainError
from ..extensions import db, login_manager
from .drafts import keep_submitted_draft, page_to_return_to


def register_errors(app: Flask) -> None:
    login_manager.login_message = _l("Log in to see this page.")

    @login_manager.unauthorized_handler
    def login_needed():
        if keep_submitted_draft():
            flash(_("Your session had expired. Your text was kept: log in, and it is waiting for you."), "info")
            return redirect(url_for("auth.login", next=page_to_return_to()))
        flash(str(login_manager.login_message), "info")
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))

    @app.errorhandler(400)
    def bad_request(error):
        return render_template("errors/error.html", status=400,
                               title=_("The request could not be handled"),
                               message=_("Something in the request was not valid.")), 400

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        if keep_submitted_draft():
            if current_user.is_authenticated:
                flash(_("The form had expired. Your text was kept: check it and send it again."), "info")
                return redirect(page_to_return_to() or "/")
            flash(_("Your session had expired. Your text was kept: log in, and it is waiting for you."), "info")
            return redirect(url_for("auth.login", next=page_to_return_to()))
        return render_template("errors/error.html", status=400,
                               title=_("The form had expired"),
                               message=_("The form was open too long or came from elsewhere. "
                                         "Go back, reload the page and send it again.")), 400

    @app.errorhandler(403)
    def forbidden(error):
        message = getattr(error, "message", None) or getattr(error, "description", None)
        if not isinstance(message, str) or message.startswith("You don't have"):
            message = _("You do not have permission to do this.")
        return render_template("errors/error.html", status=403,
                               title=_("No permission"), message=message), 403

    @app.errorhandler(404)
    def not_found(error):
        return render_template("errors/error.html", status=404,
                               title=_("Page not found"),
                               message=_("The page does not exist or has been moved.")), 404

    @app.errorhandler(405)
    def method_not_allowed(error):
        return render_template("errors/error.html", status=405,
                               title=_("The request could not be handled"),
                               message=_("This address does not accept that kind of request.")), 405

    @app.errorhandler(413)
    def too_large(error):
        return render_template("errors/error.html", status=413,
                               title=_("Too much data"),
                               message=_("What you sent is too large.")), 413

    @app.errorhandler(sa.exc.OperationalError)
    @app.errorhandler(sa.exc.InterfaceError)
    @app.errorhandler(sa.exc.PendingRollbackError)
    def database_away(error):
        """The database cannot be reached: say so, write nothing; the pool
        checks connections before use, so the service recovers by itself."""
        try:
            db.session.rollback()
        except sa.exc.SQLAlchemyError:
            db.session().invalidate()  # drop the broken connections without talking to the server
        g._login_user = login_manager.anonymous_user()  # the page must not ask the database who is here
        app.logger.error("Database unavailable: %s", error)
        body = render_template("errors/error.html", status=503, title=_("The service is briefly unavailable"),
                               message=_("The service cannot reach its database just now. Nothing was saved. "
                                         "Try again in a moment."))
        return body, 503, {"Retry-After": "30"}

    @app.errorhandler(429)
    def too_many(error):
        """A rate limit was reached: its own message where the limit gives one."""
        limit = getattr(error, "limit", None)
        message = getattr(limit, "error_message", None)
        return render_template("errors/error.html", status=429,
                               title=_("Too many attempts"),
                               message=str(message) if message else
                               _("Too many attempts in a short time. Wait a minute and try again.")), 429

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        """A rule refused what was asked: say so where the person was."""
        if error.status_code == 403:
            return forbidden(error)
        flash(error.message, "error")
        for line in error.details:
            flash(line, "error")
        return redirect(request.referrer or url_for("dashboard.index"))
