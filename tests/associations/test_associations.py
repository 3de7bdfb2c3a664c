"""Associations: unique names, the public directory, details kept by the
associations' own representatives."""
from __future__ import annotations

from html import unescape

import pytest
import sqlalchemy as sa

from drafting.associations import operations
from drafting.associations.models import Association, association_name_key
from drafting.audit.models import AuditEvent
from drafting.auth.models import StaffRoleKind
from drafting.core import Conflict, PermissionDenied
from drafting.extensions import db
from tests.messages import fi


@pytest.mark.parametrize("a, b", [
    ("Kylän Nuoret ry", "kylän nuoret"),
    ("  Kylän   Nuoret  RY ", "Kylän Nuoret"),
    ("Kylän Nuoret r.y.", "KYLÄN NUORET"),
    ("Exempelkommuns Förening rf", "exempelkommuns förening"),
])
def test_names_compare_ignoring_case_space_and_ry(a, b):
    assert association_name_key(a) == association_name_key(b)


def test_ry_inside_a_name_is_kept():
    assert association_name_key("Ryhmä Ryy ry") == "ryhmä ryy"
    assert association_name_key("Tryffeli ry") != association_name_key("Tryffe")


def test_the_database_refuses_the_same_name_twice_in_a_municipality(make):
    municipality = make.municipality()
    make.association(municipality, name="Kylän Nuoret ry")
    db.session.add(Association(municipality_id=municipality.id, name="kylän nuoret"))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
    make.association(make.municipality(), name="Kylän Nuoret ry")  # another municipality may


def test_the_register_says_which_association_exists_already(make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    make.association(municipality, name="Kylän Nuoret ry")
    entry = operations.RegisterEntry(name=" KYLÄN NUORET ", register_number=None, active=True)
    details = operations.ContactDetails(email=None, phone=None, website=None, description=None)
    with pytest.raises(Conflict) as clash:
        operations.create_association(municipality.id, coordinator, entry, details)
    assert clash.value.message == fi("The association %(name)s is already in the register.",
                                     name="Kylän Nuoret ry")


def test_the_coordinator_adds_an_association_through_the_page(browser, make):
    municipality = make.municipality()
    browser.login(make.coordinator(municipality))
    url = f"/m/{municipality.slug}/admin/associations"
    response = browser.post(url, {"name": "Uusi Seura ry", "register_number": "123.456",
                                  "email": "seura@example.fi", "website": "https://seura.example.fi",
                                  "active": "y"})
    assert response.status_code == 302
    response = browser.post(url, {"name": "uusi seura", "email": "toinen@example.fi", "active": "y"})
    page = unescape(response.get_data(as_text=True))
    assert fi("The association %(name)s is already in the register.", name="Uusi Seura ry") in page
    assert 'value="toinen@example.fi"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Association)) == 1


def test_a_representative_keeps_the_details_of_their_association(browser, make):
    municipality = make.municipality()
    mine = make.association(municipality, name="Oma Yhdistys ry")
    theirs = make.association(municipality, name="Toinen Yhdistys ry")
    representative = make.representative(municipality, mine)
    browser.login(representative)
    response = browser.post(f"/associations/{mine.id}/details", {
        "email": "oma@example.fi", "phone": "040 123 4567", "website": "https://oma.example.fi",
        "description": "Teemme hyvää."})
    assert response.status_code == 302
    assert browser.post(f"/associations/{theirs.id}/details", {"email": "x@example.fi"}).status_code == 403
    db.session.expire_all()
    assert (mine.email, mine.phone) == ("oma@example.fi", "040 123 4567")
    assert theirs.email is None
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "update_association_details")).one()
    assert event.actor_id == representative.id and event.details["email"] == [None, "oma@example.fi"]
    directory = unescape(browser.text(f"/m/{municipality.slug}/associations"))
    assert "oma@example.fi" in directory and "Teemme hyvää." in directory


def test_bad_contact_details_are_refused_with_the_reason(browser, make):
    municipality = make.municipality()
    association = make.association(municipality)
    browser.login(make.representative(municipality, association))
    response = browser.post(f"/associations/{association.id}/details", {
        "email": "ei-osoite", "website": "javascript:alert(1)"})
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert fi("This is not a valid e-mail address.") in page
    db.session.expire_all()
    assert association.email is None and association.website is None


def test_the_directory_is_public_and_shows_only_active_associations(browser, make):
    municipality = make.municipality()
    make.association(municipality, name="Toimiva Seura ry")
    make.association(municipality, name="Lopettanut Seura ry", active=False)
    page = browser.text(f"/m/{municipality.slug}/associations")
    assert "Toimiva Seura ry" in page and "Lopettanut Seura ry" not in page


def test_only_managers_edit_the_register(make):
    municipality = make.municipality()
    association = make.association(municipality)
    approver = make.user(municipality, StaffRoleKind.APPROVER)
    with pytest.raises(PermissionDenied):
        operations.update_register_entry(association, approver,
                                         operations.RegisterEntry(name="Uusi nimi", register_number=None,
                                                                  active=True))
