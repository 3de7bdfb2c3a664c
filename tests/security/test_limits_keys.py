"""Finding 8 of issue 12 and its class: every rate limit is keyed on who is
asking (the account as the form and the lookup normalise it, the logged-in
account, the client's address as a network), never on text as it was sent."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from drafting import create_app
from drafting.auth.forms import LoginForm
from drafting.auth.operations import handle_reset_requests, normalise_email
from drafting.extensions import db
from drafting.notifications.models import OutboxMessage
from drafting.web.security import limiter
from drafting.workflow.models import RoundState
from tests.conftest import PASSWORD, Browser, Town

ADDRESS = "kaisa.laine@example.fi"
# The same address as a person or a script may send it: NULs and other control
# characters, invisible formatting characters, whitespace of every kind, capitals.
SPELLINGS = [
    "kaisa.laine@example.fi\x00",
    "\x00kaisa.laine@example.fi",
    "kai\x00sa.laine@example.fi",
    "kaisa.la\x00ine@example.fi",
    "KAISA.laine@example.fi",
    " kaisa.laine@example.fi\t",
    "kaisa.laine\u200b@example.fi",
    "\ufeffkaisa.laine@example.fi\u00a0",
    "kaisa.laine@exam\x1fple.fi",
    "kaisa.laine@example.fi\u2028",
]


@pytest.fixture
def limited(database_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "limits-secret",
                      "RATE_LIMITS_ENABLED": True, "MAIL_SERVER": None})
    with app.app_context():
        limiter.reset()
    yield app
    with app.app_context():
        limiter.reset()
        db.engine.dispose()


def from_address(number: int) -> dict:
    return {"environ_base": {"REMOTE_ADDR": f"192.0.2.{number}"}}


def test_every_spelling_normalises_to_the_account_as_the_form_reads_it(app):
    for spelling in SPELLINGS:
        assert normalise_email(spelling) == ADDRESS
        assert normalise_email(normalise_email(spelling)) == ADDRESS
        with app.test_request_context("/login", method="POST", data={"email": spelling, "password": "x"}):
            assert LoginForm().email.data == ADDRESS


def test_finding_8_logins_to_one_account_are_limited_however_the_address_is_written(limited, make):
    """20 of 20 logins went through to one account with NULs in the address."""
    user = make.coordinator(make.municipality(), email=ADDRESS)
    statuses = []
    for number, spelling in enumerate(SPELLINGS[:6]):
        browser = Browser(limited.test_client())
        token = browser.csrf_token("/login")
        statuses.append(browser.post("/login", {"email": spelling, "password": "väärä", "csrf_token": token},
                                     **from_address(number)).status_code)
    assert statuses == [200] * 5 + [429]
    browser = Browser(limited.test_client())
    token = browser.csrf_token("/login")
    response = browser.post("/login", {"email": SPELLINGS[-1], "password": PASSWORD, "csrf_token": token},
                            **from_address(99))
    assert response.status_code == 429
    db.session.refresh(user)
    assert user.last_login_at is None


def test_finding_8_reset_mails_to_one_person_are_limited_however_the_address_is_written(limited, make):
    """19 reset mails went to one person."""
    make.coordinator(make.municipality(), email=ADDRESS)
    statuses = []
    for number, spelling in enumerate(SPELLINGS):
        browser = Browser(limited.test_client())
        token = browser.csrf_token("/password/forgot")
        statuses.append(browser.post("/password/forgot", {"email": spelling, "csrf_token": token},
                                     **from_address(number)).status_code)
    assert statuses == [302] * 5 + [429] * 5
    handle_reset_requests()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 5


def test_the_writing_limit_follows_the_account_across_new_logins(limited, make):
    """A new login gives a new session; the limit stays with the person."""
    town = Town(make)
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    page = f"/rounds/{round_.id}/comments"
    browser = Browser(limited.test_client())
    browser.login(town.eila)
    token = browser.csrf_token(page)
    statuses = {browser.post(page, {"csrf_token": token, "text": ""}).status_code for _ in range(30)}
    assert 429 not in statuses
    assert browser.post(page, {"csrf_token": token, "text": ""}).status_code == 429
    browser.post("/logout", {"csrf_token": token})
    browser.login(town.eila)
    assert browser.post(page, {"text": ""}, token_from=page).status_code == 429


@pytest.mark.parametrize("addresses", [
    [f"2001:db8:7:8::{n:x}" for n in range(1, 7)],  # one IPv6 connection holds its whole /64
    ["192.0.2.44", "::ffff:192.0.2.44", "192.0.2.44", "::ffff:c000:22c", "192.0.2.44", "::ffff:192.0.2.44"],
], ids=["ipv6-network", "ipv4-mapped"])
def test_the_address_limit_counts_one_client_however_its_address_is_written(limited, make, addresses):
    statuses = []
    for number, address in enumerate(addresses):
        browser = Browser(limited.test_client())
        token = browser.csrf_token("/login")
        statuses.append(browser.post("/login", {"email": f"ei{number}@example.fi", "password": "väärä",
                                                "csrf_token": token},
                                     environ_base={"REMOTE_ADDR": address}).status_code)
    assert statuses == [200] * 5 + [429]


def test_behind_a_proxy_the_address_limit_cannot_be_reset_by_forwarded_for(database_url, make):
    """The client may put anything at the front of X-Forwarded-For; only the
    address the nearest proxy appended counts."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "limits-secret",
                      "RATE_LIMITS_ENABLED": True, "MAIL_SERVER": None, "PROXY_COUNT": 1})
    try:
        with app.app_context():
            limiter.reset()
        statuses = []
        for number in range(6):
            browser = Browser(app.test_client())
            forwarded = {"X-Forwarded-For": f"203.0.113.{number}, 198.51.100.9"}
            token = browser.csrf_token("/login")
            statuses.append(browser.post("/login", {"email": f"ei{number}@example.fi", "password": "väärä",
                                                    "csrf_token": token},
                                         headers=forwarded, environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code)
        assert statuses == [200] * 5 + [429]
    finally:
        with app.app_context():
            limiter.reset()
            db.engine.dispose()
