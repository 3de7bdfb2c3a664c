"""Each association told what became of its input, in the recipient's
language and through the outbox: a proposal accepted (with or without edits)
or rejected with the reason, a comment hidden with the reason, the
municipality's response, and the published guideline.

An input the coordinator recorded at the association evening on an
association's behalf is the association's: its notices go to the
association's own address and its representatives, never to the coordinator
who typed it in. Everyone with an account can turn these notices off on the
settings page."""
from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from ..associations.models import Association, Membership
from ..auth.models import User
from ..extensions import db
from ..outcomes.queries import taking_part
from ..web.links import external_url
from ..workflow.models import DraftingRound, RoundState
from . import optout
from .notices import queue_to_address, queue_to_person, representatives
from .reach import ADDRESS_LANGUAGE, addressed_associations, representatives_of

Compose = Callable[[], tuple[str, str]]


def tell(people: list[User], associations: list[Association], compose: Compose, key: str, *,
         optional: bool = True) -> int:
    """Queue the message `compose` writes once for each person, in their
    language, and once for each association's own address; returns how many
    were queued. `key` makes each recipient's message once only. A notice
    (`optional`) carries the unsubscribe link and skips an address that asked
    for no more mail; a message that cannot be turned off does neither."""
    queued = 0
    for person in people:
        with force_locale(person.language.value):
            subject, body = compose()
            if queue_to_person(person, subject, body, f"{key}:u{person.id}", optional=optional):
                queued += 1
    for association in associations:
        if not (association.email or "").strip() or not association.active:
            continue
        if optional and optout.is_opted_out(association):
            continue
        with force_locale(ADDRESS_LANGUAGE):
            subject, body = compose()
            if queue_to_address(association, subject, body, f"{key}:a{association.id}", optional=optional):
                queued += 1
    return queued


def audience(item, *, with_colleagues: bool) -> tuple[list[User], list[Association]]:
    """Who hears about a comment or proposal: its writer (and, with
    `with_colleagues`, the other representatives of its association); for an
    input recorded on an association's behalf, the association's own address
    and its representatives."""
    association = item.association
    if item.recorded_at_evening and association is not None:
        return representatives_of([association.id]), [association]
    people = []
    author = item.author
    if author.active and author.wants_notifications:
        people.append(author)
    if with_colleagues and association is not None:
        people += [p for p in representatives_of([association.id]) if p.id != author.id]
    return people, []


def notify_response(comment, response) -> int:
    """The municipality responded to a wish or comment."""
    link = external_url("comments.thread", round_id=comment.round_id, comment_id=comment.id)

    def compose() -> tuple[str, str]:
        subject = _("The municipality responded to your %(kind)s", kind=comment.kind.label.lower())
        body = _("%(municipality)s has responded to what you wrote:\n\n%(disposition)s\n%(text)s\n\n%(link)s",
                 municipality=comment.round.municipality.name, disposition=response.disposition.label,
                 text=response.text or "", link=link)
        if comment.recorded_at_evening and comment.association is not None:
            body = _("This was recorded at the association evening for %(association)s.",
                     association=comment.association.name) + "\n\n" + body
        return subject, body

    people, associations = audience(comment, with_colleagues=False)
    return tell(people, associations, compose, f"response:{response.id}")


def notify_hidden(comment) -> int:
    """The coordinator hid a comment; its writer hears why."""
    link = external_url("comments.thread", round_id=comment.round_id, comment_id=comment.id)

    def compose() -> tuple[str, str]:
        subject = _("Your %(kind)s was hidden", kind=comment.kind.label.lower())
        body = _("The coordinator of %(municipality)s hid what you wrote. The reason:\n\n%(reason)s\n\n"
                 "The text stays in the consultation record, and readers see the reason in its place.\n%(link)s",
                 municipality=comment.round.municipality.name, reason=comment.hidden_reason or "", link=link)
        return subject, body

    people, associations = audience(comment, with_colleagues=False)
    return tell(people, associations, compose, f"hidden:{comment.id}")


def notify_proposal_decided(proposal, version=None) -> int:
    """A change proposal was accepted, accepted with edits or rejected; the
    proposer and its association's representatives hear of it."""
    link = external_url("proposals.show", round_id=proposal.round_id, proposal_id=proposal.id)
    heading = proposal.section.heading

    def compose() -> tuple[str, str]:
        municipality = proposal.round.municipality.name
        status = proposal.status.value
        if status == "accepted":
            subject = _("Your change proposal to %(section)s was accepted", section=heading)
            body = _("%(municipality)s accepted your change proposal to the section %(section)s as it was. "
                     "It is the section's version %(number)s.",
                     municipality=municipality, section=heading, number=version.number if version else "—")
        elif status == "accepted_with_edits":
            subject = _("Your change proposal to %(section)s was accepted with edits", section=heading)
            body = _("%(municipality)s accepted your change proposal to the section %(section)s with edits. "
                     "It is the section's version %(number)s.",
                     municipality=municipality, section=heading, number=version.number if version else "—")
            if proposal.decision_reason:
                body += "\n\n" + _("Why it was edited:") + "\n" + proposal.decision_reason
        else:
            subject = _("Your change proposal to %(section)s was not accepted", section=heading)
            body = _("%(municipality)s did not accept your change proposal to the section %(section)s. "
                     "The reason:", municipality=municipality, section=heading) \
                + "\n\n" + (proposal.decision_reason or "")
        body += "\n\n" + _("The proposal and the decision:") + "\n" + link
        if proposal.recorded_at_evening and proposal.association is not None:
            body = _("This was recorded at the association evening for %(association)s.",
                     association=proposal.association.name) + "\n\n" + body
        return subject, body

    people, associations = audience(proposal, with_colleagues=True)
    return tell(people, associations, compose, f"decided:{proposal.id}")


def announce_published(_app, *, round_: DraftingRound, to_state=None, **_kwargs) -> None:
    """The guideline is approved and published: every reached association hears of it."""
    if to_state != RoundState.APPROVED:
        return
    municipality = round_.municipality
    link = external_url("public.guideline", slug=municipality.slug)

    def compose() -> tuple[str, str]:
        subject = _("%(municipality)s has published its guideline for cooperation with associations",
                    municipality=municipality.name)
        body = _("The guideline for cooperation with associations for %(year)s is approved and published. "
                 "Thank you for taking part.\n\nRead it here:\n%(link)s",
                 year=round_.year, link=link)
        return subject, body

    tell(representatives(round_.municipality_id), addressed_associations(round_.municipality_id), compose,
         f"published:{round_.id}")


def announce_outcome_reports(_app, *, round_: DraftingRound, to_state=None, **_kwargs) -> None:
    """The round is approved: each association that took part is sent the
    link to its outcome report, to its representatives and its own address.
    This message cannot be turned off."""
    if to_state != RoundState.APPROVED:
        return
    associations = [association for association, _count in taking_part(round_) if association.active]
    members: dict[int, list[User]] = {}
    for association_id, person in db.session.execute(
            sa.select(Membership.association_id, User).join(User, User.id == Membership.user_id)
            .where(Membership.association_id.in_([a.id for a in associations]), User.active.is_(True))
            .order_by(User.id)) if associations else []:
        members.setdefault(association_id, []).append(person)
    for association in associations:
        link = external_url("outcomes.report", round_id=round_.id, association_id=association.id)

        def compose(association=association, link=link) -> tuple[str, str]:
            subject = _("What became of the input of %(association)s", association=association.name)
            body = _("%(municipality)s has approved its guideline for cooperation with associations for "
                     "%(year)s. The outcome report lists every wish, comment and change proposal of "
                     "%(association)s in the round, with the municipality's response and where each was "
                     "taken into account.\n\nRead the report (sign in as the association's representative):"
                     "\n%(link)s", municipality=round_.municipality.name, year=round_.year,
                     association=association.name, link=link)
            return subject, body

        tell(members.get(association.id, []), [association], compose, f"outcome:{round_.id}:{association.id}",
             optional=False)
