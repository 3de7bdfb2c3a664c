"""Issue 15: the dates of a round are checked against its year and each other;
closing a consultation early needs a confirmation and a reason; the January
revision lists recurring dates and month phrases; empty chapters are open
items before approval."""
from __future__ import annotations

from datetime import date, time, timedelta
from html import unescape

import pytest
import sqlalchemy as sa
from flask_babel import format_date

from drafting.audit.models import AuditEvent
from drafting.core import DomainError, local_today
from drafting.documents import structure
from drafting.documents.operations import save_section
from drafting.documents.queries import sections_with_text
from drafting.extensions import db
from drafting.workflow import operations
from drafting.workflow.models import DecidingBody, DecisionStep, DraftingRound, RoundState
from drafting.workflow.revision import MentionKind, mentions_to_check
from drafting.workflow.table import Action, ActionInput
from tests.messages import fi, sv, translated


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)))


def page_text(response) -> str:
    return unescape(response.get_data(as_text=True))


def next_weekday(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7 or 7)


@pytest.fixture
def decision_round(town):
    round_ = town.round(RoundState.DECISION)
    town.make.record_decision(round_, town.coordinator)
    db.session.commit()
    return round_


def schedule(**changes) -> operations.ScheduleInput:
    today = local_today()
    values = dict(wishes_opens_on=today, wishes_closes_on=today + timedelta(days=14),
                  evening_on=next_weekday(today + timedelta(days=20), 1), evening_starts_at=time(18, 0),
                  evening_place="Kunnantalo", comments_close_on=None)
    values.update(changes)
    return operations.ScheduleInput(**values)


# --- schedule ---------------------------------------------------------------------------------

def test_issue_15_an_evening_before_the_wishes_close_or_a_year_off_the_round_is_refused(decision_round, town):
    today = local_today()
    before = events("set_schedule")
    with pytest.raises(DomainError) as refused:
        operations.set_schedule(decision_round, town.coordinator, schedule(
            wishes_closes_on=today + timedelta(days=30), evening_on=next_weekday(today + timedelta(days=10), 1)))
    assert refused.value.message == fi("The schedule cannot be saved:")
    assert refused.value.details == [fi(
        "The association evening (%(evening)s) cannot be before the wishes window closes (%(closes)s).",
        evening=format_date(next_weekday(today + timedelta(days=10), 1)),
        closes=format_date(today + timedelta(days=30)))]
    db.session.rollback()

    three_years_back = date(decision_round.year - 3, 3, 1)
    with pytest.raises(DomainError) as refused:
        operations.set_schedule(decision_round, town.coordinator, schedule(wishes_opens_on=three_years_back))
    assert refused.value.details == [fi(
        "%(what)s %(date)s is not near the round's year %(year)s: check the year.",
        what=fi("The opening of the wishes window"), date=format_date(three_years_back),
        year=decision_round.year)]
    db.session.rollback()
    assert events("set_schedule") == before


def test_issue_15_the_schedule_form_refuses_a_wrong_date_on_its_field_and_changes_nothing(
        decision_round, town, browser):
    today = local_today()
    browser.login(town.coordinator)
    url = f"/rounds/{decision_round.id}/schedule"
    stored = db.session.get(DraftingRound, decision_round.id).evening_on
    response = browser.post(url, {
        "wishes_opens_on": today.isoformat(), "wishes_closes_on": (today + timedelta(days=30)).isoformat(),
        "evening_on": (today + timedelta(days=3)).isoformat(), "evening_place": "Kunnantalo"}, token_from=url)
    assert response.status_code == 200
    text = page_text(response)
    assert fi("The association evening (%(evening)s) cannot be before the wishes window closes (%(closes)s).",
              evening=format_date(today + timedelta(days=3)),
              closes=format_date(today + timedelta(days=30))) in text
    assert 'href="#evening_on"' in text
    db.session.expire_all()
    assert db.session.get(DraftingRound, decision_round.id).evening_on == stored


def test_issue_15_a_weekend_evening_is_asked_again_and_saved_once_confirmed(decision_round, town, browser):
    today = local_today()
    saturday = next_weekday(today + timedelta(days=20), 5)
    browser.login(town.coordinator)
    url = f"/rounds/{decision_round.id}/schedule"
    data = {"wishes_opens_on": today.isoformat(), "wishes_closes_on": (today + timedelta(days=14)).isoformat(),
            "evening_on": saturday.isoformat(), "evening_starts_at": "18:00", "evening_place": "Kunnantalo"}
    asked = browser.post(url, data, token_from=url)
    assert asked.status_code == 200
    text = page_text(asked)
    assert fi("Check these dates") in text
    assert fi("The association evening %(date)s is on a weekend.", date=format_date(saturday)) in text
    assert fi("The dates are right: save them as they are.") in text
    db.session.expire_all()
    assert db.session.get(DraftingRound, decision_round.id).evening_on != saturday

    saved = browser.post(url, {**data, "confirm_dates": "y"}, token_from=url)
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(DraftingRound, decision_round.id).evening_on == saturday
    [event] = events("set_schedule")[-1:]
    confirmed = event.details["confirmed_unusual"]
    assert len(confirmed) == 1 and format_date(saturday) in confirmed[0]


def test_issue_15_a_date_more_than_a_year_away_is_unusual_not_wrong(decision_round):
    from drafting.workflow.dates import check_schedule

    today = local_today()
    far = today + timedelta(days=400)
    findings = check_schedule(decision_round, wishes_opens_on=today, wishes_closes_on=far,
                              evening_on=None, comments_close_on=None)
    assert findings.errors == []
    assert findings.unusual == [fi("%(what)s %(date)s is more than a year from today.",
                                   what=fi("The closing of the wishes window"), date=format_date(far))]


# --- decisions --------------------------------------------------------------------------------

def test_issue_15_an_approval_before_the_decision_to_prepare_is_refused(town):
    round_ = town.round(RoundState.APPROVAL)
    prepared = round_.current_decision(DecisionStep.DECISION).decided_on
    earlier = prepared - timedelta(days=40)
    with pytest.raises(DomainError) as refused:
        operations.record_decision(round_, DecisionStep.APPROVAL, town.coordinator, operations.DecisionInput(
            decided_on=earlier, body=DecidingBody.COUNCIL, minutes_paragraph="§ 9"))
    assert refused.value.message == fi("The date cannot be saved:")
    assert refused.value.details[0] == fi(
        "The date %(date)s is before the recorded “%(earlier)s” (%(earlier_date)s).",
        date=format_date(earlier), earlier=fi("Decision to prepare the guideline"),
        earlier_date=format_date(prepared))
    db.session.rollback()


def test_issue_15_a_decision_years_off_is_refused_and_a_future_one_asked_again(decision_round, town, browser):
    browser.login(town.coordinator)
    url = f"/rounds/{decision_round.id}/decisions/decision"
    data = {"body": "management_group", "minutes_paragraph": "§ 4", "responsible_persons": "Kaisa Laine",
            "authorised_coordinator": "Kaisa Laine"}
    recorded = len(events("record_decision"))

    years_off = date(decision_round.year + 5, 2, 1)
    refused = browser.post(url, {**data, "decided_on": years_off.isoformat()}, token_from=url)
    assert refused.status_code == 200
    assert fi("%(what)s %(date)s is not near the round's year %(year)s: check the year.",
              what=fi("The date of the decision"), date=format_date(years_off),
              year=decision_round.year) in page_text(refused)

    tomorrow = local_today() + timedelta(days=1)
    asked = browser.post(url, {**data, "decided_on": tomorrow.isoformat()}, token_from=url)
    assert asked.status_code == 200
    assert fi("The decision is dated in the future (%(date)s).", date=format_date(tomorrow)) in page_text(asked)
    assert len(events("record_decision")) == recorded

    saved = browser.post(url, {**data, "decided_on": tomorrow.isoformat(), "confirm_dates": "y"}, token_from=url)
    assert saved.status_code == 302
    [event] = events("record_decision")[recorded:]
    assert event.details["decided_on"] == tomorrow.isoformat()
    assert event.details["confirmed_unusual"]


# --- closing early ----------------------------------------------------------------------------

def test_issue_15_submitting_before_the_evening_needs_a_confirmation_and_a_reason_in_the_audit(town, browser):
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    assert round_.evening_on > local_today()
    with pytest.raises(operations.GuardFailed) as missing:
        operations.apply_transition(round_, Action.SUBMIT_FOR_APPROVAL, town.coordinator, ActionInput(),
                                    RoundState.ASSOCIATION_EVENING)
    early = fi("The association evening is on %(date)s and has not been held yet.",
               date=format_date(round_.evening_on))
    assert missing.value.details[:2] == [
        fi("%(what)s Wait for it, or confirm that the consultation closes early.", what=early),
        fi("Give a reason for closing the consultation early."),
    ]
    db.session.rollback()
    with pytest.raises(operations.GuardFailed) as missing:
        operations.apply_transition(round_, Action.SUBMIT_FOR_APPROVAL, town.coordinator,
                                    ActionInput(confirm_early_close=True, reason="  "),
                                    RoundState.ASSOCIATION_EVENING)
    assert missing.value.details == [fi("Give a reason for closing the consultation early.")]
    db.session.rollback()

    browser.login(town.coordinator)
    page = page_text(browser.get(f"/rounds/{round_.id}"))
    assert early in page
    assert fi("Close the consultation early: I confirm that no more comments or proposals are taken.") in page
    assert fi("Reason for closing early") in page
    refused = browser.post(f"/rounds/{round_.id}/actions/submit_for_approval",
                           {"from_state": "association_evening"}, follow_redirects=True)
    assert fi("Give a reason for closing the consultation early.") in page_text(refused)
    db.session.expire_all()
    assert db.session.get(DraftingRound, round_.id).state == RoundState.ASSOCIATION_EVENING

    browser.post(f"/rounds/{round_.id}/actions/submit_for_approval", {
        "from_state": "association_evening", "confirm_early_close": "y",
        "reason": "Yhdistykset antoivat palautteensa jo kirjallisesti."})
    db.session.expire_all()
    assert db.session.get(DraftingRound, round_.id).state == RoundState.APPROVAL
    [event] = events(Action.SUBMIT_FOR_APPROVAL.value)[-1:]
    assert event.reason == "Yhdistykset antoivat palautteensa jo kirjallisesti."
    assert event.details["confirmed"] is True
    assert event.details["closed_early"] == early


def test_issue_15_the_announced_close_of_written_comments_counts_as_well(town):
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    round_.evening_on = local_today() - timedelta(days=2)
    round_.comments_close_on = local_today() + timedelta(days=5)
    db.session.commit()
    with pytest.raises(operations.GuardFailed) as missing:
        operations.apply_transition(round_, Action.SUBMIT_FOR_APPROVAL, town.coordinator, ActionInput(),
                                    RoundState.ASSOCIATION_EVENING)
    assert missing.value.details[0] == fi(
        "%(what)s Wait for it, or confirm that the consultation closes early.",
        what=fi("Written comments are announced open until %(date)s.",
                date=format_date(round_.comments_close_on)))
    db.session.rollback()
    round_.comments_close_on = None
    db.session.commit()
    operations.apply_transition(round_, Action.SUBMIT_FOR_APPROVAL, town.coordinator, ActionInput(),
                                RoundState.ASSOCIATION_EVENING)
    assert round_.state == RoundState.APPROVAL
    assert events(Action.SUBMIT_FOR_APPROVAL.value)[-1].details is None


def test_issue_15_closing_the_wishes_early_needs_a_reason_too(town):
    round_ = town.round(RoundState.WISHES)
    assert not round_.wishes_window_has_ended
    first = round_.sections[0]
    save_section(first, town.coordinator, base_number=0, heading=first.heading, text="<p>Luonnos.</p>")
    db.session.commit()
    with pytest.raises(operations.GuardFailed) as missing:
        operations.apply_transition(round_, Action.START_WELFARE_REVIEW, town.coordinator,
                                    ActionInput(confirm_early_close=True), RoundState.WISHES)
    assert missing.value.details == [fi("Give a reason for closing the consultation early.")]
    db.session.rollback()
    operations.apply_transition(round_, Action.START_WELFARE_REVIEW, town.coordinator,
                                ActionInput(confirm_early_close=True, reason="Toiveet on kerätty kokouksessa."),
                                RoundState.WISHES)
    event = events(Action.START_WELFARE_REVIEW.value)[-1]
    assert event.reason == "Toiveet on kerätty kokouksessa."
    assert event.details["closed_early"] == fi("The wishes window is announced open until %(date)s.",
                                               date=format_date(round_.wishes_closes_on))


# --- the January revision ---------------------------------------------------------------------

REFERENCE = date(2027, 1, 15)


def kinds(html: str) -> list[tuple[str, str]]:
    return [(m.phrase, m.kind) for m in mentions_to_check(html, REFERENCE)]


def test_issue_15_the_revision_finds_day_month_dates_without_a_year():
    assert kinds("<p>Avustukset haetaan 31.12. mennessä ja kohdeavustus 15.1. alkaen.</p>") == [
        ("31.12.", MentionKind.DAY_MONTH), ("15.1.", MentionKind.DAY_MONTH)]


def test_issue_15_the_revision_finds_month_and_weekday_phrases_in_finnish_and_swedish():
    html = ("<p>Hakemukset maaliskuun loppuun mennessä. Illat pidetään tammikuussa, perjantaisin.</p>"
            "<p>Ansökan i slutet av mars, kvällarna på torsdagar.</p>")
    assert kinds(html) == [
        ("maaliskuun loppuun mennessä", MentionKind.PHRASE), ("tammikuussa", MentionKind.PHRASE),
        ("perjantaisin", MentionKind.PHRASE), ("i slutet av mars", MentionKind.PHRASE),
        ("torsdagar", MentionKind.PHRASE)]


def test_issue_15_the_revision_keeps_dates_with_years_and_years_and_skips_chapters_times_and_sums():
    html = ("<p>Haku päättyi 31.3.2026, vuonna 2025 jaettiin 2 000 €. Katso luku 3.2. "
            "Kello 16.30. Ei päivää: 31.2. Uusi 1.2.2027.</p>")
    assert kinds(html) == [("31.3.2026", MentionKind.PAST_DATE), ("2025", MentionKind.PAST_YEAR)]


def test_issue_15_the_revision_lists_each_mention_with_its_context_on_the_round_page(town, browser):
    approved = town.round(RoundState.WISHES)
    section = approved.sections[1]
    save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading,
                 text="<p>Toiminta-avustusta haetaan vuosittain 31.12. mennessä.</p>"
                      "<p>Yhdistysilta pidetään lokakuussa.</p>")
    db.session.commit()
    town.make.advance(approved, town.coordinator, RoundState.APPROVED)
    revision = operations.start_revision(approved, town.coordinator)
    db.session.commit()
    browser.login(town.coordinator)
    page = page_text(browser.get(f"/rounds/{revision.id}"))
    assert fi("Dates and years to check") in page
    assert (f"<strong>31.12.</strong> ({fi('a date without a year')}): "
            f"“Toiminta-avustusta haetaan vuosittain 31.12. mennessä.”") in page
    assert f"<strong>lokakuussa</strong> ({fi('a month or weekday')})" in page


# --- empty chapters ---------------------------------------------------------------------------

def test_issue_15_empty_chapters_are_open_items_until_written_or_withdrawn(town, browser):
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    body = sections_with_text(round_)
    third, fourth = body[2][0], body[3][0]
    for section in (third, fourth):
        save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading,
                     text="<p><br></p>")
    db.session.commit()
    quick = ActionInput(confirm_early_close=True, reason="Valmis.")
    with pytest.raises(operations.GuardFailed) as missing:
        operations.apply_transition(round_, Action.SUBMIT_FOR_APPROVAL, town.coordinator, quick,
                                    RoundState.ASSOCIATION_EVENING)
    line = "Chapter %(number)s “%(heading)s” has no text: write it or withdraw the section."
    assert missing.value.details == [fi(line, number=3, heading=third.heading),
                                     fi(line, number=4, heading=fourth.heading)]
    db.session.rollback()

    browser.login(town.coordinator)
    page = page_text(browser.get(f"/rounds/{round_.id}"))
    assert fi(line, number=3, heading=third.heading) in page

    save_section(third, town.coordinator, base_number=third.current_number, heading=third.heading,
                 text="<p>Nyt kirjoitettu.</p>")
    structure.withdraw_section(fourth, town.coordinator, reason="Aihe käsitellään luvussa 2.")
    db.session.commit()
    operations.apply_transition(round_, Action.SUBMIT_FOR_APPROVAL, town.coordinator, quick,
                                RoundState.ASSOCIATION_EVENING)
    assert round_.state == RoundState.APPROVAL


def test_issue_15_the_messages_are_in_swedish_too():
    assert sv("The dates are right: save them as they are.")
    assert translated("sv", "Give a reason for closing the consultation early.")
