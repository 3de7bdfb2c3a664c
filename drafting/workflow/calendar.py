"""The round's dates as the annual clock (vuosikello) and as an ICS calendar.

Forms accept only dates of sane years, but whatever date is stored (from
before that check, or from a backup) is drawn: the clock places a date by its
day of the year, and the calendar file never steps past the last day Python
can count (9999-12-31)."""
from __future__ import annotations

import calendar as gregorian
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _

from .models import DecisionStep, DraftingRound


@dataclass(frozen=True)
class Event:
    key: str
    title: str
    start: date
    end: date | None = None
    at: time | None = None
    place: str | None = None

    @property
    def is_window(self) -> bool:
        return self.end is not None and self.end != self.start


def round_events(round_: DraftingRound) -> list[Event]:
    """The dates of the round, in the order of the year."""
    events = [Event("revision", _("Revision of the guideline starts"), date(round_.year, 1, 2))]
    decision = round_.current_decision(DecisionStep.DECISION)
    if decision:
        events.append(Event("decision", _("Decision to prepare (%(body)s)", body=decision.body_label),
                            decision.decided_on))
    if round_.wishes_closes_on:
        events.append(Event("wishes", _("Associations give their wishes"),
                            round_.wishes_opens_on or round_.wishes_closes_on, round_.wishes_closes_on))
    review = round_.current_decision(DecisionStep.WELFARE_REVIEW)
    if review:
        events.append(Event("review", _("Welfare group reviews the draft"), review.decided_on))
    if round_.evening_on:
        events.append(Event("evening", _("Association evening"), round_.evening_on, at=round_.evening_starts_at,
                            place=round_.evening_place))
    if round_.comments_close_on:
        events.append(Event("comments", _("Written comments close"), round_.comments_close_on))
    approval = round_.current_decision(DecisionStep.APPROVAL)
    if approval:
        events.append(Event("approval", _("Approval (%(body)s)", body=approval.body_label), approval.decided_on))
    return sorted(events, key=lambda event: (event.start, event.key))


@dataclass(frozen=True)
class ClockMark:
    number: int
    event: Event
    x: float
    y: float
    arc: str | None  # an SVG path for a window


CENTRE, RADIUS = 170.0, 120.0


def _angle(day: date) -> float:
    days = 366 if gregorian.isleap(day.year) else 365
    return (day.timetuple().tm_yday - 1) / days * 2 * math.pi - math.pi / 2


def _point(angle: float, radius: float) -> tuple[float, float]:
    return round(CENTRE + radius * math.cos(angle), 1), round(CENTRE + radius * math.sin(angle), 1)


def clock_marks(events: list[Event]) -> list[ClockMark]:
    marks = []
    for number, event in enumerate(events, start=1):
        angle = _angle(event.start)
        x, y = _point(angle, RADIUS)
        arc = None
        if event.is_window and event.end is not None:
            end = _angle(event.end if event.end.year == event.start.year else date(event.start.year, 12, 31))
            sx, sy = _point(angle, RADIUS + 14)
            ex, ey = _point(end, RADIUS + 14)
            large = 1 if (end - angle) % (2 * math.pi) > math.pi else 0
            arc = f"M {sx} {sy} A {RADIUS + 14} {RADIUS + 14} 0 {large} 1 {ex} {ey}"
        marks.append(ClockMark(number, event, x, y, arc))
    return marks


def month_labels(month_names: Mapping[int, str]) -> list[tuple[str, float, float]]:
    labels = []
    for month in range(1, 13):
        angle = (month - 1 + 0.5) / 12 * 2 * math.pi - math.pi / 2
        x, y = _point(angle, RADIUS - 28)
        labels.append((month_names[month], x, y))
    return labels


def month_ticks() -> list[tuple[float, float, float, float]]:
    ticks = []
    for month in range(12):
        angle = month / 12 * 2 * math.pi - math.pi / 2
        ticks.append((*_point(angle, RADIUS - 10), *_point(angle, RADIUS + 6)))
    return ticks


def _later(moment, step: timedelta):
    """`moment + step`, or the last moment Python counts when that is past it."""
    try:
        return moment + step
    except OverflowError:
        return datetime.max.replace(microsecond=0) if isinstance(moment, datetime) else date.max


def ics(round_: DraftingRound, events: list[Event]) -> bytes:
    # icalendar is loaded for the calendar download alone (about 0.1 s).
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    calendar = Calendar()
    calendar.add("prodid", "-//Ohjeverstas//fi")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{round_.guideline.title} {round_.year} – {round_.municipality.name_fi}")
    stamp = round_.opened_at.replace(microsecond=0)
    for event in events:
        item = CalendarEvent()
        item.add("uid", f"round-{round_.id}-{event.key}@ohjeverstas")
        item.add("dtstamp", stamp)
        item.add("summary", event.title)
        if event.at is not None:
            starts = datetime.combine(event.start, event.at)
            item.add("dtstart", starts)
            item.add("dtend", _later(starts, timedelta(hours=3)))
        else:
            item.add("dtstart", event.start)
            item.add("dtend", _later(event.end or event.start, timedelta(days=1)))
        if event.place:
            item.add("location", event.place)
        calendar.add_component(item)
    return calendar.to_ical()
