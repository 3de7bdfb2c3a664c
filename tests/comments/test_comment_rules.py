"""Who writes what in which step, what they see, and what bad input gets."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from drafting.audit.models import AuditEvent
from drafting.comments import operations
from drafting.comments.models import Comment, CommentKind, Disposition
from drafting.core import DomainError, PermissionDenied, local_today
from drafting.extensions import db
from drafting.workflow.models import RoundState
from tests.messages import fi, raises_message

S = RoundState


def comment_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Comment))


def audit_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))


@pytest.mark.parametrize("state, kind", [
    (S.WISHES, CommentKind.WISH), (S.ASSOCIATION_EVENING, CommentKind.COMMENT),
])
def test_a_representative_writes_for_the_association_they_choose(town, state, kind):
    round_ = town.round(state)
    section = round_.sections[1]
    comment = operations.post_comment(round_, town.eila, text="Tärkeä asia", section=section,
                                      association_id=town.sports.id)
    db.session.commit()
    assert comment.kind == kind and not comment.internal
    assert (comment.association_id, comment.author_id) == (town.sports.id, town.eila.id)
    assert comment.section_id == section.id
    whole = operations.post_comment(round_, town.matti, text="Koko ohjeesta", association_id=town.village.id)
    assert whole.section_id is None
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "post_comment")).first()
    assert event.actor_id == town.eila.id and event.round_id == round_.id


def test_a_forged_association_is_refused_and_nothing_is_stored(town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    before = (comment_count(), audit_count())
    for association_id in (town.village.id, town.stranger.memberships[0].association_id, 99999, None):
        with raises_message(PermissionDenied, "You can write only for an association you represent."):
            operations.post_comment(round_, town.eila, text="x", association_id=association_id)
    assert (comment_count(), audit_count()) == before


@pytest.mark.parametrize("who", ["coordinator", "welfare", "approver", "stranger"])
def test_staff_and_outsiders_do_not_write_as_associations(town, who):
    round_ = town.round(S.ASSOCIATION_EVENING)
    with pytest.raises(PermissionDenied):
        operations.post_comment(round_, getattr(town, who), text="x", association_id=town.seniors.id)


@pytest.mark.parametrize("state", [S.DECISION, S.APPROVAL, S.APPROVED])
def test_nothing_is_written_outside_the_commenting_steps(town, state):
    round_ = town.round(state)
    with raises_message(DomainError, "Commenting is closed in this step of the round."):
        operations.post_comment(round_, town.eila, text="x", association_id=town.seniors.id)


def test_wishes_close_with_their_window(town):
    round_ = town.round(S.WISHES)
    round_.wishes_closes_on = local_today() - timedelta(days=1)
    db.session.commit()
    with raises_message(DomainError, "Commenting is closed in this step of the round."):
        operations.post_comment(round_, town.eila, text="Myöhässä", association_id=town.seniors.id)


def test_written_comments_close_on_their_date(town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    round_.comments_close_on = local_today() - timedelta(days=1)
    db.session.commit()
    with pytest.raises(DomainError):
        operations.post_comment(round_, town.eila, text="Myöhässä", association_id=town.seniors.id)


def test_welfare_group_remarks_are_internal(town):
    round_ = town.round(S.WELFARE_REVIEW)
    remark = operations.post_comment(round_, town.welfare, text="Tarkennettava", section=round_.sections[0])
    assert remark.kind == CommentKind.REMARK and remark.internal and remark.association_id is None
    with pytest.raises(PermissionDenied):
        operations.post_comment(round_, town.eila, text="x", association_id=town.seniors.id)
    with pytest.raises(PermissionDenied):
        operations.post_comment(round_, town.approver, text="x")


def test_the_coordinator_records_what_was_said_at_the_evening(town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    recorded = operations.post_comment(round_, town.coordinator, text="Toivottiin iltaa keväälle",
                                       association_id=town.village.id, on_behalf=True)
    assert recorded.recorded_at_evening and recorded.association_id == town.village.id
    assert recorded.author_id == town.coordinator.id
    with raises_message(DomainError, "Choose the association whose view is recorded."):
        operations.post_comment(round_, town.coordinator, text="x", on_behalf=True)
    with pytest.raises(PermissionDenied):
        operations.post_comment(round_, town.eila, text="x", association_id=town.seniors.id, on_behalf=True)
    elsewhere = town.make.coordinator(town.make.municipality())
    with pytest.raises(PermissionDenied):
        operations.post_comment(round_, elsewhere, text="x", association_id=town.village.id, on_behalf=True)


@pytest.mark.parametrize("text, message", [
    ("", "Write something first: the comment is empty."),
    ("<p> </p><p><br></p>", "Write something first: the comment is empty."),
])
def test_empty_comments_are_refused(town, text, message):
    round_ = town.round(S.ASSOCIATION_EVENING)
    with raises_message(DomainError, message):
        operations.post_comment(round_, town.eila, text=text, association_id=town.seniors.id)
    assert comment_count() == 0


def test_the_length_limit_is_ten_thousand_characters(town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    operations.post_comment(round_, town.eila, text="a" * 10_000, association_id=town.seniors.id)
    with raises_message(DomainError, "The comment is too long: %(length)s characters, at most %(limit)s.",
                        length="10 001", limit="10 000"):
        operations.post_comment(round_, town.eila, text="a" * 10_001, association_id=town.seniors.id)
    assert comment_count() == 1


def test_replies_are_threaded_and_speak_for_an_association_or_the_municipality(town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    root = operations.post_comment(round_, town.eila, text="Alku", association_id=town.seniors.id)
    first = operations.reply(root, town.matti, text="Samaa mieltä", association_id=town.village.id)
    second = operations.reply(first, town.coordinator, text="Kiitos")
    assert (first.parent_id, first.root_id) == (root.id, root.id)
    assert (second.parent_id, second.root_id) == (first.id, root.id)
    assert second.association_id is None
    with raises_message(DomainError, "Choose the association you speak for."):
        operations.reply(root, town.matti, text="x")
    with pytest.raises(PermissionDenied):
        operations.reply(root, town.stranger, text="x")


def test_a_hidden_comment_keeps_its_text_and_takes_no_replies(town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    comment = operations.post_comment(round_, town.eila, text="Asiaton viesti", association_id=town.seniors.id)
    with raises_message(DomainError, "Give the reason for hiding the comment: readers see it."):
        operations.hide_comment(comment, town.coordinator, reason="  ")
    with pytest.raises(PermissionDenied):
        operations.hide_comment(comment, town.welfare, reason="x")
    operations.hide_comment(comment, town.coordinator, reason="Loukkaava kielenkäyttö")
    db.session.commit()
    assert comment.text == "<p>Asiaton viesti</p>" and comment.hidden_reason == "Loukkaava kielenkäyttö"
    with raises_message(DomainError, "A hidden comment cannot be replied to."):
        operations.reply(comment, town.matti, text="x", association_id=town.village.id)
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "hide_comment")).one()
    assert event.reason == "Loukkaava kielenkäyttö"


def test_editing_keeps_the_earlier_wording_until_the_window_closes(town):
    from drafting.comments.models import CommentRevision
    from drafting.workflow import operations as workflow
    from drafting.workflow.table import Action, ActionInput

    round_ = town.round(S.ASSOCIATION_EVENING)
    comment = operations.post_comment(round_, town.eila, text="Ensimmäinen", association_id=town.seniors.id)
    with pytest.raises(PermissionDenied):
        operations.edit_comment(comment, town.matti, text="Kaapattu")
    operations.edit_comment(comment, town.eila, text="Toinen")
    operations.edit_comment(comment, town.eila, text="Kolmas")
    db.session.commit()
    revisions = db.session.scalars(sa.select(CommentRevision.text).order_by(CommentRevision.id)).all()
    assert revisions == ["<p>Ensimmäinen</p>", "<p>Toinen</p>"]
    assert comment.text == "<p>Kolmas</p>" and comment.edited_at is not None
    operations.respond(comment, town.coordinator, disposition=Disposition.NOTED)
    workflow.apply_transition(round_, Action.SUBMIT_FOR_APPROVAL, town.coordinator, ActionInput(confirm_early_close=True, reason="Valmis."),
                              S.ASSOCIATION_EVENING)
    with raises_message(DomainError, "The window has closed: the comment can no longer be edited."):
        operations.edit_comment(comment, town.eila, text="Neljäs")


class TestResponses:
    def test_each_disposition_and_what_it_needs(self, town):
        round_ = town.round(S.ASSOCIATION_EVENING)
        section = round_.sections[0]
        comment = operations.post_comment(round_, town.eila, text="Lisätkää", section=section,
                                          association_id=town.seniors.id)
        before = audit_count()
        with raises_message(DomainError, "Give the reason why the comment was not taken into account."):
            operations.respond(comment, town.coordinator, disposition=Disposition.NOT_TAKEN_INTO_ACCOUNT, text=" ")
        with raises_message(DomainError, "Choose the section version or the accepted proposal in which the "
                                         "comment was taken into account."):
            operations.respond(comment, town.coordinator, disposition=Disposition.TAKEN_INTO_ACCOUNT)
        assert audit_count() == before
        first = operations.respond(comment, town.coordinator, disposition=Disposition.NOT_TAKEN_INTO_ACCOUNT,
                                   text="Ei kuulu ohjeeseen")
        version = section.versions[-1]
        second = operations.respond(comment, town.coordinator, disposition=Disposition.TAKEN_INTO_ACCOUNT,
                                    linked_version_id=version.id)
        db.session.commit()
        assert first.superseded_at is not None and second.superseded_at is None
        assert operations.current_response(comment).linked_version_id == version.id

    def test_only_the_coordinator_responds_and_only_to_wishes_and_comments(self, town):
        round_ = town.round(S.ASSOCIATION_EVENING)
        comment = operations.post_comment(round_, town.eila, text="x", association_id=town.seniors.id)
        answer = operations.reply(comment, town.matti, text="y", association_id=town.village.id)
        with pytest.raises(PermissionDenied):
            operations.respond(comment, town.approver, disposition=Disposition.NOTED)
        with raises_message(DomainError, "Replies and internal remarks get no formal response."):
            operations.respond(answer, town.coordinator, disposition=Disposition.NOTED)

    def test_the_guard_names_every_unanswered_item(self, town):
        from drafting.workflow import operations as workflow
        from drafting.workflow.table import Action, ActionInput

        round_ = town.round(S.ASSOCIATION_EVENING)
        first = operations.post_comment(round_, town.eila, text="Ensimmäinen huomio tästä", section=round_.sections[2],
                                        association_id=town.seniors.id)
        operations.post_comment(round_, town.matti, text="Toinen", association_id=town.village.id)
        hidden = operations.post_comment(round_, town.matti, text="Roskaa", association_id=town.village.id)
        operations.hide_comment(hidden, town.coordinator, reason="Asiaton")
        db.session.commit()
        with pytest.raises(workflow.GuardFailed) as missing:
            workflow.apply_transition(round_, Action.SUBMIT_FOR_APPROVAL, town.coordinator, ActionInput(confirm_early_close=True, reason="Valmis."),
                                      S.ASSOCIATION_EVENING)
        assert len(missing.value.details) == 2
        assert "Eläkeläiset ry — Eila Edustaja" in missing.value.details[0]
        assert round_.sections[2].heading in missing.value.details[0]
        assert "Ensimmäinen huomio tästä" in missing.value.details[0]
        operations.respond(first, town.coordinator, disposition=Disposition.NOTED)
        with pytest.raises(workflow.GuardFailed) as missing:
            workflow.apply_transition(round_, Action.SUBMIT_FOR_APPROVAL, town.coordinator, ActionInput(confirm_early_close=True, reason="Valmis."),
                                      S.ASSOCIATION_EVENING)
        assert len(missing.value.details) == 1 and "Kyläyhdistys ry — Matti Mäkinen" in missing.value.details[0]
        assert missing.value.details[0].startswith(
            fi("%(kind)s without a response: %(what)s", kind=fi("Comment"), what=""))
