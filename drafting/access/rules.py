"""Who may do what: every permission of the application, each stated once as
a function of the person and the object it is about.

A permission names the people who may act and, where the round's step
decides it, the steps in which they may; the workflow table
(`workflow/table.py`) says which staff roles move the round and edit its
sections in which step. What a feature checks beyond that (a window that
has closed, a proposal already decided, a hidden comment) stays a state rule
in the feature; whether this person may is decided here alone."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..auth.models import StaffRoleKind
from ..workflow.models import CLOSED_STATES, DraftingRound, RoundState
from ..workflow.table import Action, rule_for

MANAGERS = (StaffRoleKind.COORDINATOR, StaffRoleKind.ADMIN)
COORDINATOR = (StaffRoleKind.COORDINATOR,)
REMARKERS = (StaffRoleKind.WELFARE_MEMBER, StaffRoleKind.COORDINATOR)
# Steps in which the coordinator answers wishes and comments.
RESPONDING_STEPS = frozenset({RoundState.WISHES, RoundState.WELFARE_REVIEW, RoundState.ASSOCIATION_EVENING})
# Steps in which changes are proposed and decided.
PROPOSING_STEPS = frozenset({RoundState.WELFARE_REVIEW, RoundState.ASSOCIATION_EVENING})


@dataclass(frozen=True)
class RoundAction:
    """An action of the workflow table on a round; `seen` is the step the
    person saw when they asked (a repeated request is judged in it, and the
    transition itself says that it has already happened)."""

    round: DraftingRound
    action: Action
    seen: RoundState | None = None

    @property
    def state(self) -> RoundState:
        return self.seen or self.round.state


def _municipality_id(target: Any) -> int:
    """The municipality an object belongs to: a municipality or its id, a
    round, or anything that carries one (a comment, a proposal, an association)."""
    if isinstance(target, int):
        return target
    if hasattr(target, "slug"):
        return target.id
    if isinstance(target, RoundAction):
        return target.round.municipality_id
    if hasattr(target, "municipality_id"):
        return target.municipality_id
    return target.round.municipality_id


def _round(target: Any) -> DraftingRound:
    if isinstance(target, DraftingRound):
        return target
    if isinstance(target, RoundAction):
        return target.round
    return target.round


def _signed_in(user) -> bool:
    return bool(user.is_authenticated)


def _role(user, municipality_id: int, *kinds: StaffRoleKind) -> bool:
    return _signed_in(user) and user.has_role(municipality_id, *kinds)


def _staff(user, municipality_id: int) -> bool:
    return _signed_in(user) and user.is_staff_of(municipality_id)


def _representative(user, municipality_id: int) -> bool:
    return _signed_in(user) and user.is_representative_in(municipality_id)


# -- the permissions --------------------------------------------------------

def anyone(user, target=None) -> bool:
    return True


def signed_in(user, target=None) -> bool:
    return _signed_in(user)


def read_published_round(user, round_: DraftingRound) -> bool:
    """An approved round is a public record, read without signing in (its
    consultation summary); a round in preparation as `read_round` says."""
    return round_.state in CLOSED_STATES or read_round(user, round_)


def read_round(user, round_: DraftingRound) -> bool:
    """The pages of a round are for the signed in: everyone reads an approved
    round; staff of the municipality every round; its associations'
    representatives once they have been invited to it (after the decision step)."""
    if not _signed_in(user):
        return False
    if round_.state in CLOSED_STATES:
        return True
    if _staff(user, round_.municipality_id):
        return True
    return round_.state != RoundState.DECISION and _representative(user, round_.municipality_id)


def read_round_in_preparation(user, target) -> bool:
    """The documents, agenda and history of a round are the municipality's staff's."""
    return _staff(user, _municipality_id(target))


def plan_agenda(user, round_: DraftingRound) -> bool:
    """The coordinator drafts the agenda for the approving body's meeting
    while the round is still in preparation."""
    return round_.state not in CLOSED_STATES and _role(user, round_.municipality_id, StaffRoleKind.COORDINATOR)


def read_comment(user, comment) -> bool:
    """Internal review remarks are for staff; other comments for the round's readers."""
    if comment.internal:
        return _staff(user, comment.round.municipality_id)
    return read_round(user, comment.round)


def read_proposal(user, proposal) -> bool:
    """A proposal made in the welfare group's review is internal to the
    municipality: staff alone read it. Others are read by the round's readers."""
    if proposal.internal:
        return _staff(user, proposal.round.municipality_id)
    return read_round(user, proposal.round)


def write_comment(user, round_: DraftingRound) -> bool:
    """Who writes in the round's step: wishes are the associations', the
    association evening's comments the associations' and the coordinator's
    (recorded on an association's behalf), review remarks the welfare
    group's and the coordinator's."""
    municipality_id = round_.municipality_id
    if round_.state == RoundState.WISHES:
        return _representative(user, municipality_id)
    if round_.state == RoundState.ASSOCIATION_EVENING:
        return _representative(user, municipality_id) or _role(user, municipality_id, *COORDINATOR)
    if round_.state == RoundState.WELFARE_REVIEW:
        return _role(user, municipality_id, *REMARKERS)
    return False


def write_for_association(user, round_: DraftingRound, association_id: int | None, on_behalf: bool) -> bool:
    """Whom the person writes for: an association they represent, or, as the
    coordinator at the association evening, an association on whose behalf
    they record what was said. Review remarks are the municipality's."""
    municipality_id = round_.municipality_id
    if round_.state == RoundState.WELFARE_REVIEW:
        return _role(user, municipality_id, *REMARKERS)
    if on_behalf:
        return round_.state == RoundState.ASSOCIATION_EVENING and _role(user, municipality_id, *COORDINATOR)
    return _signed_in(user) and association_id is not None \
        and association_id in user.association_ids(municipality_id)


_STEP_OF_KIND = {"wish": RoundState.WISHES, "comment": RoundState.ASSOCIATION_EVENING,
                 "remark": RoundState.WELFARE_REVIEW}


def replies_in_municipality(user, comment) -> bool:
    """The municipality's staff and its associations' representatives."""
    municipality_id = comment.round.municipality_id
    return _staff(user, municipality_id) or _representative(user, municipality_id)


def reply(user, comment) -> bool:
    """The municipality's staff and its associations reply to what they can
    read, in the step the comment was written in."""
    step = _STEP_OF_KIND.get(comment.kind.value)
    return read_comment(user, comment) and comment.round.state == step and replies_in_municipality(user, comment)


def edit_comment(user, comment) -> bool:
    """The writer alone edits a comment, in the step it was written in."""
    return (_signed_in(user) and comment.author_id == user.id and read_comment(user, comment)
            and comment.round.state == _STEP_OF_KIND.get(comment.kind.value))


def moderate(user, target) -> bool:
    """The coordinator hides comments."""
    return _role(user, _municipality_id(target), *COORDINATOR)


def respond(user, target) -> bool:
    """The coordinator gives the municipality's response while the round consults."""
    return _role(user, _municipality_id(target), *COORDINATOR) and _round(target).state in RESPONDING_STEPS


def propose(user, round_: DraftingRound) -> bool:
    """In the welfare group's review the welfare group and the coordinator
    propose for the municipality; at the association evening the
    associations' representatives for their own associations and the
    coordinator for the municipality or on an association's behalf."""
    municipality_id = round_.municipality_id
    if round_.state == RoundState.WELFARE_REVIEW:
        return _role(user, municipality_id, *REMARKERS)
    if round_.state == RoundState.ASSOCIATION_EVENING:
        return _role(user, municipality_id, *COORDINATOR) or _representative(user, municipality_id)
    return False


def decide_proposal(user, target) -> bool:
    """The coordinator decides on proposals in the steps they are made in."""
    return _role(user, _municipality_id(target), *COORDINATOR) and _round(target).state in PROPOSING_STEPS


def withdraw_proposal(user, proposal) -> bool:
    """The proposer withdraws their own proposal."""
    return _signed_in(user) and proposal.author_id == user.id and read_proposal(user, proposal)


def workflow_action(user, target: RoundAction) -> bool:
    """The roles the workflow table names for the action in the round's step."""
    rule = rule_for(target.state, target.action)
    return rule is not None and _signed_in(user) \
        and bool(user.role_kinds(target.round.municipality_id) & rule.roles)


def workflow_transition(user, target: RoundAction) -> bool:
    """A move of the round: an action of the table that has a target step."""
    rule = rule_for(target.state, target.action)
    return rule is not None and rule.is_transition and workflow_action(user, target)


def open_round(user, municipality) -> bool:
    """The coordinator opens a drafting round and imports a guideline."""
    return _role(user, _municipality_id(municipality), *COORDINATOR)


def manage_municipality(user, target) -> bool:
    """The coordinator and the administrators keep the municipality's users,
    its association register and its accessibility statement."""
    return _role(user, _municipality_id(target), *MANAGERS)


def edit_association_details(user, association) -> bool:
    """An association's own representatives and the municipality's managers
    edit its public details."""
    return _signed_in(user) and (user.represents(association.id)
                                 or user.has_role(association.municipality_id, *MANAGERS))


@dataclass(frozen=True)
class AssociationInRound:
    """An association of the municipality in one of its rounds: whose outcome report it is."""

    round: DraftingRound
    association: Any

    @property
    def municipality_id(self) -> int:
        return self.round.municipality_id


def read_outcome_report(user, target: AssociationInRound) -> bool:
    """Once the round is approved, an association's outcome report is for
    its representatives and the municipality's staff."""
    return (target.round.state in CLOSED_STATES and _signed_in(user)
            and (user.represents(target.association.id) or _staff(user, target.round.municipality_id)))


def read_outcome_reports(user, round_: DraftingRound) -> bool:
    """The list of every association's outcome report of an approved round is the staff's."""
    return round_.state in CLOSED_STATES and _staff(user, round_.municipality_id)


@dataclass(frozen=True)
class Permission:
    name: str
    test: Callable[..., bool]
    refusal: Any

    def __call__(self, user, target=None) -> bool:
        return self.test(user, target)

    def reason(self, user, target=None) -> str:
        """Why the person is refused, in their language."""
        return str(self.refusal(user, target) if callable(self.refusal) else self.refusal)


def _workflow_refusal(user, target: RoundAction) -> str:
    """Someone without a role in the municipality is told so; staff are told
    which roles the table names for the action in this step."""
    if not _staff(user, target.round.municipality_id):
        return _("You have no role in this municipality's drafting.")
    rule = rule_for(target.state, target.action)
    if rule is None:
        return _("“%(action)s” is not possible in the step “%(state)s”.",
                 action=target.action.label, state=target.state.label)
    return _("Only these roles may do this: %(roles)s.",
             roles=", ".join(sorted(kind.label for kind in rule.roles)))


PERMISSIONS: dict[str, Permission] = {p.name: p for p in [
    Permission("anyone", anyone, _l("You do not have permission to do this.")),
    Permission("signed_in", signed_in, _l("You do not have permission to do this.")),
    Permission("read_round", read_round, _l("You do not have permission to do this.")),
    Permission("read_published_round", read_published_round, _l("You do not have permission to do this.")),
    Permission("read_round_in_preparation", read_round_in_preparation,
               _l("The documents of a round in preparation are for the municipality's staff.")),
    Permission("plan_agenda", plan_agenda,
               _l("Only the coordinator drafts the agenda, and only while the round is in preparation.")),
    Permission("read_comment", read_comment, _l("You cannot see this comment.")),
    Permission("read_proposal", read_proposal, _l("You do not have permission to do this.")),
    Permission("write_comment", write_comment, _l("You do not have permission to do this.")),
    Permission("reply", reply, _l("Only the municipality's staff and associations can reply.")),
    Permission("edit_comment", edit_comment, _l("Only the writer may edit a comment.")),
    Permission("moderate", moderate, _l("Only the coordinator moderates comments.")),
    Permission("respond", respond, _l("Only the coordinator gives the municipality's response.")),
    Permission("propose", propose, _l("You do not have permission to do this.")),
    Permission("decide_proposal", decide_proposal, _l("Only the coordinator decides on change proposals.")),
    Permission("withdraw_proposal", withdraw_proposal, _l("Only the proposer may withdraw a proposal.")),
    Permission("workflow_action", workflow_action, _workflow_refusal),
    Permission("workflow_transition", workflow_transition, _workflow_refusal),
    Permission("open_round", open_round, _l("Only the coordinator may open a drafting round.")),
    Permission("manage_municipality", manage_municipality,
               _l("You do not have permission to do this.")),
    Permission("read_outcome_report", read_outcome_report,
               _l("An outcome report is for its association's representatives and the municipality's staff, "
                  "once the round is approved.")),
    Permission("read_outcome_reports", read_outcome_reports,
               _l("The outcome reports are for the municipality's staff, once the round is approved.")),
    Permission("edit_association_details", edit_association_details,
               _l("Only the association's representatives and the coordinator may edit these details.")),
]}
