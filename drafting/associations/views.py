"""The public association directory and the associations' own details."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access
from ..extensions import db
from ..municipalities.queries import get_municipality_or_404
from ..notifications import claims
from ..notifications.forms import AskToRepresentForm
from . import operations
from .forms import ContactDetailsForm
from .models import Association

bp = Blueprint("associations", __name__)


@bp.route("/m/<slug>/associations")
def directory(slug: str):
    municipality = get_municipality_or_404(slug)
    associations = db.session.scalars(
        sa.select(Association)
        .where(Association.municipality_id == municipality.id, Association.active.is_(True))
        .order_by(Association.name_key)
    ).all()
    signed_in = current_user.is_authenticated
    return render_template(
        "associations/directory.html", municipality=municipality, associations=associations,
        asked=claims.asked_by(current_user, [a.id for a in associations]) if signed_in else set(),
        ask_form=AskToRepresentForm() if signed_in else None,
        waiting_claims=len(claims.pending_claims(municipality.id))
        if signed_in and access.may("manage_municipality", municipality) else 0,
    )


@bp.route("/associations/<int:association_id>/details", methods=["GET", "POST"])
@login_required
def edit_details(association_id: int):
    association = db.session.get(Association, association_id)
    if association is None:
        abort(404)
    access.check(association)
    form = ContactDetailsForm(obj=association)
    if form.validate_on_submit():
        changes = operations.update_contact_details(
            association,
            current_user,
            operations.ContactDetails(
                email=form.email.data,
                phone=form.phone.data,
                website=form.website.data,
                description=form.description.data,
            ),
        )
        db.session.commit()
        flash(_("The details are saved.") if changes else _("Nothing changed."), "success")
        return redirect(url_for("dashboard.index"))
    return render_template("associations/edit_details.html", association=association, form=form)
