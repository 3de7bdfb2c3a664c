"""The five steps of a round as the stepper on the round page shows them:
where the round is, what each step needs, who acts next and the deadlines."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import format_date
from flask_babel import gettext as _

from .models import STEPS, DecisionStep, DraftingRound, RoundState
from .table import STEP_NEEDS, ActionInput, forward_rule

_STEP_DECISIONS = {
    RoundState.DECISION: DecisionStep.DECISION,
    RoundState.WELFARE_REVIEW: DecisionStep.WELFARE_REVIEW,
    RoundState.APPROVAL: DecisionStep.APPROVAL,
}


@dataclass
class StepView:
    state: RoundState
    number: int
    status: str  # "done", "current" or "upcoming"
    needs: str
    who: str
    deadline: str | None
    decision: object | None
    missing: list[str] = field(default_factory=list)


def _deadline(round_: DraftingRound, state: RoundState) -> str | None:
    if state == RoundState.WISHES and round_.wishes_closes_on:
        return _("Wishes until %(date)s", date=format_date(round_.wishes_closes_on))
    if state == RoundState.ASSOCIATION_EVENING and round_.evening_on:
        text = _("Association evening on %(date)s", date=format_date(round_.evening_on))
        if round_.comments_close_on:
            text += "; " + _("comments until %(date)s", date=format_date(round_.comments_close_on))
        return text
    return None


def build_stepper(round_: DraftingRound) -> list[StepView]:
    position = STEPS.index(round_.state) if round_.state in STEPS else len(STEPS)
    views = []
    for number, state in enumerate(STEPS, start=1):
        index = number - 1
        status = "done" if index < position else "current" if index == position else "upcoming"
        rule = forward_rule(state)
        who = ", ".join(sorted(kind.label for kind in rule.roles)) if rule else ""
        missing = []
        if status == "current" and rule is not None and rule.guard is not None:
            missing = rule.guard(round_, ActionInput())
        decision_step = _STEP_DECISIONS.get(state)
        views.append(
            StepView(
                state=state,
                number=number,
                status=status,
                needs=str(STEP_NEEDS[state]),
                who=who,
                deadline=_deadline(round_, state),
                decision=round_.current_decision(decision_step) if decision_step else None,
                missing=missing,
            )
        )
    return views
