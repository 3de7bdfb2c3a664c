"""Issue 15: the agenda text in the form of municipal minutes, drafted for a
named body's meeting before the decision and completed after it; read back
by a real LibreOffice."""
from __future__ import annotations

import re
from datetime import date, timedelta

import sqlalchemy as sa

from drafting.audit.models import AuditEvent
from drafting.core import local_today
from drafting.documents.operations import save_section
from drafting.documents.queries import current_version
from drafting.extensions import db
from drafting.proposals import operations as proposals
from drafting.publishing.agenda import agenda_docx, build_agenda
from drafting.publishing.models import AgendaPlan
from drafting.workflow import operations as workflow
from drafting.workflow.models import Body, DecidingBody, DecisionStep, RoundState
from tests.messages import fi
from tests.publishing.conftest import libreoffice_convert

S = RoundState
MEETING = date(2027, 1, 14)
HEADINGS = ("Prepared by", "Presented by", "Grounds", "Main changes", "Proposal", "Decision", "Attachments")
PLAN = {"body_kind": "committee", "body_name": "Hyvinvointilautakunta", "meeting_on": "14.1.2027",
        "preparer": "Kaisa Laine, hyvinvointikoordinaattori, kaisa.laine@testikunta.fi, 040 123 4567",
        "presenter": "Pekka Sivistysjohtaja, sivistysjohtaja, pekka@testikunta.fi"}


def _revision(town, make):
    """An approved 2025 guideline and its 2026 revision at the association
    evening: one chapter edited with a reason, one by an accepted proposal,
    one edited without a reason."""
    first = town.round(S.WISHES)
    first.year = 2025
    for section in first.sections[:3]:
        save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading,
                     text=f"<p>{section.heading}: vanha teksti.</p>")
    db.session.commit()
    make.advance(first, town.coordinator, S.APPROVED)
    revision = workflow.start_revision(first, town.coordinator, year=2026)
    db.session.commit()
    make.advance(revision, town.coordinator, S.ASSOCIATION_EVENING)
    one, two, three = revision.sections[:3]
    save_section(one, town.coordinator, base_number=one.current_number, heading=one.heading,
                 text="<p>Uusi johdanto.</p>", reason="Johdanto kertoo nyt ohjeen omistajan")
    proposal = proposals.propose(two, town.matti, association_id=town.village.id,
                                 text="<p>Avustukset haetaan huhtikuussa.</p>", rationale="Myöhempi hakuaika")
    proposals.accept(proposal, town.coordinator, seen_version_id=current_version(two).id)
    save_section(three, town.coordinator, base_number=three.current_number, heading=three.heading,
                 text="<p>Kolmas luku, uudet sanat tässä.</p>")
    db.session.commit()
    return revision


def test_issue_15_libreoffice_reads_the_agenda_headings_in_order(app, town, make, tmp_path):
    revision = _revision(town, make)
    with app.test_request_context():
        (tmp_path / "paatosehdotus.docx").write_bytes(agenda_docx(revision))
    libreoffice_convert([tmp_path / "paatosehdotus.docx"], "txt:Text (encoded):UTF8", tmp_path)
    text = (tmp_path / "paatosehdotus.txt").read_text(encoding="utf-8-sig")
    lines = [line.strip() for line in text.splitlines()]
    positions = [next(i for i, line in enumerate(lines) if line.startswith(fi(heading))) for heading in HEADINGS]
    assert positions == sorted(positions) and len(set(positions)) == len(HEADINGS)
    assert lines[0].startswith(fi("The approving body"))
    assert "Johdanto kertoo nyt ohjeen omistajan" in text and "Myöhempi hakuaika" in text
    third = revision.sections[2].heading
    assert fi("%(heading)s: %(added)s words added, %(removed)s words removed", heading=third, added=5,
              removed=3) in text


def test_issue_15_main_changes_come_from_the_reasons_with_word_counts_as_fallback(app, town, make):
    revision = _revision(town, make)
    one, two, three = revision.sections[:3]
    with app.test_request_context():
        changes = build_agenda(revision).changes
    assert f"{one.heading}: Johdanto kertoo nyt ohjeen omistajan." in changes
    assert f"{two.heading}: Myöhempi hakuaika." in changes
    assert any(change.startswith(f"{three.heading}: ") and "5" in change for change in changes)
    assert not any("words added" in change or "sanaa lisätty" in change for change in changes[:2])


def test_issue_15_the_tense_follows_the_date_of_the_evening(app, town, make):
    revision = _revision(town, make)
    revision.evening_on, revision.evening_place = date(2026, 9, 10), "Kunnantalo"
    db.session.commit()
    with app.test_request_context():
        before = build_agenda(revision, today=date(2026, 9, 1)).as_text()
        after = build_agenda(revision, today=date(2026, 9, 11)).as_text()
    assert "pidetään 10.9.2026" in before and "pidettiin" not in before
    assert "pidettiin 10.9.2026" in after and "pidetään" not in after


def test_issue_15_attachments_are_numbered_as_the_text_refers_to_them(app, town, make):
    revision = _revision(town, make)
    with app.test_request_context():
        item = build_agenda(revision)
    text = item.as_text()
    listed = item.numbered_attachments()
    assert listed[0].startswith("1. Järjestöyhteistyön ohje 2026")
    referred = {int(n) for n in re.findall(r"\bliit\w* (\d+)", text)}
    assert referred and referred <= set(range(1, len(listed) + 1))
    assert "liite 2" not in text.lower()


def test_issue_15_the_agenda_is_drafted_before_the_meeting_and_completed_after_the_decision(
        app, browser, other_browser, town, make):
    revision = _revision(town, make)
    browser.login(town.coordinator)
    url = f"/rounds/{revision.id}/agenda"
    page = browser.text(url)
    assert fi("Filled in once the decision has been recorded.") in page
    response = browser.post(url, PLAN, token_from=url)
    assert response.status_code == 302
    page = browser.text(url)
    assert "Hyvinvointilautakunta 14.1.2027 §" in page
    assert PLAN["presenter"] in page and PLAN["preparer"] in page
    assert fi("%(body)s approves the guideline for cooperation with associations for %(year)s as in attachment "
              "%(number)s.", body="Hyvinvointilautakunta", year=2026, number=1) in page
    audit = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "plan_agenda"))
    assert audit is not None and audit.round_id == revision.id
    plain = browser.get(f"{url}.txt")
    assert plain.mimetype == "text/plain" and "Hyvinvointilautakunta 14.1.2027 §" in plain.get_data(as_text=True)

    make.advance(revision, town.coordinator, S.APPROVAL)
    other_browser.login(town.approver)
    decision_url = f"/rounds/{revision.id}/decisions/approval"
    response = other_browser.post(decision_url, {"body": "committee", "body_name": "Hyvinvointilautakunta",
                                           "decided_on": "14.1.2027", "minutes_paragraph": "§ 23",
                                                      "confirm_dates": "y"},
                            token_from=decision_url)
    assert response.status_code == 302
    page = browser.text(url)
    assert "Hyvinvointilautakunta 14.1.2027 § 23" in page
    assert fi("%(body)s approved the proposal on %(date)s (%(paragraph)s).", body="Hyvinvointilautakunta",
              date="14.1.2027", paragraph="§ 23") in page
    assert fi("Filled in once the decision has been recorded.") not in page
    bodies = db.session.scalars(sa.select(Body).where(Body.municipality_id == town.municipality.id,
                                                      Body.name == "Hyvinvointilautakunta")).all()
    assert len(bodies) == 1 and bodies[0].kind == DecidingBody.COMMITTEE


def test_issue_15_the_named_body_is_shown_not_only_its_kind(app, town, make):
    round_ = town.round(S.APPROVAL)
    with app.test_request_context():
        decision = workflow.record_decision(round_, DecisionStep.APPROVAL, town.approver, workflow.DecisionInput(
            decided_on=local_today(), body=DecidingBody.COMMITTEE, body_name="Hyvinvointilautakunta",
            minutes_paragraph="§ 23"))
        db.session.commit()
        assert decision.body_label == "Hyvinvointilautakunta"
        item = build_agenda(round_)
    assert item.header[0] == "Hyvinvointilautakunta" and item.header[2] == "§ 23"
    assert "Hyvinvointilautakunta" in item.proposal and fi("Committee (lautakunta)") not in item.as_text()


def test_issue_15_a_wrong_plan_is_refused_and_changes_nothing(app, browser, other_browser, town, make):
    revision = _revision(town, make)
    browser.login(town.coordinator)
    url = f"/rounds/{revision.id}/agenda"
    response = browser.post(url, {**PLAN, "body_kind": "other", "body_name": ""}, token_from=url)
    assert response.status_code == 400
    assert fi("Name the body that decides.") in response.get_data(as_text=True)
    response = browser.post(url, {**PLAN, "meeting_on": "31.2.2027"}, token_from=url)
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaPlan)) == 0
    other_browser.login(town.welfare)
    assert other_browser.post(url, PLAN, token_from=url).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaPlan)) == 0


def test_issue_15_the_meeting_date_of_the_plan_moves_with_a_new_plan(app, town, make):
    revision = _revision(town, make)
    from drafting.publishing import operations

    with app.test_request_context():
        operations.plan_agenda(revision, town.coordinator, kind=DecidingBody.BOARD, body_name="",
                               meeting_on=MEETING, preparer="Kaisa", presenter="Pekka")
        operations.plan_agenda(revision, town.coordinator, kind=DecidingBody.BOARD, body_name="",
                               meeting_on=MEETING + timedelta(days=7), preparer="Kaisa", presenter="Pekka")
        db.session.commit()
        item = build_agenda(revision)
    assert item.header[:2] == ["Kunnanhallitus", "21.1.2027"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaPlan)) == 1


def test_issue_15_the_upgrade_names_the_bodies_of_recorded_decisions(tmp_path):
    """Migration 0015 on a database with decisions recorded by kind: each gets
    a body of the registry, named by the name typed or by its kind."""
    import flask_migrate

    from drafting import create_app
    from tests.test_migrations import MIGRATIONS, empty_database

    rows = [
        "INSERT INTO municipalities (id, slug, name_fi, bilingual, created_at) VALUES (1, 'k', 'Kunta', false, :t)",
        "INSERT INTO guidelines (id, municipality_id, title, created_at) VALUES (1, 1, 'Ohje', :t)",
        "INSERT INTO users (id, email, name, language, active, wants_notifications, created_at) "
        "VALUES (1, 'k@example.fi', 'Kaisa', 'fi', true, false, :t)",
        "INSERT INTO drafting_rounds (id, guideline_id, year, state, opened_by_id, opened_at, source) "
        "VALUES (1, 1, 2026, 'approved', 1, :t, 'outline')",
        "INSERT INTO step_decisions (id, round_id, step, body, body_name, decided_on, minutes_paragraph, "
        "responsible_persons, authorised_coordinator, outcome, recorded_by_id, recorded_at) VALUES "
        "(1, 1, 'decision', 'other', 'Hyvinvointilautakunta', :d, '§ 2', 'Kaisa', 'Kaisa', NULL, 1, :t), "
        "(2, 1, 'approval', 'council', NULL, :d, '§ 5', NULL, NULL, NULL, 1, :t), "
        "(3, 1, 'approval', 'council', NULL, :d, '§ 6', NULL, NULL, NULL, 1, :t), "
        "(4, 1, 'welfare_review', NULL, NULL, :d, NULL, NULL, NULL, 'Hyvä', 1, :t)",
    ]
    with empty_database(tmp_path) as url:
        migrated = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
        with migrated.app_context():
            flask_migrate.upgrade(directory=MIGRATIONS, revision="0014")
            with db.engine.begin() as connection:
                for statement in rows:
                    connection.execute(sa.text(statement), {"t": "2026-01-01 10:00:00", "d": "2026-01-10"})
            flask_migrate.upgrade(directory=MIGRATIONS, revision="0015")
            with db.engine.connect() as connection:
                named = connection.execute(sa.text(
                    "SELECT d.id, b.name, b.kind FROM step_decisions d LEFT JOIN bodies b ON b.id = d.body_id "
                    "ORDER BY d.id")).all()
                assert [tuple(row) for row in named] == [
                    (1, "Hyvinvointilautakunta", "other"), (2, "Kunnanvaltuusto", "council"),
                    (3, "Kunnanvaltuusto", "council"), (4, None, None)]
                assert connection.execute(sa.text("SELECT count(*) FROM bodies")).scalar_one() == 2
            flask_migrate.downgrade(directory=MIGRATIONS, revision="0014")
