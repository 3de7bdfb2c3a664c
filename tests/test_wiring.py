"""Each feature wires itself into the application it is given (issue 13):
the open items that hold a round back from approval and the signals other
features follow belong to an application built by `create_app`, not to
whichever modules happen to have been imported."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from flask import Flask

from drafting import PROJECT_ROOT, create_app
from drafting.accessibility.operations import queue_feedback_digests
from drafting.auth.feature import answer_reset_requests
from drafting.comments import operations as comments
from drafting.comments.anchoring import store_positions
from drafting.comments.models import Disposition
from drafting.comments.queries import unanswered_lines
from drafting.documents.operations import save_section
from drafting.documents.signals import section_changed
from drafting.extensions import db
from drafting.notifications import due
from drafting.notifications.notices import announce_round, queue_due_digests, queue_due_reminders
from drafting.proposals import operations as proposals
from drafting.proposals.operations import rebase_pending
from drafting.proposals.queries import undecided_lines
from drafting.workflow import open_items, operations
from drafting.workflow.models import RoundState
from drafting.workflow.signals import round_moved
from drafting.workflow.table import Action, ActionInput
from tests.messages import fi

# A worker or a script: a new interpreter that builds the application and
# moves a round through the operations, with no request and no page.
WORKER = """
import json, sys
from drafting import create_app
from drafting.auth.models import User
from drafting.extensions import db
from drafting.workflow import operations
from drafting.workflow.models import DraftingRound
from drafting.workflow.table import Action, ActionInput

url, round_id, user_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "worker",
                  "MAIL_SERVER": None, "RATE_LIMITS_ENABLED": False})
with app.app_context():
    round_ = db.session.get(DraftingRound, round_id)
    coordinator = db.session.get(User, user_id)
    try:
        operations.apply_transition(round_, Action.SUBMIT_FOR_APPROVAL, coordinator, ActionInput(confirm_early_close=True, reason="Valmis."), round_.state)
    except operations.GuardFailed as refusal:
        db.session.rollback()
        outcome = {"refused": refusal.details}
    else:
        db.session.commit()
        outcome = {"refused": None}
    db.session.expire_all()
    outcome["state"] = db.session.get(DraftingRound, round_id).state.value
    print(json.dumps(outcome))
"""


def run_worker(database_url: str, round_id: int, user_id: int) -> dict:
    done = subprocess.run([sys.executable, "-c", WORKER, database_url, str(round_id), str(user_id)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def open_evening(town):
    """A round at its association evening with one unanswered comment and one
    undecided proposal."""
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    section = round_.sections[0]
    save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading,
                 text="<p>Avustuksia haetaan maaliskuussa.</p>")
    comment = comments.post_comment(round_, town.eila, text="Hakuajasta pitää tiedottaa.", section=section,
                                    association_id=town.seniors.id)
    proposal = proposals.propose(section, town.eila, association_id=town.seniors.id,
                                 text="<p>Avustuksia haetaan helmikuussa.</p>", rationale="Aiemmin")
    db.session.commit()
    return round_, comment, proposal


def test_issue_13_a_worker_refuses_approval_while_items_are_open(database_url, town, open_evening):
    round_, comment, proposal = open_evening
    outcome = run_worker(database_url, round_.id, town.coordinator.id)
    assert outcome["state"] == RoundState.ASSOCIATION_EVENING.value
    assert outcome["refused"] is not None and len(outcome["refused"]) == 2
    assert "Hakuajasta pitää tiedottaa." in outcome["refused"][0]
    assert f" {proposal.id} " in outcome["refused"][1]

    comments.respond(comment, town.coordinator, disposition=Disposition.NOT_TAKEN_INTO_ACCOUNT, text="Hakuaika on jo tiedossa.")
    proposals.reject(proposal, town.coordinator, reason="Maaliskuu pysyy.")
    db.session.commit()
    settled = run_worker(database_url, round_.id, town.coordinator.id)
    assert settled == {"refused": None, "state": RoundState.APPROVAL.value}


def test_issue_13_the_wiring_belongs_to_the_application(app, database_url):
    """An application has what its features registered (open items, signal
    receivers, the jobs of the mail command); importing a module
    connects nothing, and a guard in an application that was never wired
    refuses to answer rather than find nothing open."""
    assert open_items.providers() == [open_items.empty_chapter_lines, unanswered_lines, undecided_lines]
    assert set(section_changed.receivers_for(app)) >= {store_positions, rebase_pending}
    assert announce_round in set(round_moved.receivers_for(app))

    assert [job.queue for job in app.extensions[due.EXTENSION]] == [
        answer_reset_requests, queue_feedback_digests, queue_due_reminders, queue_due_digests]

    stranger = object()
    assert list(section_changed.receivers_for(stranger)) == []
    assert list(round_moved.receivers_for(stranger)) == []

    bare = Flask("bare")
    with bare.app_context():
        with pytest.raises(open_items.NotWired):
            open_items.providers()

    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "other",
                        "MAIL_SERVER": None, "RATE_LIMITS_ENABLED": False})
    assert other.extensions[open_items.EXTENSION] == [open_items.empty_chapter_lines, unanswered_lines, undecided_lines]
    assert other.extensions[open_items.EXTENSION] is not app.extensions[open_items.EXTENSION]
    assert set(section_changed.receivers_for(other)) >= {store_positions, rebase_pending}
    open_items.add_provider(other, unanswered_lines)
    assert other.extensions[open_items.EXTENSION] == [open_items.empty_chapter_lines, unanswered_lines, undecided_lines]


def test_issue_13_a_round_refused_for_open_items_names_them_in_the_app(town, open_evening):
    """The same refusal from the operation inside the test's application."""
    round_, comment, proposal = open_evening
    with pytest.raises(operations.GuardFailed) as refused:
        operations.apply_transition(round_, Action.SUBMIT_FOR_APPROVAL, town.coordinator, ActionInput(confirm_early_close=True, reason="Valmis."),
                                    RoundState.ASSOCIATION_EVENING)
    assert len(refused.value.details) == 2
    assert refused.value.details[1] == fi("Change proposal %(number)s without a decision: %(speaker)s (%(section)s)",
                                          number=proposal.id, speaker=proposal.speaker,
                                          section=proposal.section.heading)
