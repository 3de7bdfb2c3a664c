"""The accessibility statement page, its editing and its feedback form."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from .. import access
from ..core import DomainError
from ..extensions import db
from ..municipalities.models import Municipality
from ..municipalities.queries import all_municipalities, get_municipality_or_404
from ..web.security import limiter
from ..web.submissions import commit_once, repeated
from . import operations
from .forms import FeedbackForm, StatementForm
from .models import Compliance

bp = Blueprint("accessibility", __name__)

# Anyone may send feedback without an account: a few messages an hour from
# one address, and a bounded number to one municipality from everyone.
FEEDBACK_PER_ADDRESS = "5 per hour"
FEEDBACK_PER_MUNICIPALITY = "30 per hour;100 per day"
FEEDBACK_LIMITED = _l("A lot of feedback has been sent in a short time, and this one could not be received. "
                      "Try again in an hour, or send your feedback by e-mail or phone as the statement says.")


def feedback_sender() -> str:
    return "accessibility-feedback:address:" + get_remote_address()


def feedback_municipality() -> str:
    """The municipality the feedback goes to, by its id: addresses that name
    no municipality share one key."""
    municipality_id = db.session.scalar(
        sa.select(Municipality.id).where(Municipality.slug == (request.view_args or {}).get("slug")))
    return f"accessibility-feedback:municipality:{municipality_id or 'none'}"


@bp.route("/m/<slug>/accessibility", methods=["GET", "POST"])
@limiter.limit(FEEDBACK_PER_ADDRESS, key_func=feedback_sender, methods=["POST"], error_message=FEEDBACK_LIMITED)
@limiter.limit(FEEDBACK_PER_MUNICIPALITY, key_func=feedback_municipality, methods=["POST"],
               error_message=FEEDBACK_LIMITED)
def statement(slug: str):
    municipality = get_municipality_or_404(slug)
    statement = operations.statement_of(municipality)
    form = FeedbackForm()
    if form.validate_on_submit() and (done := repeated(form)) is not None:
        return done
    if form.validate_on_submit():
        try:
            operations.send_feedback(municipality, message=form.message.data, contact=form.contact.data,
                                     page=request.referrer)
        except DomainError as error:
            form.message.errors = [error.message]
        else:
            location = url_for("accessibility.statement", slug=slug)
            if (done := commit_once(form, location)) is not None:
                return done
            flash(_("Thank you for your feedback. It was sent to the municipality."), "success")
            return redirect(location)
    return render_template("accessibility/statement.html", municipality=municipality, statement=statement,
                           form=form), (422 if form.errors else 200)


@bp.route("/m/<slug>/accessibility/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    municipality = get_municipality_or_404(slug)
    access.check(municipality)
    statement = operations.statement_of(municipality)
    form = StatementForm(obj=statement)
    if not form.is_submitted():
        form.compliance.data = statement.compliance.value
    if form.validate_on_submit():
        operations.update_statement(municipality, current_user, operations.StatementInput(
            compliance=Compliance(form.compliance.data),
            non_accessible_content=form.non_accessible_content.data or "",
            assessment=form.assessment.data or "",
            feedback_email=form.feedback_email.data, feedback_phone=form.feedback_phone.data))
        db.session.commit()
        flash(_("The accessibility statement is saved."), "success")
        return redirect(url_for("accessibility.statement", slug=slug))
    return render_template("accessibility/edit.html", municipality=municipality, form=form)


@bp.route("/accessibility")
def choose():
    municipalities = all_municipalities()
    if len(municipalities) == 1:
        return redirect(url_for("accessibility.statement", slug=municipalities[0].slug))
    return render_template("accessibility/choose.html", municipalities=municipalities)
