"""The operator's commands: the demo, the January revision job, setting up a
municipality and its first coordinator."""
from __future__ import annotations

import sqlalchemy as sa

from drafting.associations.models import Association
from drafting.audit.models import AuditEvent
from drafting.auth.models import Invitation, StaffRoleKind, User
from drafting.extensions import db
from drafting.municipalities.models import Municipality
from drafting.workflow.models import DraftingRound, RoundSource, RoundState
from tests.messages import fi


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_the_demo_loads_once_and_prints_the_logins(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "koordinaattori@esimerkkikunta.fi" in first.output and "esimerkki-demo-2026" in first.output
    rounds = db.session.scalars(sa.select(DraftingRound).order_by(DraftingRound.year)).all()
    assert [(r.year, r.state) for r in rounds] == [(2025, RoundState.APPROVED), (2026, RoundState.WISHES)]
    assert rounds[1].source == RoundSource.PREVIOUS_ROUND and rounds[1].wishes_window_is_open
    assert count(Association) == 12 and count(User) == 6
    roles = {r.kind for u in db.session.scalars(sa.select(User)) for r in u.roles}
    assert roles == set(StaffRoleKind)
    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0 and "already loaded" in second.output
    assert (count(Municipality), count(DraftingRound), count(User)) == (1, 2, 6)


def test_the_january_job_starts_each_revision_once(app, make):
    municipality = make.municipality(slug="jokikunta")
    coordinator = make.coordinator(municipality)
    approved = make.round(municipality, coordinator, RoundState.APPROVED, year=2025)
    make.municipality(slug="tyhjakunta")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["rounds", "revise", "--year", "2026"])
    assert result.exit_code == 0, result.output
    assert "jokikunta: the 2026 revision started from the guideline approved for 2025" in result.output
    assert "tyhjakunta: no approved guideline to revise, skipped." in result.output
    db.session.expire_all()
    revision = db.session.scalar(sa.select(DraftingRound).where(DraftingRound.year == 2026))
    assert revision.previous_round_id == approved.id and revision.opened_by_id == coordinator.id
    again = runner.invoke(args=["rounds", "revise", "--municipality", "jokikunta"])
    assert again.exit_code == 0 and "the 2026 round is already open, skipped" in again.output
    assert count(DraftingRound) == 2


def test_the_january_job_says_what_stops_it(app, make):
    municipality = make.municipality(slug="jokikunta")
    coordinator = make.coordinator(municipality)
    make.round(municipality, coordinator, RoundState.APPROVED, year=2025)
    runner = app.test_cli_runner()
    unknown = runner.invoke(args=["rounds", "revise", "--municipality", "ei-ole"])
    assert unknown.exit_code != 0 and "No municipality with the address name 'ei-ole'" in unknown.output
    nobody = runner.invoke(args=["rounds", "revise", "--as", "ei.ole@kunta.fi"])
    assert nobody.exit_code == 1 and "no active coordinator ei.ole@kunta.fi" in nobody.output
    assert count(DraftingRound) == 1


def test_setting_up_a_municipality_and_its_coordinator(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["municipalities", "add", "kontiolahti", "Kontiolahti"])
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=["municipalities", "add", "kontiolahti", "Kontiolahti"])
    assert again.exit_code != 0
    bad = runner.invoke(args=["municipalities", "add", "Kontio Lahti", "Kontiolahti"])
    assert bad.exit_code != 0
    weak = runner.invoke(args=["users", "add", "k@kontiolahti.fi", "Kaisa", "--municipality", "kontiolahti",
                               "--role", "coordinator", "--password", "lyhyt"])
    assert weak.exit_code != 0 and count(User) == 0
    ok = runner.invoke(args=["users", "add", "K@Kontiolahti.fi", "Kaisa Laine", "--municipality", "kontiolahti",
                             "--role", "coordinator", "--role", "admin", "--password", "pitka-ja-hyva-salasana"])
    assert ok.exit_code == 0, ok.output
    user = db.session.scalars(sa.select(User)).one()
    assert user.email == "k@kontiolahti.fi"
    assert {r.kind for r in user.roles} == {StaffRoleKind.COORDINATOR, StaffRoleKind.ADMIN}


def audit_rows(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)))


def test_issue_13_every_command_keeps_its_name(app):
    """The commands moved to their features under the names the README gives."""
    commands = {name: set(group.commands) for name, group in app.cli.commands.items()
                if name in {"demo", "rounds", "municipalities", "users", "mail", "backup"}}
    assert commands == {
        "demo": {"load"},
        "rounds": {"revise"},
        "municipalities": {"add"},
        "users": {"add", "export-data", "erase", "deactivate", "activate", "purge-inactive"},
        "mail": {"send"},
        "backup": {"export", "import"},
    }


def test_issue_13_adding_a_municipality_is_audited(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["municipalities", "add", "kontiolahti", "Kontiolahti", "--bilingual"])
    assert result.exit_code == 0, result.output
    municipality = db.session.scalars(sa.select(Municipality)).one()
    [event] = audit_rows("create_municipality")
    assert (event.actor_id, event.municipality_id, event.object_type, event.object_id) == (
        None, municipality.id, "municipalities", municipality.id)
    assert event.details == {"slug": "kontiolahti", "bilingual": True}
    again = runner.invoke(args=["municipalities", "add", "kontiolahti", "Kontiolahti"])
    assert again.exit_code != 0 and len(audit_rows("create_municipality")) == 1


def test_issue_13_adding_a_user_goes_through_an_audited_operation(app, make):
    municipality = make.municipality(slug="kontiolahti")
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["users", "add", " K@Kontiolahti.fi", "Kaisa  Laine", "--municipality", "kontiolahti",
                             "--role", "coordinator", "--role", "approver", "--password", "pitka-ja-hyva-salasana"])
    assert ok.exit_code == 0, ok.output
    user = db.session.scalars(sa.select(User)).one()
    assert (user.email, user.name) == ("k@kontiolahti.fi", "Kaisa Laine")
    [event] = audit_rows("create_user")
    assert (event.actor_id, event.municipality_id, event.object_type, event.object_id) == (
        None, municipality.id, "users", user.id)
    assert event.details == {"roles": ["approver", "coordinator"]}

    taken = runner.invoke(args=["users", "add", "k@kontiolahti.fi", "Toinen", "--municipality", "kontiolahti",
                                "--role", "admin", "--password", "pitka-ja-hyva-salasana"])
    assert taken.exit_code != 0
    assert fi("A user with the e-mail address %(email)s exists already.", email="k@kontiolahti.fi") in taken.output
    weak = runner.invoke(args=["users", "add", "uusi@kontiolahti.fi", "Uusi", "--municipality", "kontiolahti",
                               "--role", "admin", "--password", "lyhyt"])
    assert weak.exit_code != 0 and fi("The password is not acceptable.") in weak.output
    assert "\n  - " in weak.output
    assert count(User) == 1 and len(audit_rows("create_user")) == 1


def test_issue_13_the_demo_is_built_through_audited_operations(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    actions = dict(db.session.execute(sa.select(AuditEvent.action, sa.func.count()).group_by(AuditEvent.action)).all())
    assert {action: actions.get(action) for action in
            ("create_municipality", "create_user", "create_association", "invite", "accept_invitation")} == {
        "create_municipality": 1, "create_user": 4, "create_association": 12, "invite": 3, "accept_invitation": 3}
    users = set(db.session.scalars(sa.select(User.id)))
    created = {event.object_id for event in audit_rows("create_user")}
    joined = {db.session.get(Invitation, event.object_id).accepted_by_id for event in audit_rows("accept_invitation")}
    assert created | joined == users
