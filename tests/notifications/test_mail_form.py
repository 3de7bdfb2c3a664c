"""Issue 14 item 7: mail in the recipient's language, as plain text and the
same text in HTML, with an unsubscribe link and the RFC 8058 headers on
notices and announcements, and the mail stopping once unsubscribed by POST.
Delivered through a real SMTP server."""
from __future__ import annotations

import re

import sqlalchemy as sa

from drafting.auth import operations as auth_operations
from drafting.auth.models import Language, User
from drafting.extensions import db
from drafting.notifications.models import MailOptOut, OutboxMessage
from drafting.proposals import operations as proposals
from drafting.workflow.models import RoundState
from tests.notifications.test_told import forget_earlier_mail, proposal_for, send

S = RoundState
HOSTILE = 'Ei <script>alert("x")</script> & <img src="https://evil.example/p.png"> nyt'


def plain(message) -> str:
    return message.get_body(("plain",)).get_content()


def html(message) -> str:
    return message.get_body(("html",)).get_content()


def path_of(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def unsubscribe_link(message) -> str:
    return re.fullmatch(r"<(\S+)>", message["List-Unsubscribe"]).group(1)


def test_issue_14_a_notice_is_plain_text_and_the_same_text_in_escaped_html_in_the_recipients_language(
        app, town, inbox):
    town.eila.language = Language.SV
    db.session.commit()
    round_ = town.round(S.ASSOCIATION_EVENING)
    forget_earlier_mail()
    proposal = proposal_for(round_, town, "Uusi muotoilu.")
    db.session.commit()
    proposals.reject(proposal, town.coordinator, reason=HOSTILE)
    db.session.commit()
    assert "sent 1, failed 0" in send(app)

    [message] = inbox.to("eila@example.fi")
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["Content-Language"] == "sv"
    assert "ändringsförslag" in message["Subject"]
    text, page = plain(message), html(message)
    assert HOSTILE in text and "ändringsförslag" in text
    assert '<html lang="sv">' in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;img" in page
    assert "<script" not in page and "<img" not in page
    link = f"http://localhost/rounds/{round_.id}/proposals/{proposal.id}"
    assert f'<a href="{link}">{link}</a>' in page
    assert f'<a href="{unsubscribe_link(message)}">' in page
    assert "src=" not in page.replace("&lt;img src=&#34;", "")


def test_issue_14_password_mail_is_in_the_persons_language_without_an_unsubscribe_link(app, town, inbox):
    town.eila.language = Language.EN
    db.session.commit()
    auth_operations.request_password_reset(town.eila.email)
    db.session.commit()
    send(app)
    [reset] = inbox.to("eila@example.fi")
    assert reset["Subject"] == "A new password for Ohjeverstas" and reset["Content-Language"] == "en"
    assert reset["List-Unsubscribe"] is None and reset["List-Unsubscribe-Post"] is None
    assert reset.get_content_type() == "multipart/alternative"
    assert "/mail/unsubscribe/" not in plain(reset) and "/mail/unsubscribe/" not in html(reset)
    assert '<html lang="en">' in html(reset) and '/password/reset/' in plain(reset)


def test_issue_14_an_announcement_names_its_unsubscribe_link_in_the_body_and_the_headers(app, town, inbox):
    town.make.association(town.municipality, name="Seurantalo ry", email="talo@example.fi")
    round_ = town.round(S.WISHES)
    send(app)
    [to_person] = inbox.to("eila@example.fi")
    [to_address] = inbox.to("talo@example.fi")
    for message in (to_person, to_address):
        link = unsubscribe_link(message)
        assert link.startswith("http://localhost/mail/unsubscribe/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert link in plain(message) and f'href="{link}"' in html(message)
        assert f"/rounds/{round_.id}" in plain(message)
    assert unsubscribe_link(to_person) != unsubscribe_link(to_address)
    assert to_address["Content-Language"] == "fi" and "/associations/claim/" in plain(to_address)


def test_issue_14_unsubscribing_by_post_stops_a_persons_notices_and_what_waits_for_them(
        app, town, inbox, browser):
    round_ = town.round(S.ASSOCIATION_EVENING)
    send(app)
    announcement = inbox.to("eila@example.fi")[-1]
    path = path_of(unsubscribe_link(announcement))
    assert {unsubscribe_link(message) for message in inbox.to("eila@example.fi")} == {unsubscribe_link(announcement)}

    page = browser.text(path)
    assert 'method="post"' in page and "eila@example.fi" in page
    db.session.expire_all()
    assert db.session.get(User, town.eila.id).wants_notifications, "a GET changes nothing"

    waiting = proposal_for(round_, town, "Odottava.")
    db.session.commit()
    proposals.reject(waiting, town.coordinator, reason="Ei nyt")
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.recipient == "eila@example.fi", OutboxMessage.sent_at.is_(None))) == 1

    response = browser.post_without_token(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, town.eila.id).wants_notifications is False
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.recipient == "eila@example.fi", OutboxMessage.sent_at.is_(None))) == 0
    assert "role=\"status\"" in browser.text(path)

    inbox.messages.clear()
    later = proposal_for(round_, town, "Myöhempi.")
    db.session.commit()
    proposals.reject(later, town.coordinator, reason="Ei vieläkään")
    db.session.commit()
    send(app)
    assert inbox.to("eila@example.fi") == []
    assert browser.post_without_token(path, {}).status_code == 303
    assert browser.get(path[:-4] + "abcd").status_code == 404


def test_issue_14_unsubscribing_an_association_address_stops_its_mail_until_the_address_changes(
        app, town, inbox, browser):
    hall = town.make.association(town.municipality, name="Seurantalo ry", email="Talo@Example.fi")
    round_ = town.round(S.WISHES)
    send(app)
    [announcement] = inbox.to("Talo@Example.fi")
    path = path_of(unsubscribe_link(announcement))
    assert "Seurantalo ry" in browser.text(path)
    assert db.session.scalar(sa.select(MailOptOut)) is None

    assert browser.post_without_token(path, {"List-Unsubscribe": "One-Click"}).status_code == 303
    opt_out = db.session.scalar(sa.select(MailOptOut))
    assert (opt_out.association_id, opt_out.address) == (hall.id, "talo@example.fi")
    assert browser.post_without_token(path, {}).status_code == 303
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MailOptOut)) == 1

    inbox.messages.clear()
    town.make.advance(round_, town.coordinator, S.ASSOCIATION_EVENING)
    send(app)
    assert inbox.to("Talo@Example.fi") == [] and inbox.to("eila@example.fi") != []

    hall = db.session.get(type(hall), hall.id)
    hall.email = "uusi@seurantalo.fi"
    db.session.commit()
    assert browser.get(path).status_code == 404
    forget_earlier_mail()
    inbox.messages.clear()
    town.make.advance(db.session.get(type(round_), round_.id), town.coordinator, S.APPROVED)
    send(app)
    assert len(inbox.to("uusi@seurantalo.fi")) == 1


def test_issue_14_mail_that_cannot_be_turned_off_has_no_unsubscribe_link_and_reaches_an_opted_out_address(
        app, town, inbox):
    from drafting.notifications.outcomes import tell

    hall = town.make.association(town.municipality, name="Seurantalo ry", email="talo@example.fi")
    db.session.add(MailOptOut(association_id=hall.id, address="talo@example.fi"))
    db.session.commit()

    def compose() -> tuple[str, str]:
        return "Raportti", "Yhdistyksen tulosraportti: https://ohjeverstas.example.fi/r/1"

    assert tell([town.eila], [hall], compose, "report:1", optional=False) == 2
    assert tell([town.eila], [hall], lambda: ("Tiedote", "Ilmoitus."), "notice:1") == 1
    db.session.commit()
    send(app)
    [report, notice] = sorted(inbox.to("eila@example.fi"), key=lambda m: m["Subject"])
    assert (report["Subject"], notice["Subject"]) == ("Raportti", "Tiedote")
    [to_address] = inbox.to("talo@example.fi")
    for message in (report, to_address):
        assert message["List-Unsubscribe"] is None and "/mail/unsubscribe/" not in plain(message)
        assert "/mail/unsubscribe/" not in html(message)
    assert "/associations/claim/" in plain(to_address)
    assert notice["List-Unsubscribe"] and "/mail/unsubscribe/" in plain(notice)
