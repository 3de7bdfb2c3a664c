"""Finding 2 of issue 12: every link in every e-mail starts with the configured
PUBLIC_BASE_URL. A forged Host or X-Forwarded-Host never reaches a password
reset, an invitation or a notice, and with a configured address requests for
other hosts are refused."""
from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from drafting import create_app
from drafting.auth.operations import handle_reset_requests
from drafting.extensions import db
from drafting.notifications.models import OutboxMessage
from drafting.notifications.notices import queue_due_reminders
from drafting.web.links import external_url
from drafting.workflow import operations as workflow
from drafting.workflow.models import DecisionStep, RoundState
from tests.conftest import Browser
from tests.messages import fi

PUBLIC = "https://ohjeverstas.example.fi"


class ForgedBrowser(Browser):
    """A browser every request of which carries the given headers."""

    def __init__(self, client, **headers):
        super().__init__(client)
        self.headers = headers

    def _request(self, method, *args, **kwargs):
        kwargs["headers"] = {**self.headers, **kwargs.get("headers", {})}
        return super()._request(method, *args, **kwargs)


@pytest.fixture
def application(database_url):
    """Applications of the test's own over the suite's database."""
    made = []

    def make(**config):
        made.append(create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                                "SECRET_KEY": "links-test-secret", "MAIL_SERVER": None,
                                "RATE_LIMITS_ENABLED": False, **config}))
        return made[-1]

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


def mail_to(address: str) -> OutboxMessage:
    """The latest message queued to `address`."""
    return db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == address)
                              .order_by(OutboxMessage.id.desc())).first()


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://\S+", text)


def ask_for_reset(browser: Browser, email: str):
    """Ask for a new password, and let the request be handled as after the answer."""
    response = browser.post("/password/forgot", {"email": email}, token_from="/password/forgot")
    with browser.client.application.app_context():
        handle_reset_requests()
        db.session.commit()
    return response


def test_finding_2_a_forged_host_does_not_reach_the_reset_link(app, make):
    """`POST /password/forgot` with `Host: evil.example` queued
    http://evil.example/password/reset/<live token>."""
    user = make.coordinator(make.municipality())
    response = ask_for_reset(ForgedBrowser(app.test_client(), Host="evil.example"), user.email)
    assert response.status_code == 302
    [link] = links_in(mail_to(user.email).body)
    assert link.startswith("http://localhost/password/reset/")
    assert "evil" not in mail_to(user.email).body


def test_finding_2_x_forwarded_host_behind_a_proxy_does_not_reach_the_reset_link(application, make):
    """Behind `PROXY_COUNT=1`, `X-Forwarded-Host: evil.example` queued https://evil.example/…"""
    # The attacker's request passes every other check (the HTTPS referrer check
    # compares with the very host the header names).
    proxied = application(PROXY_COUNT=1, WTF_CSRF_SSL_STRICT=False)
    user = make.coordinator(make.municipality())
    browser = ForgedBrowser(proxied.test_client(), **{
        "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7"})
    assert ask_for_reset(browser, user.email).status_code == 302
    [link] = links_in(mail_to(user.email).body)
    assert link.startswith("http://localhost/password/reset/")


def test_finding_2_with_a_public_address_links_start_with_it_and_other_hosts_get_400(application, make):
    public = application(PUBLIC_BASE_URL=PUBLIC + "/", PROXY_COUNT=1)
    user = make.coordinator(make.municipality())
    forged = ForgedBrowser(public.test_client(), Host="evil.example")
    response = forged.get("/password/forgot")
    assert response.status_code == 400
    assert response.get_data(as_text=True) == fi("The service does not answer at this address.")
    assert forged.post_without_token("/password/forgot", {"email": user.email}).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0

    browser = ForgedBrowser(public.test_client(), Host="ohjeverstas.example.fi",
                            **{"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https",
                               "Referer": PUBLIC + "/password/forgot"})
    assert ask_for_reset(browser, user.email).status_code == 302
    [link] = links_in(mail_to(user.email).body)
    assert re.fullmatch(re.escape(PUBLIC) + r"/password/reset/[\w-]+", link)
    path = link[len(PUBLIC):]
    assert browser.get(path).status_code == 200  # the link opens the reset page


def test_finding_2_the_invitation_link_and_its_flash_ignore_the_host(app, make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    browser = ForgedBrowser(app.test_client(), Host="evil.example")
    browser.login(coordinator)
    response = browser.post(f"/m/{municipality.slug}/admin/users", {
        "email": "uusi@example.fi", "kind": "staff", "role": "approver"}, follow_redirects=True)
    assert response.status_code == 200
    [link] = links_in(mail_to("uusi@example.fi").body)
    assert link.startswith("http://localhost/invitation/")
    page = response.get_data(as_text=True)
    assert link in page and "evil.example" not in page  # mail is not configured: the link is shown


def test_finding_2_notices_sent_during_a_request_ignore_the_host(app, town):
    round_ = town.round(RoundState.WELFARE_REVIEW)
    workflow.record_decision(round_, DecisionStep.WELFARE_REVIEW, town.coordinator,
                             workflow.DecisionInput(decided_on=round_.opened_at.date(), outcome="Hyvä."))
    db.session.commit()
    browser = ForgedBrowser(app.test_client(), Host="evil.example")
    browser.login(town.coordinator)
    response = browser.post(f"/rounds/{round_.id}/actions/open_association_evening",
                            {"from_state": "welfare_review"}, token_from=f"/rounds/{round_.id}")
    assert response.status_code == 302
    body = mail_to(town.eila.email).body
    links = links_in(body)
    assert links[:2] == [f"http://localhost/rounds/{round_.id}", "http://localhost/settings"]
    assert len(links) == 3 and links[2].startswith("http://localhost/mail/unsubscribe/")


def test_scheduled_jobs_link_to_the_public_address_with_its_path(application, town):
    public = application(PUBLIC_BASE_URL=PUBLIC + "/palvelu")
    round_ = town.round(RoundState.WISHES)
    with public.app_context():
        assert queue_due_reminders(round_.wishes_closes_on - timedelta(days=2)) == 2
        db.session.commit()
        assert external_url("comments.thread", round_id=1, comment_id=2, _anchor="comment 2") == \
            PUBLIC + "/palvelu/rounds/1/comments/2#comment%202"
    links = links_in(mail_to(town.eila.email).body)
    assert links[:2] == [f"{PUBLIC}/palvelu/rounds/{round_.id}", f"{PUBLIC}/palvelu/settings"]
    assert len(links) == 3 and links[2].startswith(f"{PUBLIC}/palvelu/mail/unsubscribe/")


def test_no_link_of_the_package_is_built_from_the_request():
    """Every link sent away is built by `drafting.links.external_url`."""
    package = Path(__file__).resolve().parent.parent / "drafting"
    offenders = [str(path.relative_to(package)) for path in package.rglob("*.py")
                 if re.search(r"(?<!\w)_external\s*=\s*True|request\.(host_url|url_root)", path.read_text())]
    assert offenders == []


def test_delivered_mail_names_the_public_host_in_its_message_id(application, inbox):
    from drafting.notifications.outbox import queue, send_pending

    public = application(PUBLIC_BASE_URL=PUBLIC, MAIL_SERVER="127.0.0.1", MAIL_PORT=inbox.port)
    with public.app_context():
        queue("eila@example.fi", "Asetukset", external_url("auth.settings"))
        db.session.commit()
        assert send_pending() == (1, 0)
    [message] = inbox.to("eila@example.fi")
    assert message["Message-ID"].endswith("@ohjeverstas.example.fi>")
    assert message.get_body(("plain",)).get_content().strip() == PUBLIC + "/settings"
