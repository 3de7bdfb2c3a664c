"""A municipality's backup holds its own people, and no session secret or
password that opens another municipality's data (issue 12, "Also seen")."""
from __future__ import annotations

import json

from drafting.auth import operations
from drafting.auth.models import Language, StaffRoleKind
from drafting.backup.archive import export_municipality
from drafting.extensions import db


def _join(inviter, municipality, association, person):
    invitation, _token = operations.invite(inviter, municipality_id=municipality.id, email=person.email,
                                           association=association)
    operations.accept_invitation(invitation, name="", password=None, language=Language.FI)
    db.session.commit()


def test_a_backup_leaves_out_other_municipalities_passwords_and_every_session(make):
    a, b = make.municipality(), make.municipality()
    a_coordinator = make.coordinator(a)
    b_coordinator = make.coordinator(b)
    b_member = make.user(b, StaffRoleKind.WELFARE_MEMBER)
    b_only = make.coordinator(b)
    association = make.association(a)
    _join(a_coordinator, a, association, b_coordinator)
    _join(a_coordinator, a, association, b_member)
    operations.remove_access(a_coordinator, b_member, a.id)
    for person in (a_coordinator, b_coordinator, b_member, b_only):
        operations.record_login(person)
    db.session.commit()

    backup = export_municipality(a.slug)
    users = {row["id"]: row for row in backup["tables"]["users"]}
    assert set(users) == {a_coordinator.id, b_coordinator.id, b_member.id}
    assert users[a_coordinator.id]["password_hash"] == a_coordinator.password_hash
    assert users[a_coordinator.id]["email"] == a_coordinator.email
    # B's coordinator represents an A association: A keeps them, not their password
    assert users[b_coordinator.id]["email"] == b_coordinator.email
    assert users[b_coordinator.id]["password_hash"] is None
    # no longer in A: by name alone
    assert users[b_member.id]["name"] == b_member.name
    assert users[b_member.id]["email"] == f"person-{b_member.id}@elsewhere.invalid"
    assert users[b_member.id]["password_hash"] is None
    assert "login_sessions" not in backup["tables"]
    text = json.dumps(backup)
    assert "session_token" not in text and b_only.email not in text
