"""Writes that the round's step allows race the transition that ends the
step (finding 12 of issue 12): every comment, reply and proposal is either in
before the step ended, or refused.

The transition runs in a thread of its own, with its own session, as another
request would; the write runs in another. On PostgreSQL they really overlap;
on SQLite, which lets one writer at a time, they interleave the same way."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from drafting.auth.models import User
from drafting.comments import operations as comments
from drafting.comments.models import Comment
from drafting.core import DomainError, local_today
from drafting.documents.models import Section
from drafting.extensions import db
from drafting.proposals import operations as proposals
from drafting.proposals.models import ChangeProposal
from drafting.workflow.models import DraftingRound, RoundState
from drafting.workflow.operations import apply_transition
from drafting.workflow.queries import get_round_or_404
from drafting.workflow.table import Action, ActionInput
from tests.conftest import Browser

WAIT = 1.0
NEW = "<p>Avustukset haetaan huhtikuussa.</p>"


def _writers(town):
    """Each write the association evening allows, made by a person of the town."""
    def comment(round_, section):
        return comments.post_comment(round_, db.session.get(User, town.eila.id), text="<p>Myöhässä?</p>",
                                     section=section, association_id=town.sports.id)

    def reply(round_, section):
        parent = db.session.scalar(sa.select(Comment).where(Comment.round_id == round_.id))
        return comments.reply(parent, db.session.get(User, town.matti.id), text="<p>Samaa mieltä.</p>",
                              association_id=town.village.id)

    def proposal(round_, section):
        return proposals.propose(section, db.session.get(User, town.eila.id), text=NEW, rationale="Kevät",
                                 association_id=town.sports.id)

    def recorded(round_, section):
        return proposals.propose(section, db.session.get(User, town.coordinator.id), text=NEW, rationale="Ilta",
                                 association_id=town.village.id, on_behalf=True)

    return {"comment": comment, "reply": reply, "proposal": proposal, "recorded": recorded}


@pytest.fixture
def evening(town):
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    round_.wishes_opens_on = local_today() - timedelta(days=40)
    round_.wishes_closes_on = local_today() - timedelta(days=10)
    section = round_.sections[0]
    comments.post_comment(round_, town.eila, text="<p>Ensimmäinen.</p>", section=section,
                          association_id=town.seniors.id)
    db.session.commit()
    return round_.id, section.id


def _send_back(app, round_id: int, coordinator_id: int, *, locked=None, hold: float = 0.0, moved=None):
    """The coordinator sends the round back from the evening, as the transition view does."""
    with app.app_context():
        round_ = get_round_or_404(round_id, for_update=True)
        apply_transition(round_, Action.SEND_BACK, db.session.get(User, coordinator_id),
                         ActionInput(reason="Käsitellään uudelleen"), RoundState.ASSOCIATION_EVENING)
        db.session.flush()
        if locked is not None:
            locked.set()
        if hold:
            threading.Event().wait(hold)
        db.session.commit()
        if moved is not None:
            moved.set()
        db.session.remove()


def _written(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("write", ["comment", "reply", "proposal", "recorded"])
def test_finding_12_a_write_checked_before_the_step_ended_is_in_before_it(app, town, evening, write):
    """The write is checked while the evening is open; the coordinator ends
    the step before the write reaches the database. The transition waits for
    the write, so the write is in before the step ended, never after."""
    round_id, section_id = evening
    checked, moved = threading.Event(), threading.Event()
    seen = {}

    def writer():
        with app.app_context():
            round_ = db.session.get(DraftingRound, round_id)
            section = db.session.get(Section, section_id)
            assert round_.state == RoundState.ASSOCIATION_EVENING

            def before_insert(session, _context, _instances):
                if "moved" not in seen:
                    checked.set()
                    moved.wait(WAIT)
                    seen["moved"] = moved.is_set()

            event.listen(db.session(), "before_flush", before_insert)
            try:
                _writers(town)[write](round_, section)
                db.session.commit()
                seen["saved"] = True
            except DomainError:
                db.session.rollback()
                seen["saved"] = False
            finally:
                event.remove(db.session(), "before_flush", before_insert)
                db.session.remove()

    writing = threading.Thread(target=writer)
    writing.start()
    assert checked.wait(10)
    moving = threading.Thread(target=_send_back, args=(app, round_id, town.coordinator.id), kwargs={"moved": moved})
    moving.start()
    writing.join(20)
    moving.join(20)
    assert not writing.is_alive() and not moving.is_alive()
    assert seen["saved"]
    assert seen["moved"] is False, "the write reached the database after the step had ended"
    db.session.expire_all()
    assert db.session.get(DraftingRound, round_id).state == RoundState.WELFARE_REVIEW


@pytest.mark.parametrize("write", ["comment", "reply", "proposal", "recorded"])
def test_finding_12_a_write_after_the_step_ended_is_refused(app, town, evening, write):
    """The writer read the round while the evening was open; the coordinator
    has ended the step (and commits a moment later). The write waits for the
    transition, sees the step as it is now and is refused."""
    round_id, section_id = evening
    round_ = db.session.get(DraftingRound, round_id)
    section = db.session.get(Section, section_id)
    assert round_.state == RoundState.ASSOCIATION_EVENING
    before = _written(Comment), _written(ChangeProposal)
    locked = threading.Event()
    moving = threading.Thread(target=_send_back, args=(app, round_id, town.coordinator.id),
                              kwargs={"locked": locked, "hold": 0.3})
    moving.start()
    assert locked.wait(10)
    try:
        with pytest.raises(DomainError):
            _writers(town)[write](round_, section)
    finally:
        db.session.rollback()
        moving.join(20)
    db.session.expire_all()
    assert (_written(Comment), _written(ChangeProposal)) == before
    assert db.session.get(DraftingRound, round_id).state == RoundState.WELFARE_REVIEW


def test_finding_12_comments_racing_the_submission_for_approval_never_land_after_it(app, make):
    """Four representatives comment while the coordinator submits the round
    for approval, all let go at once by a barrier, several times over. The
    submission needs every comment answered: if it went through, no comment
    may be in the round; if comments are in, the submission saw them."""
    from datetime import timedelta

    from drafting.core import local_today

    for cycle in range(4):
        municipality = make.municipality()
        coordinator = make.coordinator(municipality)
        writers = {make.representative(municipality).id: None for _n in range(4)}
        for person_id in writers:
            writers[person_id] = sorted(db.session.get(User, person_id).association_ids(municipality.id))[0]
        round_ = make.round(municipality, coordinator, RoundState.ASSOCIATION_EVENING)
        round_.comments_close_on = local_today() + timedelta(days=3)
        db.session.commit()
        round_id, section_id, coordinator_id = round_.id, round_.sections[0].id, coordinator.id
        barrier = threading.Barrier(len(writers) + 1)
        outcomes = []

        def comment(person_id: int):
            with app.app_context():
                round_ = db.session.get(DraftingRound, round_id)
                section = db.session.get(Section, section_id)
                person = db.session.get(User, person_id)
                barrier.wait(10)
                try:
                    comments.post_comment(round_, person, text="<p>Vielä yksi asia.</p>", section=section,
                                          association_id=writers[person_id])
                    db.session.commit()
                    outcomes.append("saved")
                except DomainError:
                    db.session.rollback()
                    outcomes.append("refused")
                finally:
                    db.session.remove()

        def submit():
            with app.app_context():
                barrier.wait(10)
                round_ = get_round_or_404(round_id, for_update=True)
                try:
                    apply_transition(round_, Action.SUBMIT_FOR_APPROVAL, db.session.get(User, coordinator_id),
                                     ActionInput(confirm_early_close=True, reason="Valmis."),
                                     RoundState.ASSOCIATION_EVENING)
                    db.session.commit()
                    outcomes.append("submitted")
                except DomainError:
                    db.session.rollback()
                    outcomes.append("kept open")
                finally:
                    db.session.remove()

        threads = [threading.Thread(target=comment, args=(person_id,)) for person_id in writers]
        threads.append(threading.Thread(target=submit))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert not any(thread.is_alive() for thread in threads)
        db.session.expire_all()
        state = db.session.get(DraftingRound, round_id).state
        landed = db.session.scalar(sa.select(sa.func.count()).select_from(Comment).where(Comment.round_id == round_id))
        assert landed == outcomes.count("saved")
        if state == RoundState.APPROVAL:
            assert landed == 0, f"cycle {cycle}: {landed} comments landed after the step ended"
        else:
            assert "kept open" in outcomes and landed > 0


def test_finding_12_a_comment_checked_before_the_window_was_shortened_is_in_before_it(app, town, evening):
    """The coordinator closes the written comments while a comment, checked
    against the open window, is on its way to the database: the schedule is
    saved after the comment, never before it (on PostgreSQL the plain update
    of the schedule would not wait for the comment's hold on the round)."""
    round_id, section_id = evening
    coordinator = Browser(app.test_client())
    coordinator.login(town.coordinator)
    page = f"/rounds/{round_id}/schedule"
    token = coordinator.csrf_token(page)
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    checked, order = threading.Event(), []

    def writer():
        with app.app_context():
            round_ = db.session.get(DraftingRound, round_id)

            def before_insert(session, _context, _instances):
                if not checked.is_set():
                    checked.set()
                    threading.Event().wait(WAIT)

            event.listen(db.session(), "before_flush", before_insert)
            try:
                _writers(town)["comment"](round_, db.session.get(Section, section_id))
                db.session.commit()
                order.append("comment")
            finally:
                event.remove(db.session(), "before_flush", before_insert)
                db.session.remove()

    def shorten():
        response = coordinator.post_without_token(page, {"csrf_token": token, "comments_close_on": yesterday,
                                                         "evening_place": "Kunnantalo", "confirm_dates": "y"})
        order.append(("schedule", response.status_code))

    writing = threading.Thread(target=writer)
    writing.start()
    assert checked.wait(10)
    shortening = threading.Thread(target=shorten)
    shortening.start()
    writing.join(20)
    shortening.join(20)
    assert order == ["comment", ("schedule", 302)]
    db.session.expire_all()
    assert db.session.get(DraftingRound, round_id).comments_close_on.isoformat() == yesterday
