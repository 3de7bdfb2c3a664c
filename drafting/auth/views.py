from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    after_this_request,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from .. import access
from ..core import Conflict, DomainError, the_application
from ..extensions import csrf, db
from ..notifications.outbox import send_pending
from ..web.security import LOGIN_LIMIT, limiter
from . import operations
from .forms import (
    AcceptInvitationForm,
    CloseAccountForm,
    EmailForm,
    LanguageForm,
    LoginForm,
    NewPasswordForm,
    SettingsForm,
)
from .models import Language

bp = Blueprint("auth", __name__)


def submitted_email() -> str:
    """The account a login or reset is about, as a rate-limit key: the address
    normalised exactly as the form and the lookup of the account normalise it."""
    return "account:" + operations.normalise_email(request.form.get("email"))


def _safe_next(target: str | None) -> str | None:
    """Only addresses inside this service are followed after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@limiter.limit(LOGIN_LIMIT, key_func=submitted_email, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data or "", form.password.data or "")
        if user is None:
            form.password.errors = [_("The e-mail address or the password is wrong.")]
        else:
            kept = session.get("kept_draft")
            session.clear()
            if kept:
                session["kept_draft"] = kept
            operations.record_login(user)
            login_user(user)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")) or url_for("dashboard.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    access.check()
    user = current_user._get_current_object()
    user.end_sessions()
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
@csrf.exempt
def set_language():
    """A visitor's choice of language is kept in their session alone, and the
    form on the pages drawn for visitors carries no token, so that a proxy
    may keep them for everyone; a signed-in person's choice is saved in their
    account and needs the CSRF token."""
    if current_user.is_authenticated:
        csrf.protect()
    form = LanguageForm(meta={"csrf": False})
    if not form.validate_on_submit():
        abort(400)
    language = Language(form.language.data)
    session["language"] = language.value
    if current_user.is_authenticated:
        operations.set_language(current_user, language)
        db.session.commit()
    return redirect(_safe_next(request.form.get("next")) or url_for("dashboard.index"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    invitation = operations.find_open_invitation(token)
    if invitation is None:
        return render_template("auth/invitation_invalid.html"), 404
    existing = operations.find_user_by_email(invitation.email)
    form = AcceptInvitationForm()
    if existing is not None:
        # The person has an account already: they log in, and accepting adds
        # the new role to that account.
        if not current_user.is_authenticated or current_user.id != existing.id:
            flash(_("Log in with %(email)s to accept the invitation.", email=existing.email), "info")
            return redirect(url_for("auth.login", next=request.path))
        for name in ("name", "password", "password_again", "language"):
            del form[name]
    if form.validate_on_submit():
        try:
            user = operations.accept_invitation(
                invitation,
                name=form.name.data if existing is None else "",
                password=form.password.data if existing is None else None,
                language=Language(form.language.data) if existing is None else existing.language,
            )
        except operations.InvitationTaken as error:
            # a simultaneous acceptance won: the account is there, as the winner's answer says
            db.session.rollback()
            if operations.find_open_invitation(token) is not None:
                flash(error.message, "info")
                return redirect(url_for("auth.login", next=request.path))
            if current_user.is_authenticated and current_user.id == invitation.accepted_by_id:
                return redirect(url_for("dashboard.index"))
            flash(_("Your account is ready. Log in with %(email)s.", email=invitation.email), "info")
            return redirect(url_for("auth.login"))
        except DomainError as error:
            target = form.password if existing is None else None
            if target is not None:
                target.errors = [error.message, *error.details]
            else:
                flash(error.message, "error")
        else:
            if existing is None:
                operations.record_login(user)
            db.session.commit()
            if existing is None:
                session.clear()
                login_user(user)
            flash(_("Welcome! Your account is ready."), "success")
            return redirect(url_for("dashboard.index"))
    return render_template(
        "auth/accept_invitation.html", form=form, invitation=invitation, existing=existing
    )


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    access.check()
    form = SettingsForm(obj=current_user)
    if not form.is_submitted():
        form.language.data = current_user.language.value
    if form.validate_on_submit():
        operations.update_settings(
            current_user._get_current_object(),
            language=Language(form.language.data),
            wants_notifications=bool(form.wants_notifications.data),
        )
        db.session.commit()
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("auth.settings"))
    return render_template("auth/settings.html", form=form, close_form=CloseAccountForm(prefix="close"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@limiter.limit(LOGIN_LIMIT, key_func=submitted_email, methods=["POST"])
def forgot_password():
    form = EmailForm()
    if form.validate_on_submit():
        operations.request_password_reset(form.email.data or "")
        db.session.commit()
        after_this_request(_handle_reset_requests_after_response)
        flash(_("If the address belongs to an account, a link for choosing a new password was sent to it. "
                "The link is valid for one hour."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


def _handle_reset_requests_after_response(response):
    """Once the answer is out, make and mail the links the requests ask for;
    what is left waits for `flask mail send`."""
    app = the_application()

    def handle():
        with app.app_context():
            try:
                operations.handle_reset_requests()
                db.session.commit()
                if app.config.get("MAIL_SEND_AFTER_REQUEST") and app.config.get("MAIL_SERVER"):
                    send_pending(limit=50)
            except Exception:  # the requests stay for `flask mail send`
                db.session.rollback()
                app.logger.exception("Handling password-reset requests after the response failed")

    response.call_on_close(handle)
    return response


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def reset_password(token: str):
    reset = operations.find_open_reset(token)
    if reset is None:
        return render_template("auth/reset_invalid.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            operations.reset_password(reset, form.password.data or "")
        except Conflict:
            db.session.rollback()
            return render_template("auth/reset_invalid.html"), 404
        except DomainError as error:
            form.password.errors = [error.message, *error.details]
        else:
            db.session.commit()
            flash(_("Your new password is saved. Log in with it."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form), (422 if form.errors else 200)


@bp.route("/settings/close", methods=["POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@login_required
def close_account():
    access.check()
    from .privacy import erase_own_account

    form = CloseAccountForm(prefix="close")
    if form.validate_on_submit():
        try:
            erase_own_account(current_user._get_current_object(), form.password.data or "")
        except DomainError as error:
            form.password.errors = [error.message]
        else:
            db.session.commit()
            logout_user()
            session.clear()
            flash(_("Your account is closed and your personal data erased."), "info")
            return redirect(url_for("auth.login"))
    settings_form = SettingsForm(obj=current_user, formdata=None)
    settings_form.language.data = current_user.language.value
    return render_template("auth/settings.html", form=settings_form, close_form=form), 422


@bp.route("/settings/my-data.json")
@login_required
def my_data():
    access.check()
    import json

    from flask import Response

    from .privacy import personal_data

    body = json.dumps(personal_data(current_user._get_current_object()), ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="omat-tiedot.json"'})
