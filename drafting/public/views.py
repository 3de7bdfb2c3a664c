"""The approved guideline, readable by anyone, and its earlier years."""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from ..documents.queries import sections_with_text
from ..municipalities.queries import get_municipality_or_404
from ..municipalities.scopes import municipality_scope
from ..web.freshness import fresh_page
from ..workflow.models import DecisionStep, RoundState
from ..workflow.queries import latest_approved_round, published_rounds

bp = Blueprint("public", __name__)


def _render(municipality, round_, archive):
    return render_template(
        "public/guideline.html",
        municipality=municipality,
        round=round_,
        sections=sections_with_text(round_),
        approval=round_.current_decision(DecisionStep.APPROVAL),
        archive=archive,
        is_current=round_.state == RoundState.APPROVED,
    )


@bp.route("/m/<slug>/guideline")
@fresh_page(municipality_scope)
def guideline(slug: str):
    municipality = get_municipality_or_404(slug)
    guideline = municipality.guideline
    round_ = latest_approved_round(guideline.id) if guideline else None
    archive = published_rounds(guideline.id) if guideline else []
    if round_ is None:
        return render_template(
            "public/no_guideline.html", municipality=municipality, archive=archive
        ), 404
    return _render(municipality, round_, archive)


@bp.route("/m/<slug>/guideline/<int:year>")
@fresh_page(municipality_scope)
def guideline_year(slug: str, year: int):
    municipality = get_municipality_or_404(slug)
    archive = published_rounds(municipality.guideline.id) if municipality.guideline else []
    round_ = next((r for r in archive if r.year == year), None)
    if round_ is None:
        abort(404)
    return _render(municipality, round_, archive)
