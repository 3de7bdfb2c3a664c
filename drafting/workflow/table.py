"""The workflow of a drafting round as one explicit table.

For each (state, action) the table says the target state (None: the action
does its work without moving the round), which staff roles may do it and the
guard that lists what is still missing. The round page's buttons, the
permission checks and the transitions all read this table.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..auth.models import StaffRoleKind
from ..core import LabelledEnum
from ..documents.queries import current_versions
from ..documents.richtext import has_text
from ..extensions import db
from . import open_items
from .dates import early_close
from .effects import close_wishes_if_confirmed, mark_approved, reopen_wishes
from .models import DecisionStep, DraftingRound, RoundState
from .queries import hold_for_writing, latest_approved_round, open_round_of


class Action(LabelledEnum):
    RECORD_DECISION = "record_decision"
    SET_SCHEDULE = "set_schedule"
    EDIT_SECTIONS = "edit_sections"
    OPEN_WISHES = "open_wishes"
    START_WELFARE_REVIEW = "start_welfare_review"
    RECORD_REVIEW = "record_review"
    OPEN_ASSOCIATION_EVENING = "open_association_evening"
    SUBMIT_FOR_APPROVAL = "submit_for_approval"
    RECORD_APPROVAL = "record_approval"
    APPROVE = "approve"
    SEND_BACK = "send_back"
    START_REVISION = "start_revision"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.RECORD_DECISION: _l("Record the decision"),
            cls.SET_SCHEDULE: _l("Set the schedule"),
            cls.EDIT_SECTIONS: _l("Edit the sections"),
            cls.OPEN_WISHES: _l("Open the gathering of wishes"),
            cls.START_WELFARE_REVIEW: _l("Send the draft to the welfare group"),
            cls.RECORD_REVIEW: _l("Record the welfare group's review"),
            cls.OPEN_ASSOCIATION_EVENING: _l("Open the association evening consultation"),
            cls.SUBMIT_FOR_APPROVAL: _l("Submit for approval"),
            cls.RECORD_APPROVAL: _l("Record the approval decision"),
            cls.APPROVE: _l("Mark as approved and publish"),
            cls.SEND_BACK: _l("Send back one step"),
            cls.START_REVISION: _l("Start the next revision"),
        }


@dataclass(frozen=True)
class ActionInput:
    """What the person submitted with the action."""

    reason: str = ""
    confirm_early_close: bool = False


Guard = Callable[[DraftingRound, ActionInput], list[str]]


@dataclass(frozen=True)
class Rule:
    state: RoundState
    action: Action
    target: RoundState | None
    roles: frozenset[StaffRoleKind]
    guard: Guard | None = None
    effect: Callable | None = field(default=None, compare=False)

    @property
    def is_transition(self) -> bool:
        return self.target is not None


# How many open items the guard names before it counts the rest. The items
# themselves come from the providers other features register (open_items.py).
OPEN_ITEMS_NAMED = 20


def _decision_missing(round_: DraftingRound, step: DecisionStep, message) -> list[str]:
    return [] if round_.current_decision(step) is not None else [str(message)]


def guard_open_wishes(round_: DraftingRound, _input: ActionInput) -> list[str]:
    missing = _decision_missing(
        round_, DecisionStep.DECISION, _l("The decision to prepare the guideline is not recorded.")
    )
    if round_.wishes_closes_on is None:
        missing.append(_("The closing date of the wishes window is not set."))
    return missing


def _early_close_missing(round_: DraftingRound, data: ActionInput) -> list[str]:
    """Moving on before the announced end of a consultation needs a
    confirmation and a reason, both recorded in the audit."""
    early = early_close(round_)
    if early is None:
        return []
    missing = []
    if not data.confirm_early_close:
        missing.append(_("%(what)s Wait for it, or confirm that the consultation closes early.",
                         what=early))
    if not data.reason.strip():
        missing.append(_("Give a reason for closing the consultation early."))
    return missing


def guard_start_welfare_review(round_: DraftingRound, data: ActionInput) -> list[str]:
    missing = _early_close_missing(round_, data)
    if not any(has_text(text) for text in _current_texts(round_)):
        missing.append(_("The draft has no text in any section."))
    return missing


def guard_open_evening(round_: DraftingRound, _input: ActionInput) -> list[str]:
    missing = _decision_missing(
        round_, DecisionStep.WELFARE_REVIEW, _l("The welfare group's review is not recorded.")
    )
    if round_.evening_on is None:
        missing.append(_("The date of the association evening is not set."))
    if not (round_.evening_place or "").strip():
        missing.append(_("The place of the association evening is not set."))
    return missing


def guard_submit_for_approval(round_: DraftingRound, data: ActionInput) -> list[str]:
    """Every open item, named – the first ones by name and the rest counted, so
    a consultation of thousands of comments still gives a readable answer –
    and the confirmation of an early close."""
    lines: list[str] = []
    total = 0
    for provider in open_items.providers():
        named, count = provider(round_, max(0, OPEN_ITEMS_NAMED - len(lines)))
        lines.extend(named)
        total += count
    if total > len(lines):
        lines.append(_("…and %(count)s more open items.", count=total - len(lines)))
    return _early_close_missing(round_, data) + lines


def guard_approve(round_: DraftingRound, _input: ActionInput) -> list[str]:
    return _decision_missing(
        round_, DecisionStep.APPROVAL, _l("The approval decision is not recorded.")
    )


def guard_send_back(_round: DraftingRound, data: ActionInput) -> list[str]:
    return [] if data.reason.strip() else [_("Give a reason for sending the round back.")]


def guard_start_revision(round_: DraftingRound, _input: ActionInput) -> list[str]:
    missing = []
    open_round = open_round_of(round_.guideline_id)
    if open_round is not None:
        missing.append(
            _("The %(year)s round is still open: finish it first.", year=open_round.year)
        )
    latest = latest_approved_round(round_.guideline_id)
    if latest is not None and latest.id != round_.id:
        missing.append(_("Only the latest approved guideline can be revised."))
    return missing


def _current_texts(round_: DraftingRound) -> list[str]:
    return [v.text for v in current_versions(round_).values()]


COORDINATOR = frozenset({StaffRoleKind.COORDINATOR})
DECIDERS = frozenset({StaffRoleKind.COORDINATOR, StaffRoleKind.APPROVER})
S = RoundState
A = Action

_RULES = [
    # decision
    Rule(S.DECISION, A.RECORD_DECISION, None, COORDINATOR),
    Rule(S.DECISION, A.SET_SCHEDULE, None, COORDINATOR),
    Rule(S.DECISION, A.EDIT_SECTIONS, None, COORDINATOR),
    Rule(S.DECISION, A.OPEN_WISHES, S.WISHES, COORDINATOR, guard_open_wishes),
    # wishes
    Rule(S.WISHES, A.SET_SCHEDULE, None, COORDINATOR),
    Rule(S.WISHES, A.EDIT_SECTIONS, None, COORDINATOR),
    Rule(S.WISHES, A.START_WELFARE_REVIEW, S.WELFARE_REVIEW, COORDINATOR,
         guard_start_welfare_review, close_wishes_if_confirmed),
    Rule(S.WISHES, A.SEND_BACK, S.DECISION, COORDINATOR, guard_send_back),
    # welfare_review
    Rule(S.WELFARE_REVIEW, A.RECORD_REVIEW, None, COORDINATOR),
    Rule(S.WELFARE_REVIEW, A.SET_SCHEDULE, None, COORDINATOR),
    Rule(S.WELFARE_REVIEW, A.EDIT_SECTIONS, None, COORDINATOR),
    Rule(S.WELFARE_REVIEW, A.OPEN_ASSOCIATION_EVENING, S.ASSOCIATION_EVENING, COORDINATOR,
         guard_open_evening),
    Rule(S.WELFARE_REVIEW, A.SEND_BACK, S.WISHES, COORDINATOR, guard_send_back,
         reopen_wishes),
    # association_evening
    Rule(S.ASSOCIATION_EVENING, A.SET_SCHEDULE, None, COORDINATOR),
    Rule(S.ASSOCIATION_EVENING, A.EDIT_SECTIONS, None, COORDINATOR),
    Rule(S.ASSOCIATION_EVENING, A.SUBMIT_FOR_APPROVAL, S.APPROVAL, COORDINATOR,
         guard_submit_for_approval),
    Rule(S.ASSOCIATION_EVENING, A.SEND_BACK, S.WELFARE_REVIEW, COORDINATOR, guard_send_back),
    # approval
    Rule(S.APPROVAL, A.RECORD_APPROVAL, None, DECIDERS),
    Rule(S.APPROVAL, A.APPROVE, S.APPROVED, DECIDERS, guard_approve, mark_approved),
    Rule(S.APPROVAL, A.SEND_BACK, S.ASSOCIATION_EVENING, COORDINATOR, guard_send_back),
    # approved
    Rule(S.APPROVED, A.START_REVISION, None, COORDINATOR, guard_start_revision),
]

TABLE: dict[tuple[RoundState, Action], Rule] = {(r.state, r.action): r for r in _RULES}

# What each step is about, shown in the stepper.
STEP_NEEDS = {
    S.DECISION: _l(
        "The management group or the welfare group decides to prepare the guideline, "
        "names the responsible persons and authorises the coordinator."
    ),
    S.WISHES: _l(
        "Associations give their wishes for the guideline until the window closes; "
        "the coordinator writes the draft."
    ),
    S.WELFARE_REVIEW: _l(
        "The welfare group reviews the draft; the review is recorded and the association "
        "evening is scheduled."
    ),
    S.ASSOCIATION_EVENING: _l(
        "Associations comment on the draft and propose changes; every comment and proposal "
        "is answered."
    ),
    S.APPROVAL: _l("The approving body decides; the decision is recorded with its date and §."),
}


def hold_step(round_: DraftingRound) -> DraftingRound:
    """Keep the round in its step until the caller's transaction ends, and
    read the step (and its windows) as committed now.

    Every write that the step allows (a wish, comment, remark, reply, edit,
    response, proposal, decision on one, section save) calls this before
    checking its rule, so the write and the check are one: a transition
    (which locks the round FOR UPDATE) waits for writes already under way,
    and a write that comes after it sees the new step and is refused.

    PostgreSQL: FOR KEY SHARE, which conflicts with the transition's FOR
    UPDATE but not with the revision counters that the writes themselves move
    on the round at commit. SQLite: its one write lock, taken at once (as the
    transition takes it when it loads the round for update)."""
    hold_for_writing(round_.id)
    return db.session.execute(
        sa.select(DraftingRound).where(DraftingRound.id == round_.id)
        .with_for_update(read=True, key_share=True, of=DraftingRound)
        .execution_options(populate_existing=True)
    ).scalar_one()


DECISION_ACTIONS = {
    DecisionStep.DECISION: Action.RECORD_DECISION,
    DecisionStep.WELFARE_REVIEW: Action.RECORD_REVIEW,
    DecisionStep.APPROVAL: Action.RECORD_APPROVAL,
}


def decision_action(step: DecisionStep) -> Action:
    """The action of the table that records a step's decision."""
    return DECISION_ACTIONS[step]


def rule_for(state: RoundState, action: Action) -> Rule | None:
    return TABLE.get((state, action))


def forward_rule(state: RoundState) -> Rule | None:
    """The rule that moves a round on from this state."""
    for rule in _RULES:
        if rule.state == state and rule.is_transition and rule.action != Action.SEND_BACK:
            return rule
    return None


def rules_in(state: RoundState) -> list[Rule]:
    return [rule for rule in _RULES if rule.state == state]
