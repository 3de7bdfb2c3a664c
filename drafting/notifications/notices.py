"""What the service tells people by e-mail, each in the recipient's language:
a round opening to associations (to their representatives and to the
association's own registry address), a window about to close, and the
coordinator's daily digest of new comments. What became of an association's
input is told in `outcomes`. Every link in them comes from
`drafting.web.links.external_url`."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from ..associations.models import Association, Membership
from ..auth.models import StaffRole, StaffRoleKind, User
from ..auth.people import Person
from ..core import MUNICIPAL_TIMEZONE, local_today
from ..extensions import db
from ..web.links import external_url
from ..workflow.models import DraftingRound, RoundState
from . import optout
from .outbox import queue
from .reach import ADDRESS_LANGUAGE, address_footer, addressed_associations


def representatives(municipality_id: int, *, optional: bool = True) -> list[User]:
    """Active representatives of the municipality's active associations;
    with `optional`, only those who want announcements and reminders."""
    query = (
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .join(Association, Association.id == Membership.association_id)
        .where(Association.municipality_id == municipality_id, Association.active.is_(True),
               User.active.is_(True))
        .distinct()
        .order_by(User.id)
    )
    if optional:
        query = query.where(User.wants_notifications.is_(True))
    return list(db.session.scalars(query))


def coordinators(municipality_id: int) -> list[User]:
    return list(db.session.scalars(
        sa.select(User).join(StaffRole, StaffRole.user_id == User.id)
        .where(StaffRole.municipality_id == municipality_id,
               StaffRole.kind == StaffRoleKind.COORDINATOR,
               User.active.is_(True), User.wants_notifications.is_(True))
        .order_by(User.id)
    ))


def signature(person: User, *, optional: bool = True) -> str:
    """The service's name and, for `optional` mail, how to stop it."""
    name = "\n\n-- \n" + _("Ohjeverstas – the guideline for cooperation between the municipality and associations")
    if not optional:
        return name
    return name + "\n" + _("You can turn off announcements, reminders and notices on your settings page: %(url)s",
                           url=external_url("auth.settings")) \
        + "\n" + _("Or stop them with this link: %(url)s", url=optout.person_link(person))


def queue_to_person(person: User, subject: str, body: str, key: str, *, optional: bool = True) -> bool:
    """Queue a message to a person, written in their language (call it under
    `force_locale`); a notice or announcement (`optional`) carries the link
    that stops such mail, a message that cannot be turned off (the outcome
    report) does not."""
    return queue(person.email, subject, body + signature(person, optional=optional), dedupe_key=key,
                 language=person.language.value,
                 unsubscribe_url=optout.person_link(person) if optional else None) is not None


def queue_to_address(association: Association, subject: str, body: str, key: str, *,
                     optional: bool = True) -> bool:
    """Queue a message to an association's own registry address, with the
    claim link and, for `optional` mail, the link that stops mail to it."""
    return queue((association.email or "").strip(), subject, body + address_footer(association, optional=optional),
                 dedupe_key=key, association_id=association.id, language=ADDRESS_LANGUAGE,
                 unsubscribe_url=optout.address_link(association) if optional else None) is not None


def announce_round(_app, *, round_: DraftingRound, user: Person | None = None, from_state=None, to_state=None, **_kwargs) -> None:
    """Tell the associations that the round is open for them: their
    representatives, and every association with an address of its own in the
    registry, represented or not."""
    if to_state not in (RoundState.WISHES, RoundState.ASSOCIATION_EVENING):
        return
    municipality = round_.municipality
    link = external_url("workflow.round_page", round_id=round_.id)

    def compose() -> tuple[str, str]:
        if to_state == RoundState.WISHES:
            subject = _("%(municipality)s asks for your association's wishes for its guideline",
                        municipality=municipality.name)
            body = _(
                "%(municipality)s is preparing its guideline for cooperation with associations "
                "for %(year)s and asks the associations for their wishes and expectations.\n\n"
                "Give your wishes by %(date)s:\n%(link)s",
                municipality=municipality.name, year=round_.year,
                date=format_date(round_.wishes_closes_on) if round_.wishes_closes_on else "—", link=link)
        else:
            subject = _("The draft guideline of %(municipality)s is open for comments",
                        municipality=municipality.name)
            evening = format_date(round_.evening_on) if round_.evening_on else "—"
            body = _(
                "The draft of the guideline for cooperation with associations for %(year)s is ready. "
                "Comment on it section by section and propose changes:\n%(link)s\n\n"
                "Association evening: %(evening)s, %(place)s.",
                year=round_.year, link=link, evening=evening, place=round_.evening_place or "—")
            if round_.comments_close_on:
                body += "\n" + _("Comments can be written until %(date)s.",
                                 date=format_date(round_.comments_close_on))
        return subject, body

    for person in representatives(round_.municipality_id):
        with force_locale(person.language.value):
            subject, body = compose()
            queue_to_person(person, subject, body, f"opened:{round_.id}:{to_state.value}:{person.id}")
    for association in addressed_associations(round_.municipality_id):
        with force_locale(ADDRESS_LANGUAGE):
            subject, body = compose()
            queue_to_address(association, subject, body, f"opened:{round_.id}:{to_state.value}:a{association.id}")


def queue_due_reminders(today: date | None = None) -> int:
    """Three days before a window closes, remind the associations once."""
    today = today or local_today()
    soon = today + timedelta(days=3)
    queued = 0
    windows = [
        (RoundState.WISHES, DraftingRound.wishes_closes_on, "wishes"),
        (RoundState.ASSOCIATION_EVENING, DraftingRound.comments_close_on, "comments"),
    ]
    for state, column, name in windows:
        rounds = db.session.scalars(
            sa.select(DraftingRound).where(DraftingRound.state == state, column >= today, column <= soon)
        ).all()
        for round_ in rounds:
            closes = getattr(round_, column.key)
            if state == RoundState.WISHES and round_.wishes_closed_at is not None:
                continue
            link = external_url("workflow.round_page", round_id=round_.id)
            for person in representatives(round_.municipality_id):
                with force_locale(person.language.value):
                    subject = _("Reminder: %(what)s close on %(date)s",
                                what=_("wishes") if name == "wishes" else _("comments"),
                                date=format_date(closes))
                    body = _("The %(what)s for the guideline of %(municipality)s close on %(date)s.\n%(link)s",
                             what=_("wishes") if name == "wishes" else _("comments"),
                             municipality=round_.municipality.name, date=format_date(closes), link=link)
                    if queue_to_person(person, subject, body,
                                       f"reminder:{round_.id}:{name}:{closes.isoformat()}:{person.id}"):
                        queued += 1
    return queued


def _local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """A Finnish calendar day as naive UTC times, as timestamps are stored."""
    start = datetime.combine(day, time.min, MUNICIPAL_TIMEZONE)
    end = datetime.combine(day + timedelta(days=1), time.min, MUNICIPAL_TIMEZONE)
    return (start.astimezone(UTC).replace(tzinfo=None), end.astimezone(UTC).replace(tzinfo=None))


def queue_due_digests(today: date | None = None) -> int:
    """Yesterday's new comments, wishes and remarks, once a day to each coordinator."""
    from ..comments.models import Comment

    today = today or local_today()
    day = today - timedelta(days=1)
    start, end = _local_day_bounds(day)
    rows = db.session.execute(
        sa.select(Comment, DraftingRound)
        .join(DraftingRound, DraftingRound.id == Comment.round_id)
        .where(Comment.created_at >= start, Comment.created_at < end)
        .order_by(Comment.round_id, Comment.id)
    ).all()
    by_municipality: dict[int, list] = {}
    for comment, round_ in rows:
        by_municipality.setdefault(round_.municipality_id, []).append(comment)
    queued = 0
    for municipality_id, comments in by_municipality.items():
        for person in coordinators(municipality_id):
            with force_locale(person.language.value):
                lines = [
                    f"- {comment.kind.label}: {_who(comment)} – "
                    f"{(comment.section.heading if comment.section else _('the whole document'))}\n  "
                    + external_url("comments.thread", round_id=comment.round_id, comment_id=comment.id)
                    for comment in comments
                ]
                subject = _("New comments on %(date)s: %(count)s", date=format_date(day), count=len(comments))
                body = _("New comments, wishes and remarks on %(date)s:", date=format_date(day)) \
                    + "\n\n" + "\n".join(lines)
                if queue_to_person(person, subject, body, f"digest:{person.id}:{day.isoformat()}"):
                    queued += 1
    return queued


def _who(comment) -> str:
    if comment.association is not None:
        return f"{comment.association.name} — {comment.author.name}"
    return comment.author.name
