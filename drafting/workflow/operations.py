"""Every change to a drafting round goes through these operations: they check
the permission and the state from the workflow table, make the change and
write the audit row, in the caller's transaction (committed once by the view)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

import sqlalchemy as sa
from flask_babel import gettext as _

from .. import access
from ..audit.operations import record_event
from ..auth.models import StaffRoleKind
from ..auth.people import Person
from ..core import Conflict, DomainError, PermissionDenied, local_today, the_application
from ..documents.models import Section, SectionVersion, VersionOrigin
from ..documents.outlines import OUTLINES
from ..documents.queries import current_versions
from ..extensions import db
from ..municipalities.models import Guideline
from .bodies import body_named
from .dates import check_decision, check_schedule, early_close
from .models import (
    DecidingBody,
    DecisionStep,
    DraftingRound,
    RoundSource,
    RoundState,
    StepDecision,
)
from .queries import open_round_of
from .signals import round_moved
from .table import Action, ActionInput, Rule, decision_action, rule_for, rules_in

COORDINATORS = (StaffRoleKind.COORDINATOR,)


class GuardFailed(DomainError):
    """The action is allowed but something it needs is missing."""

    status_code = 422


class AlreadyDone(DomainError):
    """The same transition was submitted again; nothing was changed."""

    status_code = 200


def _deny_roles(rule: Rule) -> PermissionDenied:
    roles = ", ".join(sorted(kind.label for kind in rule.roles))
    return PermissionDenied(_("Only these roles may do this: %(roles)s.", roles=roles))


def authorize(round_: DraftingRound, action: Action, user: Person) -> Rule:
    """The rule that lets `user` do `action` on the round now, or the error
    that says why not (state first, then role)."""
    rule = rule_for(round_.state, action)
    if not user.is_authenticated or not user.is_staff_of(round_.municipality_id):
        raise PermissionDenied(_("You have no role in this municipality's drafting."))
    if rule is None:
        raise DomainError(
            _(
                "“%(action)s” is not possible in the step “%(state)s”.",
                action=action.label,
                state=round_.state.label,
            )
        )
    if not access.may("workflow_action", access.RoundAction(round_, action), user):
        raise _deny_roles(rule)
    return rule


def can(round_: DraftingRound, action: Action, user) -> bool:
    return access.may("workflow_action", access.RoundAction(round_, action), user)


def available_actions(round_: DraftingRound, user) -> list[Rule]:
    return [rule for rule in rules_in(round_.state)
            if access.may("workflow_action", access.RoundAction(round_, rule.action), user)]


def apply_transition(
    round_: DraftingRound,
    action: Action,
    user: Person,
    data: ActionInput,
    expected_state: RoundState,
) -> RoundState:
    """Move the round as the table says: permission, guard, state, audit.

    `expected_state` is the state the person saw when they submitted; a repeat
    of a transition that has already happened changes nothing and says so."""
    if round_.state != expected_state:
        earlier = rule_for(expected_state, action)
        if earlier is not None and earlier.target == round_.state:
            raise AlreadyDone(
                _("This was already done: the round is in the step “%(state)s”.",
                  state=round_.state.label)
            )
        raise Conflict(
            _("The round moved to the step “%(state)s” meanwhile; check the page and try again.",
              state=round_.state.label)
        )
    rule = authorize(round_, action, user)
    if rule.target is None:
        raise DomainError(_("“%(action)s” does not move the round.", action=action.label))
    missing = rule.guard(round_, data) if rule.guard else []
    if missing:
        raise GuardFailed(_("The round cannot move on yet. Missing:"), missing)
    from_state = round_.state
    closed_early = early_close(round_) if rule.action != Action.SEND_BACK else None
    round_.state = rule.target
    if rule.effect is not None:
        rule.effect(round_, user, data)
    record_event(
        actor=user,
        action=action.value,
        obj=round_,
        municipality_id=round_.municipality_id,
        round_id=round_.id,
        from_state=from_state.value,
        to_state=rule.target.value,
        reason=data.reason.strip() or None,
        details={"closed_early": closed_early, "confirmed": True} if closed_early else None,
    )
    round_moved.send(the_application(), round_=round_, user=user,
                     from_state=from_state, to_state=rule.target)
    return rule.target


@dataclass
class DecisionInput:
    decided_on: date
    body: DecidingBody | None = None
    body_name: str | None = None
    minutes_paragraph: str | None = None
    responsible_persons: str | None = None
    authorised_coordinator: str | None = None
    outcome: str | None = None
    # The unusual dates the person saw and confirmed (see dates.py).
    confirmed_unusual: list[str] = field(default_factory=list)


def record_decision(
    round_: DraftingRound, step: DecisionStep, user: Person, data: DecisionInput
) -> StepDecision:
    """Record (or record anew) a step's decision; earlier records are kept."""
    authorize(round_, decision_action(step), user)
    findings = check_decision(round_, step, data.decided_on)
    if findings.errors:
        raise DomainError(_("The date cannot be saved:"), findings.messages)
    body: DecidingBody | None
    if step == DecisionStep.WELFARE_REVIEW:
        body, body_name = DecidingBody.WELFARE_GROUP, None
    else:
        body = data.body
        body_name = (data.body_name or "").strip() or None
    named = body_named(round_.municipality_id, body, body_name) if body is not None else None
    decision = StepDecision(
        named_body=named,
        round=round_,
        step=step,
        body=body,
        body_name=body_name,
        decided_on=data.decided_on,
        minutes_paragraph=(data.minutes_paragraph or "").strip() or None,
        responsible_persons=(data.responsible_persons or "").strip() or None,
        authorised_coordinator=(data.authorised_coordinator or "").strip() or None,
        outcome=(data.outcome or "").strip() or None,
        recorded_by_id=user.id,
    )
    db.session.add(decision)
    record_event(
        actor=user,
        action=decision_action(step).value,
        obj=decision,
        municipality_id=round_.municipality_id,
        round_id=round_.id,
        details={
            "decided_on": data.decided_on.isoformat(),
            "body": decision.body_label,
            "minutes_paragraph": decision.minutes_paragraph,
            **({"confirmed_unusual": data.confirmed_unusual} if data.confirmed_unusual else {}),
        },
    )
    return decision


@dataclass
class ScheduleInput:
    wishes_opens_on: date | None
    wishes_closes_on: date | None
    evening_on: date | None
    evening_starts_at: time | None
    evening_place: str | None
    comments_close_on: date | None = None
    confirmed_unusual: list[str] = field(default_factory=list)


_SCHEDULE_FIELDS = (
    "wishes_opens_on",
    "wishes_closes_on",
    "evening_on",
    "evening_starts_at",
    "evening_place",
    "comments_close_on",
)


def set_schedule(round_: DraftingRound, user: Person, data: ScheduleInput) -> dict:
    """Set the round's dates; returns what changed."""
    authorize(round_, Action.SET_SCHEDULE, user)
    findings = check_schedule(round_, wishes_opens_on=data.wishes_opens_on,
                              wishes_closes_on=data.wishes_closes_on, evening_on=data.evening_on,
                              comments_close_on=data.comments_close_on)
    if findings.errors:
        raise DomainError(_("The schedule cannot be saved:"), findings.messages)
    data.evening_place = (data.evening_place or "").strip() or None
    changes = {}
    for name in _SCHEDULE_FIELDS:
        old, new = getattr(round_, name), getattr(data, name)
        if old != new:
            changes[name] = [_iso(old), _iso(new)]
            setattr(round_, name, new)
    if not changes:
        raise DomainError(_("Nothing changed in the schedule."))
    if data.confirmed_unusual:
        changes["confirmed_unusual"] = data.confirmed_unusual
    record_event(
        actor=user,
        action=Action.SET_SCHEDULE.value,
        obj=round_,
        municipality_id=round_.municipality_id,
        round_id=round_.id,
        details=changes,
    )
    return changes


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def ensure_can_open_round(guideline: Guideline, user, year: int) -> None:
    access.ensure("open_round", guideline.municipality_id, user)
    existing = open_round_of(guideline.id)
    if existing is not None:
        raise Conflict(
            _("The %(year)s round is still open: only one round at a time.", year=existing.year)
        )
    taken = db.session.scalar(
        sa.select(DraftingRound.id).where(
            DraftingRound.guideline_id == guideline.id, DraftingRound.year == year
        )
    )
    if taken is not None:
        raise Conflict(_("There is already a round for %(year)s.", year=year))


def open_round_from_outline(
    guideline: Guideline, user: Person, *, outline_key: str, year: int
) -> DraftingRound:
    """Open a round whose sections come from a template: headings and guidance, no text yet."""
    outline = OUTLINES.get(outline_key)
    if outline is None:
        raise DomainError(_("Unknown template."))
    ensure_can_open_round(guideline, user, year)
    round_ = DraftingRound(
        guideline=guideline,
        year=year,
        state=RoundState.DECISION,
        opened_by_id=user.id,
        source=RoundSource.OUTLINE,
        outline_key=outline_key,
    )
    db.session.add(round_)
    for position, part in enumerate(outline.sections, start=1):
        db.session.add(
            Section(round=round_, position=position, heading=part.heading, guidance=part.guidance)
        )
    db.session.flush()
    record_event(
        actor=user,
        action="open_round",
        obj=round_,
        municipality_id=guideline.municipality_id,
        round_id=round_.id,
        to_state=RoundState.DECISION.value,
        details={"source": RoundSource.OUTLINE.value, "outline": outline_key},
    )
    return round_


def revision_year(approved: DraftingRound) -> int:
    return max(local_today().year, approved.year + 1)


def start_revision(approved: DraftingRound, user: Person, *, year: int | None = None) -> DraftingRound:
    """Open the next year's round from the approved guideline: every section is
    carried over as version 1 of the new round, linked to where it came from."""
    year = year or revision_year(approved)
    rule = authorize(approved, Action.START_REVISION, user)
    missing = rule.guard(approved, ActionInput()) if rule.guard else []
    if missing:
        raise GuardFailed(_("The revision cannot start yet:"), missing)
    ensure_can_open_round(approved.guideline, user, year)
    round_ = DraftingRound(
        guideline_id=approved.guideline_id,
        year=year,
        state=RoundState.DECISION,
        opened_by_id=user.id,
        source=RoundSource.PREVIOUS_ROUND,
        previous_round_id=approved.id,
    )
    db.session.add(round_)
    versions = current_versions(approved)
    for old in approved.sections:
        if old.withdrawn_at is not None:
            continue
        section = Section(
            round=round_,
            position=old.position,
            heading=old.heading,
            guidance=old.guidance,
            origin_section_id=old.id,
        )
        db.session.add(section)
        carried = versions.get(old.id)
        if carried is not None:
            section.current_number = 1
            db.session.add(
                SectionVersion(
                    section=section,
                    number=1,
                    text=carried.text,
                    author_id=user.id,
                    reason=_("Carried over from the guideline approved for %(year)s.",
                             year=approved.year),
                    origin=VersionOrigin.CARRIED_OVER,
                    origin_version_id=carried.id,
                )
            )
    db.session.flush()
    record_event(
        actor=user,
        action=Action.START_REVISION.value,
        obj=round_,
        municipality_id=approved.municipality_id,
        round_id=round_.id,
        to_state=RoundState.DECISION.value,
        details={"source": RoundSource.PREVIOUS_ROUND.value, "previous_round": approved.id},
    )
    return round_
