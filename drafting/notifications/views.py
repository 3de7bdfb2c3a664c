"""The claim link in messages to an association's own address, and the
link in notices and announcements that stops them."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import access
from ..core import DomainError
from ..extensions import csrf, db
from . import claims, optout
from .forms import ClaimForm

bp = Blueprint("notifications", __name__)


@bp.route("/associations/claim/<token>", methods=["GET", "POST"])
def claim(token: str):
    access.check()
    found = claims.association_of_token(token)
    if found is None:
        return render_template("notifications/claim_invalid.html"), 404
    association, address = found
    if not current_user.is_authenticated:
        return render_template("notifications/claim.html", association=association, form=None,
                               login_url=url_for("auth.login", next=request.path))
    form = ClaimForm()
    if form.validate_on_submit():
        try:
            claims.claim_by_address(association, current_user, address)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("You now represent %(association)s.", association=association.name), "success")
        return redirect(url_for("dashboard.index"))
    return render_template("notifications/claim.html", association=association, form=form,
                           already=current_user.represents(association.id))


@bp.route("/mail/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """The link in a notice or announcement: the page asks for a press of its
    button, and the POST (from it, or a mail program's one-click unsubscribe,
    RFC 8058) stops the mail. The signed link is the key, so the POST carries
    no CSRF token."""
    access.check()
    recipient = optout.recipient_of(token)
    if recipient is None:
        return render_template("notifications/unsubscribe_invalid.html"), 404
    if request.method == "POST":
        optout.unsubscribe(recipient)
        db.session.commit()
        return redirect(url_for("notifications.unsubscribe", token=token), code=303)
    return render_template("notifications/unsubscribe.html", recipient=recipient)
