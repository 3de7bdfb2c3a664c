"""Delivering one e-mail over SMTP. Messages are queued in the outbox
(`drafting.notifications.outbox`) and delivered from there."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import urlsplit

from flask import current_app


class MailNotConfigured(RuntimeError):
    """No SMTP server is configured."""


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def deliver(to: str, subject: str, body: str) -> None:
    """Hand one plain-text message to the SMTP server; raises when it fails."""
    config = current_app.config
    if not mail_configured():
        raise MailNotConfigured("MAIL_SERVER is not set")
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=urlsplit(config["PUBLIC_BASE_URL"]).hostname or "ohjeverstas")
    message.set_content(body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
