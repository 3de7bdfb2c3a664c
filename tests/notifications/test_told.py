"""Issue 14: each association told what became of its input, through the
outbox and a real SMTP server, in the recipient's language; the association's
own address reached and claimed."""
from __future__ import annotations

import re

import sqlalchemy as sa

from drafting.associations.models import Membership
from drafting.auth.models import Language
from drafting.comments import operations as comments
from drafting.comments.models import Disposition
from drafting.extensions import db
from drafting.notifications.models import AssociationClaim, OutboxMessage
from drafting.notifications.reach import reach_of
from drafting.proposals import operations as proposals
from drafting.workflow.models import RoundState

S = RoundState


def send(app) -> str:
    return app.test_cli_runner().invoke(args=["mail", "send"]).output


def forget_earlier_mail() -> None:
    db.session.execute(sa.delete(OutboxMessage))
    db.session.commit()


def recipients(inbox) -> list[str]:
    return sorted(r for rcpts, _message in inbox.messages for r in rcpts)


def proposal_for(round_, town, text: str):
    section = round_.sections[0]
    return proposals.propose(section, town.eila, text=f"<p>{text}</p>", rationale="Selkeämpi",
                             association_id=town.seniors.id)


def test_issue_14_each_decision_on_a_proposal_tells_the_proposer_and_its_association(app, town, inbox):
    colleague = town.make.user(town.municipality, name="Sven Svensson", email="sven@example.fi",
                               associations=[town.seniors])
    colleague.language = Language.SV
    db.session.commit()
    round_ = town.round(S.ASSOCIATION_EVENING)
    forget_earlier_mail()
    accepted = proposal_for(round_, town, "Ensimmäinen muotoilu.")
    db.session.commit()
    version = proposals.accept(accepted, town.coordinator, seen_version_id=accepted.rebased_on_version_id)
    db.session.commit()
    edited = proposal_for(round_, town, "Toinen muotoilu.")
    db.session.commit()
    proposals.accept_with_edits(edited, town.coordinator, text="<p>Toinen muotoilu, tarkennettu.</p>",
                                reason="Tarkennettiin termiä", seen_version_id=version.id)
    rejected = proposal_for(round_, town, "Kolmas muotoilu.")
    db.session.commit()
    proposals.reject(rejected, town.coordinator, reason="Ristiriidassa talousarvion kanssa")
    db.session.commit()
    assert "sent 6, failed 0, waiting 0" in send(app)

    eila = {m["Subject"]: m.get_body(("plain",)).get_content() for m in inbox.to("eila@example.fi")}
    assert len(eila) == 3
    [accepted_mail] = [body for subject, body in eila.items() if subject.endswith("hyväksyttiin")]
    assert "versio 2" in accepted_mail and f"/rounds/{round_.id}/proposals/{accepted.id}" in accepted_mail
    [edited_mail] = [body for subject, body in eila.items() if "muutoksin" in subject]
    assert "Tarkennettiin termiä" in edited_mail and "versio 3" in edited_mail
    [rejected_mail] = [body for subject, body in eila.items() if "ei hyväksytty" in subject]
    assert "Ristiriidassa talousarvion kanssa" in rejected_mail
    sven = inbox.to("sven@example.fi")
    assert len(sven) == 3 and all("ändringsförslag" in m["Subject"] for m in sven)
    assert inbox.to(town.coordinator.email) == [] and inbox.to("matti@example.fi") == []


def test_issue_14_a_hidden_comment_tells_its_writer_why(app, town, inbox):
    round_ = town.round(S.ASSOCIATION_EVENING)
    forget_earlier_mail()
    comment = comments.post_comment(round_, town.matti, text="Asiaton kommentti", association_id=town.village.id)
    db.session.commit()
    comments.hide_comment(comment, town.coordinator, reason="Loukkaava kielenkäyttö")
    db.session.commit()
    assert "sent 1, failed 0" in send(app)
    [mail] = inbox.to("matti@example.fi")
    assert "piilotettiin" in mail["Subject"]
    body = mail.get_body(("plain",)).get_content()
    assert "Loukkaava kielenkäyttö" in body and f"/rounds/{round_.id}/comments/{comment.id}" in body


def test_issue_14_a_response_to_an_input_recorded_for_an_association_goes_to_the_association(app, town, inbox):
    town.village.email = "kyla@example.fi"
    db.session.commit()
    round_ = town.round(S.ASSOCIATION_EVENING)
    forget_earlier_mail()
    recorded = comments.post_comment(round_, town.coordinator, text="Toivottiin iltaa keväälle",
                                     association_id=town.village.id, on_behalf=True)
    db.session.commit()
    comments.respond(recorded, town.coordinator, disposition=Disposition.NOTED, text="Ilta pidetään maaliskuussa")
    db.session.commit()
    assert "sent 2, failed 0" in send(app)
    assert recipients(inbox) == ["kyla@example.fi", "matti@example.fi"]
    [to_address] = inbox.to("kyla@example.fi")
    body = to_address.get_body(("plain",)).get_content()
    assert "Ilta pidetään maaliskuussa" in body and "Kyläyhdistys ry" in body
    assert "/associations/claim/" in body
    assert db.session.scalar(sa.select(OutboxMessage.association_id)
                             .where(OutboxMessage.recipient == "kyla@example.fi")) == town.village.id


def test_issue_14_the_published_guideline_is_announced_to_every_reached_association(app, town, inbox):
    only_address = town.make.association(town.municipality, name="Nuorisoseura ry", email="nuoriso@example.fi")
    town.make.association(town.municipality, name="Tavoittamaton ry")
    town.matti.language = Language.EN
    db.session.commit()
    round_ = town.round(S.APPROVAL)
    forget_earlier_mail()
    town.make.advance(round_, town.coordinator, S.APPROVED)
    assert "sent 3, failed 0" in send(app)
    assert recipients(inbox) == ["eila@example.fi", "matti@example.fi", "nuoriso@example.fi"]
    [matti] = inbox.to("matti@example.fi")
    assert "has published its guideline" in matti["Subject"]
    assert "/m/testikunta/guideline" in matti.get_body(("plain",)).get_content()
    [address] = inbox.to("nuoriso@example.fi")
    assert "julkaissut" in address["Subject"]
    assert only_address.id in reach_of(town.municipality.id).delivered


def test_issue_14_people_who_turned_notices_off_hear_nothing_of_decisions(app, town, inbox):
    town.eila.wants_notifications = False
    db.session.commit()
    round_ = town.round(S.ASSOCIATION_EVENING)
    forget_earlier_mail()
    proposal = proposal_for(round_, town, "Uusi muotoilu.")
    db.session.commit()
    proposals.reject(proposal, town.coordinator, reason="Ei nyt")
    comment = comments.post_comment(round_, town.eila, text="Kommentti", association_id=town.seniors.id)
    db.session.commit()
    comments.hide_comment(comment, town.coordinator, reason="Väärä paikka")
    db.session.commit()
    send(app)
    assert inbox.messages == []


def test_issue_14_an_association_with_only_an_address_is_announced_the_round_and_claims_its_entry(
        app, town, inbox, browser):
    hall = town.make.association(town.municipality, name="Seurantalo ry", email="Talo@Example.fi")
    newcomer = town.make.user(town.municipality, name="Uusi Ihminen", email="uusi@example.fi")
    round_ = town.round(S.WISHES)
    assert hall.id not in reach_of(town.municipality.id).reached_ids
    send(app)
    [announcement] = inbox.to("Talo@Example.fi")
    assert "toiveita" in announcement["Subject"] or "toiveet" in announcement.get_body(("plain",)).get_content()
    assert f"/rounds/{round_.id}" in announcement.get_body(("plain",)).get_content()
    assert hall.id in reach_of(town.municipality.id).reached_ids
    link = re.search(r"https?://\S+/associations/claim/\S+", announcement.get_body(("plain",)).get_content()).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    path = "/" + path

    page = browser.get(path)
    assert page.status_code == 200 and "/login?next=" in page.get_data(as_text=True)
    browser.login(newcomer)
    assert "Seurantalo ry" in browser.text(path)
    response = browser.post(path, {}, token_from=path)
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Membership).where(Membership.user_id == newcomer.id,
                                                         Membership.association_id == hall.id)) is not None
    claim = db.session.scalar(sa.select(AssociationClaim))
    assert claim.confirmed and claim.proved_address == "talo@example.fi"

    hall.email = "uusi-osoite@example.fi"
    db.session.commit()
    assert browser.get(path).status_code == 404
    assert browser.get(path[:-3] + "xyz").status_code == 404
