"""Finding 10 of issue 12: anonymous accessibility feedback is limited per
address and per municipality, reaches the municipality at once and then as
one digest while it keeps arriving, and leaves the stored pages valid."""
from __future__ import annotations

import html
from datetime import timedelta

import pytest
import sqlalchemy as sa

from drafting import create_app
from drafting.accessibility.models import AccessibilityFeedback, Compliance
from drafting.accessibility.operations import StatementInput, update_statement
from drafting.auth.models import Language
from drafting.extensions import db
from drafting.municipalities.models import Municipality
from drafting.notifications.models import OutboxMessage
from tests.conftest import Browser
from tests.messages import fi, sv

PAGE = "/m/seloste/accessibility"


@pytest.fixture
def limited_app(app, database_url):
    limited = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test-secret",
                          "RATE_LIMITS_ENABLED": True, "MAIL_SERVER": None})
    from drafting.web.security import limiter

    yield limited
    with limited.app_context():
        limiter.reset()
        db.engine.dispose()


@pytest.fixture
def municipality(make):
    municipality = make.municipality(slug="seloste", name="Selostekunta")
    update_statement(municipality, make.coordinator(municipality), StatementInput(
        Compliance.PARTIAL, "", "", "palaute@kunta.example.fi", None))
    db.session.commit()
    return municipality


def _feedback(browser: Browser, n: int, address: str = "192.0.2.1"):
    return browser.post(PAGE, {"message": f"Palaute {n}: painike on liian pieni.", "contact": ""},
                        token_from=PAGE, environ_base={"REMOTE_ADDR": address})


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_finding_10_forty_posts_from_one_address_leave_five(limited_app, municipality):
    browser = Browser(limited_app.test_client())
    answers = [_feedback(browser, n) for n in range(40)]
    assert [answer.status_code for answer in answers] == [302] * 5 + [429] * 35
    assert _count(AccessibilityFeedback) == 5
    assert fi("A lot of feedback has been sent in a short time, and this one could not be received. Try again in "
              "an hour, or send your feedback by e-mail or phone as the statement says.") in \
        html.unescape(answers[-1].get_data(as_text=True))


def test_finding_10_many_addresses_reach_the_municipality_limit(limited_app, municipality, make):
    other = make.municipality(slug="toinen")
    browser = Browser(limited_app.test_client())
    answers = [_feedback(browser, n, address=f"198.51.100.{n}").status_code for n in range(35)]
    assert answers.count(302) == 30 and answers[30:] == [429] * 5
    assert _count(AccessibilityFeedback) == 30
    # another municipality's channel is its own
    response = browser.post(f"/m/{other.slug}/accessibility", {"message": "Toisen kunnan palaute"},
                            token_from=f"/m/{other.slug}/accessibility", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert response.status_code == 302
    # addresses that name no municipality do not count against one
    assert browser.post("/m/ei-ole/accessibility", {"message": "x"},
                        environ_base={"REMOTE_ADDR": "203.0.113.10"}).status_code == 404


def test_finding_10_feedback_moves_no_revision(browser, municipality):
    before = db.session.scalar(sa.select(Municipality.revision).where(Municipality.id == municipality.id))
    for n in range(3):
        assert _feedback(browser, n).status_code == 302
    db.session.expire_all()
    after = db.session.scalar(sa.select(Municipality.revision).where(Municipality.id == municipality.id))
    assert after == before


def test_finding_10_feedback_that_keeps_coming_is_mailed_as_one_digest(app, browser, municipality, inbox):
    for n in range(10):
        assert _feedback(browser, n).status_code == 302
    mails = db.session.scalars(sa.select(OutboxMessage)).all()
    assert len(mails) == 1 and "Palaute 0:" in mails[0].body
    runner = app.test_cli_runner()
    assert runner.invoke(args=["mail", "send"]).exit_code == 0
    assert _count(OutboxMessage) == 1  # within the hour the others wait
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AccessibilityFeedback)
                             .where(AccessibilityFeedback.mailed_at.is_(None))) == 9
    # an hour later the scheduled job sends the nine in one mail
    for feedback in db.session.scalars(sa.select(AccessibilityFeedback)
                                       .where(AccessibilityFeedback.mailed_at.is_not(None))):
        feedback.mailed_at -= timedelta(minutes=61)
    db.session.commit()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    received = inbox.to("palaute@kunta.example.fi")
    assert len(received) == 2
    digest = received[-1]
    assert digest["Subject"] == fi("Accessibility feedback on Ohjeverstas: %(count)s messages", count=9)
    body = digest.get_body(("plain",)).get_content()
    assert all(f"Palaute {n}: painike on liian pieni." in body for n in range(1, 10))
    assert "Palaute 0:" not in body
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AccessibilityFeedback)
                             .where(AccessibilityFeedback.mailed_at.is_(None))) == 0
    # the digest counts as a mail: what comes next waits again
    assert _feedback(browser, 10).status_code == 302
    assert _count(OutboxMessage) == 2


def test_finding_10_without_a_feedback_address_the_coordinators_get_it(browser, make):
    municipality = make.municipality(slug="seloste")
    coordinator = make.coordinator(municipality, email="koordinaattori@kunta.example.fi")
    coordinator.language = Language.SV
    db.session.commit()
    assert _feedback(browser, 1).status_code == 302
    mail = db.session.scalars(sa.select(OutboxMessage)).one()
    assert mail.recipient == "koordinaattori@kunta.example.fi"
    assert mail.subject == sv("Accessibility feedback on Ohjeverstas")
    assert "Palaute 1: painike on liian pieni." in mail.body
