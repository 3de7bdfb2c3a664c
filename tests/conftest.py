"""Fixtures for every test: the application against a real database (SQLite by
default, PostgreSQL when TEST_DATABASE_URL is set), emptied after each test,
and factories that build municipalities, people and rounds through the same
operations the application uses."""
from __future__ import annotations

import contextvars
import os
import re
import socket
from datetime import date, time, timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from drafting import create_app
from drafting.associations.models import Association, Membership
from drafting.auth.models import StaffRole, StaffRoleKind, User
from drafting.auth.passwords import hash_password
from drafting.config import normalise_database_url
from drafting.core import local_today
from drafting.documents.operations import save_section
from drafting.documents.queries import sections_with_text
from drafting.extensions import db
from drafting.municipalities.operations import create_municipality
from drafting.web.pieces import cache
from drafting.workflow import operations as workflow
from drafting.workflow.models import DecidingBody, DecisionStep, RoundState
from drafting.workflow.table import Action, ActionInput

PASSWORD = "testi-salasana-pitka-2026"


def pytest_report_header(config):
    return f"database: {_database_label()}"


def _database_label() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    return "PostgreSQL" if url else "SQLite"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return normalise_database_url(url)
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret",
            "MAIL_SERVER": None,
            "RATE_LIMITS_ENABLED": False,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def ctx(app):
    """An application context for the test; the database is emptied afterwards."""
    with app.app_context():
        yield
        cache.clear()
        db.session.rollback()
        db.session.remove()
        tables = db.metadata.sorted_tables
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                names = ", ".join(table.name for table in tables)
                connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                for table in reversed(tables):
                    connection.execute(table.delete())


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password(PASSWORD)


class Factory:
    """Builds test data; every round is moved through the real operations."""

    def __init__(self, password_hash: str):
        self.password_hash = password_hash
        self._count = 0

    def _next(self) -> int:
        self._count += 1
        return self._count

    def municipality(self, slug: str | None = None, name: str | None = None):
        n = self._next()
        municipality = create_municipality(
            slug=slug or f"kunta-{n}", name_fi=name or f"Testikunta {n}", name_sv=f"Testkommun {n}"
        )
        db.session.commit()
        return municipality

    def user(self, municipality=None, *roles: StaffRoleKind, email: str | None = None,
             name: str | None = None, associations=()):
        n = self._next()
        user = User(email=email or f"user{n}@example.fi", name=name or f"Henkilö {n}",
                    password_hash=self.password_hash)
        db.session.add(user)
        for kind in roles:
            db.session.add(StaffRole(user=user, municipality_id=municipality.id, kind=kind))
        db.session.flush()
        for association in associations:
            db.session.add(Membership(user_id=user.id, association_id=association.id))
        db.session.commit()
        db.session.refresh(user)
        return user

    def coordinator(self, municipality, **kwargs):
        return self.user(municipality, StaffRoleKind.COORDINATOR, **kwargs)

    def association(self, municipality, name: str | None = None, **kwargs):
        association = Association(
            municipality_id=municipality.id, name=name or f"Yhdistys {self._next()} ry", **kwargs
        )
        db.session.add(association)
        db.session.commit()
        return association

    def representative(self, municipality, association=None, **kwargs):
        association = association or self.association(municipality)
        return self.user(municipality, associations=[association], **kwargs)

    def round(self, municipality, coordinator, state: RoundState = RoundState.DECISION,
              year: int = 2026, outline: str = "document_model"):
        round_ = workflow.open_round_from_outline(
            municipality.guideline, coordinator, outline_key=outline, year=year
        )
        db.session.commit()
        self.advance(round_, coordinator, state)
        return round_

    def advance(self, round_, coordinator, state: RoundState):
        """Do what each step needs and move the round on until it is in `state`."""
        order = [RoundState.DECISION, RoundState.WISHES, RoundState.WELFARE_REVIEW,
                 RoundState.ASSOCIATION_EVENING, RoundState.APPROVAL, RoundState.APPROVED]
        while order.index(round_.state) < order.index(state):
            self._complete_step(round_, coordinator)
            db.session.commit()

    def _move(self, round_, action, user, **kwargs):
        workflow.apply_transition(round_, action, user, ActionInput(**kwargs), round_.state)

    def _complete_step(self, round_, coordinator):
        today = local_today()
        if round_.state == RoundState.DECISION:
            if round_.current_decision(DecisionStep.DECISION) is None:
                self.record_decision(round_, coordinator)
            workflow.set_schedule(round_, coordinator, workflow.ScheduleInput(
                wishes_opens_on=today - timedelta(days=30), wishes_closes_on=today - timedelta(days=1),
                evening_on=today + timedelta(days=30), evening_starts_at=time(18, 0),
                evening_place="Kunnantalo",
            ))
            self._move(round_, Action.OPEN_WISHES, coordinator)
        elif round_.state == RoundState.WISHES:
            section = round_.sections[0]
            if section.current_number == 0:
                save_section(section, coordinator, base_number=0, heading=section.heading,
                             text="<p>Ensimmäinen luonnos.</p>")
            for section, version in sections_with_text(round_):
                if version is None:
                    save_section(section, coordinator, base_number=section.current_number,
                                 heading=section.heading, text=f"<p>{section.heading}: teksti.</p>")
            self._move(round_, Action.START_WELFARE_REVIEW, coordinator, confirm_early_close=True,
                       reason="Toiveet on kerätty.")
        elif round_.state == RoundState.WELFARE_REVIEW:
            workflow.record_decision(round_, DecisionStep.WELFARE_REVIEW, coordinator,
                                     workflow.DecisionInput(decided_on=today, outcome="Hyvä luonnos."))
            self._move(round_, Action.OPEN_ASSOCIATION_EVENING, coordinator)
        elif round_.state == RoundState.ASSOCIATION_EVENING:
            self._move(round_, Action.SUBMIT_FOR_APPROVAL, coordinator, confirm_early_close=True,
                       reason="Kommentit käsitelty ennen iltaa.")
        elif round_.state == RoundState.APPROVAL:
            workflow.record_decision(round_, DecisionStep.APPROVAL, coordinator,
                                     workflow.DecisionInput(decided_on=today, body=DecidingBody.COUNCIL,
                                                            minutes_paragraph="§ 5"))
            self._move(round_, Action.APPROVE, coordinator)

    def record_decision(self, round_, coordinator):
        return workflow.record_decision(
            round_, DecisionStep.DECISION, coordinator,
            workflow.DecisionInput(
                decided_on=date(2026, 1, 10), body=DecidingBody.MANAGEMENT_GROUP,
                minutes_paragraph="§ 3", responsible_persons="Kaisa Laine",
                authorised_coordinator="Kaisa Laine",
            ),
        )


@pytest.fixture
def make(password_hash) -> Factory:
    return Factory(password_hash)


_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class Browser:
    """The test client used the way a person uses the pages: log in, follow
    forms, send them with their CSRF token.

    Each request runs in a fresh context of its own, as it would in a server:
    its own application context, `g` and database session, not the test's."""

    def __init__(self, client):
        self.client = client

    def _request(self, method: str, *args, **kwargs):
        return contextvars.Context().run(getattr(self.client, method), *args, **kwargs)

    def csrf_token(self, url: str = "/") -> str:
        """The session's CSRF token from a form of the page; a visitor's page
        whose only form is the language choice has none, and the login page
        gives the same session's token."""
        for page_url in (url, "/login"):
            match = _CSRF.search(self.get(page_url).get_data(as_text=True))
            if match:
                return match.group(1)
        raise AssertionError(f"no CSRF token on {url}")

    def login(self, user_or_email, password: str = PASSWORD):
        email = getattr(user_or_email, "email", user_or_email)
        response = self.post("/login", {"email": email, "password": password}, token_from="/login")
        assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
        return response

    def get(self, url: str, **kwargs):
        return self._request("get", url, **kwargs)

    def post(self, url: str, data: dict | None = None, token_from: str = "/", **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token(token_from))
        return self._request("post", url, data=data, **kwargs)

    def post_without_token(self, url: str, data: dict, **kwargs):
        return self._request("post", url, data=data, **kwargs)

    def text(self, url: str) -> str:
        response = self.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.get_data(as_text=True)


@pytest.fixture
def every_page_drawn(app):
    """Pages and their pieces drawn every time, with the page store switched off."""
    app.config["PIECE_CACHE_ENABLED"] = False
    yield
    app.config["PIECE_CACHE_ENABLED"] = True


def served(browser: Browser, url: str, **kwargs):
    """The response to a GET and the number of database queries it took, on any connection."""
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", record)
    try:
        response = browser.get(url, **kwargs)
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", record)
    return response, len(statements)


@pytest.fixture
def browser(app) -> Browser:
    return Browser(app.test_client())


@pytest.fixture
def other_browser(app) -> Browser:
    return Browser(app.test_client())


class Inbox:
    """A real SMTP server on localhost that keeps what it receives; it can be
    stopped and started again on the same port to play an outage."""

    def __init__(self):
        self.messages = []
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=default_policy)))
        return "250 OK"

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address: str) -> list:
        return [message for recipients, message in self.messages if address in recipients]


@pytest.fixture
def inbox(app):
    handler = Inbox()
    handler.start()
    saved = {key: app.config[key] for key in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=handler.port)
    yield handler
    app.config.update(saved)
    handler.stop()


class Town:
    """A municipality with people in every role and a round in a chosen step."""

    def __init__(self, make):
        self.make = make
        self.municipality = make.municipality(slug="testikunta", name="Testikunta")
        self.coordinator = make.coordinator(self.municipality, name="Kaisa Koordinaattori")
        self.welfare = make.user(self.municipality, StaffRoleKind.WELFARE_MEMBER, name="Heikki Hyvinvointi")
        self.approver = make.user(self.municipality, StaffRoleKind.APPROVER)
        self.seniors = make.association(self.municipality, name="Eläkeläiset ry")
        self.sports = make.association(self.municipality, name="Urheiluseura ry")
        self.village = make.association(self.municipality, name="Kyläyhdistys ry")
        self.eila = make.user(self.municipality, name="Eila Edustaja", email="eila@example.fi",
                              associations=[self.seniors, self.sports])
        self.matti = make.user(self.municipality, name="Matti Mäkinen", email="matti@example.fi",
                               associations=[self.village])
        other = make.municipality()
        self.stranger = make.representative(other, name="Vieras Edustaja")

    def round(self, state: RoundState, *, open_windows: bool = True):
        round_ = self.make.round(self.municipality, self.coordinator, state)
        if open_windows:
            today = local_today()
            round_.wishes_opens_on = today - timedelta(days=5)
            round_.wishes_closes_on = today + timedelta(days=10)
            round_.comments_close_on = None
        db.session.commit()
        return round_


@pytest.fixture
def town(make) -> "Town":
    return Town(make)
