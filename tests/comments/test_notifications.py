"""E-mail through a real SMTP server: announcements, reminders, responses and
digests, kept in the outbox through an outage and delivered later."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from drafting.comments import operations
from drafting.comments.models import Comment, Disposition
from drafting.core import local_today, utcnow
from drafting.extensions import db
from drafting.notifications.models import OutboxMessage
from drafting.notifications.notices import queue_due_digests, queue_due_reminders
from drafting.workflow import operations as workflow
from drafting.workflow.models import RoundState
from drafting.workflow.table import Action, ActionInput

S = RoundState


def send(app) -> str:
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    return result.output


def forget_earlier_mail() -> None:
    """The set-up moved rounds through their steps, which announced them; those
    messages are not what the test is about."""
    db.session.execute(sa.delete(OutboxMessage))
    db.session.commit()


def outbox() -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_associations_hear_when_the_round_opens_to_them(app, town, inbox):
    town.matti.language = town.matti.language.SV
    db.session.commit()
    round_ = town.round(S.DECISION)
    town.make.record_decision(round_, town.coordinator)
    round_.wishes_closes_on = local_today() + timedelta(days=14)
    workflow.apply_transition(round_, Action.OPEN_WISHES, town.coordinator, ActionInput(), S.DECISION)
    db.session.commit()
    assert "sent 2, failed 0, waiting 0" in send(app)
    [eila] = inbox.to("eila@example.fi")
    [matti] = inbox.to("matti@example.fi")
    assert "Testikunta" in eila["Subject"] and f"/rounds/{round_.id}" in eila.get_body(("plain",)).get_content()
    assert "förening" in matti["Subject"].lower() or "önskemål" in matti["Subject"].lower()
    assert town.stranger.email not in [r for recipients, _ in inbox.messages for r in recipients]
    # a repeated run sends nothing more
    assert "sent 0" in send(app)


def test_issue_14_people_who_turned_notices_off_get_no_announcements_nor_responses(app, town, inbox):
    town.eila.wants_notifications = False
    db.session.commit()
    round_ = town.round(S.WELFARE_REVIEW)
    forget_earlier_mail()
    workflow.record_decision(round_, workflow.DecisionStep.WELFARE_REVIEW, town.coordinator,
                             workflow.DecisionInput(decided_on=local_today(), outcome="ok"))
    workflow.apply_transition(round_, Action.OPEN_ASSOCIATION_EVENING, town.coordinator, ActionInput(),
                              S.WELFARE_REVIEW)
    comment = operations.post_comment(round_, town.eila, text="Hyvä luonnos", association_id=town.seniors.id)
    operations.respond(comment, town.coordinator, disposition=Disposition.NOTED, text="Kiitos palautteesta")
    db.session.commit()
    send(app)
    assert inbox.to("eila@example.fi") == []
    assert len(inbox.to("matti@example.fi")) == 1  # the announcement of the evening


def test_an_smtp_outage_keeps_the_mail_queued_until_it_can_be_sent(app, town, inbox):
    round_ = town.round(S.ASSOCIATION_EVENING)
    forget_earlier_mail()
    comment = operations.post_comment(round_, town.eila, text="Kysymys", association_id=town.seniors.id)
    operations.respond(comment, town.coordinator, disposition=Disposition.NOTED, text="Vastaus")
    db.session.commit()
    inbox.stop()
    output = send(app)
    assert "sent 0, failed 1, waiting 1" in output
    [message] = outbox()
    assert message.sent_at is None and message.attempts == 1 and "Connection" in message.last_error
    assert message.send_after > utcnow()
    assert "sent 0, failed 0, waiting 1" in send(app)  # not retried before its time
    inbox.start()
    message.send_after = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert "sent 1, failed 0, waiting 0" in send(app)
    db.session.refresh(message)
    assert message.sent_at is not None and message.attempts == 2
    assert len(inbox.to("eila@example.fi")) == 1


def test_reminders_three_days_before_a_window_closes_once(app, town, inbox):
    round_ = town.round(S.WISHES)
    forget_earlier_mail()
    round_.wishes_closes_on = local_today() + timedelta(days=3)
    db.session.commit()
    assert queue_due_reminders(local_today() - timedelta(days=1)) == 0
    assert queue_due_reminders() == 2
    assert queue_due_reminders() == 0
    db.session.commit()
    send(app)
    [reminder] = inbox.to("eila@example.fi")
    assert str(round_.wishes_closes_on.year) in reminder["Subject"]


def test_the_coordinator_gets_a_daily_digest_of_new_comments(app, town, inbox):
    round_ = town.round(S.ASSOCIATION_EVENING)
    forget_earlier_mail()
    first = operations.post_comment(round_, town.eila, text="Eilinen", association_id=town.seniors.id)
    operations.post_comment(round_, town.matti, text="Toinen eilinen", section=round_.sections[3],
                            association_id=town.village.id)
    db.session.commit()
    for comment in db.session.scalars(sa.select(Comment)):
        comment.created_at = utcnow() - timedelta(days=1)
    db.session.commit()
    assert queue_due_digests() == 1
    assert queue_due_digests() == 0
    db.session.commit()
    send(app)
    [digest] = inbox.to(town.coordinator.email)
    body = digest.get_body(("plain",)).get_content()
    assert "Eläkeläiset ry — Eila Edustaja" in body and round_.sections[3].heading in body
    assert f"/rounds/{round_.id}/comments/{first.id}" in body


def test_settings_turn_notices_off(browser, town):
    browser.login(town.matti)
    response = browser.post("/settings", {"language": "fi"})
    assert response.status_code == 302
    db.session.refresh(town.matti)
    assert town.matti.wants_notifications is False
