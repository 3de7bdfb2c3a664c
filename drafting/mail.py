"""Outgoing e-mail over SMTP.

Without `MAIL_SERVER` (a developer's machine) the message is written to the
log instead, so invitations can still be tried out; the page that sent the
invitation also shows its link to the coordinator."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app


def send_mail(to: str, subject: str, body: str) -> bool:
    """Send a plain-text message; True when an SMTP server accepted it."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="ohjeverstas")
    message.set_content(body)
    if not config.get("MAIL_SERVER"):
        current_app.logger.info("Mail not configured; message to %s:\n%s\n%s", to, subject, body)
        return False
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
    return True
