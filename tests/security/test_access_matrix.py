"""Issue 13: the access table the application enforces (drafting/access),
walked both ways. Every route × every kind of person × every round state:
what the table grants succeeds, sent with valid data, and shows its effect;
what it refuses is answered 403 (or a visitor is sent to log in) and nothing
is written. A route missing from the table fails, and a view that answers
without asking the table fails in every test (drafting/access/feature.py)."""
from __future__ import annotations

import enum
import io
import re
import secrets
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from docx import Document

from drafting import access, create_app
from drafting.associations import operations as association_operations
from drafting.associations.lists import rows_from_text
from drafting.associations.models import Association, AssociationImport
from drafting.associations.operations import read_list
from drafting.auth.models import Invitation, PasswordReset, StaffRoleKind, User, hash_token
from drafting.comments.models import Comment, CommentKind
from drafting.core import local_today, utcnow
from drafting.documents.operations import save_section
from drafting.documents.outlines import OUTLINES
from drafting.documents.queries import current_version
from drafting.extensions import db
from drafting.notifications.models import AssociationClaim
from drafting.notifications.optout import address_link
from drafting.notifications.reach import claim_token
from drafting.proposals.models import ChangeProposal
from drafting.publishing.models import DocumentImport
from drafting.workflow.models import DecisionStep, DraftingRound, RoundState
from drafting.workflow.operations import start_revision
from drafting.workflow.table import Action
from tests.conftest import PASSWORD


class Who(enum.Enum):
    """The kinds of person the matrix signs in as."""

    ANONYMOUS = "anonymous"
    RESIDENT = "resident"                          # signed in, no role in the municipality
    REPRESENTATIVE = "representative"              # of the association that wrote the comment and the proposal
    OTHER_REPRESENTATIVE = "other_representative"  # of another association of the municipality
    WELFARE_MEMBER = "welfare_member"
    APPROVER = "approver"
    COORDINATOR = "coordinator"
    OTHER_COORDINATOR = "other_coordinator"        # coordinator of another municipality
    ADMIN = "admin"


STATES = [RoundState.DECISION, RoundState.WISHES, RoundState.WELFARE_REVIEW, RoundState.ASSOCIATION_EVENING,
          RoundState.APPROVAL, RoundState.APPROVED, RoundState.ARCHIVED]
PARAMETER_VALUES = {"step": [step.value for step in DecisionStep], "action": [action.value for action in Action]}
OPEN = {RoundState.DECISION, RoundState.WISHES, RoundState.WELFARE_REVIEW, RoundState.ASSOCIATION_EVENING,
        RoundState.APPROVAL}

# What the table grants but a state rule of the feature holds back in the
# test world, each with its reason: the answer is the feature's message and
# nothing is written (checked like a refusal, but not a 403).
HELD_BY_STATE = {
    ("workflow.transition", "submit_for_approval"): "the world's comment and proposal are open items",
    ("workflow.transition", "open_wishes"): "the decision to prepare is recorded only by the test world's later steps",
    ("workflow.transition", "open_association_evening"): "the welfare group's review is not recorded in the world",
    ("workflow.transition", "approve"): "the approval decision is not recorded in the world",
    ("workflow.start_revision", RoundState.ARCHIVED): "only the latest approved guideline is revised",
    ("workflow.open_round", "open"): "one round at a time: the world's round is open",
    ("publishing.preview", "open"): "one round at a time: the world's round is open",
    ("publishing.preview", RoundState.APPROVED): "the import is for the year of the world's approved round",
    ("publishing.preview", RoundState.ARCHIVED): "the import is for the year of the world's approved rounds",
    ("documents.remove_section", "always"): "the world's section has a comment and a proposal: it can only be withdrawn",
    ("registry.delete", "always"): "the world's association has a comment and a representative: it is kept",
    ("registry.restore", "always"): "the world's association is active: there is nothing to restore",
    ("registry.preview", Who.ADMIN): "a list's preview is its uploader's own (the coordinator's in the world)",
    ("notifications.claim", Who.REPRESENTATIVE): "the world's representative already represents the association",
    ("notifications.ask_to_represent", Who.REPRESENTATIVE):
        "the world's representative already represents the association",
    ("notifications.ask_to_represent", Who.RESIDENT): "the world's resident has asked already; the claim waits",
}
# Published things that do not exist before the first approval.
NOT_YET_PUBLISHED = {"publishing.public_document", "publishing.public_document_of_year", "public.guideline",
                     "public.guideline_year"}
# Submissions that change what the next request finds (the round, the
# comment, the proposal, a person, a one-time link): the world is built anew.
DISTURBING = {"comments.hide", "proposals.accept", "proposals.reject", "proposals.edit_and_accept",
              "proposals.withdraw", "administration.set_role", "administration.set_active", "administration.erase",
              "administration.remove_access", "auth.close_account", "auth.accept_invitation", "auth.reset_password",
              "publishing.preview", "workflow.start_revision", "workflow.transition", "documents.withdraw_section",
              "publishing.remove_import_section", "notifications.claim", "notifications.unsubscribe", "notifications.claim_account",
              "notifications.decide_claim", "notifications.ask_to_represent", "registry.preview", "registry.archive",
              "registry.merge"}


def held(endpoint: str, state: RoundState, params: dict, who: Who) -> bool:
    keys = {(endpoint, state), (endpoint, params.get("action")), (endpoint, "open" if state in OPEN else "closed"),
            (endpoint, "always"), (endpoint, who)}
    return any(key in HELD_BY_STATE for key in keys)


@pytest.fixture(scope="module")
def open_app(database_url):
    """The application without CSRF and rate limits: this test is about who may do what."""
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "matrix",
                       "WTF_CSRF_ENABLED": False, "RATE_LIMITS_ENABLED": False, "MAIL_SERVER": None})


def a_docx() -> bytes:
    document = Document()
    document.add_heading("Tarkoitus", level=1)
    document.add_paragraph("Ohjeen tarkoitus on yhteistyö.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


DOCX = a_docx()


class World:
    """A municipality with its people and one round in the given state, with
    a comment and a proposal of an association, an import waiting for its
    preview, an invitation and a password reset."""

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
        round_.wishes_closes_on = local_today() + timedelta(days=5)
        section = round_.sections[0]
        if section.current_number == 0:
            round_.state, saved_state = RoundState.DECISION, round_.state
            save_section(section, coordinator, base_number=0, heading=section.heading, text="<p>Teksti.</p>")
            round_.state = saved_state
        representative = self.people[Who.REPRESENTATIVE]
        kind = {RoundState.WISHES: CommentKind.WISH}.get(state, CommentKind.COMMENT)
        comment = Comment(round_id=round_.id, section_id=section.id, kind=kind, internal=False,
                          author_id=representative.id, association_id=association.id, text="<p>Kommentti</p>")
        version = current_version(section)
        proposal = ChangeProposal(round_id=round_.id, section_id=section.id, base_version_id=version.id,
                                  base_text=version.text, proposed_text="<p>Uusi.</p>", rebased_on_version_id=version.id,
                                  current_text="<p>Uusi.</p>", rationale="Syy", author_id=representative.id,
                                  association_id=association.id)
        imported = DocumentImport(municipality_id=municipality.id, uploaded_by_id=coordinator.id, filename="x.docx",
                                  sections=[{"heading": "A", "text": "<p>a</p>"}, {"heading": "B", "text": "<p>b</p>"}],
                                  warnings=[], split_on="headings")
        association.email = "yhdistys@example.fi"
        listed = read_list(municipality.id, coordinator, source="lista", rows=rows_from_text("Uusi kyläseura ry"))
        self.invitation, self.reset = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
        self.csrf: dict = {}
        db.session.add_all([comment, proposal, imported])
        db.session.add(Invitation(token_hash=hash_token(self.invitation), email=f"uusi-{self.invitation[:8]}@example.fi",
                                  municipality_id=municipality.id, association_id=association.id,
                                  invited_by_id=coordinator.id, expires_at=utcnow() + timedelta(days=1)))
        db.session.add(PasswordReset(user_id=self.people[Who.RESIDENT].id, token_hash=hash_token(self.reset),
                                     expires_at=utcnow() + timedelta(hours=1)))
        for person in self.people.values():
            person.end_sessions()
        db.session.commit()
        assert round_.state == state
        self.round_id, self.section_id, self.version_id = round_.id, section.id, version.id
        self.association_id, self.other_association_id = association.id, other_association.id
        self.association_import_id = listed.id
        self.values = {
            "slug": municipality.slug, "round_id": round_.id, "section_id": section.id, "comment_id": comment.id,
            "proposal_id": proposal.id, "association_id": association.id,
            "user_id": self.people[Who.WELFARE_MEMBER].id, "import_id": imported.id, "year": round_.year, "index": 0,
        }

    def person(self, who: Who):
        return None if who == Who.ANONYMOUS else db.session.get(User, self.people[who].id)

    def round_state(self) -> RoundState:
        db.session.expire_all()
        return db.session.get(DraftingRound, self.round_id).state


_FOOTPRINT = []


def built_world(app, make, state: RoundState) -> World:
    """The world, with the claim link and the unsubscribe link its association's
    address was sent (signed with the app's key)."""
    world = World(make, state)
    with app.app_context():
        # an address of its own in each world: an account made from the claim link takes it
        db.session.get(Association, world.association_id).email = f"yhdistys-{secrets.token_hex(4)}@example.fi"
        db.session.commit()
        world.claim = claim_token(db.session.get(Association, world.association_id))
        world.unsubscribe = address_link(db.session.get(Association, world.association_id)).rsplit("/", 1)[1]
        claim = AssociationClaim(association_id=world.association_id, user_id=world.people[Who.RESIDENT].id)
        db.session.add(claim)
        db.session.commit()
        world.values["claim_id"] = claim.id
    return world


def footprint() -> tuple:
    """The number of rows of every table (the audit trail among them), read in one query."""
    if not _FOOTPRINT:
        _FOOTPRINT.append(sa.select(*[sa.select(sa.func.count()).select_from(table).scalar_subquery()
                                      for table in db.metadata.sorted_tables]))
    return tuple(db.session.execute(_FOOTPRINT[0]).one())


def valid_data(endpoint: str, world: World, who: Who, params: dict, state: RoundState) -> dict:
    """A valid submission of the route's form, as this person would fill it in."""
    today = local_today()
    section = world.values["section_id"]
    current = db.session.get(DraftingRound, world.round_id).sections
    base = next(s.current_number for s in current if s.id == section)
    imported_heading = db.session.get(DocumentImport, world.values["import_id"]).sections[0]["heading"]
    writes_for = {}
    if who in (Who.REPRESENTATIVE, Who.OTHER_REPRESENTATIVE):
        own = db.session.get(User, world.people[who].id).association_ids()
        writes_for = {"association_id": str(sorted(own)[0])}
    elif who == Who.COORDINATOR and state == RoundState.ASSOCIATION_EVENING:
        writes_for = {"association_id": str(world.association_id), "on_behalf": "y"}
    decision = {
        "decision": {"decided_on": today.isoformat(), "body": "management_group", "minutes_paragraph": "§ 3",
                     "responsible_persons": "Kaisa", "authorised_coordinator": "Kaisa"},
        "welfare_review": {"decided_on": today.isoformat(), "outcome": "Hyvä."},
        "approval": {"decided_on": today.isoformat(), "body": "council", "minutes_paragraph": "§ 5"},
    }
    forms = {
        "accessibility.statement": {"message": "Kontrasti on heikko.", "contact": ""},
        "accessibility.edit": {"compliance": "partial", "non_accessible_content": "Liitteet.",
                               "assessment": "Itsearvio.", "feedback_email": "palaute@example.fi"},
        "administration.users": {"email": f"uusi{secrets.token_hex(3)}@example.fi", "kind": "staff",
                                 "role": "welfare_member"},
        "administration.set_role": {"role": "approver", "granted": "1"},
        "administration.set_active": {"active": "0"},
        "administration.erase": {f"erase-{world.values['user_id']}-confirm": "y"},
        "administration.remove_access": {},
        "administration.associations": {"name": f"Uusi yhdistys {secrets.token_hex(3)}", "active": "y"},
        "administration.edit_association": {"name": f"Muutettu yhdistys {secrets.token_hex(3)}", "active": "y",
                                            "description": "Kuvaus"},
        "associations.edit_details": {"email": "yhdistys@example.fi", "description": f"Kuvaus {secrets.token_hex(3)}"},
        "auth.accept_invitation": {"name": "Uusi Ihminen", "password": "pitka-salasana-2026",
                                   "password_again": "pitka-salasana-2026", "language": "fi"},
        "auth.forgot_password": {"email": world.people[Who.RESIDENT].email},
        "auth.login": {"email": world.people[Who.RESIDENT].email, "password": PASSWORD},
        "auth.reset_password": {"password": "pitka-salasana-2026", "password_again": "pitka-salasana-2026"},
        "auth.set_language": {"language": "sv"},
        "auth.logout": {},
        "auth.settings": {"language": "sv", "wants_notifications": "y"},
        "auth.close_account": {"close-confirm": "y", "close-password": PASSWORD},
        "comments.post_document_comment": {"text": "<p>Uusi kommentti.</p>", **writes_for},
        "comments.post_section_comment": {"text": "<p>Uusi kommentti.</p>", **writes_for},
        "comments.post_reply": {"reply-text": "<p>Vastaus.</p>", "reply-association_id": writes_for.get("association_id", "")
                               if who != Who.COORDINATOR else ""},
        "comments.edit": {"text": "<p>Muokattu kommentti.</p>"},
        "comments.hide": {"hide-reason": "Asiaton."},
        "comments.respond": {"response-disposition": "noted", "response-text": "Otettu tiedoksi.",
                             "response-linked_version_id": ""},
        "documents.add_section": {"heading": "Uusi luku"},
        "documents.edit_section": {"base_number": str(base), "heading": "Luku", "text": "<p>Uusi teksti.</p>",
                                   "reason": "Selkeämpi."},
        "proposals.new": {"base_number": str(base), "text": "<p>Ehdotettu teksti.</p>", "rationale": "Selkeämpi.",
                          **{k: v for k, v in writes_for.items() if state == RoundState.ASSOCIATION_EVENING}},
        "proposals.accept": {"accept-seen_version_id": str(world.version_id)},
        "proposals.reject": {"reject-seen_version_id": str(world.version_id), "reject-reason": "Ei nyt."},
        "proposals.edit_and_accept": {"seen_version_id": str(world.version_id), "text": "<p>Muokattu.</p>",
                                      "reason": "Lyhyempi."},
        "proposals.withdraw": {},
        "publishing.upload": {"document": (io.BytesIO(DOCX), "ohje.docx")},
        "publishing.preview": {"year": "2026"},
        "publishing.agenda_plan": {"body_kind": "committee", "body_name": f"Lautakunta {secrets.token_hex(3)}",
                                   "meeting_on": (today + timedelta(days=40)).isoformat(),
                                   "preparer": "Kaisa, koordinaattori, kaisa@example.fi",
                                   "presenter": "Pekka, sivistysjohtaja, pekka@example.fi"},
        "workflow.open_round": {"year": "2031", "outline": next(iter(OUTLINES))},
        "workflow.record_decision": decision.get(params.get("step"), {}),
        "workflow.schedule": {"wishes_opens_on": (today - timedelta(days=30)).isoformat(),
                              "wishes_closes_on": (today + timedelta(days=5)).isoformat(),
                              "evening_on": (today + timedelta(days=30)).isoformat(), "evening_starts_at": "18:00",
                              "evening_place": "Kirjasto"},
        "workflow.transition": {"from_state": state.value, "reason": "Syy.", "confirm_early_close": "y"},
        "workflow.start_revision": {},
        "documents.move_section": {"direction": "down"},
        "documents.remove_section": {},
        "documents.withdraw_section": {"reason": "Luku yhdistetään toiseen."},
        "publishing.move_import_section": {"heading": imported_heading, "direction": "down"},
        "publishing.remove_import_section": {"heading": imported_heading},
        "publishing.rename_import_section": {"heading": imported_heading,
                                             "new_heading": f"Otsikko {secrets.token_hex(3)}"},
        "notifications.claim": {},
        "notifications.unsubscribe": {},
        "notifications.claim_account": {"name": "Uusi Edustaja", "password": PASSWORD, "password_again": PASSWORD,
                                         "language": "fi"},
        "notifications.ask_to_represent": {},
        "notifications.decide_claim": {"decision": "confirm"},
        "registry.import_list": {"text": "Uusi yhdistys ry\nToinen seura ry"},
        "registry.preview": {"seen": association_operations.fingerprint(association_operations.assess_import(
            db.session.get(AssociationImport, world.association_import_id)))},
        "registry.archive": {},
        "registry.restore": {},
        "registry.delete": {},
        "registry.merge": {"merged_id": str(world.other_association_id), "confirm": "y"},
    }
    data = forms[endpoint]
    if endpoint == "auth.set_language" and who != Who.ANONYMOUS:
        data["csrf_token"] = world.csrf[who]
    return data


def routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def variants(rule, world: World):
    """Every way of filling in the route's parameters."""
    choices = [[]]
    for name in sorted(rule.arguments):
        if name in PARAMETER_VALUES:
            values = PARAMETER_VALUES[name]
        elif name == "import_id" and rule.endpoint.startswith("registry."):
            values = [world.association_import_id]
        elif name == "token":
            values = [world.invitation if "invitation" in rule.rule else world.claim if "claim" in rule.rule
                      else world.unsubscribe if "unsubscribe" in rule.rule
                      else world.reset]
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


def refused(response) -> bool:
    """403, or a visitor sent to log in."""
    if response.status_code == 403:
        return True
    return response.status_code in (302, 303) and "/login" in response.location


def succeeded(client, response) -> bool:
    """A page, a file, or the redirect a success gives (with no error message waiting to be shown)."""
    if 200 <= response.status_code < 300:
        return True
    if response.status_code in (302, 303) and "/login?" not in response.location:
        with client.session_transaction() as session:
            return not any(category == "error" for category, _message in session.get("_flashes", []))
    return False


def sign_in(app, client, world: World, who: Who) -> None:
    """A fresh session of the person in the client (the CSRF token a signed-in
    person's choice of language needs, too)."""
    with client.session_transaction() as session:
        session.clear()
    if who == Who.ANONYMOUS:
        return
    session_id = world.person(who).start_session()
    db.session.commit()
    with app.test_request_context():
        from flask import session as request_session
        from flask_wtf.csrf import generate_csrf
        world.csrf[who] = generate_csrf()
        raw = request_session["csrf_token"]
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True
        session["seen"] = int(time.time())
        session["csrf_token"] = raw


def signed_in_clients(app, world: World) -> dict:
    clients = {who: app.test_client() for who in Who}
    for who, client in clients.items():
        sign_in(app, client, world, who)
    return clients


def test_issue_13_every_route_is_in_the_access_table(open_app):
    served = {(rule.endpoint, method) for rule, method in routes(open_app)}
    assert served - set(access.ROUTES) == set()
    assert set(access.ROUTES) - served == set()


def test_issue_13_a_view_that_does_not_ask_the_table_fails(open_app):
    """The guard that makes every other test of the suite a test that the views enforce the table."""
    from drafting.access.feature import UncheckedRoute

    endpoint = "comments.document_comments"
    view = open_app.view_functions[endpoint]
    open_app.view_functions[endpoint] = lambda round_id: "page"
    try:
        with pytest.raises(UncheckedRoute):
            open_app.test_client().get("/rounds/1/comments")
    finally:
        open_app.view_functions[endpoint] = view


@pytest.mark.parametrize("state", STATES, ids=lambda s: s.value)
def test_issue_13_the_table_is_enforced_both_ways(open_app, make, state):
    world = built_world(open_app, make, state)
    clients = signed_in_clients(open_app, world)
    checked, granted, wrong = 0, 0, []
    for rule, method in routes(open_app):
        for choice in range(len(variants(rule, world))):
            for who in Who:
                params = variants(rule, world)[choice]
                url, client = url_of(rule, params), clients[who]
                with open_app.test_request_context():
                    allowed = access.allows(rule.endpoint, method, world.person(who) or _anonymous(), params)
                before = footprint() if method == "POST" else None
                with client.session_transaction() as session:
                    session.pop("_flashes", None)  # what an earlier answer had to say
                if method == "GET":
                    response = client.get(url)
                else:
                    response = client.post(url, data=valid_data(rule.endpoint, world, who, params, state),
                                           content_type="multipart/form-data")
                checked += 1
                case = (rule.endpoint, method, who.value, url, response.status_code)
                assert response.status_code < 500, case
                if not allowed:
                    if not refused(response):
                        wrong.append(("granted by the app, refused by the table", *case))
                    elif method == "POST" and (footprint() != before or world.round_state() != state):
                        wrong.append(("refused but written", *case))
                    continue
                granted += 1
                if method == "GET":
                    if response.status_code == 404 and rule.endpoint in NOT_YET_PUBLISHED and state in OPEN:
                        continue
                    if held(rule.endpoint, state, params, who) and not refused(response):
                        continue
                    if not succeeded(client, response):
                        wrong.append(("granted by the table, refused by the app", *case))
                    continue
                moved = world.round_state() != state
                written = moved or footprint() != before
                if held(rule.endpoint, state, params, who):
                    if refused(response):
                        wrong.append(("held by a state rule, but answered as a refusal", *case))
                    continue
                if not succeeded(client, response):
                    wrong.append(("granted by the table, refused by the app", *case))
                elif not written and not shows_effect(rule.endpoint, client, world, who):
                    wrong.append(("granted and answered, but nothing written", *case))
                if moved or rule.endpoint in DISTURBING:
                    world = built_world(open_app, make, state)
                    clients = signed_in_clients(open_app, world)
                else:
                    sign_in(open_app, client, world, who)
    assert wrong == [], "\n".join(map(str, wrong))
    assert granted > 60
    assert checked > 600


def _anonymous():
    from drafting.extensions import login_manager
    return login_manager.anonymous_user()


def shows_effect(endpoint: str, client, world: World, who: Who) -> bool:
    """The effect of a granted submission that adds no row."""
    with client.session_transaction() as session:
        data = dict(session)
    if endpoint == "auth.set_language":
        return data.get("language") == "sv"
    if endpoint == "auth.login":
        return bool(data.get("_user_id"))
    if endpoint == "auth.logout":
        return not data.get("_user_id")
    if endpoint == "auth.settings":
        return world.person(who).language.value == "sv"
    return False
