"""Every route of the application × every kind of person × every round state:
an access the table in drafting/access.py does not grant fails the test, and
so does a route missing from the table."""
from __future__ import annotations

import re
import secrets
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from drafting import create_app
from drafting.audit.models import AuditEvent
from drafting.auth.models import Invitation, PasswordReset, StaffRoleKind, hash_token
from drafting.comments.models import Comment, CommentKind
from drafting.core import utcnow
from drafting.documents.operations import save_section
from drafting.documents.queries import current_version
from drafting.extensions import db
from drafting.proposals.models import ChangeProposal
from drafting.publishing.models import DocumentImport
from drafting.workflow.models import DecisionStep, DraftingRound, RoundState
from drafting.workflow.operations import start_revision
from drafting.workflow.table import Action
from tests.security.access_oracle import ACCESS, Who, allows

STATES = [RoundState.DECISION, RoundState.WISHES, RoundState.WELFARE_REVIEW, RoundState.ASSOCIATION_EVENING,
          RoundState.APPROVAL, RoundState.APPROVED, RoundState.ARCHIVED]
PARAMETER_VALUES = {"step": [step.value for step in DecisionStep], "action": [action.value for action in Action]}


@pytest.fixture(scope="module")
def open_app(database_url):
    """The application without CSRF and rate limits: this test is about who may do what."""
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "matrix",
                       "WTF_CSRF_ENABLED": False, "RATE_LIMITS_ENABLED": False, "MAIL_SERVER": None})


class World:
    def __init__(self, make, state: RoundState):
        self.state = state
        municipality = make.municipality()
        other = make.municipality()
        coordinator = make.coordinator(municipality)
        association = make.association(municipality)
        other_association = make.association(municipality)
        self.people = {
            Who.RESIDENT: make.user(),
            Who.REPRESENTATIVE: make.user(municipality, associations=[association]),
            Who.OTHER_REPRESENTATIVE: make.user(municipality, associations=[other_association]),
            Who.WELFARE_MEMBER: make.user(municipality, StaffRoleKind.WELFARE_MEMBER),
            Who.APPROVER: make.user(municipality, StaffRoleKind.APPROVER),
            Who.COORDINATOR: coordinator,
            Who.OTHER_COORDINATOR: make.coordinator(other),
            Who.ADMIN: make.user(municipality, StaffRoleKind.ADMIN),
        }
        target = RoundState.APPROVED if state == RoundState.ARCHIVED else state
        round_ = make.round(municipality, coordinator, target, year=2026)
        if state == RoundState.ARCHIVED:
            newer = start_revision(round_, coordinator, year=2027)
            db.session.commit()
            make.advance(newer, coordinator, RoundState.APPROVED)
        round_.wishes_closes_on = (utcnow() + timedelta(days=5)).date()
        section = round_.sections[0]
        if section.current_number == 0:
            round_.state, saved_state = RoundState.DECISION, round_.state
            save_section(section, coordinator, base_number=0, heading=section.heading, text="<p>Teksti.</p>")
            round_.state = saved_state
        representative = self.people[Who.REPRESENTATIVE]
        comment = Comment(round_id=round_.id, section_id=section.id, kind=CommentKind.COMMENT, internal=False,
                          author_id=representative.id, association_id=association.id, text="<p>Kommentti</p>")
        version = current_version(section)
        proposal = ChangeProposal(round_id=round_.id, section_id=section.id, base_version_id=version.id,
                                  base_text=version.text, proposed_text="<p>Uusi.</p>", rebased_on_version_id=version.id,
                                  current_text="<p>Uusi.</p>", rationale="Syy", author_id=representative.id,
                                  association_id=association.id)
        imported = DocumentImport(municipality_id=municipality.id, uploaded_by_id=coordinator.id, filename="x.docx",
                                  sections=[{"heading": "A", "text": "<p>a</p>"}], warnings=[], split_on="headings")
        invitation_token, reset_token = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
        db.session.add_all([comment, proposal, imported])
        db.session.add(Invitation(token_hash=hash_token(invitation_token), email="uusi@example.fi",
                                  municipality_id=municipality.id, association_id=association.id,
                                  invited_by_id=coordinator.id, expires_at=utcnow() + timedelta(days=1)))
        db.session.add(PasswordReset(user_id=self.people[Who.RESIDENT].id, token_hash=hash_token(reset_token),
                                     expires_at=utcnow() + timedelta(hours=1)))
        for person in self.people.values():
            person.end_sessions()
        db.session.commit()
        assert round_.state == state
        self.round_id = round_.id
        self.values = {
            "slug": municipality.slug, "round_id": round_.id, "section_id": section.id, "comment_id": comment.id,
            "proposal_id": proposal.id, "association_id": association.id,
            "user_id": self.people[Who.WELFARE_MEMBER].id, "import_id": imported.id, "year": round_.year, "index": 0,
            "invitation": invitation_token, "reset": reset_token,
        }

    def changed(self) -> bool:
        db.session.expire_all()
        return db.session.get(DraftingRound, self.round_id).state != self.state


def routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def variants(rule, world: World):
    """Every way of filling in the route's parameters."""
    names = sorted(rule.arguments)
    choices = [[]]
    for name in names:
        if name in PARAMETER_VALUES:
            values = PARAMETER_VALUES[name]
        elif name == "token":
            values = [world.values["invitation" if "invitation" in rule.rule else "reset"]]
        else:
            assert name in world.values, f"the access test does not know the parameter {name!r} of {rule.rule}"
            values = [world.values[name]]
        choices = [chosen + [(name, value)] for chosen in choices for value in values]
    return [dict(chosen) for chosen in choices]


def url_of(rule, params: dict) -> str:
    url = rule.rule
    for name, value in params.items():
        url = re.sub(rf"<(?:\w+:)?{name}>", str(value), url)
    return url


def refused(client, response) -> bool:
    if response.status_code in (401, 403, 404, 405, 429):
        return True
    if response.status_code in (301, 302, 303, 307, 308):
        if "/login" in response.location:
            return True
        return "message--error" in client.get(response.location).get_data(as_text=True)
    return False


def test_every_route_is_in_the_table(open_app):
    missing = [(rule.endpoint, method) for rule, method in routes(open_app) if (rule.endpoint, method) not in ACCESS]
    assert missing == []
    extra = set(ACCESS) - {(rule.endpoint, method) for rule, method in routes(open_app)}
    assert extra == set()


@pytest.mark.parametrize("state", STATES, ids=lambda s: s.value)
def test_no_access_beyond_the_table(open_app, make, state):
    world = World(make, state)
    clients = {who: open_app.test_client() for who in Who}
    checked, violations = 0, []
    audit = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    for rule, method in routes(open_app):
        for params in variants(rule, world):
            for who in Who:
                client = clients[who]
                if who != Who.ANONYMOUS:
                    person = world.people[who]
                    db.session.refresh(person)
                    session_id = person.start_session()  # a logout or a deactivation may have ended the last
                    db.session.commit()
                    with client.session_transaction() as session:
                        session["_user_id"] = session_id
                        session["_fresh"] = True
                        session["seen"] = int(time.time())
                url = url_of(rule, params)
                if method == "GET":
                    response = client.get(url)
                else:
                    data = {"from_state": world.state.value, "reason": "Syy", "confirm_early_close": "y"} \
                        if rule.endpoint == "workflow.transition" else {}
                    response = client.post(url, data=data)
                assert response.status_code < 500, (rule.endpoint, method, who, url, response.status_code)
                checked += 1
                if not refused(client, response) and not allows(rule.endpoint, method, who, world.state, params):
                    violations.append((rule.endpoint, method, who.value, url, response.status_code))
                now = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
                if method == "POST" and (now != audit or world.changed()):
                    world = World(make, state)
                    audit = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
                    params = {**params, **{k: v for k, v in world.values.items() if k in params}}
    assert violations == []
    assert checked > 600
