"""Issue 14: the register's housekeeping: two entries merged (their
representatives, invitations, comments and proposals moved, both recorded),
an association archived (out of the directory and new choices, its
submissions kept and shown), and delete refused for an entry in use."""
from __future__ import annotations

from html import unescape

import pytest
import sqlalchemy as sa

from drafting.associations import operations
from drafting.associations.models import Association, Membership
from drafting.audit.models import AuditEvent
from drafting.auth import operations as auth_operations
from drafting.comments import operations as comments
from drafting.comments.models import Comment
from drafting.core import Conflict, DomainError, PermissionDenied
from drafting.extensions import db
from drafting.notifications.models import AssociationClaim, OutboxMessage
from drafting.notifications.outbox import queue
from drafting.proposals import operations as proposals
from drafting.proposals.models import ChangeProposal
from drafting.workflow.models import RoundState
from tests.messages import fi


@pytest.fixture
def evening(town):
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    section = round_.sections[0]
    comment = comments.post_comment(round_, town.eila, text="Eläkeläisten toive", section=section,
                                    association_id=town.seniors.id)
    proposal = proposals.propose(section, town.eila, association_id=town.seniors.id,
                                 text="<p>Uusi teksti.</p>", rationale="Selkeämpi")
    db.session.commit()
    return round_, comment, proposal


def test_issue_14_merge_moves_representatives_comments_and_proposals_to_the_entry_kept(browser, town, evening):
    round_, comment, proposal = evening
    municipality = town.municipality
    duplicate = town.seniors
    kept = town.make.association(municipality, name="Kontiolahden Eläkeläiset ry", email=None)
    duplicate.email = "elakelaiset@example.fi"
    both = town.make.user(municipality, name="Kaksi Edustajaa", associations=[duplicate, kept])
    auth_operations.invite(town.coordinator, municipality_id=municipality.id, email="uusi@example.fi",
                           association=duplicate, role=None)
    claimant = town.make.user(name="Kolmas Ehdokas")
    db.session.add(AssociationClaim(association_id=duplicate.id, user_id=claimant.id))
    sent = queue("elakelaiset@example.fi", "Kutsu", "Tervetuloa", association_id=duplicate.id)
    db.session.commit()
    duplicate_id, kept_id = duplicate.id, kept.id
    browser.login(town.coordinator)
    url = f"/m/{municipality.slug}/admin/associations/{kept_id}/merge"
    response = browser.post(url, {"merged_id": str(duplicate_id)}, token_from=url)
    assert response.status_code == 422
    assert fi("Confirm the merge first.") in unescape(response.get_data(as_text=True))
    response = browser.post(url, {"merged_id": str(duplicate_id), "confirm": "y"}, token_from=url)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Association, duplicate_id) is None
    kept = db.session.get(Association, kept_id)
    assert kept.email == "elakelaiset@example.fi"
    assert db.session.get(Comment, comment.id).association_id == kept_id
    assert db.session.get(ChangeProposal, proposal.id).association_id == kept_id
    members = db.session.scalars(sa.select(Membership.user_id).where(Membership.association_id == kept_id)).all()
    assert sorted(members) == sorted([town.eila.id, both.id])
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "merge_association")).one()
    assert event.object_id == kept_id and event.actor_id == town.coordinator.id
    assert event.details["moved"] == {"representatives": 1, "invitations": 1, "comments": 1, "proposals": 1,
                                      "claims": 1, "messages": 1}
    # the claim waits on the entry kept, and the message sent to the address still counts it as reached
    assert db.session.scalars(sa.select(AssociationClaim.association_id)).all() == [kept_id]
    assert db.session.get(OutboxMessage, sent.id).association_id == kept_id
    assert db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "merged_into_association")).one().object_id == duplicate_id
    page = unescape(browser.text(f"/rounds/{round_.id}/sections/{round_.sections[0].id}"))
    assert "Eläkeläisten toive" in page and "Kontiolahden Eläkeläiset ry" in page


def test_issue_14_an_entry_is_not_merged_into_itself_nor_across_municipalities(town, make):
    with pytest.raises(DomainError):
        operations.merge_associations(town.seniors, town.seniors, town.coordinator)
    elsewhere = make.association(make.municipality())
    with pytest.raises(DomainError):
        operations.merge_associations(town.seniors, elsewhere, town.coordinator)
    with pytest.raises(PermissionDenied):
        operations.merge_associations(town.seniors, town.sports, town.eila)


def test_issue_14_an_archived_association_leaves_new_choices_and_keeps_its_submissions(browser, town, evening):
    round_, comment, _proposal = evening
    municipality = town.municipality
    browser.login(town.coordinator)
    response = browser.post(f"/m/{municipality.slug}/admin/associations/{town.seniors.id}/archive", {},
                            token_from=f"/m/{municipality.slug}/admin/associations/{town.seniors.id}")
    assert response.status_code == 302
    assert fi("%(name)s is archived.", name="Eläkeläiset ry") in unescape(browser.text(response.headers["Location"]))
    db.session.expire_all()
    assert town.seniors.active is False
    assert db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "archive_association")).one()
    assert "Eläkeläiset ry" not in browser.text(f"/m/{municipality.slug}/associations")
    section_page = unescape(browser.text(f"/rounds/{round_.id}/sections/{round_.sections[0].id}"))
    assert "Eläkeläisten toive" in section_page and "Eläkeläiset ry" in section_page
    assert town.seniors.id not in town.eila.association_ids(municipality.id)
    with pytest.raises(DomainError):
        comments.post_comment(round_, town.eila, text="Vielä yksi", section=round_.sections[0],
                              association_id=town.seniors.id)
    db.session.rollback()
    users_page = browser.text(f"/m/{municipality.slug}/admin/users")
    assert f'<option value="{town.seniors.id}"' not in users_page
    with pytest.raises(Conflict):
        operations.archive_association(town.seniors, town.coordinator)
    operations.restore_association(town.seniors, town.coordinator)
    db.session.commit()
    assert "Eläkeläiset ry" in browser.text(f"/m/{municipality.slug}/associations")


def test_issue_14_delete_is_refused_for_an_entry_with_submissions_or_representatives(browser, town, evening):
    municipality = town.municipality
    browser.login(town.coordinator)
    url = f"/m/{municipality.slug}/admin/associations/{town.seniors.id}"
    response = browser.post(url + "/delete", {}, token_from=url)
    assert response.status_code == 302
    page = unescape(browser.text(url))
    assert fi("%(name)s cannot be deleted: it has %(representatives)d representatives, %(invitations)d "
              "invitations and %(submissions)d comments or proposals. Archive it, or merge it into the entry "
              "that stays.", name="Eläkeläiset ry", representatives=1, invitations=0, submissions=2) in page
    assert db.session.get(Association, town.seniors.id) is not None
    represented_only = town.village  # Matti represents it, nothing written
    with pytest.raises(Conflict):
        operations.delete_association(represented_only, town.coordinator)
    db.session.rollback()


def test_issue_14_an_unused_entry_is_deleted_and_recorded(browser, town):
    municipality = town.municipality
    mistake_id = town.make.association(municipality, name="Kirjoitusvirhe Seura").id
    browser.login(town.coordinator)
    url = f"/m/{municipality.slug}/admin/associations/{mistake_id}"
    assert browser.post(url + "/delete", {}, token_from=url).status_code == 302
    db.session.expire_all()
    assert db.session.get(Association, mistake_id) is None
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "delete_association")).one()
    assert event.details["name"] == "Kirjoitusvirhe Seura"


def test_issue_14_only_managers_keep_the_register(browser, town):
    municipality = town.municipality
    browser.login(town.eila)
    url = f"/m/{municipality.slug}/admin/associations/{town.seniors.id}"
    for action in ("archive", "delete"):
        assert browser.post(f"{url}/{action}", {}, token_from="/").status_code == 403
    assert browser.get(f"{url}/merge").status_code == 403
    with pytest.raises(PermissionDenied):
        operations.delete_association(town.seniors, town.eila)
    with pytest.raises(PermissionDenied):
        operations.archive_association(town.seniors, town.approver)


def test_issue_14_the_register_number_is_checked_and_kept_as_the_register_writes_it(browser, make):
    municipality = make.municipality()
    browser.login(make.coordinator(municipality))
    url = f"/m/{municipality.slug}/admin/associations"
    response = browser.post(url, {"name": "Seura", "register_number": "1234567-8", "active": "y"}, token_from=url)
    assert fi("This is a business ID (Y-tunnus), not a number of the register of associations.") in unescape(
        response.get_data(as_text=True))
    response = browser.post(url, {"name": "Seura", "register_number": "123 456", "contact_person": "Liisa",
                                  "active": "y"}, token_from=url)
    assert response.status_code == 302
    association = db.session.scalars(sa.select(Association)).one()
    assert (association.register_number, association.contact_person) == ("123.456", "Liisa")


def test_issue_14_an_old_name_that_looks_like_a_list_is_kept_while_other_details_change(browser, make):
    municipality = make.municipality()
    pasted = make.association(municipality, name="Kylän Nuoret ry Martat ry Eläkeläiset ry")
    browser.login(make.coordinator(municipality))
    url = f"/m/{municipality.slug}/admin/associations/{pasted.id}"
    response = browser.post(url, {"name": pasted.name, "email": "nuoret@example.fi", "active": "y"}, token_from=url)
    assert response.status_code == 302
    response = browser.post(url, {"name": "Kylän Nuoret ry; Martat ry", "active": "y"}, token_from=url)
    assert response.status_code == 200
    db.session.expire_all()
    assert (pasted.name, pasted.email) == ("Kylän Nuoret ry Martat ry Eläkeläiset ry", "nuoret@example.fi")
