"""The dates of a round, checked against the round's year and each other.

A clearly wrong date (a year off the round, a window closing before it
opens, an evening before the wishes close, an approval before the decision to
prepare) is refused. An unusual one (an evening at the weekend, a date more
than a year away, written comments closing before the evening) is shown to
the coordinator and saved only once confirmed.

Closing a consultation before its announced end (the wishes window before
its closing date, the association evening's consultation before the evening
or before the announced close of written comments) needs a confirmation and a
reason; both are recorded in the audit."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _

from ..core import local_today
from .models import DecisionStep, DraftingRound, RoundState

# How far from the round's year a date of the round may lie, in years.
YEARS_BEFORE, YEARS_AFTER = 2, 2
FAR_AWAY = timedelta(days=366)
WEEKEND = (5, 6)


@dataclass
class DateFindings:
    """What is wrong (refused) and what is unusual (asked again) in the dates given."""

    errors: list[tuple[str, str]]
    unusual: list[str]

    @property
    def messages(self) -> list[str]:
        return [message for _field, message in self.errors]


def _off_the_year(round_: DraftingRound, name: str, label: str, value: date | None) -> list[tuple[str, str]]:
    if value is None:
        return []
    if round_.year - YEARS_BEFORE <= value.year <= round_.year + YEARS_AFTER:
        return []
    return [(name, _("%(what)s %(date)s is not near the round's year %(year)s: check the year.",
              what=label, date=format_date(value), year=round_.year))]


def _far_away(label: str, value: date | None, today: date) -> list[str]:
    if value is None or abs(value - today) <= FAR_AWAY:
        return []
    return [_("%(what)s %(date)s is more than a year from today.", what=label, date=format_date(value))]


def check_schedule(round_: DraftingRound, *, wishes_opens_on: date | None, wishes_closes_on: date | None,
                   evening_on: date | None, comments_close_on: date | None) -> DateFindings:
    today = local_today()
    labelled = (
        ("wishes_opens_on", _("The opening of the wishes window"), wishes_opens_on),
        ("wishes_closes_on", _("The closing of the wishes window"), wishes_closes_on),
        ("evening_on", _("The association evening"), evening_on),
        ("comments_close_on", _("The closing of written comments"), comments_close_on),
    )
    errors: list[tuple[str, str]] = []
    unusual: list[str] = []
    for name, label, value in labelled:
        errors += _off_the_year(round_, name, label, value)
    if wishes_opens_on and wishes_closes_on and wishes_closes_on < wishes_opens_on:
        errors.append(("wishes_closes_on", _("The wishes window cannot close before it opens.")))
    if evening_on and wishes_closes_on and evening_on < wishes_closes_on:
        errors.append(("evening_on", _("The association evening (%(evening)s) cannot be before the wishes window "
                        "closes (%(closes)s).", evening=format_date(evening_on),
                        closes=format_date(wishes_closes_on))))
    if comments_close_on and wishes_closes_on and comments_close_on < wishes_closes_on:
        errors.append(("comments_close_on", _("Written comments cannot close (%(close)s) before the wishes window "
                        "closes (%(closes)s).", close=format_date(comments_close_on),
                        closes=format_date(wishes_closes_on))))
    if errors:
        return DateFindings(errors, [])
    for _name, label, value in labelled:
        unusual += _far_away(label, value, today)
    if evening_on and evening_on.weekday() in WEEKEND:
        unusual.append(_("The association evening %(date)s is on a weekend.", date=format_date(evening_on)))
    if comments_close_on and evening_on and comments_close_on < evening_on:
        unusual.append(_("Written comments close (%(close)s) before the association evening "
                         "(%(evening)s).", close=format_date(comments_close_on),
                         evening=format_date(evening_on)))
    return DateFindings(errors, unusual)


def check_decision(round_: DraftingRound, step: DecisionStep, decided_on: date) -> DateFindings:
    """A step's decision against the round's year and the decisions before it."""
    today = local_today()
    errors = _off_the_year(round_, "decided_on", _("The date of the decision"), decided_on)
    earlier_steps = {
        DecisionStep.DECISION: (),
        DecisionStep.WELFARE_REVIEW: (DecisionStep.DECISION,),
        DecisionStep.APPROVAL: (DecisionStep.DECISION, DecisionStep.WELFARE_REVIEW),
    }[step]
    for earlier_step in earlier_steps:
        earlier = round_.current_decision(earlier_step)
        if earlier is not None and decided_on < earlier.decided_on:
            errors.append(("decided_on", _(
                "The date %(date)s is before the recorded “%(earlier)s” (%(earlier_date)s).",
                date=format_date(decided_on), earlier=earlier_step.label,
                earlier_date=format_date(earlier.decided_on))))
    if step != DecisionStep.DECISION and round_.wishes_opens_on and decided_on < round_.wishes_opens_on:
        errors.append(("decided_on", _("The date %(date)s is before the wishes window opened (%(opened)s).",
                                       date=format_date(decided_on),
                                       opened=format_date(round_.wishes_opens_on))))
    if errors:
        return DateFindings(errors, [])
    unusual = _far_away(_("The date of the decision"), decided_on, today)
    if decided_on > today:
        unusual.append(_("The decision is dated in the future (%(date)s).", date=format_date(decided_on)))
    return DateFindings(errors, unusual)


def early_close(round_: DraftingRound, state: RoundState | None = None) -> str | None:
    """What moving the round on from its step now would close before its
    announced end, or None when nothing closes early."""
    today = local_today()
    state = state or round_.state
    if state == RoundState.WISHES:
        if round_.wishes_closed_at is None and not round_.wishes_window_has_ended:
            return _("The wishes window is announced open until %(date)s.",
                     date=format_date(round_.wishes_closes_on) if round_.wishes_closes_on else "—")
    if state == RoundState.ASSOCIATION_EVENING:
        if round_.evening_on is not None and today < round_.evening_on:
            return _("The association evening is on %(date)s and has not been held yet.",
                     date=format_date(round_.evening_on))
        if round_.comments_close_on is not None and today <= round_.comments_close_on:
            return _("Written comments are announced open until %(date)s.",
                     date=format_date(round_.comments_close_on))
    return None
