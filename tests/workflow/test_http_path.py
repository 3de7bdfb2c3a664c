"""The whole five-step path through the pages, as the coordinator and the
approver do it, and what the pages say to bad input."""
from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
import sqlalchemy as sa

from drafting.auth.models import StaffRoleKind
from drafting.core import local_today
from drafting.documents.queries import current_version
from drafting.extensions import db
from drafting.workflow.models import DecisionStep, DraftingRound, RoundState
from tests.messages import fi


def page_text(response) -> str:
    return unescape(response.get_data(as_text=True))


def fi_date(value) -> str:
    return f"{value.day}.{value.month}.{value.year}"


@pytest.fixture
def town(make):
    municipality = make.municipality(slug="testikunta", name="Testikunta")
    return {
        "municipality": municipality,
        "coordinator": make.coordinator(municipality),
        "approver": make.user(municipality, StaffRoleKind.APPROVER),
        "representative": make.representative(municipality),
    }


def the_round() -> DraftingRound:
    db.session.expire_all()
    return db.session.scalars(sa.select(DraftingRound)).one()


def test_the_coordinator_carries_a_round_through_five_steps(browser, other_browser, town):
    today = local_today()
    browser.login(town["coordinator"])
    assert fi("Open a round from a template") in page_text(browser.get("/"))

    response = browser.post("/m/testikunta/rounds/new", {"year": "2027", "outline": "document_model"})
    assert response.status_code == 302, page_text(response)[-1500:]
    round_ = the_round()
    base = f"/rounds/{round_.id}"
    assert response.location == base
    page = browser.text(base)
    assert fi("The decision to prepare the guideline is not recorded.") in unescape(page)

    response = browser.post(f"{base}/decisions/decision", {
        "body": "management_group", "decided_on": fi_date(today), "minutes_paragraph": "§ 4",
        "responsible_persons": "Kaisa Laine", "authorised_coordinator": "Kaisa Laine"})
    assert response.status_code == 302
    response = browser.post(f"{base}/schedule", {
        "wishes_opens_on": (today - timedelta(days=3)).isoformat(),
        "wishes_closes_on": fi_date(today + timedelta(days=10)),
        "evening_on": (today + timedelta(days=30)).isoformat(), "evening_starts_at": "18:00",
        "evening_place": "Kunnantalo"})
    assert response.status_code == 302
    assert browser.post(f"{base}/actions/open_wishes", {"from_state": "decision"}).status_code == 302
    assert the_round().state == RoundState.WISHES

    section = the_round().sections[0]
    edit = f"{base}/sections/{section.id}/edit"
    assert 'data-richtext' in browser.text(edit)
    response = browser.post(edit, {
        "base_number": "0", "heading": "Johdanto",
        "text": '<p>Ohje <b>ohjaa</b> yhteistyötä.</p><script>alert(1)</script>',
        "reason": "Ensimmäinen luonnos"})
    assert response.status_code == 302
    assert current_version(the_round().sections[0]).text == \
        "<p>Ohje <strong>ohjaa</strong> yhteistyötä.</p><p>alert(1)</p>"

    # the window is still open: the guard says so until the coordinator confirms
    response = browser.post(f"{base}/actions/start_welfare_review", {"from_state": "wishes"},
                            follow_redirects=True)
    assert fi("The round cannot move on yet. Missing:") in page_text(response)
    assert the_round().state == RoundState.WISHES
    response = browser.post(f"{base}/actions/start_welfare_review",
                            {"from_state": "wishes", "confirm_early_close": "y",
                             "reason": "Toiveet on jo kerätty."})
    assert the_round().state == RoundState.WELFARE_REVIEW

    browser.post(f"{base}/decisions/welfare_review",
                 {"decided_on": today.isoformat(), "outcome": "Luonnos viedään yhdistysiltaan."})
    browser.post(f"{base}/actions/open_association_evening", {"from_state": "welfare_review"})
    assert the_round().state == RoundState.ASSOCIATION_EVENING
    browser.post(f"{base}/actions/submit_for_approval", {"from_state": "association_evening"})
    assert the_round().state == RoundState.ASSOCIATION_EVENING
    # the chapters left without text are withdrawn deliberately before approval
    for empty in the_round().sections[1:]:
        withdraw = f"{base}/sections/{empty.id}/withdraw"
        assert browser.post(withdraw, {"reason": "Ei tarvita tänä vuonna."}, token_from=withdraw).status_code == 302
    browser.post(f"{base}/actions/submit_for_approval", {
        "from_state": "association_evening", "confirm_early_close": "y", "reason": "Ilta pidettiin etänä."})
    assert the_round().state == RoundState.APPROVAL

    # the approver records the council's decision and approves
    other_browser.login(town["approver"])
    response = other_browser.post(f"{base}/decisions/approval", {
        "body": "council", "decided_on": "2.3.2027", "minutes_paragraph": "§ 21", "confirm_dates": "y"})
    assert response.status_code == 302
    response = other_browser.post(f"{base}/actions/approve", {"from_state": "approval"},
                                  follow_redirects=True)
    assert the_round().state == RoundState.APPROVED
    assert fi("The round moved to the step “%(state)s”.", state=fi("Approved")) in page_text(response)

    # a repeated submission changes nothing and says so
    response = browser.post(f"{base}/actions/approve", {"from_state": "approval"}, follow_redirects=True)
    assert fi("This was already done: the round is in the step “%(state)s”.", state=fi("Approved")) \
        in page_text(response)

    public = page_text(other_browser.get("/m/testikunta/guideline"))
    assert "Ohje <strong>ohjaa</strong> yhteistyötä." in public
    assert "§ 21" in public and "2.3.2027" in public

    history = page_text(browser.get(f"{base}/history"))
    assert history.count(fi("Edited a section")) == 1
    decision = the_round().current_decision(DecisionStep.DECISION)
    assert (decision.minutes_paragraph, decision.decided_on.isoformat()) == ("§ 4", today.isoformat())


def test_a_wrong_role_gets_a_finnish_403(browser, make, town):
    round_ = make.round(town["municipality"], town["coordinator"], RoundState.WISHES)
    browser.login(town["representative"])
    response = browser.post(f"/rounds/{round_.id}/actions/start_welfare_review", {"from_state": "wishes"})
    assert response.status_code == 403
    assert fi("You have no role in this municipality's drafting.") in page_text(response)
    assert the_round().state == RoundState.WISHES


def test_a_welfare_member_cannot_approve(browser, make, town):
    member = make.user(town["municipality"], StaffRoleKind.WELFARE_MEMBER)
    round_ = make.round(town["municipality"], town["coordinator"], RoundState.APPROVAL)
    browser.login(member)
    response = browser.post(f"/rounds/{round_.id}/actions/approve", {"from_state": "approval"})
    assert response.status_code == 403
    assert fi("No permission") in page_text(response)
    assert the_round().state == RoundState.APPROVAL


def test_invalid_decision_input_is_shown_and_kept(browser, make, town):
    round_ = make.round(town["municipality"], town["coordinator"])
    browser.login(town["coordinator"])
    response = browser.post(f"/rounds/{round_.id}/decisions/decision", {
        "body": "other", "body_name": "", "decided_on": "31.2.2027", "minutes_paragraph": "§ 9",
        "responsible_persons": "Maija Meikäläinen", "authorised_coordinator": ""})
    assert response.status_code == 200
    page = page_text(response)
    assert fi("Give the date as day.month.year, for example 31.3.2026.") in page
    assert fi("Name the body that decided.") in page
    assert fi("This field is required.") in page
    assert 'value="31.2.2027"' in page and "Maija Meikäläinen" in page and 'value="§ 9"' in page
    assert 'aria-invalid="true"' in page
    assert the_round().decisions == []


def test_a_schedule_closing_before_opening_is_refused(browser, make, town):
    round_ = make.round(town["municipality"], town["coordinator"])
    browser.login(town["coordinator"])
    response = browser.post(f"/rounds/{round_.id}/schedule", {
        "wishes_opens_on": "10.3.2027", "wishes_closes_on": "1.3.2027"})
    assert response.status_code == 200
    assert fi("The wishes window cannot close before it opens.") in page_text(response)
    assert the_round().wishes_opens_on is None


def test_a_stale_save_shows_both_texts(browser, other_browser, make, town):
    colleague = make.coordinator(town["municipality"])
    round_ = make.round(town["municipality"], town["coordinator"])
    section = round_.sections[0]
    edit = f"/rounds/{round_.id}/sections/{section.id}/edit"
    browser.login(town["coordinator"])
    other_browser.login(colleague)
    assert other_browser.post(edit, {"base_number": "0", "heading": "Johdanto",
                                     "text": "<p>Kollegan versio</p>"}).status_code == 302
    response = browser.post(edit, {"base_number": "0", "heading": "Johdanto", "text": "<p>Minun versioni</p>"})
    assert response.status_code == 409
    page = page_text(response)
    assert "<p>Kollegan versio</p>" in page
    assert "&lt;p&gt;Minun versioni&lt;/p&gt;" in response.get_data(as_text=True)
    assert re.search(r'name="base_number"[^>]*value="1"', page)
    db.session.expire_all()
    assert current_version(section).text == "<p>Kollegan versio</p>"


@pytest.mark.parametrize("url", ["/rounds/999", "/rounds/999/sections/1", "/rounds/999/history",
                                 "/m/ei-ole/guideline", "/m/ei-ole/associations"])
def test_unknown_ids_are_404(browser, town, url):
    browser.login(town["coordinator"])
    response = browser.get(url)
    assert response.status_code == 404
    assert fi("Page not found") in page_text(response)


def test_an_unknown_action_or_state_is_not_a_500(browser, make, town):
    round_ = make.round(town["municipality"], town["coordinator"])
    browser.login(town["coordinator"])
    assert browser.post(f"/rounds/{round_.id}/actions/explode", {"from_state": "decision"}).status_code == 404
    assert browser.post(f"/rounds/{round_.id}/actions/open_wishes", {"from_state": "nope"}).status_code == 400
    assert browser.get(f"/rounds/{round_.id}/decisions/nope").status_code == 404


def test_a_section_of_another_round_is_404(browser, make, town):
    first = make.round(town["municipality"], town["coordinator"], RoundState.APPROVED, year=2025)
    other_town = make.municipality()
    other = make.round(other_town, make.coordinator(other_town), year=2026)
    browser.login(town["coordinator"])
    assert browser.get(f"/rounds/{first.id}/sections/{other.sections[0].id}").status_code == 404
    assert browser.get(f"/rounds/{other.id}").status_code == 403


def test_state_never_changes_on_get(browser, make, town):
    round_ = make.round(town["municipality"], town["coordinator"], RoundState.ASSOCIATION_EVENING)
    browser.login(town["coordinator"])
    assert browser.get(f"/rounds/{round_.id}/actions/submit_for_approval").status_code == 405
    assert the_round().state == RoundState.ASSOCIATION_EVENING


def test_a_post_without_csrf_token_is_refused(browser, make, town):
    round_ = make.round(town["municipality"], town["coordinator"], RoundState.ASSOCIATION_EVENING)
    browser.login(town["coordinator"])
    response = browser.post_without_token(f"/rounds/{round_.id}/actions/submit_for_approval",
                                          {"from_state": "association_evening"})
    assert response.status_code == 400
    assert the_round().state == RoundState.ASSOCIATION_EVENING
