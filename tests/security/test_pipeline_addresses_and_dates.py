"""Finding 18 of issue 12: what an address, a query or a form holds never
gives a server error. Ids too large for the database name nothing (404), a
NUL anywhere is refused or removed, and dates outside the years a guideline
can concern are refused by every date field, while a date already stored
out there still leaves the round page and its calendar file working."""
from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar

from drafting.extensions import db
from drafting.workflow.models import RoundState
from tests.messages import fi

HUGE_IDS = (2**31, 2**63, 10**30)


def _arguments(rule, town, round_):
    values = {"slug": town.municipality.slug, "round_id": round_.id, "section_id": round_.sections[0].id}
    return {name: values.get(name, 1) for name in rule.arguments}


def _routes_with_ids(app):
    return [rule for rule in app.url_map.iter_rules()
            if any(type(converter).__name__.endswith("IntegerConverter")
                   for converter in rule._converters.values())]


def test_finding_18_an_id_beyond_the_integer_column_is_not_found_on_every_route(app, browser, town):
    """Every `<int:>` in every route: the view is never reached with an id the
    database cannot hold (on PostgreSQL: NumericValueOutOfRange, a 500)."""
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    browser.login(town.coordinator)
    token = browser.csrf_token()
    routes = _routes_with_ids(app)
    assert len(routes) > 30
    for rule in routes:
        for name, converter in rule._converters.items():
            if not type(converter).__name__.endswith("IntegerConverter"):
                continue
            for huge in HUGE_IDS:
                arguments = _arguments(rule, town, round_)
                arguments[name] = huge
                url = rule.build(arguments)[1]
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    data = {"csrf_token": token} if method == "POST" else None
                    response = browser._request(method.lower(), url, data=data)
                    # not found (or, where another rule has the same address, not allowed)
                    assert response.status_code in (404, 405), (method, url, response.status_code)


def test_finding_18_the_largest_id_the_column_holds_is_still_an_id(app, browser, town):
    browser.login(town.coordinator)
    assert browser.get(f"/rounds/{2**31 - 1}").status_code == 404
    round_ = town.round(RoundState.WISHES)
    assert browser.get(f"/rounds/{round_.id}").status_code == 200


@pytest.mark.parametrize("path", ["/m/kunta%00x/accessibility", "/m/%00/guideline", "/invitation/abc%00def",
                                  "/password/reset/abc%00def", "/m/testikunta%01/accessibility"])
def test_finding_18_a_control_character_in_a_slug_or_token_is_not_found(browser, town, path):
    assert browser.get(path).status_code == 404
    assert browser.post(path, {"message": "x"}).status_code == 404


def test_finding_18_a_nul_in_the_query_of_any_page_is_no_server_error(app, browser, town):
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    browser.login(town.coordinator)
    query = "?" + "&".join(f"{name}=a%00b" for name in ("page", "view", "to", "from", "next", "q", "a%00"))
    checked = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        url = rule.build(_arguments(rule, town, round_))[1]
        response = browser.get(url + query)
        assert response.status_code < 500, (url, response.status_code)
        checked += 1
    assert checked > 30


def test_finding_18_a_nul_in_a_form_is_no_server_error_and_is_not_stored(browser, town):
    from drafting.accessibility.models import AccessibilityFeedback

    page = f"/m/{town.municipality.slug}/accessibility"
    response = browser.post(page, {"message": "Painike\x00 ei toimi", "contact": "a\x00@example.fi"},
                            token_from=page)
    assert response.status_code == 302
    feedback = db.session.scalars(db.select(AccessibilityFeedback)).one()
    assert "\x00" not in feedback.message + (feedback.contact or "")
    response = browser.post("/language", {"language": "sv", "next": "/\x00/x"})
    assert response.status_code < 500
    response = browser.post("/login", {"email": "a\x00@example.fi", "password": "x\x00"}, token_from="/login")
    assert response.status_code < 500


SCHEDULE = {"wishes_opens_on": "", "wishes_closes_on": "", "evening_on": "", "evening_starts_at": "",
            "evening_place": "", "comments_close_on": ""}


@pytest.mark.parametrize("value", ["31.12.9999", "9999-12-31", "1.1.0001", "0001-01-01", "31.12.1999", "1.1.2201"])
def test_finding_18_every_date_field_refuses_a_date_outside_the_sane_years(browser, make, value):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    round_ = make.round(municipality, coordinator, RoundState.DECISION)
    browser.login(coordinator)
    schedule = f"/rounds/{round_.id}/schedule"
    for field in ("wishes_opens_on", "wishes_closes_on", "evening_on", "comments_close_on"):
        response = browser.post(schedule, {**SCHEDULE, field: value}, token_from=schedule)
        assert response.status_code == 200, (field, response.status_code)
        assert fi("Give a date in the years %(first)s–%(last)s.", first=2000, last=2200) in \
            response.get_data(as_text=True)
    decision = f"/rounds/{round_.id}/decisions/decision"
    response = browser.post(decision, {"body": "management_group", "decided_on": value, "minutes_paragraph": "§ 1",
                                       "responsible_persons": "Kaisa", "authorised_coordinator": "Kaisa"},
                            token_from=decision)
    assert response.status_code in (200, 422)
    assert fi("Give a date in the years %(first)s–%(last)s.", first=2000, last=2200) in \
        response.get_data(as_text=True)
    db.session.expire_all()
    assert round_.wishes_closes_on is None and round_.evening_on is None and not round_.decisions


@pytest.mark.parametrize("stored", [date(9999, 12, 31), date(1, 1, 1), date(9999, 1, 1)])
def test_finding_18_the_round_page_and_calendar_survive_any_stored_date(browser, make, stored):
    from datetime import time

    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    round_ = make.round(municipality, coordinator, RoundState.ASSOCIATION_EVENING)
    round_.wishes_opens_on = date(1, 1, 1)
    round_.wishes_closes_on = stored
    round_.evening_on = stored
    round_.evening_starts_at = time(23, 0)
    round_.comments_close_on = stored
    db.session.commit()
    browser.login(coordinator)
    assert browser.get(f"/rounds/{round_.id}").status_code == 200
    response = browser.get(f"/rounds/{round_.id}/calendar.ics")
    assert response.status_code == 200
    events = {str(event["uid"]): event for event in Calendar.from_ical(response.data).walk("VEVENT")}
    evening = events[f"round-{round_.id}-evening@ohjeverstas"]
    assert evening.decoded("dtstart").date() == stored
    assert evening.decoded("dtend") >= evening.decoded("dtstart")
    assert browser.get(f"/rounds/{round_.id}/schedule").status_code == 200


def test_finding_18_a_number_too_large_for_the_database_in_a_form_is_no_server_error(browser, town):
    """The same class in forms: ids and numbers posted in hidden and chosen fields."""
    from drafting.comments import operations as comments

    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    section = round_.sections[0]
    comment = comments.post_comment(round_, town.eila, text="Kommentti", section=section,
                                    association_id=town.seniors.id)
    db.session.commit()
    page = f"/rounds/{round_.id}/sections/{section.id}"
    forms = [
        (f"{page}/comments", {"association_id": "{n}", "text": "x", "quote": "", "quote_near": "{n}"}, town.eila),
        (f"/rounds/{round_.id}/comments", {"association_id": "{n}", "text": "x"}, town.eila),
        (f"/rounds/{round_.id}/comments/{comment.id}/replies", {"association_id": "{n}", "text": "x"}, town.eila),
        (f"{page}/proposals/new", {"association_id": "{n}", "base_number": "{n}", "text": "<p>x</p>",
                                   "rationale": "x"}, town.eila),
        (f"{page}/edit", {"base_number": "{n}", "heading": "x", "text": "<p>x</p>"}, town.coordinator),
        (f"/m/{town.municipality.slug}/admin/users", {"email": "uusi@example.fi", "kind": "representative",
                                                     "association_id": "{n}", "role": "member"}, town.coordinator),
    ]
    for huge in (2**31, 2**63, 10**30, -(2**63) - 1):
        for url, fields, person in forms:
            browser.login(person)
            data = {name: value.format(n=huge) for name, value in fields.items()}
            response = browser.post(url, data, token_from=page)
            assert response.status_code < 500, (url, huge, response.status_code)
            browser.post("/logout")
