"""Password-reset links work once and alone (finding 14 of issue 12), and
asking for one does the same work for every address (finding 15)."""
from __future__ import annotations

import re
import threading

import sqlalchemy as sa
from sqlalchemy import event

from drafting.audit.models import AuditEvent
from drafting.auth import operations
from drafting.auth.models import PasswordReset, PasswordResetRequest
from drafting.extensions import db
from drafting.notifications.models import OutboxMessage
from tests.conftest import Browser

NEW_PASSWORD = "uusi-vahva-salasana-talvella"


def _ask_link(user) -> str:
    operations.request_password_reset(user.email)
    operations.handle_reset_requests()
    db.session.commit()
    body = db.session.scalars(sa.select(OutboxMessage.body).order_by(OutboxMessage.id.desc())).first()
    return re.search(r"https?://[^/\s]+(/password/reset/\S+)", body).group(1)


def _use(browser: Browser, link: str, password: str = NEW_PASSWORD):
    return browser.post(link, {"password": password, "password_again": password}, token_from=link)


def test_finding_14_a_newer_link_ends_the_older_and_a_used_link_ends_all(browser, make):
    user = make.coordinator(make.municipality())
    older = _ask_link(user)
    newer = _ask_link(user)
    assert browser.get(older).status_code == 404
    assert _use(browser, older).status_code == 404

    # links made together (or before this rule): using one ends the others
    first, second = _ask_link(user), None
    token = "toinen-linkki-" + "x" * 30
    db.session.add(PasswordReset(user_id=user.id, token_hash=operations.hash_token(token),
                                 expires_at=operations.utcnow() + operations.RESET_VALID_FOR))
    db.session.commit()
    second = f"/password/reset/{token}"
    assert _use(browser, first).status_code == 302
    assert browser.get(second).status_code == 404
    assert _use(browser, second, "kolmas-vahva-salasana-kesalla").status_code == 404
    assert browser.get(newer).status_code == 404
    browser.login(user, password=NEW_PASSWORD)


def test_finding_14_one_link_used_at_once_from_many_browsers_resets_once(app, make):
    user = make.coordinator(make.municipality())
    link = _ask_link(user)
    browsers = [Browser(app.test_client()) for _ in range(5)]
    forms = [{"password": f"{NEW_PASSWORD}-{n}", "password_again": f"{NEW_PASSWORD}-{n}",
              "csrf_token": b.csrf_token(link)} for n, b in enumerate(browsers)]
    start = threading.Barrier(len(browsers))
    statuses: list[int] = []

    def use(browser: Browser, form: dict) -> None:
        start.wait()
        statuses.append(browser.post(link, form).status_code)

    threads = [threading.Thread(target=use, args=pair) for pair in zip(browsers, forms)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302, 404, 404, 404, 404]
    resets = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                               .where(AuditEvent.action == "reset_password"))
    assert resets == 1


def _statements_of(browser: Browser, email: str):
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    token = browser.csrf_token("/password/forgot")
    event.listen(sa.engine.Engine, "before_cursor_execute", record)
    try:
        response = browser.post("/password/forgot", {"email": email, "csrf_token": token})
    finally:
        event.remove(sa.engine.Engine, "before_cursor_execute", record)
    return response, statements


def test_finding_15_asking_a_new_password_does_the_same_work_for_known_and_unknown_addresses(
        app, make, browser, other_browser):
    user = make.coordinator(make.municipality())
    known, known_work = _statements_of(browser, user.email)
    unknown, unknown_work = _statements_of(other_browser, "ei.ole@example.fi")
    assert known_work == unknown_work
    assert (known.status_code, known.headers["Location"]) == (unknown.status_code, unknown.headers["Location"])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PasswordReset)) == 0
    # once the answers are out, the link is made and mailed to the account alone
    known.close()
    unknown.close()
    [mail] = db.session.scalars(sa.select(OutboxMessage)).all()
    assert mail.recipient == user.email and "/password/reset/" in mail.body
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PasswordResetRequest)) == 0


def test_finding_15_requests_left_waiting_are_handled_by_mail_send(app, make):
    user = make.coordinator(make.municipality())
    operations.request_password_reset(user.email)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code in (0, 1), result.output  # no mail server in the tests: the message waits
    [mail] = db.session.scalars(sa.select(OutboxMessage)).all()
    assert mail.recipient == user.email
