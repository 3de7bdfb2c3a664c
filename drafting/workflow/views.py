"""The round page, opening a round, recording decisions and moving the round on."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import access
from ..audit.models import AuditEvent
from ..comments.queries import counts_by_section
from ..core import DomainError
from ..documents.outlines import OUTLINES
from ..documents.queries import sections_with_text
from ..extensions import db
from ..municipalities.queries import get_municipality_or_404
from ..proposals.queries import pending_counts
from ..web.forms import validated
from ..web.freshness import fresh_page
from ..web.pieces import Deferred
from ..web.submissions import commit_once, repeated
from . import operations
from .dates import DateFindings, check_decision, check_schedule, early_close
from .forms import (
    ApprovalForm,
    DecisionForm,
    OpenRoundForm,
    ReviewForm,
    RevisionForm,
    ScheduleForm,
    TransitionForm,
)
from .models import DecidingBody, DecisionStep, RoundState
from .queries import latest_approved_round, open_round_of
from .revision import stale_mentions_in_round
from .scopes import round_scope
from .stepper import build_stepper
from .table import Action, ActionInput, decision_action

bp = Blueprint("workflow", __name__)

DECISION_FORMS = {
    DecisionStep.DECISION: DecisionForm,
    DecisionStep.WELFARE_REVIEW: ReviewForm,
    DecisionStep.APPROVAL: ApprovalForm,
}



def _checked_round(round_id: int, *, for_update: bool = False, action: Action | None = None,
                   seen: RoundState | None = None):
    """The round, when the route's permission on it (or on an action of the
    workflow table) is granted."""
    round_ = access.readable_round(round_id, for_update=for_update)
    access.check(access.RoundAction(round_, action, seen) if action else round_)
    return round_


@bp.route("/rounds/<int:round_id>")
@fresh_page(round_scope)
@login_required
def round_page(round_id: int):
    round_ = _checked_round(round_id)
    staff = access.may("read_round_in_preparation", round_)
    return render_template(
        "workflow/round.html",
        round=round_,
        # the same for everyone: a stored piece of the page, drawn after any change
        steps=Deferred(lambda: build_stepper(round_)),
        sections=sections_with_text(round_),
        actions=operations.available_actions(round_, current_user),
        stale=stale_mentions_in_round(round_) if staff and round_.state.is_open else [],
        early_close=early_close(round_),
        can_edit=operations.can(round_, Action.EDIT_SECTIONS, current_user),
        staff=staff,
        revision_year=operations.revision_year(round_),
        comment_counts=counts_by_section(round_, current_user),
        **clock_context(round_),
        proposal_counts=pending_counts(round_),
        Action=Action,
        DecisionStep=DecisionStep,
    )


def clock_context(round_) -> dict:
    from babel.dates import get_month_names
    from flask_babel import get_locale

    from .calendar import clock_marks, month_labels, month_ticks, round_events

    names = get_month_names("abbreviated", context="stand-alone", locale=get_locale())
    return {
        "clock_marks": clock_marks(round_events(round_)),
        "clock_months": month_labels(names),
        "clock_ticks": month_ticks(),
    }


@bp.route("/rounds/<int:round_id>/calendar.ics")
@login_required
def calendar(round_id: int):
    from flask import Response

    from .calendar import ics, round_events

    round_ = _checked_round(round_id)
    return Response(ics(round_, round_events(round_)), mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="vuosikello-{round_.year}.ics"'})


@bp.route("/m/<slug>/rounds/new", methods=["GET", "POST"])
@login_required
def open_round(slug: str):
    municipality = get_municipality_or_404(slug)
    access.check(municipality)
    guideline = municipality.guideline
    if guideline is None:
        abort(403, _("Only the coordinator may open a drafting round."))
    existing = open_round_of(guideline.id)
    approved = latest_approved_round(guideline.id)
    form = OpenRoundForm()
    if not form.is_submitted():
        form.year.data = operations.revision_year(approved) if approved else _this_year()
    if existing is None and form.validate_on_submit():
        try:
            round_ = operations.open_round_from_outline(
                guideline, current_user, outline_key=form.outline.data, year=validated(form.year.data)
            )
        except DomainError as error:
            form.year.errors = [error.message]
        else:
            db.session.commit()
            flash(_("The drafting round %(year)s is open.", year=round_.year), "success")
            return redirect(url_for("workflow.round_page", round_id=round_.id))
    return render_template(
        "workflow/open_round.html",
        municipality=municipality,
        form=form,
        existing=existing,
        approved=approved,
        outlines=OUTLINES,
    )


def _this_year() -> int:
    from ..core import local_today

    return local_today().year


@bp.route("/rounds/<int:round_id>/revise", methods=["POST"])
@login_required
def start_revision(round_id: int):
    approved = _checked_round(round_id, for_update=True, action=Action.START_REVISION)
    form = RevisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        round_ = operations.start_revision(approved, current_user)
    except DomainError as error:
        if error.status_code == 403:
            raise
        _flash_error(error)
        return redirect(url_for("workflow.round_page", round_id=approved.id))
    db.session.commit()
    flash(_("The %(year)s revision has started from the approved guideline.", year=round_.year),
          "success")
    return redirect(url_for("workflow.round_page", round_id=round_.id))


@bp.route("/rounds/<int:round_id>/actions/<action>", methods=["POST"])
@login_required
def transition(round_id: int, action: str):
    try:
        chosen = Action(action)
    except ValueError:
        abort(404)
    try:
        seen = RoundState(request.form.get("from_state", ""))
    except ValueError:
        seen = None
    round_ = _checked_round(round_id, for_update=True, action=chosen, seen=seen)
    form = TransitionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        expected = RoundState(form.from_state.data)
    except ValueError:
        abort(400)
    try:
        target = operations.apply_transition(
            round_,
            chosen,
            current_user,
            ActionInput(reason=form.reason.data or "",
                        confirm_early_close=bool(form.confirm_early_close.data)),
            expected_state=expected,
        )
    except operations.AlreadyDone as done:
        flash(done.message, "info")
    except DomainError as error:
        if error.status_code == 403:
            raise
        _flash_error(error)
    else:
        db.session.commit()
        flash(_("The round moved to the step “%(state)s”.", state=target.label), "success")
    return redirect(url_for("workflow.round_page", round_id=round_.id))


def _flash_error(error: DomainError) -> None:
    flash(error.message, "error")
    for line in error.details:
        flash(line, "error-detail")


@bp.route("/rounds/<int:round_id>/decisions/<step>", methods=["GET", "POST"])
@login_required
def record_decision(round_id: int, step: str):
    try:
        chosen = DecisionStep(step)
    except ValueError:
        abort(404)
    round_ = _checked_round(round_id, for_update=request.method == "POST", action=decision_action(chosen))
    form = DECISION_FORMS[chosen]()
    previous = round_.current_decision(chosen)
    if not form.is_submitted() and previous is not None:
        form.process(obj=previous)
        if hasattr(form, "body") and previous.body is not None:
            form.body.data = previous.body.value
    if form.validate_on_submit() and (done := repeated(form)) is not None:
        return done
    unusual: list[str] = []
    if form.validate_on_submit() and _dates_pass(
            form, unusual, check_decision(round_, chosen, validated(form.decided_on.data))):
        data = operations.DecisionInput(
            decided_on=form.decided_on.data,
            body=DecidingBody(form.body.data) if hasattr(form, "body") else None,
            body_name=getattr(form, "body_name", None) and form.body_name.data,
            minutes_paragraph=getattr(form, "minutes_paragraph", None) and form.minutes_paragraph.data,
            responsible_persons=getattr(form, "responsible_persons", None) and form.responsible_persons.data,
            authorised_coordinator=getattr(form, "authorised_coordinator", None)
            and form.authorised_coordinator.data,
            outcome=getattr(form, "outcome", None) and form.outcome.data,
            confirmed_unusual=unusual,
        )
        operations.record_decision(round_, chosen, current_user, data)
        location = url_for("workflow.round_page", round_id=round_.id)
        if (done := commit_once(form, location)) is not None:
            return done
        flash(_("Recorded: %(what)s.", what=chosen.label), "success")
        return redirect(location)
    return render_template(
        "workflow/decision_form.html", round=round_, form=form, step=chosen, previous=previous,
        unusual=unusual,
    )


@bp.route("/rounds/<int:round_id>/schedule", methods=["GET", "POST"])
@login_required
def schedule(round_id: int):
    round_ = _checked_round(round_id, for_update=request.method == "POST", action=Action.SET_SCHEDULE)
    form = ScheduleForm(obj=round_)
    unusual: list[str] = []
    if form.validate_on_submit() and _dates_pass(form, unusual, check_schedule(
            round_, wishes_opens_on=form.wishes_opens_on.data, wishes_closes_on=form.wishes_closes_on.data,
            evening_on=form.evening_on.data, comments_close_on=form.comments_close_on.data)):
        data = operations.ScheduleInput(
            wishes_opens_on=form.wishes_opens_on.data,
            wishes_closes_on=form.wishes_closes_on.data,
            evening_on=form.evening_on.data,
            evening_starts_at=form.evening_starts_at.data,
            evening_place=form.evening_place.data,
            comments_close_on=form.comments_close_on.data,
            confirmed_unusual=unusual,
        )
        try:
            operations.set_schedule(round_, current_user, data)
        except DomainError as error:
            flash(error.message, "info")
        else:
            db.session.commit()
            flash(_("The schedule is saved."), "success")
            return redirect(url_for("workflow.round_page", round_id=round_.id))
    return render_template("workflow/schedule_form.html", round=round_, form=form, unusual=unusual)


def _dates_pass(form, unusual: list[str], findings: DateFindings) -> bool:
    """Whether the dates of a submitted form may be saved: a clearly wrong one
    is shown on its field; unusual ones are listed (in `unusual`) and saved
    only when the person has ticked the confirmation after seeing them."""
    for name, message in findings.errors:
        field = getattr(form, name)
        field.errors = [*field.errors, message]
    if findings.errors:
        return False
    unusual.extend(findings.unusual)
    return not unusual or bool(form.confirm_dates.data)


@bp.route("/rounds/<int:round_id>/history")
@login_required
def history(round_id: int):
    round_ = _checked_round(round_id)
    events = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.round_id == round_.id)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    ).all()
    return render_template("workflow/history.html", round=round_, events=events)
