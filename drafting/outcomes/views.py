"""The outcome reports of an approved round: each association's page, its
printable version and its DOCX, and the staff's list of them."""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template
from flask_login import login_required

from .. import access
from ..access.rules import AssociationInRound
from ..associations.models import Association
from ..extensions import db
from ..workflow.queries import get_round_or_404
from .docx import outcome_docx, outcome_filename
from .queries import outcome_report, taking_part

bp = Blueprint("outcomes", __name__)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _report(round_id: int, association_id: int):
    round_ = get_round_or_404(round_id)
    association = db.session.get(Association, association_id)
    if association is None or association.municipality_id != round_.municipality_id:
        abort(404)
    access.check(AssociationInRound(round_, association))
    return outcome_report(round_, association)


@bp.route("/rounds/<int:round_id>/outcomes")
@login_required
def index(round_id: int):
    round_ = get_round_or_404(round_id)
    access.check(round_)
    return render_template("outcomes/index.html", round=round_, associations=taking_part(round_))


@bp.route("/rounds/<int:round_id>/outcomes/<int:association_id>")
@login_required
def report(round_id: int, association_id: int):
    return render_template("outcomes/report.html", report=_report(round_id, association_id))


@bp.route("/rounds/<int:round_id>/outcomes/<int:association_id>/print")
@login_required
def printable(round_id: int, association_id: int):
    return render_template("outcomes/printable.html", report=_report(round_id, association_id))


@bp.route("/rounds/<int:round_id>/outcomes/<int:association_id>.docx")
@login_required
def document(round_id: int, association_id: int):
    found = _report(round_id, association_id)
    return Response(outcome_docx(found), mimetype=DOCX_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{outcome_filename(found)}"'})
