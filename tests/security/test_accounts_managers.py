"""What a municipality's manager may do to a person: only what the person has
in the manager's own municipality (finding 1 of issue 12), grant only the
roles the table allows and never to themselves, and find again a person
whose last role was removed."""
from __future__ import annotations

import re
from html import unescape

import sqlalchemy as sa

from drafting.audit.models import AuditEvent
from drafting.auth.models import StaffRoleKind, User
from drafting.auth.privacy import erase_person
from drafting.extensions import db
from tests.conftest import PASSWORD
from tests.messages import fi


def _invite_and_accept(browser, other_browser, inviter_municipality, association, person):
    """The inviting coordinator (logged in in `browser`) invites `person` (logged
    in in `other_browser`) to represent `association`; they accept."""
    slug = inviter_municipality.slug
    response = browser.post(f"/m/{slug}/admin/users", {
        "email": person.email, "kind": "representative", "association_id": str(association.id)},
        token_from=f"/m/{slug}/admin/users", follow_redirects=True)
    path = re.search(r"http://localhost(/invitation/[\w-]+)", response.get_data(as_text=True)).group(1)
    response = other_browser.post(path, {}, token_from=path)
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    db.session.expire_all()
    assert person.represents(association.id)
    return path


def _audit(municipality_id: int, user_id: int) -> list[str]:
    return db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.municipality_id == municipality_id, AuditEvent.object_type == "users",
        AuditEvent.object_id == user_id).order_by(AuditEvent.id)).all()


def test_finding_1_a_manager_cannot_deactivate_or_erase_another_municipalitys_coordinator(
        browser, other_browser, make):
    a, b = make.municipality(), make.municipality()
    a_coordinator = make.coordinator(a)
    b_coordinator = make.coordinator(b, name="Bertta Beetä")
    a_association = make.association(a, name="A-kylän Nuoret ry")
    browser.login(a_coordinator)
    other_browser.login(b_coordinator)
    _invite_and_accept(browser, other_browser, a, a_association, b_coordinator)

    response = browser.post(f"/m/{a.slug}/admin/users/{b_coordinator.id}/active", {"active": "0"},
                            token_from=f"/m/{a.slug}/admin/users", follow_redirects=True)
    page = unescape(response.get_data(as_text=True))
    assert fi("%(name)s also works in another municipality, so you cannot close the whole account. "
              "Remove their access to this municipality instead. Only the person or the service's "
              "administrator can close the account.", name="Bertta Beetä") in page
    response = browser.post(f"/m/{a.slug}/admin/users/{b_coordinator.id}/erase",
                            {f"erase-{b_coordinator.id}-confirm": "y"},
                            token_from=f"/m/{a.slug}/admin/users")
    assert response.status_code == 302
    db.session.expire_all()
    person = db.session.get(User, b_coordinator.id)
    assert person.active and person.erased_at is None
    assert person.has_role(b.id, StaffRoleKind.COORDINATOR)
    assert other_browser.get(f"/m/{b.slug}/admin/users").status_code == 200

    # what A's coordinator can do: remove the person's access to A, recorded in A
    browser.post(f"/m/{a.slug}/admin/users/{b_coordinator.id}/access", {},
                 token_from=f"/m/{a.slug}/admin/users")
    db.session.expire_all()
    person = db.session.get(User, b_coordinator.id)
    assert not person.represents(a_association.id)
    assert person.active and person.has_role(b.id, StaffRoleKind.COORDINATOR)
    assert _audit(a.id, person.id) == ["remove_access"]
    assert _audit(b.id, person.id) == []


def test_finding_1_a_person_of_one_municipality_alone_is_still_deactivated_and_erased_by_its_manager(
        browser, make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    member = make.user(municipality, StaffRoleKind.WELFARE_MEMBER)
    gone = make.user(municipality, StaffRoleKind.APPROVER)
    browser.login(coordinator)
    users = f"/m/{municipality.slug}/admin/users"
    browser.post(f"{users}/{member.id}/active", {"active": "0"}, token_from=users)
    browser.post(f"{users}/{gone.id}/erase", {f"erase-{gone.id}-confirm": "y"}, token_from=users)
    db.session.expire_all()
    assert not db.session.get(User, member.id).active
    assert db.session.get(User, gone.id).erased_at is not None
    assert _audit(municipality.id, member.id) == ["deactivate_user"]
    assert _audit(municipality.id, gone.id) == ["erase_person"]


def test_finding_1_erasing_a_person_of_two_municipalities_is_recorded_in_both(make):
    a, b = make.municipality(), make.municipality()
    person = make.coordinator(b, associations=[make.association(a)])
    erase_person(person, None, reason="pyyntö")
    db.session.commit()
    assert _audit(a.id, person.id) == ["erase_person"]
    assert _audit(b.id, person.id) == ["erase_person"]


def test_finding_1_the_instance_administrator_deactivates_a_whole_account_from_the_command_line(app, make):
    a, b = make.municipality(), make.municipality()
    person = make.coordinator(b, associations=[make.association(a)])
    result = app.test_cli_runner().invoke(args=["users", "deactivate", person.email])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert not db.session.get(User, person.id).active
    assert _audit(a.id, person.id) == ["deactivate_user"]
    assert _audit(b.id, person.id) == ["deactivate_user"]
    result = app.test_cli_runner().invoke(args=["users", "deactivate", "nobody@example.fi"])
    assert result.exit_code != 0 and "No user with the e-mail address nobody@example.fi." in result.output


def test_an_administrator_cannot_grant_themselves_or_anyone_the_coordinator_role(browser, make):
    """The rule: a coordinator grants and removes every role; an administrator
    every role except coordinator; nobody grants a role to themselves."""
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    admin = make.user(municipality, StaffRoleKind.ADMIN)
    member = make.user(municipality, StaffRoleKind.WELFARE_MEMBER)
    browser.login(admin)
    users = f"/m/{municipality.slug}/admin/users"
    assert browser.post(f"{users}/{admin.id}/roles", {"role": "coordinator", "granted": "1"},
                        token_from=users).status_code == 403
    assert browser.post(f"{users}/{member.id}/roles", {"role": "coordinator", "granted": "1"},
                        token_from=users).status_code == 403
    assert browser.post(f"{users}/{coordinator.id}/roles", {"role": "coordinator", "granted": "0"},
                        token_from=users).status_code == 403
    # nor take the coordinator's account away
    assert browser.post(f"{users}/{coordinator.id}/active", {"active": "0"}, token_from=users).status_code == 403
    assert browser.post(f"{users}/{coordinator.id}/erase", {f"erase-{coordinator.id}-confirm": "y"},
                        token_from=users).status_code == 403
    assert browser.post(f"{users}/{coordinator.id}/access", {}, token_from=users).status_code == 403
    response = browser.post(f"{users}/{admin.id}/roles", {"role": "approver", "granted": "1"},
                            token_from=users, follow_redirects=True)
    assert fi("You cannot give yourself a role. Another manager of the municipality can.") in \
        unescape(response.get_data(as_text=True))
    # nor through an invitation to another address of theirs
    response = browser.post(users, {"email": "toinen@example.fi", "kind": "staff", "role": "coordinator",
                                    "association_id": ""}, token_from=users)
    assert response.status_code == 200
    assert fi("Choose the role.") in unescape(response.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(User, admin.id).role_kinds(municipality.id) == {StaffRoleKind.ADMIN}
    assert db.session.get(User, member.id).role_kinds(municipality.id) == {StaffRoleKind.WELFARE_MEMBER}
    assert db.session.get(User, coordinator.id).role_kinds(municipality.id) == {StaffRoleKind.COORDINATOR}
    assert db.session.get(User, coordinator.id).active
    # what an administrator may grant, they grant
    browser.post(f"{users}/{member.id}/roles", {"role": "approver", "granted": "1"}, token_from=users)
    db.session.expire_all()
    assert StaffRoleKind.APPROVER in db.session.get(User, member.id).role_kinds(municipality.id)


def test_a_person_whose_last_role_is_removed_stays_in_the_list_and_gets_a_role_again(browser, make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    member = make.user(municipality, StaffRoleKind.WELFARE_MEMBER, name="Ville Väliaikainen")
    browser.login(coordinator)
    users = f"/m/{municipality.slug}/admin/users"
    browser.post(f"{users}/{member.id}/roles", {"role": "welfare_member", "granted": "0"}, token_from=users)
    page = unescape(browser.text(users))
    assert "Ville Väliaikainen" in page and fi("No role or association here any more") in page
    browser.post(f"{users}/{member.id}/roles", {"role": "approver", "granted": "1"}, token_from=users)
    db.session.expire_all()
    assert db.session.get(User, member.id).role_kinds(municipality.id) == {StaffRoleKind.APPROVER}


def test_finding_1_a_person_of_two_municipalities_closes_their_own_account(browser, make):
    a, b = make.municipality(), make.municipality()
    person = make.coordinator(b, associations=[make.association(a)])
    browser.login(person)
    wrong = browser.post("/settings/close", {"close-confirm": "y", "close-password": "ei-oikea-salasana"},
                         token_from="/settings")
    assert wrong.status_code == 422
    assert fi("The password is wrong. Your account was not closed.") in unescape(wrong.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(User, person.id).erased_at is None
    response = browser.post("/settings/close", {"close-confirm": "y", "close-password": PASSWORD},
                            token_from="/settings")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    db.session.expire_all()
    closed = db.session.get(User, person.id)
    assert closed.erased_at is not None and not closed.active
    assert _audit(a.id, person.id) == ["erase_person"] and _audit(b.id, person.id) == ["erase_person"]
    assert browser.get("/settings").status_code == 302
