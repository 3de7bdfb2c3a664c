"""The annual clock and its calendar file; the accessibility statement, its
editing by the municipality and its feedback channel."""
from __future__ import annotations

from datetime import time, timedelta
from html import unescape

import sqlalchemy as sa
from icalendar import Calendar

from drafting.accessibility.models import AccessibilityFeedback
from drafting.auth.models import StaffRoleKind
from drafting.core import local_today
from drafting.extensions import db
from drafting.notifications.models import OutboxMessage
from drafting.workflow.models import RoundState
from tests.messages import fi


def test_the_round_page_shows_the_annual_clock_with_its_dates_as_text(browser, make):
    municipality = make.municipality(slug="kello")
    coordinator = make.coordinator(municipality)
    round_ = make.round(municipality, coordinator, RoundState.WELFARE_REVIEW, year=local_today().year)
    browser.login(coordinator)
    page = unescape(browser.text(f"/rounds/{round_.id}"))
    assert fi("Annual clock of the guideline %(year)s", year=round_.year) in page
    assert 'role="img" aria-labelledby="clock-title clock-desc"' in page
    for title in (fi("Revision of the guideline starts"), fi("Associations give their wishes"),
                  fi("Welfare group reviews the draft"), fi("Association evening")):
        assert title in page
    assert page.count("<circle") >= 5


def test_the_calendar_file_has_the_rounds_dates(browser, make):
    municipality = make.municipality(slug="kello")
    coordinator = make.coordinator(municipality)
    round_ = make.round(municipality, coordinator, RoundState.ASSOCIATION_EVENING, year=local_today().year)
    browser.login(coordinator)
    response = browser.get(f"/rounds/{round_.id}/calendar.ics")
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert f"round-{round_.id}-evening@ohjeverstas" in events
    evening = events[f"round-{round_.id}-evening@ohjeverstas"]
    assert evening.decoded("dtstart").time() == time(18, 0) and str(evening["location"]) == "Kunnantalo"
    wishes = events[f"round-{round_.id}-wishes@ohjeverstas"]
    assert wishes.decoded("dtend") == round_.wishes_closes_on + timedelta(days=1)
    assert response.data == browser.get(f"/rounds/{round_.id}/calendar.ics").data


def test_the_accessibility_statement_has_what_the_law_requires(browser, make):
    make.municipality(slug="seloste", name="Selostekunta")
    page = unescape(browser.text("/m/seloste/accessibility"))
    for heading in ("Accessibility statement", "Accessibility of the service", "Content that is not accessible",
                    "Give feedback on accessibility", "Enforcement"):
        assert fi(heading) in page
    assert "www.saavutettavuusvaatimukset.fi" in page
    assert browser.get("/accessibility").location == "/m/seloste/accessibility"


def test_the_municipality_edits_its_statement(browser, make):
    municipality = make.municipality(slug="seloste")
    admin = make.user(municipality, StaffRoleKind.ADMIN)
    approver = make.user(municipality, StaffRoleKind.APPROVER)
    browser.login(approver)
    assert browser.get("/m/seloste/accessibility/edit").status_code == 403
    browser.post("/logout")
    browser.login(admin)
    response = browser.post("/m/seloste/accessibility/edit", {
        "compliance": "partial", "non_accessible_content": "Vanhat PDF-liitteet eivät ole saavutettavia.",
        "assessment": "Itsearviointi 2026.", "feedback_email": "saavutettavuus@kunta.example.fi",
        "feedback_phone": "040 123 4567"}, token_from="/m/seloste/accessibility/edit")
    assert response.status_code == 302
    page = unescape(browser.text("/m/seloste/accessibility"))
    assert "Vanhat PDF-liitteet eivät ole saavutettavia." in page and "saavutettavuus@kunta.example.fi" in page
    assert fi("The service partially meets the critical accessibility requirements.") in page


def test_feedback_is_kept_and_sent_to_the_municipality(browser, make):
    municipality = make.municipality(slug="seloste")
    from drafting.accessibility.models import Compliance
    from drafting.accessibility.operations import StatementInput, update_statement

    update_statement(municipality, make.coordinator(municipality), StatementInput(
        Compliance.FULL, "", "", "palaute@kunta.example.fi", None))
    db.session.commit()
    response = browser.post("/m/seloste/accessibility", {"message": "", "contact": ""},
                            token_from="/m/seloste/accessibility")
    assert response.status_code == 422
    response = browser.post("/m/seloste/accessibility", {"message": "Kontrasti on liian heikko.",
                                                          "contact": "kuntalainen@example.fi"},
                            token_from="/m/seloste/accessibility")
    assert response.status_code == 302
    feedback = db.session.scalars(sa.select(AccessibilityFeedback)).one()
    assert feedback.message == "Kontrasti on liian heikko."
    mail = db.session.scalars(sa.select(OutboxMessage)).one()
    assert mail.recipient == "palaute@kunta.example.fi" and "Kontrasti on liian heikko." in mail.body
