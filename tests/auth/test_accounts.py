"""Logging in and out, invitations by e-mail through a real SMTP server, roles."""
from __future__ import annotations

import re
from html import unescape

import pytest
import sqlalchemy as sa

from drafting.audit.models import AuditEvent
from drafting.auth.models import Invitation, StaffRoleKind, User
from drafting.auth.passwords import password_problems
from drafting.extensions import db
from tests.conftest import PASSWORD
from tests.messages import fi


def test_login_and_logout(browser, make):
    municipality = make.municipality()
    user = make.coordinator(municipality, name="Kaisa Laine")
    assert browser.get("/rounds/1").status_code == 302
    browser.login(user)
    assert "Kaisa Laine" in browser.text("/")
    response = browser.post("/logout", follow_redirects=True)
    assert fi("You have logged out.") in unescape(response.get_data(as_text=True))
    assert browser.get("/m/%s/admin/users" % municipality.slug).status_code == 302


@pytest.mark.parametrize("email, password", [
    ("user@nowhere.fi", PASSWORD), ("{email}", "väärä-salasana-123"),
])
def test_a_failed_login_says_the_same_for_unknown_address_and_wrong_password(browser, make, email, password):
    user = make.coordinator(make.municipality())
    response = browser.post("/login", {"email": email.format(email=user.email), "password": password},
                            token_from="/login")
    assert response.status_code == 200
    assert fi("The e-mail address or the password is wrong.") in unescape(response.get_data(as_text=True))


def test_a_deactivated_user_cannot_log_in(browser, make):
    user = make.coordinator(make.municipality())
    user.active = False
    db.session.commit()
    response = browser.post("/login", {"email": user.email, "password": PASSWORD}, token_from="/login")
    assert response.status_code == 200


def test_login_follows_only_local_next_addresses(browser, make):
    user = make.coordinator(make.municipality())
    response = browser.post("/login?next=https://evil.example/", {"email": user.email, "password": PASSWORD},
                            token_from="/login")
    assert response.location == "/"


def test_inviting_a_representative_by_email(browser, other_browser, make, inbox):
    municipality = make.municipality(name="Testikunta")
    coordinator = make.coordinator(municipality)
    association = make.association(municipality, name="Kylän Nuoret ry")
    browser.login(coordinator)
    page = browser.text(f"/m/{municipality.slug}/admin/users")
    assert "Kylän Nuoret ry" in page
    response = browser.post(f"/m/{municipality.slug}/admin/users", {
        "email": " Uusi.Edustaja@Example.fi ", "kind": "representative",
        "association_id": str(association.id), "role": "coordinator"})
    assert response.status_code == 302
    response.close()  # the server delivers the queued invitation once the response is out
    [(recipients, message)] = inbox.messages
    assert recipients == ["uusi.edustaja@example.fi"]
    body = message.get_body(("plain",)).get_content()
    link = re.search(r"http://localhost/invitation/\S+", body).group(0)
    assert "Kylän Nuoret ry" in body

    path = link.replace("http://localhost", "")
    response = other_browser.post(path, {"name": "Uusi Edustaja", "password": "lyhyt", "password_again": "lyhyt",
                                         "language": "fi"}, token_from=path)
    assert response.status_code == 200
    assert fi("The password must have at least %(n)s characters.", n=12) in unescape(response.get_data(as_text=True))
    assert db.session.scalar(sa.select(User).where(User.email == "uusi.edustaja@example.fi")) is None

    response = other_browser.post(path, {"name": "Uusi Edustaja", "password": PASSWORD,
                                         "password_again": PASSWORD, "language": "sv"}, token_from=path)
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.scalar(sa.select(User).where(User.email == "uusi.edustaja@example.fi"))
    assert user.represents(association.id) and user.language.value == "sv"
    assert "Uusi Edustaja" in other_browser.text("/")
    # the link works once
    assert other_browser.get(path).status_code == 404
    actions = db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["invite", "accept_invitation"]


def test_inviting_staff_adds_the_role(browser, make, inbox):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    browser.login(coordinator)
    browser.post(f"/m/{municipality.slug}/admin/users", {
        "email": "jasen@kunta.fi", "kind": "staff", "role": "welfare_member", "association_id": "0"})
    invitation = db.session.scalars(sa.select(Invitation)).one()
    assert invitation.role == StaffRoleKind.WELFARE_MEMBER and invitation.association_id is None


def test_without_mail_the_coordinator_gets_the_link(browser, make):
    municipality = make.municipality()
    browser.login(make.coordinator(municipality))
    association = make.association(municipality)
    response = browser.post(f"/m/{municipality.slug}/admin/users", {
        "email": "x@example.fi", "kind": "representative", "association_id": str(association.id)},
        follow_redirects=True)
    assert "/invitation/" in response.get_data(as_text=True)


def test_an_invalid_invitation_form_keeps_what_was_typed(browser, make):
    municipality = make.municipality()
    browser.login(make.coordinator(municipality))
    response = browser.post(f"/m/{municipality.slug}/admin/users", {
        "email": "ei-osoite", "kind": "representative", "association_id": "999"})
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert fi("This is not a valid e-mail address.") in page
    assert fi("Choose the association.") in page
    assert 'value="ei-osoite"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0


def test_only_managers_see_user_administration(browser, make):
    municipality = make.municipality()
    browser.login(make.user(municipality, StaffRoleKind.APPROVER))
    assert browser.get(f"/m/{municipality.slug}/admin/users").status_code == 403
    assert browser.get(f"/m/{municipality.slug}/admin/associations").status_code == 403


def test_a_coordinator_cannot_manage_another_municipality(browser, make):
    mine, theirs = make.municipality(), make.municipality()
    browser.login(make.coordinator(mine))
    other_user = make.coordinator(theirs)
    assert browser.get(f"/m/{theirs.slug}/admin/users").status_code == 403
    response = browser.post(f"/m/{mine.slug}/admin/users/{other_user.id}/active", {"active": "0"})
    assert response.status_code == 404
    db.session.refresh(other_user)
    assert other_user.active


def test_roles_are_granted_and_removed_with_audit(browser, make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    member = make.user(municipality, StaffRoleKind.WELFARE_MEMBER)
    browser.login(coordinator)
    url = f"/m/{municipality.slug}/admin/users/{member.id}/roles"
    browser.post(url, {"role": "approver", "granted": "1"})
    browser.post(url, {"role": "welfare_member", "granted": "0"})
    db.session.expire_all()
    assert member.role_kinds(municipality.id) == {StaffRoleKind.APPROVER}
    actions = db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.object_id == member.id)).all()
    assert actions == ["grant_role", "revoke_role"]
    assert browser.post(url, {"role": "emperor", "granted": "1"}).status_code == 400


def test_deactivation_ends_the_users_access(browser, other_browser, make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    member = make.user(municipality, StaffRoleKind.WELFARE_MEMBER)
    other_browser.login(member)
    browser.login(coordinator)
    browser.post(f"/m/{municipality.slug}/admin/users/{member.id}/active", {"active": "0"})
    assert other_browser.get("/rounds/1").status_code == 302  # back to the login page
    response = browser.post(f"/m/{municipality.slug}/admin/users/{coordinator.id}/active", {"active": "0"},
                            follow_redirects=True)
    assert fi("You cannot deactivate your own account.") in unescape(response.get_data(as_text=True))


def test_password_rules():
    assert password_problems("lyhyt") and password_problems("salasana1234")
    assert password_problems("aaaaaaaaaaaaaaa")
    assert password_problems("kaisa.laine-2026!", email="kaisa.laine@kunta.fi")
    assert password_problems("kolme pientä porsasta ja susi") == []


def test_the_language_choice_is_remembered(browser, make):
    user = make.coordinator(make.municipality())
    assert 'lang="fi"' in browser.text("/")
    browser.post_without_token("/language", {"language": "sv", "next": "/"})  # a visitor's form carries no token
    page = browser.text("/")
    assert '<html lang="sv">' in page
    browser.login(user)
    browser.post("/language", {"language": "en"})
    db.session.refresh(user)
    assert user.language.value == "en"
    assert '<html lang="en">' in browser.text("/")
