"""Who may propose, decide and withdraw, and when."""
from __future__ import annotations

from flask_babel import gettext as _

from ..auth.models import StaffRoleKind
from ..core import DomainError, PermissionDenied
from ..workflow.models import RoundState
from .models import ChangeProposal

# Steps in which proposals are made and decided.
PROPOSING_STEPS = frozenset({RoundState.WELFARE_REVIEW, RoundState.ASSOCIATION_EVENING})


def ensure_can_propose(round_, user, *, association_id: int | None) -> None:
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to propose changes."))
    municipality_id = round_.municipality_id
    if round_.state not in PROPOSING_STEPS:
        raise DomainError(_("Changes can be proposed in the welfare group's review and at the "
                            "association evening."))
    if user.has_role(municipality_id, StaffRoleKind.COORDINATOR):
        return
    if round_.state == RoundState.WELFARE_REVIEW:
        if not user.has_role(municipality_id, StaffRoleKind.WELFARE_MEMBER):
            raise PermissionDenied(_("In this step the welfare group and the coordinator propose changes."))
        return
    if not round_.comments_window_is_open:
        raise DomainError(_("The time for proposals has ended."))
    if association_id is None or association_id not in user.association_ids(municipality_id):
        raise PermissionDenied(_("You can propose only for an association you represent."))


def ensure_can_decide(proposal: ChangeProposal, user) -> None:
    round_ = proposal.round
    if not user.is_authenticated or not user.has_role(round_.municipality_id, StaffRoleKind.COORDINATOR):
        raise PermissionDenied(_("Only the coordinator decides on change proposals."))
    if not proposal.is_pending:
        raise DomainError(_("This proposal has been decided already: %(status)s.",
                            status=proposal.status.label.lower()))
    if round_.state not in PROPOSING_STEPS:
        raise DomainError(_("Proposals cannot be decided in this step of the round."))


def ensure_can_withdraw(proposal: ChangeProposal, user) -> None:
    if not user.is_authenticated or proposal.author_id != user.id:
        raise PermissionDenied(_("Only the proposer may withdraw a proposal."))
    if not proposal.is_pending:
        raise DomainError(_("This proposal has been decided already: %(status)s.",
                            status=proposal.status.label.lower()))
