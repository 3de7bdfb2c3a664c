"""A form's one-time submission token belongs to the person who sends it
(issue 12, "Also seen"): the same token from someone else neither leads them
to what the first person created nor stops their own submission."""
from __future__ import annotations

import sqlalchemy as sa

from drafting.auth.models import Invitation
from drafting.extensions import db


def test_a_submission_token_sent_by_another_person_is_their_own_submission(browser, other_browser, make):
    a, b = make.municipality(), make.municipality()
    browser.login(make.coordinator(a))
    other_browser.login(make.coordinator(b))
    token = "a" * 32
    first = browser.post(f"/m/{a.slug}/admin/users", {
        "email": "eka@example.fi", "kind": "representative", "association_id": str(make.association(a).id),
        "submission_token": token}, token_from=f"/m/{a.slug}/admin/users")
    assert first.headers["Location"] == f"/m/{a.slug}/admin/users"
    second = other_browser.post(f"/m/{b.slug}/admin/users", {
        "email": "toka@example.fi", "kind": "representative", "association_id": str(make.association(b).id),
        "submission_token": token}, token_from=f"/m/{b.slug}/admin/users")
    assert second.headers["Location"] == f"/m/{b.slug}/admin/users"
    invited = db.session.scalars(sa.select(Invitation.email).order_by(Invitation.id)).all()
    assert invited == ["eka@example.fi", "toka@example.fi"]
    # the first person sending their form again still makes nothing new
    again = browser.post(f"/m/{a.slug}/admin/users", {
        "email": "eka@example.fi", "kind": "representative", "association_id": str(db.session.scalars(
            sa.select(Invitation.association_id)).first()), "submission_token": token},
        token_from=f"/m/{a.slug}/admin/users")
    assert again.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 2
