"""Delivering one e-mail over SMTP. Messages are queued in the outbox
(`drafting.notifications.outbox`) and delivered from there, as plain text
with the same text in HTML beside it (multipart/alternative). A notice or
announcement names its unsubscribe link in the `List-Unsubscribe` header,
with `List-Unsubscribe-Post` so that a mail program can unsubscribe in one
click (RFC 8058)."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.policy import default
from email.utils import make_msgid
from urllib.parse import urlsplit

from flask import current_app

from .html import html_of

# The unsubscribe link goes in its header on one line, as it is: folded by
# the default policy, a long link would become an encoded word that mail
# programs do not read as a link. The other headers are folded as usual.
HEADERS_KEPT = default.clone(refold_source="none")


class MailNotConfigured(RuntimeError):
    """No SMTP server is configured."""


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def compose(to: str, subject: str, body: str, *, language: str | None = None,
            unsubscribe_url: str | None = None) -> EmailMessage:
    """The message as it is sent."""
    config = current_app.config
    language = language or "fi"
    message = EmailMessage(policy=HEADERS_KEPT)
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=urlsplit(config["PUBLIC_BASE_URL"]).hostname or "ohjeverstas")
    if unsubscribe_url:
        message.set_raw("List-Unsubscribe", f"<{unsubscribe_url}>")
        message.set_raw("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
    message.set_content(body)
    message.add_alternative(html_of(body, subject=subject, language=language), subtype="html")
    message["Content-Language"] = language
    return message


def deliver(to: str, subject: str, body: str, *, language: str | None = None,
            unsubscribe_url: str | None = None) -> None:
    """Hand one message to the SMTP server; raises when it fails."""
    config = current_app.config
    if not mail_configured():
        raise MailNotConfigured("MAIL_SERVER is not set")
    message = compose(to, subject, body, language=language, unsubscribe_url=unsubscribe_url)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
