"""Sessions and requests: headers, ending sessions, the inactivity timeout,
rate limits, password resets without account enumeration, and forms that
create one record however many times they are sent."""
from __future__ import annotations

import re
from html import unescape

import pytest
import sqlalchemy as sa

from drafting import create_app
from drafting.auth.models import PasswordReset, StaffRoleKind
from drafting.comments.models import Comment
from drafting.extensions import db
from drafting.notifications.models import OutboxMessage
from drafting.workflow.models import RoundState
from tests.conftest import PASSWORD, Browser
from tests.messages import fi


def test_every_page_carries_the_security_headers(browser):
    response = browser.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_the_session_cookie_is_httponly_samesite_and_secure_in_production(browser, make, monkeypatch):
    user = make.coordinator(make.municipality())
    response = browser.login(user)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    monkeypatch.setenv("DRAFTING_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 64)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://ohjeverstas.example.fi")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/2")
    assert create_app().config["SESSION_COOKIE_SECURE"] is True


def test_a_new_session_at_login_and_logout_ends_every_session(app, make):
    user = make.coordinator(make.municipality())
    first, second = Browser(app.test_client()), Browser(app.test_client())
    before_login = first.client.get_cookie("session")
    first.login(user)
    assert first.client.get_cookie("session") is not None
    assert first.client.get_cookie("session") != before_login
    second.login(user)
    assert second.get("/settings").status_code == 200
    first.post("/logout")
    assert second.get("/settings").status_code == 302  # the other session ended too
    assert first.get("/settings").status_code == 302


def test_an_idle_session_times_out(app, make):
    user = make.coordinator(make.municipality())
    browser = Browser(app.test_client())
    browser.login(user)
    assert browser.get("/settings").status_code == 200
    with browser.client.session_transaction() as session:
        session["seen"] = session["seen"] - app.config["INACTIVITY_TIMEOUT_SECONDS"] - 1
    response = browser.get("/settings")
    assert response.status_code == 302 and "/login" in response.location


def test_deactivation_ends_sessions_at_once(app, make):
    municipality = make.municipality()
    member = make.user(municipality, StaffRoleKind.WELFARE_MEMBER)
    browser = Browser(app.test_client())
    browser.login(member)
    from drafting.auth.operations import set_active

    assert browser.get("/settings").status_code == 200
    set_active(make.coordinator(municipality), member, municipality.id, False)
    db.session.commit()
    assert browser.get("/settings").status_code == 302


@pytest.fixture
def limited_app(app, database_url):
    limited = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test-secret",
                          "RATE_LIMITS_ENABLED": True, "MAIL_SERVER": None})
    from drafting.web.security import limiter

    yield limited
    with limited.app_context():
        limiter.reset()


def test_logins_are_limited_per_account_and_per_address(limited_app, make):
    user = make.coordinator(make.municipality())
    browser = Browser(limited_app.test_client())
    token = browser.csrf_token("/login")
    statuses = [browser.post("/login", {"email": user.email, "password": "väärä", "csrf_token": token}).status_code
                for _ in range(6)]
    assert statuses[:5] == [200] * 5 and statuses[5] == 429
    response = browser.post("/login", {"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 429
    assert fi("Too many attempts in a short time. Wait a minute and try again.") in \
        unescape(response.get_data(as_text=True))
    other = Browser(limited_app.test_client())
    other_token = other.csrf_token("/login")
    response = other.post("/login", {"email": user.email, "password": PASSWORD, "csrf_token": other_token},
                          environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert response.status_code == 429  # the account is limited whatever the address


def test_password_reset_does_not_reveal_accounts(browser, make, app):
    user = make.coordinator(make.municipality())
    answers = []
    for email in (user.email, "ei.ole@example.fi"):
        response = browser.post("/password/forgot", {"email": email}, token_from="/password/forgot",
                                follow_redirects=True)
        answers.append(re.search(r'role="status"><p>(.*?)</p>', response.get_data(as_text=True)).group(1))
    assert answers[0] == answers[1]
    [mail] = db.session.scalars(sa.select(OutboxMessage)).all()
    assert mail.recipient == user.email
    link = re.search(r"https?://[^/\s]+(/password/reset/\S+)", mail.body).group(1)
    weak = browser.post(link, {"password": "salasana1234", "password_again": "salasana1234"}, token_from=link)
    assert weak.status_code == 422
    assert fi("This password is too common or too easy to guess.") in unescape(weak.get_data(as_text=True))
    new = "uusi-vahva-salasana-talvella"
    assert browser.post(link, {"password": new, "password_again": new}, token_from=link).status_code == 302
    assert browser.get(link).status_code == 404  # used once
    assert db.session.scalars(sa.select(PasswordReset)).one().used_at is not None
    browser.login(user, password=new)


def test_a_form_sent_twice_creates_one_comment(browser, town_of_comments):
    round_, town = town_of_comments
    browser.login(town.eila)
    page = f"/rounds/{round_.id}/comments"
    token = browser.csrf_token(page)
    submission = re.search(r'name="submission_token" type="hidden" value="(\w+)"', browser.text(page)).group(1)
    data = {"csrf_token": token, "submission_token": submission, "association_id": str(town.seniors.id),
            "text": "Vain kerran"}
    first = browser.post(page, data)
    second = browser.post(page, data, follow_redirects=True)
    assert first.status_code == 302
    assert fi("This was already saved; it was not saved twice.") in unescape(second.get_data(as_text=True))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 1


@pytest.fixture
def town_of_comments(make):
    from tests.conftest import Town

    town = Town(make)
    return town.round(RoundState.ASSOCIATION_EVENING), town
