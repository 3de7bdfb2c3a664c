"""Who may do what: one table of every route × person × round state.

The views enforce these rules through the feature rules (the workflow table,
comments.rules, proposals.rules, the managers of a municipality); this table
states them in one place, and a generated test walks every route of the
application as every kind of person in every round state and fails on any
access this table does not grant, and on any route missing from it."""
from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from drafting.auth.models import StaffRoleKind
from drafting.comments.rules import RESPONDING_STEPS
from drafting.proposals.rules import PROPOSING_STEPS
from drafting.workflow.models import CLOSED_STATES, DecisionStep, RoundState
from drafting.workflow.operations import decision_action
from drafting.workflow.table import TABLE, Action


class Who(enum.Enum):
    ANONYMOUS = "anonymous"
    RESIDENT = "resident"                       # signed in, no role in the municipality
    REPRESENTATIVE = "representative"           # of the association concerned (writer of the comment)
    OTHER_REPRESENTATIVE = "other_representative"  # of another association of the municipality
    WELFARE_MEMBER = "welfare_member"
    APPROVER = "approver"
    COORDINATOR = "coordinator"
    OTHER_COORDINATOR = "other_coordinator"     # coordinator of another municipality
    ADMIN = "admin"


W = Who
EVERYONE = frozenset(Who)
SIGNED_IN = EVERYONE - {W.ANONYMOUS}
STAFF = frozenset({W.WELFARE_MEMBER, W.APPROVER, W.COORDINATOR, W.ADMIN})
MANAGERS = frozenset({W.COORDINATOR, W.ADMIN})
REPRESENTATIVES = frozenset({W.REPRESENTATIVE, W.OTHER_REPRESENTATIVE})
ROLE_OF = {W.WELFARE_MEMBER: StaffRoleKind.WELFARE_MEMBER, W.APPROVER: StaffRoleKind.APPROVER,
           W.COORDINATOR: StaffRoleKind.COORDINATOR, W.ADMIN: StaffRoleKind.ADMIN}

Rule = Callable[[Who, RoundState, dict], bool]


def anyone(*_args) -> bool:
    return True


def only(group) -> Rule:
    return lambda who, state, params: who in group


def reads_round(who: Who, state: RoundState, params: dict | None = None, *, signed_in: bool = True) -> bool:
    """Staff read every round of their municipality; its associations once
    the round is open to them; everyone the approved ones."""
    if who in STAFF:
        return True
    if who in REPRESENTATIVES:
        return state != RoundState.DECISION
    if who == W.ANONYMOUS and signed_in:
        return False
    return state in CLOSED_STATES


def reads_round_publicly(who: Who, state: RoundState, params: dict) -> bool:
    return reads_round(who, state, params, signed_in=False)


def workflow(action: Action) -> Rule:
    def rule(who: Who, state: RoundState, params: dict) -> bool:
        table_rule = TABLE.get((state, action))
        return table_rule is not None and ROLE_OF.get(who) in table_rule.roles
    return rule


def decision(who: Who, state: RoundState, params: dict) -> bool:
    return workflow(decision_action(DecisionStep(params["step"])))(who, state, params)


def transition(who: Who, state: RoundState, params: dict) -> bool:
    action = Action(params["action"])
    table_rule = TABLE.get((state, action))
    return table_rule is not None and table_rule.is_transition and ROLE_OF.get(who) in table_rule.roles


def writes_comment(who: Who, state: RoundState, params: dict) -> bool:
    if state == RoundState.WISHES:
        return who in REPRESENTATIVES
    if state == RoundState.ASSOCIATION_EVENING:
        return who in REPRESENTATIVES | {W.COORDINATOR}
    if state == RoundState.WELFARE_REVIEW:
        return who in {W.WELFARE_MEMBER, W.COORDINATOR}
    return False


def replies(who: Who, state: RoundState, params: dict) -> bool:
    """The comment of the test world is an association evening comment."""
    return state == RoundState.ASSOCIATION_EVENING and who in STAFF | REPRESENTATIVES


def edits_own_comment(who: Who, state: RoundState, params: dict) -> bool:
    return who == W.REPRESENTATIVE and state == RoundState.ASSOCIATION_EVENING


def responds(who: Who, state: RoundState, params: dict) -> bool:
    return who == W.COORDINATOR and state in RESPONDING_STEPS


def reads_proposal(who: Who, state: RoundState, params: dict) -> bool:
    """The associations' proposals are read by the round's readers. The
    welfare group's review is internal to the municipality: a proposal made
    in it is read by staff alone, in that step and after it, like the review
    remarks (proposals.rules.can_read; `internal` in the parameters)."""
    if params.get("internal"):
        return who in STAFF
    return reads_round(who, state, params)


def proposes(who: Who, state: RoundState, params: dict) -> bool:
    """In the welfare group's review staff propose for the municipality; at
    the association evening representatives for their own associations, and
    the coordinator for the municipality or, marked as recorded there, on an
    association's behalf (proposals.rules.ensure_can_propose)."""
    if who == W.COORDINATOR:
        return state in PROPOSING_STEPS
    if who == W.WELFARE_MEMBER:
        return state == RoundState.WELFARE_REVIEW
    return who in REPRESENTATIVES and state == RoundState.ASSOCIATION_EVENING


def decides_proposal(who: Who, state: RoundState, params: dict) -> bool:
    return who == W.COORDINATOR and state in PROPOSING_STEPS


def withdraws(who: Who, state: RoundState, params: dict) -> bool:
    return who == W.REPRESENTATIVE and reads_round(who, state)


def coordinator_of_round(who: Who, state: RoundState, params: dict) -> bool:
    return who == W.COORDINATOR


@dataclass(frozen=True)
class Entry:
    rule: Rule
    why: str


ACCESS: dict[tuple[str, str], Entry] = {
    ("accessibility.choose", "GET"): Entry(anyone, "public"),
    ("accessibility.statement", "GET"): Entry(anyone, "public"),
    ("accessibility.statement", "POST"): Entry(anyone, "anyone gives accessibility feedback"),
    ("accessibility.edit", "GET"): Entry(only(MANAGERS), "the municipality keeps its statement"),
    ("accessibility.edit", "POST"): Entry(only(MANAGERS), "the municipality keeps its statement"),
    ("administration.users", "GET"): Entry(only(MANAGERS), "user administration"),
    ("administration.users", "POST"): Entry(only(MANAGERS), "invitations"),
    ("administration.set_role", "POST"): Entry(only(MANAGERS), "roles"),
    ("administration.set_active", "POST"): Entry(only(MANAGERS), "deactivation"),
    ("administration.erase", "POST"): Entry(only(MANAGERS), "erasure of a person's data"),
    ("administration.remove_access", "POST"): Entry(only(MANAGERS), "removing a person's access to the municipality"),
    ("administration.associations", "GET"): Entry(only(MANAGERS), "association register"),
    ("administration.associations", "POST"): Entry(only(MANAGERS), "association register"),
    ("administration.edit_association", "GET"): Entry(only(MANAGERS), "association register"),
    ("administration.edit_association", "POST"): Entry(only(MANAGERS), "association register"),
    ("associations.directory", "GET"): Entry(anyone, "public directory"),
    ("registry.import_list", "GET"): Entry(only(MANAGERS), "association register: import of a list"),
    ("registry.import_list", "POST"): Entry(only(MANAGERS), "association register: import of a list"),
    ("registry.preview", "GET"): Entry(only(MANAGERS), "association register: the uploader's own preview"),
    ("registry.preview", "POST"): Entry(only(MANAGERS), "association register: the uploader's own preview"),
    ("registry.archive", "POST"): Entry(only(MANAGERS), "association register: archiving"),
    ("registry.restore", "POST"): Entry(only(MANAGERS), "association register: archiving"),
    ("registry.delete", "POST"): Entry(only(MANAGERS), "association register: deleting an unused entry"),
    ("registry.merge", "GET"): Entry(only(MANAGERS), "association register: merging two entries"),
    ("registry.merge", "POST"): Entry(only(MANAGERS), "association register: merging two entries"),
    ("associations.edit_details", "GET"): Entry(only(MANAGERS | {W.REPRESENTATIVE}), "the association's own details"),
    ("associations.edit_details", "POST"): Entry(only(MANAGERS | {W.REPRESENTATIVE}), "the association's own details"),
    ("auth.accept_invitation", "GET"): Entry(anyone, "the invitation link is the key"),
    ("auth.accept_invitation", "POST"): Entry(anyone, "the invitation link is the key"),
    ("auth.forgot_password", "GET"): Entry(anyone, "public"),
    ("auth.forgot_password", "POST"): Entry(anyone, "public, rate limited"),
    ("auth.login", "GET"): Entry(anyone, "public"),
    ("auth.login", "POST"): Entry(anyone, "public, rate limited"),
    ("auth.logout", "POST"): Entry(only(SIGNED_IN), "own session"),
    ("auth.reset_password", "GET"): Entry(anyone, "the reset link is the key"),
    ("auth.reset_password", "POST"): Entry(anyone, "the reset link is the key"),
    ("auth.set_language", "POST"): Entry(anyone, "own preference"),
    ("auth.settings", "GET"): Entry(only(SIGNED_IN), "own settings"),
    ("auth.settings", "POST"): Entry(only(SIGNED_IN), "own settings"),
    ("auth.my_data", "GET"): Entry(only(SIGNED_IN), "own data"),
    ("auth.close_account", "POST"): Entry(only(SIGNED_IN), "closing one's own account"),
    ("comments.document_comments", "GET"): Entry(reads_round, "round readers"),
    ("comments.thread", "GET"): Entry(reads_round, "round readers (the comment is public)"),
    ("comments.history", "GET"): Entry(reads_round, "round readers"),
    ("comments.post_document_comment", "POST"): Entry(writes_comment, "comments.rules.ensure_can_write"),
    ("comments.post_section_comment", "POST"): Entry(writes_comment, "comments.rules.ensure_can_write"),
    ("comments.post_reply", "POST"): Entry(replies, "comments.rules.ensure_can_reply"),
    ("comments.edit", "GET"): Entry(edits_own_comment, "comments.rules.ensure_can_edit"),
    ("comments.edit", "POST"): Entry(edits_own_comment, "comments.rules.ensure_can_edit"),
    ("comments.hide", "POST"): Entry(coordinator_of_round, "moderation"),
    ("comments.respond", "POST"): Entry(responds, "comments.rules.ensure_can_respond"),
    ("comments.summary", "GET"): Entry(reads_round_publicly, "public record once approved"),
    ("comments.summary_csv", "GET"): Entry(reads_round_publicly, "public record once approved"),
    ("comments.summary_xlsx", "GET"): Entry(reads_round_publicly, "public record once approved"),
    ("dashboard.index", "GET"): Entry(anyone, "front page"),
    ("documents.section_page", "GET"): Entry(reads_round, "round readers"),
    ("documents.compare_versions", "GET"): Entry(reads_round, "round readers"),
    ("documents.compare_document", "GET"): Entry(reads_round, "round readers"),
    ("documents.add_section", "GET"): Entry(workflow(Action.EDIT_SECTIONS), "workflow table"),
    ("documents.add_section", "POST"): Entry(workflow(Action.EDIT_SECTIONS), "workflow table"),
    ("documents.edit_section", "GET"): Entry(workflow(Action.EDIT_SECTIONS), "workflow table"),
    ("documents.edit_section", "POST"): Entry(workflow(Action.EDIT_SECTIONS), "workflow table"),
    ("proposals.new", "GET"): Entry(proposes, "proposals.rules.ensure_can_propose"),
    ("proposals.new", "POST"): Entry(proposes, "proposals.rules.ensure_can_propose"),
    ("proposals.show", "GET"): Entry(reads_proposal, "round readers; the welfare review's proposals staff alone"),
    ("proposals.section_proposals", "GET"): Entry(reads_round, "round readers; the list leaves out the welfare "
                                                  "review's proposals for non-staff"),
    ("proposals.accept", "POST"): Entry(decides_proposal, "proposals.rules.ensure_can_decide"),
    ("proposals.reject", "POST"): Entry(decides_proposal, "proposals.rules.ensure_can_decide"),
    ("proposals.edit_and_accept", "GET"): Entry(decides_proposal, "proposals.rules.ensure_can_decide"),
    ("proposals.edit_and_accept", "POST"): Entry(decides_proposal, "proposals.rules.ensure_can_decide"),
    ("proposals.withdraw", "POST"): Entry(withdraws, "proposals.rules.ensure_can_withdraw"),
    ("public.guideline", "GET"): Entry(anyone, "published"),
    ("public.guideline_year", "GET"): Entry(anyone, "published"),
    ("publishing.public_document", "GET"): Entry(anyone, "published"),
    ("publishing.public_document_of_year", "GET"): Entry(anyone, "published"),
    ("publishing.document", "GET"): Entry(only(STAFF), "documents in preparation"),
    ("publishing.document_with_changes", "GET"): Entry(only(STAFF), "documents in preparation"),
    ("publishing.agenda", "GET"): Entry(only(STAFF), "documents in preparation"),
    ("publishing.agenda_document", "GET"): Entry(only(STAFF), "documents in preparation"),
    ("publishing.upload", "GET"): Entry(only({W.COORDINATOR}), "import"),
    ("publishing.upload", "POST"): Entry(only({W.COORDINATOR}), "import"),
    ("publishing.preview", "GET"): Entry(only({W.COORDINATOR}), "import"),
    ("publishing.preview", "POST"): Entry(only({W.COORDINATOR}), "import"),
    ("workflow.round_page", "GET"): Entry(reads_round, "round readers"),
    ("workflow.calendar", "GET"): Entry(reads_round, "round readers"),
    ("workflow.history", "GET"): Entry(only(STAFF), "the audit history is for staff"),
    ("workflow.open_round", "GET"): Entry(only({W.COORDINATOR}), "opening a round"),
    ("workflow.open_round", "POST"): Entry(only({W.COORDINATOR}), "opening a round"),
    ("workflow.record_decision", "GET"): Entry(decision, "workflow table"),
    ("workflow.record_decision", "POST"): Entry(decision, "workflow table"),
    ("workflow.schedule", "GET"): Entry(workflow(Action.SET_SCHEDULE), "workflow table"),
    ("workflow.schedule", "POST"): Entry(workflow(Action.SET_SCHEDULE), "workflow table"),
    ("workflow.transition", "POST"): Entry(transition, "workflow table"),
    ("workflow.start_revision", "POST"): Entry(workflow(Action.START_REVISION), "workflow table"),
}


def allows(endpoint: str, method: str, who: Who, state: RoundState, params: dict) -> bool:
    return ACCESS[(endpoint, method)].rule(who, state, params)
