"""The start page: for each municipality the user works in, what needs them."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import Blueprint, render_template
from flask_login import current_user

from ..associations.models import Association
from ..auth.models import StaffRoleKind
from ..extensions import db
from ..municipalities.models import Municipality
from ..municipalities.queries import all_municipalities
from ..workflow.models import DraftingRound, RoundState
from ..workflow.queries import latest_approved_round, open_round_of
from ..workflow.stepper import build_stepper
from ..workflow.table import forward_rule

bp = Blueprint("dashboard", __name__)

# Whose turn it is in each step, for the "needs you" marker.
_TURN = {
    RoundState.DECISION: {StaffRoleKind.COORDINATOR},
    RoundState.WISHES: {StaffRoleKind.COORDINATOR},
    RoundState.WELFARE_REVIEW: {StaffRoleKind.WELFARE_MEMBER, StaffRoleKind.COORDINATOR},
    RoundState.ASSOCIATION_EVENING: {StaffRoleKind.COORDINATOR},
    RoundState.APPROVAL: {StaffRoleKind.APPROVER, StaffRoleKind.COORDINATOR},
}


@dataclass
class MunicipalityPanel:
    municipality: Municipality
    roles: set
    associations: list[Association]
    open_round: DraftingRound | None
    approved: DraftingRound | None
    steps: list
    needs_you: bool
    next_action: object | None


def _panel(municipality: Municipality) -> MunicipalityPanel:
    roles = current_user.role_kinds(municipality.id)
    association_ids = current_user.association_ids(municipality.id)
    associations = (
        list(db.session.scalars(
            sa.select(Association).where(Association.id.in_(association_ids))
            .order_by(Association.name_key)
        ))
        if association_ids
        else []
    )
    guideline = municipality.guideline
    open_round = open_round_of(guideline.id) if guideline else None
    approved = latest_approved_round(guideline.id) if guideline else None
    rule = forward_rule(open_round.state) if open_round else None
    return MunicipalityPanel(
        municipality=municipality,
        roles=roles,
        associations=associations,
        open_round=open_round,
        approved=approved,
        steps=build_stepper(open_round) if open_round and roles else [],
        needs_you=bool(open_round and roles & _TURN.get(open_round.state, set())),
        next_action=rule.action if rule and roles & rule.roles else None,
    )


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return render_template("dashboard/welcome.html", municipalities=all_municipalities())
    panels = [
        _panel(municipality)
        for municipality_id in current_user.municipality_ids()
        if (municipality := db.session.get(Municipality, municipality_id)) is not None
    ]
    return render_template(
        "dashboard/index.html",
        panels=panels,
        StaffRoleKind=StaffRoleKind,
    )
