"""One invitation accepted from several browsers at once makes one account,
and every browser gets an answer, not an error (finding 20 of issue 12)."""
from __future__ import annotations

import threading

import sqlalchemy as sa

from drafting.auth import operations
from drafting.auth.models import Invitation, User
from drafting.extensions import db
from tests.conftest import PASSWORD, Browser


def _accept_at_once(app, paths: list[str], name: str = "Uusi Edustaja") -> list:
    browsers = [Browser(app.test_client()) for _ in paths]
    forms = [{"name": name, "password": PASSWORD, "password_again": PASSWORD, "language": "fi",
              "csrf_token": browser.csrf_token(path)} for browser, path in zip(browsers, paths)]
    start = threading.Barrier(len(browsers))
    responses: list = []

    def accept(browser: Browser, path: str, form: dict) -> None:
        start.wait()
        responses.append(browser.post(path, form))

    threads = [threading.Thread(target=accept, args=args) for args in zip(browsers, paths, forms)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def test_finding_20_one_invitation_accepted_five_times_at_once_makes_one_account(app, make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    association = make.association(municipality)
    invitation, token = operations.invite(coordinator, municipality_id=municipality.id,
                                          email="uusi@example.fi", association=association)
    db.session.commit()
    responses = _accept_at_once(app, [f"/invitation/{token}"] * 5)
    assert sorted(r.status_code for r in responses) == [302] * 5
    places = sorted(r.headers["Location"] for r in responses)
    assert places == ["/", "/login", "/login", "/login", "/login"]
    [user] = db.session.scalars(sa.select(User).where(User.email == "uusi@example.fi")).all()
    assert user.represents(association.id)
    db.session.refresh(invitation)
    assert invitation.accepted_by_id == user.id


def test_finding_20_two_invitations_to_one_address_accepted_at_once_make_one_account(app, make):
    a, b = make.municipality(), make.municipality()
    tokens = []
    for municipality in (a, b):
        _invitation, token = operations.invite(make.coordinator(municipality), municipality_id=municipality.id,
                                              email="kaksi@example.fi", association=make.association(municipality))
        tokens.append(token)
    db.session.commit()
    responses = _accept_at_once(app, [f"/invitation/{token}" for token in tokens])
    assert sorted(r.status_code for r in responses) == [302, 302]
    places = sorted(r.headers["Location"] for r in responses)
    assert places[0] == "/" and places[1].startswith("/login?next=/invitation/")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)
                             .where(User.email == "kaksi@example.fi")) == 1
    # the second invitation is still open: the person logs in and accepts it
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)
                             .where(Invitation.accepted_at.is_(None))) == 1
