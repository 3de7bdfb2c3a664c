"""The public association directory and the associations' own details."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access
from ..extensions import db
from ..municipalities.queries import get_municipality_or_404
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
    return render_template(
        "associations/directory.html", municipality=municipality, associations=associations
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
