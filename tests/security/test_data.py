"""Data that outlives the software: the whole history in one file and back,
a person's own data, erasure, retention, and an audit trail that cannot be
changed."""
from __future__ import annotations

import json
import uuid

import pytest
import sqlalchemy as sa

from drafting import create_app
from drafting.audit.models import AuditEvent, AuditTrailIsPermanent
from drafting.auth.models import User
from drafting.auth.privacy import erase_person, personal_data, purge_inactive
from drafting.comments import operations as comments
from drafting.comments.models import Comment, Disposition
from drafting.config import normalise_database_url
from drafting.core import utcnow
from drafting.documents.queries import current_version
from drafting.extensions import db
from drafting.proposals import operations as proposals
from drafting.publishing.guideline import build_docx
from drafting.workflow.models import DraftingRound, RoundState
from tests.conftest import Town


@pytest.fixture
def history(make):
    town = Town(make)
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    section = round_.sections[0]
    comment = comments.post_comment(round_, town.eila, text="Tärkeä kommentti", section=section,
                                    association_id=town.seniors.id)
    comments.reply(comment, town.coordinator, text="Kiitos")
    comments.respond(comment, town.coordinator, disposition=Disposition.NOTED, text="Huomioitu")
    proposal = proposals.propose(section, town.matti, association_id=town.village.id,
                                 text="<p>Uusi teksti.</p>", rationale="Parempi")
    proposals.accept(proposal, town.coordinator, seen_version_id=current_version(section).id)
    db.session.commit()
    make.advance(round_, town.coordinator, RoundState.APPROVED)
    return town, round_


@pytest.fixture
def empty_database(database_url, tmp_path):
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path}/restored.sqlite"
        return
    server = sa.engine.make_url(normalise_database_url(database_url))
    name = f"drafting_restore_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_a_backup_restores_into_an_empty_database_and_gives_the_same_docx(app, history, empty_database, tmp_path):
    town, round_ = history
    path = tmp_path / "varmuuskopio.json"
    result = app.test_cli_runner().invoke(args=["backup", "export", "testikunta", "--output", str(path)])
    assert result.exit_code == 0, result.output
    with app.test_request_context():
        original = build_docx(round_)
        tracked = build_docx(round_, tracked=True)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert {"comments", "change_proposals", "audit_events", "section_versions", "users"} <= set(data["tables"])
    assert all("stranger" not in row["email"] for row in data["tables"]["users"])

    restored = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database, "SECRET_KEY": "x",
                           "RATE_LIMITS_ENABLED": False})
    with restored.app_context():
        db.create_all()
        result = restored.test_cli_runner().invoke(args=["backup", "import", str(path)])
        assert result.exit_code == 0, result.output
        again = restored.test_cli_runner().invoke(args=["backup", "import", str(path)])
        assert again.exit_code != 0 and "not empty" in again.output
        restore = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "restore_backup")).one()
        assert (restore.actor_id, restore.municipality_id, restore.object_id) == (None, town.municipality.id,
                                                                                 town.municipality.id)
        assert restore.details == {"rows": sum(len(rows) for rows in data["tables"].values())}
        assert restore.id > max(row["id"] for row in data["tables"]["audit_events"])
        with restored.test_request_context():
            copy = db.session.get(DraftingRound, round_.id)
            assert build_docx(copy) == original
            assert build_docx(copy, tracked=True) == tracked
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_a_person_gets_their_own_data(browser, history):
    town, _round = history
    browser.login(town.eila)
    response = browser.get("/settings/my-data.json")
    data = response.get_json()
    assert data["account"]["email"] == town.eila.email
    assert [c["text"] for c in data["comments"]] == ["<p>Tärkeä kommentti</p>"]
    assert {a["name"] for a in data["associations"]} == {"Eläkeläiset ry", "Urheiluseura ry"}


def test_erasing_a_person_keeps_their_comment_under_the_association(browser, app, history):
    town, round_ = history
    browser.login(town.coordinator)
    page = "/m/testikunta/admin/users"
    response = browser.post(f"/m/testikunta/admin/users/{town.eila.id}/erase",
                            {f"erase-{town.eila.id}-confirm": "y"}, token_from=page)
    assert response.status_code == 302
    db.session.expire_all()
    eila = db.session.get(User, town.eila.id)
    assert eila.erased_at and not eila.active and eila.password_hash is None and "Eila" not in eila.name
    assert eila.email.endswith("@erased.invalid") and eila.memberships == []
    comment = db.session.scalars(sa.select(Comment).where(Comment.parent_id.is_(None))).one()
    assert comment.association_id == town.seniors.id and comment.text == "<p>Tärkeä kommentti</p>"
    summary = browser.text(f"/rounds/{round_.id}/summary")
    assert "Eila Edustaja" not in summary and "Eläkeläiset ry — " in summary
    with app.test_request_context():
        assert b"Eila Edustaja" not in build_docx(round_)


def test_retention_erases_long_unused_accounts(make):
    town = Town(make)
    town.matti.last_login_at = utcnow().replace(year=utcnow().year - 5)
    db.session.commit()
    assert purge_inactive(365 * 3) >= 1
    db.session.expire_all()
    assert db.session.get(User, town.matti.id).erased_at is not None
    assert db.session.get(User, town.coordinator.id).erased_at is None


def test_the_audit_trail_cannot_be_changed(history):
    event = db.session.scalars(sa.select(AuditEvent)).first()
    event.reason = "muutettu"
    with pytest.raises(AuditTrailIsPermanent):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(AuditTrailIsPermanent):
        db.session.execute(sa.delete(AuditEvent))
    db.session.rollback()
    with pytest.raises(AuditTrailIsPermanent):
        db.session.delete(db.session.scalars(sa.select(AuditEvent)).first())
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) > 5


def test_personal_data_lists_the_persons_actions(history):
    town, _round = history
    data = personal_data(town.coordinator)
    assert {"respond", "accept_proposal"} <= {action["action"] for action in data["actions"]}
    erase_person(town.matti, town.coordinator, reason="pyyntö")
    assert personal_data(town.matti)["account"]["email"].endswith("@erased.invalid")
