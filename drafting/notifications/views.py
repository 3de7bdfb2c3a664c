"""The claim link in messages to an association's own address, and the
link in notices and announcements that stops them."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from .. import access
from ..associations.models import Association
from ..auth.models import Language
from ..auth.operations import record_login
from ..core import DomainError
from ..extensions import csrf, db
from ..municipalities.queries import get_municipality_or_404
from . import claims, optout
from .forms import AskToRepresentForm, ClaimAccountForm, ClaimForm, DecideClaimForm
from .models import AssociationClaim

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
                               address=address, account_form=ClaimAccountForm(),
                               account_url=url_for("notifications.claim_account", token=token),
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


@bp.route("/associations/claim/<token>/account", methods=["POST"])
def claim_account(token: str):
    """An account made from the claim link for the address it was sent to,
    representing the association at once."""
    access.check()
    found = claims.association_of_token(token)
    if found is None:
        return render_template("notifications/claim_invalid.html"), 404
    association, address = found
    form = ClaimAccountForm()
    if form.validate_on_submit():
        try:
            user = claims.create_account_by_address(association, address, name=form.name.data or "",
                                                    password=form.password.data or "",
                                                    language=Language(form.language.data))
        except DomainError as error:
            db.session.rollback()
            form.password.errors = [error.message, *error.details]
        else:
            record_login(user)
            db.session.commit()
            session.clear()
            login_user(user)
            flash(_("Welcome! Your account is ready, and you represent %(association)s.",
                    association=association.name), "success")
            return redirect(url_for("dashboard.index"))
    return render_template("notifications/claim.html", association=association, form=None, address=address,
                           account_form=form, account_url=url_for("notifications.claim_account", token=token),
                           login_url=url_for("auth.login", next=url_for("notifications.claim", token=token))), 422


@bp.route("/associations/<int:association_id>/represent", methods=["POST"])
def ask_to_represent(association_id: int):
    """A person asks to represent an association from the directory; the coordinator decides."""
    association = db.session.get(Association, association_id)
    if association is None:
        abort(404)
    access.check(association)
    municipality_slug = claims.association_slug(association)
    form = AskToRepresentForm()
    if form.validate_on_submit():
        try:
            claims.ask_to_represent(association, current_user)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("You asked to represent %(association)s. The coordinator confirms it.",
                    association=association.name), "success")
    return redirect(url_for("associations.directory", slug=municipality_slug, _anchor=f"association-{association.id}"))


@bp.route("/m/<slug>/associations/claims")
def claim_list(slug: str):
    """The claims waiting for the coordinator."""
    municipality = get_municipality_or_404(slug)
    access.check(municipality)
    return render_template("notifications/claims.html", municipality=municipality,
                           claims=claims.pending_claims(municipality.id), form=DecideClaimForm())


@bp.route("/m/<slug>/associations/claims/<int:claim_id>", methods=["POST"])
def decide_claim(slug: str, claim_id: int):
    municipality = get_municipality_or_404(slug)
    access.check(municipality)
    claim = db.session.get(AssociationClaim, claim_id)
    if claim is None or claim.association.municipality_id != municipality.id:
        abort(404)
    form = DecideClaimForm()
    if form.validate_on_submit():
        confirm = form.decision.data == "confirm"
        try:
            claims.decide_claim(claim, current_user, confirm=confirm)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("%(person)s now represents %(association)s.", person=claim.user.name,
                    association=claim.association.name) if confirm else
                  _("The claim of %(person)s to represent %(association)s was declined.",
                    person=claim.user.name, association=claim.association.name), "success")
    else:
        flash(_("Choose confirm or decline."), "error")
    return redirect(url_for("notifications.claim_list", slug=slug))

