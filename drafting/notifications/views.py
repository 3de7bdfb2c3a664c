"""The claim link in messages to an association's own address."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import access
from ..core import DomainError
from ..extensions import db
from . import claims
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
