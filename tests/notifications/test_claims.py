"""Issue 14 item 3: a person asks to represent an association from the
directory and the coordinator confirms or declines; a person without an
account makes one from the claim link mailed to the association's address."""
from __future__ import annotations

import re

import sqlalchemy as sa

from drafting.associations.models import Membership
from drafting.audit.models import AuditEvent
from drafting.auth.models import User
from drafting.extensions import db
from drafting.notifications.models import AssociationClaim
from drafting.workflow.models import RoundState
from tests.conftest import PASSWORD
from tests.notifications.test_mail_form import path_of, plain
from tests.notifications.test_told import send


def represents(user_id: int, association_id: int) -> bool:
    return db.session.scalar(sa.select(Membership.id).where(
        Membership.user_id == user_id, Membership.association_id == association_id)) is not None


def actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_issue_14_a_claim_asked_in_the_directory_is_confirmed_by_the_coordinator(
        app, town, inbox, browser, other_browser):
    newcomer = town.make.user(town.municipality, name="Uusi Ihminen", email="uusi@example.fi")
    directory = f"/m/{town.municipality.slug}/associations"
    browser.login(newcomer)
    page = browser.text(directory)
    assert f"/associations/{town.village.id}/represent" in page
    response = browser.post(f"/associations/{town.village.id}/represent", {}, token_from=directory)
    assert response.status_code == 302
    assert not represents(newcomer.id, town.village.id)
    assert f"/associations/{town.village.id}/represent" not in browser.text(directory)
    assert f"/associations/{town.sports.id}/represent" in browser.text(directory)
    again = browser.post(f"/associations/{town.village.id}/represent", {}, token_from=directory,
                         follow_redirects=True)
    assert "Kyläyhdistys ry" in again.get_data(as_text=True) and 'class="message message--error"' in again.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AssociationClaim)) == 1

    other_browser.login(town.coordinator)
    claims_page = f"/m/{town.municipality.slug}/associations/claims"
    assert claims_page in other_browser.text(directory)
    send(app)
    [asked] = inbox.to(town.coordinator.email)
    assert "Uusi Ihminen" in asked["Subject"] and f"http://localhost{claims_page}" in plain(asked)
    assert asked["List-Unsubscribe"]
    listed = other_browser.text(claims_page)
    assert "Uusi Ihminen" in listed and "Kyläyhdistys ry" in listed
    [claim] = db.session.scalars(sa.select(AssociationClaim)).all()
    response = other_browser.post(f"{claims_page}/{claim.id}", {"decision": "confirm"}, token_from=claims_page)
    assert response.status_code == 302
    assert represents(newcomer.id, town.village.id)
    db.session.expire_all()
    claim = db.session.get(AssociationClaim, claim.id)
    assert claim.confirmed is True and claim.decided_by_id == town.coordinator.id and claim.decided_at
    assert claim.proved_address is None
    assert f"{claims_page}/{claim.id}" not in other_browser.text(claims_page)
    assert actions()[-2:] == ["ask_to_represent", "confirm_claim"]
    send(app)
    [confirmed] = inbox.to("uusi@example.fi")
    assert "Kyläyhdistys ry" in confirmed["Subject"] and "Kyläyhdistys ry" in plain(confirmed)
    again = other_browser.post(f"{claims_page}/{claim.id}", {"decision": "decline"}, token_from=claims_page,
                               follow_redirects=True)
    assert 'class="message message--error"' in again.get_data(as_text=True)
    assert represents(newcomer.id, town.village.id)


def test_issue_14_a_declined_claim_makes_no_representative_and_another_coordinator_cannot_decide(
        app, town, inbox, browser, other_browser):
    newcomer = town.make.user(town.municipality, name="Uusi Ihminen", email="uusi@example.fi")
    elsewhere = town.make.municipality(slug="muukunta", name="Muukunta")
    stranger = town.make.coordinator(elsewhere, name="Muu Koordinaattori")
    directory = f"/m/{town.municipality.slug}/associations"
    browser.login(newcomer)
    browser.post(f"/associations/{town.village.id}/represent", {}, token_from=directory)
    [claim] = db.session.scalars(sa.select(AssociationClaim)).all()

    other_browser.login(stranger)
    assert other_browser.get(f"/m/{town.municipality.slug}/associations/claims").status_code == 403
    refused = other_browser.post(f"/m/{town.municipality.slug}/associations/claims/{claim.id}",
                                 {"decision": "confirm"}, token_from=f"/m/{elsewhere.slug}/associations")
    assert refused.status_code == 403
    assert db.session.get(AssociationClaim, claim.id).decided_at is None

    coordinator = browser.__class__(app.test_client())
    coordinator.login(town.coordinator)
    claims_page = f"/m/{town.municipality.slug}/associations/claims"
    bad = coordinator.post(f"{claims_page}/{claim.id}", {"decision": "maybe"}, token_from=claims_page,
                           follow_redirects=True)
    assert 'class="message message--error"' in bad.get_data(as_text=True)
    assert db.session.get(AssociationClaim, claim.id).decided_at is None
    assert coordinator.post(f"{claims_page}/{claim.id}", {"decision": "decline"},
                            token_from=claims_page).status_code == 302
    db.session.expire_all()
    claim = db.session.get(AssociationClaim, claim.id)
    assert claim.confirmed is False and claim.decided_at is not None
    assert not represents(newcomer.id, town.village.id)
    assert actions()[-1] == "decline_claim"
    send(app)
    [declined] = inbox.to("uusi@example.fi")
    assert "Kyläyhdistys ry" in declined["Subject"] and declined["Content-Language"] == "fi"

    browser.post(f"/associations/{town.village.id}/represent", {}, token_from=directory)
    db.session.expire_all()
    claim = db.session.get(AssociationClaim, claim.id)
    assert claim.decided_at is None and claim.confirmed is None


def test_issue_14_an_account_made_from_the_claim_link_is_for_the_mailed_address_and_represents(
        app, town, inbox, browser):
    hall = town.make.association(town.municipality, name="Seurantalo ry", email="Talo@Example.fi")
    town.round(RoundState.WISHES)
    send(app)
    [announcement] = inbox.to("Talo@Example.fi")
    link = re.search(r"https?://\S+/associations/claim/\S+", plain(announcement)).group(0)
    path = path_of(link)
    page = browser.text(path)
    assert "talo@example.fi" in page and f"{path}/account" in page

    weak = browser.post(f"{path}/account", {"name": "Talon Väki", "password": "lyhyt", "password_again": "lyhyt",
                                             "language": "fi"}, token_from=path)
    assert weak.status_code == 422
    assert db.session.scalar(sa.select(User).where(User.email == "talo@example.fi")) is None

    response = browser.post(f"{path}/account", {"name": "Talon Väki", "password": PASSWORD,
                                                 "password_again": PASSWORD, "language": "sv"}, token_from=path)
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "talo@example.fi"))
    assert user is not None and user.name == "Talon Väki" and user.language.value == "sv"
    assert represents(user.id, hall.id)
    claim = db.session.scalar(sa.select(AssociationClaim))
    assert claim.user_id == user.id and claim.confirmed and claim.proved_address == "talo@example.fi"
    assert actions()[-2:] == ["create_user", "claim_association"]
    assert "Seurantalo ry" in browser.text("/")

    other = browser.__class__(app.test_client())
    taken = other.post(f"{path}/account", {"name": "Toinen", "password": PASSWORD, "password_again": PASSWORD,
                                          "language": "fi"}, token_from=path)
    assert taken.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User).where(
        User.email == "talo@example.fi")) == 1
