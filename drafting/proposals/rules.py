"""The checks of proposing, deciding and withdrawing: whether this person
may is asked of the access table (`drafting.access`); what the step, the
window and the proposal's own state allow is checked here."""
from __future__ import annotations

from flask_babel import gettext as _

from .. import access
from ..access.rules import COORDINATOR, PROPOSING_STEPS
from ..auth.people import Person
from ..core import DomainError, PermissionDenied, passes
from ..workflow.models import RoundState
from .models import ChangeProposal

__all__ = ["PROPOSING_STEPS"]


def ensure_can_propose(round_, user: Person, *, association_id: int | None, on_behalf: bool = False,
                       section=None) -> None:
    """Who proposes, for whom, in each step.

    In the welfare group's review the welfare group and the coordinator
    propose for the municipality (the proposal is internal). At the
    association evening a representative proposes for an association they
    represent, while the window is open; the coordinator proposes for the
    municipality, or records an association's proposal on its behalf, marked
    as such. Nobody else proposes in an association's name."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to propose changes."))
    if section is not None and section.withdrawn_at is not None:
        raise DomainError(_("The section “%(heading)s” has been withdrawn: no changes can be proposed to it.",
                            heading=section.heading))
    municipality_id = round_.municipality_id
    if round_.state not in PROPOSING_STEPS:
        raise DomainError(_("Changes can be proposed in the welfare group's review and at the "
                            "association evening."))
    coordinator = user.has_role(municipality_id, *COORDINATOR)
    if round_.state == RoundState.WELFARE_REVIEW:
        if not access.may("propose", round_, user):
            raise PermissionDenied(_("In this step the welfare group and the coordinator propose changes."))
        if association_id is not None or on_behalf:
            raise PermissionDenied(_("In the welfare group's review, changes are proposed for the "
                                     "municipality, not for an association."))
        return
    if on_behalf:
        if not coordinator:
            raise PermissionDenied(_("Only the coordinator records what was said at the association evening."))
        if association_id is None:
            raise DomainError(_("Choose the association whose view is recorded."))
    elif association_id is None:
        if coordinator:
            return
        raise PermissionDenied(_("You can propose only for an association you represent."))
    elif association_id not in user.association_ids(municipality_id):
        raise PermissionDenied(_("You can propose only for an association you represent."))
    access.ensure("propose", round_, user)
    if not round_.comments_window_is_open:
        raise DomainError(_("The time for proposals has ended."))


def can_propose(round_, user: Person, section=None) -> bool:
    """Whether the user may propose anything in the round now: for the
    municipality, on an association's behalf, or for an association of their own."""
    if not user.is_authenticated or (section is not None and section.withdrawn_at is not None):
        return False
    if passes(ensure_can_propose, round_, user, association_id=None):
        return True
    own = sorted(user.association_ids(round_.municipality_id))
    return bool(own) and passes(ensure_can_propose, round_, user, association_id=own[0])


def can_read(proposal: ChangeProposal, user: Person) -> bool:
    """The welfare group's review is internal: its proposals are for staff."""
    return access.may("read_proposal", proposal, user)


def ensure_can_decide(proposal: ChangeProposal, user: Person) -> None:
    round_ = proposal.round
    access.ensure("moderate", round_, user, _("Only the coordinator decides on change proposals."))
    if not proposal.is_pending:
        raise DomainError(_("This proposal has been decided already: %(status)s.",
                            status=proposal.status.label.lower()))
    if round_.state not in PROPOSING_STEPS:
        raise DomainError(_("Proposals cannot be decided in this step of the round."))
    access.ensure("decide_proposal", proposal, user)


def ensure_can_withdraw(proposal: ChangeProposal, user) -> None:
    access.ensure("withdraw_proposal", proposal, user)
    if not proposal.is_pending:
        raise DomainError(_("This proposal has been decided already: %(status)s.",
                            status=proposal.status.label.lower()))
