"""Proposing new wording, reading it as tracked changes, and deciding."""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access
from ..associations.models import Association
from ..comments.forms import association_choices
from ..core import DomainError, passes
from ..documents.diffing import tracked_view as tracked
from ..documents.queries import current_version, get_section_or_404
from ..extensions import db
from ..web.drafts import apply_draft, take_draft
from ..web.forms import SelectChoice
from ..web.security import WRITING_LIMIT, current_account, limiter
from ..web.submissions import commit_once, repeated
from ..workflow.models import RoundState
from . import operations, rules
from .forms import DecisionForm, EditAcceptForm, ProposalForm, RejectForm, WithdrawForm, seen_version
from .panels import proposals_context
from .queries import get_proposal_or_404

bp = Blueprint("proposals", __name__)



def _checked_proposal(round_id: int, proposal_id: int):
    """The round and its proposal, when the route's permission on the proposal is granted."""
    round_ = access.readable_round(round_id)
    proposal = get_proposal_or_404(round_, proposal_id, current_user)
    access.check(proposal)
    return round_, proposal


@bp.route("/rounds/<int:round_id>/sections/<int:section_id>/proposals")
@login_required
def section_proposals(round_id: int, section_id: int):
    round_ = access.readable_round(round_id)
    access.check(round_)
    section = get_section_or_404(round_, section_id)
    return render_template("proposals/list.html", round=round_, section=section,
                           **proposals_context(round_, section, page=request.args.get("page", 1, type=int)))


def _association_choices(round_, form: ProposalForm) -> None:
    """The associations the person proposes for. At the association evening
    the coordinator may record a proposal on behalf of any active association
    of the municipality; everyone else chooses among their own."""
    coordinator = access.may("moderate", round_)
    if round_.state == RoundState.WELFARE_REVIEW:
        associations: Sequence[Association] = []
    elif coordinator and round_.state == RoundState.ASSOCIATION_EVENING:
        associations = db.session.scalars(
            sa.select(Association)
            .where(Association.municipality_id == round_.municipality_id, Association.active.is_(True))
            .order_by(Association.name_key)
        ).all()
    else:
        ids = current_user.association_ids(round_.municipality_id)
        associations = db.session.scalars(
            sa.select(Association).where(Association.id.in_(ids)).order_by(Association.name_key)
        ).all() if ids else []
    form.association_id.choices = association_choices(associations)
    if coordinator and associations:
        form.association_id.choices = [SelectChoice("", _("the municipality"))] + form.association_id.choices
    else:
        del form.on_behalf


@bp.route("/rounds/<int:round_id>/sections/<int:section_id>/proposals/new", methods=["GET", "POST"])
@login_required
@limiter.limit(WRITING_LIMIT, key_func=current_account, methods=["POST"])
def new(round_id: int, section_id: int):
    round_ = access.readable_round(round_id)
    access.check(round_)
    section = get_section_or_404(round_, section_id)
    if not rules.can_propose(round_, current_user, section):
        rules.ensure_can_propose(round_, current_user, association_id=None, section=section)
    current = current_version(section)
    form = ProposalForm()
    _association_choices(round_, form)
    if not form.is_submitted():
        form.base_number.data = section.current_number
        form.text.data = current.text if current else ""
        if apply_draft(form, take_draft()):
            flash(_("Your unsent text was kept for you: check it and send it."), "info")
    changed_meanwhile = False
    if form.validate_on_submit() and (done := repeated(form)) is not None:
        return done
    if form.validate_on_submit():
        association_id = form.association_id.data
        try:
            proposal = operations.propose(
                section, current_user, text=form.text.data or "", rationale=form.rationale.data or "",
                association_id=int(association_id) if str(association_id or "").isdigit() else None,
                base_number=form.base_number.data,
                on_behalf=bool(form.on_behalf.data) if "on_behalf" in form else False,
            )
        except DomainError as error:
            target = form.association_id if error.status_code == 403 else form.text
            target.errors = [error.message]
            changed_meanwhile = error.status_code == 409
            form.base_number.data = section.current_number
            form.base_number.raw_data = None
        else:
            location = url_for("proposals.show", round_id=round_.id, proposal_id=proposal.id)
            if (done := commit_once(form, location)) is not None:
                return done
            flash(_("Your proposal is saved. The coordinator decides on it."), "success")
            return redirect(location)
    return render_template("proposals/new.html", round=round_, section=section, form=form, current=current,
                           changed_meanwhile=changed_meanwhile), (422 if form.errors else 200)


@bp.route("/rounds/<int:round_id>/proposals/<int:proposal_id>")
@login_required
def show(round_id: int, proposal_id: int):
    round_, proposal = _checked_proposal(round_id, proposal_id)
    return render_template("proposals/show.html", **_show_context(round_, proposal))


def _show_context(round_, proposal, **forms) -> dict:
    view = request.args.get("view", "inline")
    current = current_version(proposal.section)
    current_text = current.text if current else ""
    context = {
        "round": round_,
        "proposal": proposal,
        "current": current,
        "view": view,
        "made_on": tracked(proposal.base_text, proposal.proposed_text, view),
        "against_current": None,
        "edits": None,
        "can_decide": passes(rules.ensure_can_decide, proposal, current_user),
        "can_withdraw": proposal.is_pending and access.may("withdraw_proposal", proposal),
        "decision_form": forms.get("decision_form") or DecisionForm(prefix="accept",
                                                                    seen_version_id=current.id if current else ""),
        "reject_form": forms.get("reject_form") or RejectForm(prefix="reject",
                                                              seen_version_id=current.id if current else ""),
        "withdraw_form": WithdrawForm(prefix="withdraw"),
        "current_text": current_text,
    }
    if proposal.is_pending and proposal.rebased and not proposal.conflict:
        context["against_current"] = tracked(current_text, proposal.current_text, view)
    if proposal.status.value == "accepted_with_edits":
        context["edits"] = tracked(proposal.current_text or proposal.proposed_text, proposal.accepted_text, view)
    return context


@bp.route("/rounds/<int:round_id>/proposals/<int:proposal_id>/accept", methods=["POST"])
@login_required
def accept(round_id: int, proposal_id: int):
    round_, proposal = _checked_proposal(round_id, proposal_id)
    form = DecisionForm(prefix="accept")
    if not form.validate_on_submit():
        abort(400)
    operations.accept(proposal, current_user, seen_version_id=seen_version(form))
    db.session.commit()
    flash(_("The proposal is accepted: it is now the section's text."), "success")
    return redirect(url_for("proposals.show", round_id=round_.id, proposal_id=proposal.id))


@bp.route("/rounds/<int:round_id>/proposals/<int:proposal_id>/reject", methods=["POST"])
@login_required
def reject(round_id: int, proposal_id: int):
    round_, proposal = _checked_proposal(round_id, proposal_id)
    form = RejectForm(prefix="reject")
    if form.validate_on_submit():
        try:
            operations.reject(proposal, current_user, reason=form.reason.data)
        except DomainError as error:
            form.reason.errors = [error.message]
        else:
            db.session.commit()
            flash(_("The proposal is rejected."), "success")
            return redirect(url_for("proposals.show", round_id=round_.id, proposal_id=proposal.id))
    return render_template("proposals/show.html", **_show_context(round_, proposal, reject_form=form)), 422


@bp.route("/rounds/<int:round_id>/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit_and_accept(round_id: int, proposal_id: int):
    round_, proposal = _checked_proposal(round_id, proposal_id)
    current = current_version(proposal.section)
    form = EditAcceptForm()
    if not form.is_submitted():
        form.seen_version_id.data = str(current.id) if current else ""
        form.text.data = (current.text if current else "") if proposal.conflict else proposal.current_text
    elif form.validate_on_submit():
        try:
            operations.accept_with_edits(proposal, current_user, text=form.text.data or "",
                                         reason=form.reason.data or "", seen_version_id=seen_version(form))
        except DomainError as error:
            form.text.errors = [error.message]
            form.seen_version_id.data = str(current.id) if current else ""
            form.seen_version_id.raw_data = None
        else:
            db.session.commit()
            flash(_("The proposal is accepted with your edits."), "success")
            return redirect(url_for("proposals.show", round_id=round_.id, proposal_id=proposal.id))
    return render_template(
        "proposals/edit_accept.html", round=round_, proposal=proposal, form=form, current=current,
        made_on=tracked(proposal.base_text, proposal.proposed_text, "inline"),
    ), (422 if form.errors else 200)


@bp.route("/rounds/<int:round_id>/proposals/<int:proposal_id>/withdraw", methods=["POST"])
@login_required
def withdraw(round_id: int, proposal_id: int):
    round_, proposal = _checked_proposal(round_id, proposal_id)
    if not WithdrawForm(prefix="withdraw").validate_on_submit():
        abort(400)
    operations.withdraw(proposal, current_user)
    db.session.commit()
    flash(_("Your proposal is withdrawn."), "success")
    return redirect(url_for("proposals.show", round_id=round_.id, proposal_id=proposal.id))
