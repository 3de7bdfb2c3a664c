"""Making, re-basing and deciding change proposals; every write checked,
audited and in the caller's transaction."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from ..associations.models import Association
from ..audit.operations import record_event
from ..auth.models import User
from ..auth.people import Person
from ..core import Conflict, DomainError, PermissionDenied, utcnow
from ..documents.models import Section, SectionVersion, VersionOrigin
from ..documents.operations import MAX_TEXT_LENGTH, append_version
from ..documents.queries import current_version
from ..documents.richtext import sanitise
from ..documents.tokens import canonical
from ..extensions import db
from ..notifications.outcomes import notify_proposal_decided
from ..workflow.models import RoundState
from ..workflow.table import hold_step
from . import rules
from .models import ChangeProposal, ProposalStatus
from .rebase import rebase

MAX_RATIONALE_LENGTH = 5_000


def _clean(text: str) -> str:
    if len(text or "") > MAX_TEXT_LENGTH:
        raise DomainError(_("The text is too long (at most %(limit)s characters).", limit=MAX_TEXT_LENGTH))
    return canonical(sanitise(text or ""))


def _audit(user: Person, action: str, proposal: ChangeProposal, **details) -> None:
    record_event(actor=user, action=action, obj=proposal, municipality_id=proposal.round.municipality_id,
                 round_id=proposal.round_id, details=details or None, confined_to=proposal.section)


def propose(section: Section, user: Person, *, text: str, rationale: str, association_id: int | None = None,
            base_number: int | None = None, on_behalf: bool = False) -> ChangeProposal:
    """New wording for the section, made on its current version, in the step
    the round is in when the proposal is written (held until the commit)."""
    round_ = hold_step(section.round)
    rules.ensure_can_propose(round_, user, association_id=association_id, on_behalf=on_behalf,
                             section=section)
    association = None
    if association_id is not None:
        association = db.session.get(Association, association_id)
        if association is None or association.municipality_id != round_.municipality_id or not association.active:
            raise PermissionDenied(_("You can propose only for an association you represent."))
    base = current_version(section)
    if base_number is not None and base_number != section.current_number:
        raise Conflict(_("The section changed while you were writing. Your text is kept below: "
                         "compare it with the current text and send again."))
    proposed = _clean(text)
    base_text = base.text if base else ""
    if not proposed.strip():
        raise DomainError(_("The proposal is empty: write the wording you propose."))
    if proposed == base_text:
        raise DomainError(_("The proposal is the same as the current text: change something first."))
    rationale = (rationale or "").strip()
    if not rationale:
        raise DomainError(_("Give a rationale: why should the text change?"))
    if len(rationale) > MAX_RATIONALE_LENGTH:
        raise DomainError(_("The rationale is too long: at most %(limit)s characters.",
                            limit=MAX_RATIONALE_LENGTH))
    proposal = ChangeProposal(
        round_id=round_.id,
        section_id=section.id,
        base_version_id=base.id if base else None,
        base_text=base_text,
        proposed_text=proposed,
        rebased_on_version_id=base.id if base else None,
        current_text=proposed,
        rationale=rationale,
        author_id=user.id,
        association_id=association.id if association else None,
        internal=round_.state == RoundState.WELFARE_REVIEW,
        recorded_at_evening=on_behalf,
    )
    db.session.add(proposal)
    db.session.flush()
    _audit(user, "propose", proposal, section=section.id, base_version=proposal.base_version_id,
           on_behalf=on_behalf)
    return proposal


def pending_on(section: Section) -> list[ChangeProposal]:
    return list(db.session.scalars(
        sa.select(ChangeProposal).where(ChangeProposal.section_id == section.id,
                                        ChangeProposal.status == ProposalStatus.PENDING)
        .order_by(ChangeProposal.id)
    ))


def rebase_pending(_app, *, section: Section, version: SectionVersion, **_kwargs) -> None:
    """A new version of the section: every pending proposal follows it, or is
    marked as a conflict."""
    for proposal in pending_on(section):
        if proposal.rebased_on_version_id == version.id or proposal.id == version.proposal_id:
            continue
        previous_base = proposal.rebased_on_version.text if proposal.rebased_on_version else proposal.base_text
        if proposal.conflict:
            continue
        result = rebase(previous_base, proposal.current_text or proposal.proposed_text, version.text)
        proposal.rebased_on_version_id = version.id
        if result.conflict:
            proposal.conflict = True
        else:
            proposal.current_text = result.text
        record_event(actor=None, action="rebase_proposal", obj=proposal,
                     municipality_id=section.round.municipality_id, round_id=section.round_id,
                     details={"version": version.number, "conflict": proposal.conflict}, confined_to=section)


def _ensure_fresh(proposal: ChangeProposal, seen_version_id: int | None) -> SectionVersion | None:
    """The decision is about the text the coordinator saw; refuse if the section moved on."""
    current = current_version(proposal.section)
    current_id = current.id if current else None
    if seen_version_id != current_id or proposal.rebased_on_version_id != current_id:
        raise Conflict(_("The section has changed since you opened the proposal; it has been re-based. "
                         "Review it again before deciding."))
    return current


def _credit(proposal: ChangeProposal) -> str:
    return _("Change proposal %(number)s by %(speaker)s", number=proposal.id, speaker=proposal.speaker)


def accept(proposal: ChangeProposal, user: Person, *, seen_version_id: int | None) -> SectionVersion:
    """The proposal becomes the section's new version, credited to its proposer."""
    hold_step(proposal.round)
    rules.ensure_can_decide(proposal, user)
    if proposal.conflict:
        raise DomainError(_("The proposal conflicts with the current text: accept it with edits or reject it."))
    current = _ensure_fresh(proposal, seen_version_id)
    section = proposal.section
    version = append_version(section, text=proposal.current_text or proposal.proposed_text, author_id=proposal.author_id,
                             base_number=current.number if current else 0, origin=VersionOrigin.PROPOSAL,
                             reason=_credit(proposal), proposal_id=proposal.id)
    proposal.status = ProposalStatus.ACCEPTED
    proposal.decided_at = utcnow()
    proposal.decided_by_id = user.id
    _audit(user, "accept_proposal", proposal, version=version.number)
    notify_proposal_decided(proposal, version)
    return version


def accept_with_edits(proposal: ChangeProposal, user: User, *, text: str, reason: str,
                      seen_version_id: int | None) -> SectionVersion:
    """The coordinator adjusts the proposal first; both steps stay visible."""
    hold_step(proposal.round)
    rules.ensure_can_decide(proposal, user)
    current = current_version(proposal.section)
    if seen_version_id != (current.id if current else None):
        raise Conflict(_("The section has changed since you opened the proposal; it has been re-based. "
                         "Review it again before deciding."))
    edited = _clean(text)
    if not edited.strip():
        raise DomainError(_("The edited text is empty."))
    if current is not None and edited == current.text:
        raise DomainError(_("The edited text is the same as the current text: reject the proposal instead."))
    version = append_version(proposal.section, text=edited, author_id=proposal.author_id,
                             base_number=current.number if current else 0, origin=VersionOrigin.PROPOSAL,
                             reason=_credit(proposal) + " – " + _("edited by %(name)s", name=user.name),
                             proposal_id=proposal.id)
    proposal.status = ProposalStatus.ACCEPTED_WITH_EDITS
    proposal.accepted_text = edited
    proposal.decision_reason = (reason or "").strip() or None
    proposal.decided_at = utcnow()
    proposal.decided_by_id = user.id
    _audit(user, "accept_proposal_with_edits", proposal, version=version.number)
    notify_proposal_decided(proposal, version)
    return version


def reject(proposal: ChangeProposal, user: Person, *, reason: str) -> ChangeProposal:
    hold_step(proposal.round)
    rules.ensure_can_decide(proposal, user)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for rejecting the proposal: the proposer and the "
                            "consultation summary show it."))
    proposal.status = ProposalStatus.REJECTED
    proposal.decision_reason = reason[:MAX_RATIONALE_LENGTH]
    proposal.decided_at = utcnow()
    proposal.decided_by_id = user.id
    _audit(user, "reject_proposal", proposal)
    notify_proposal_decided(proposal)
    return proposal


def withdraw(proposal: ChangeProposal, user: Person) -> ChangeProposal:
    rules.ensure_can_withdraw(proposal, user)
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.decided_at = utcnow()
    proposal.decided_by_id = user.id
    _audit(user, "withdraw_proposal", proposal)
    return proposal
