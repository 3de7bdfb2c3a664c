"""The workflow table: every state × action × role, the guards, sending back,
repeated submissions and the audit rows."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from drafting.audit.models import AuditEvent
from drafting.auth.models import StaffRoleKind
from drafting.core import DomainError, PermissionDenied, local_today
from drafting.documents.operations import save_section
from drafting.extensions import db
from drafting.workflow import operations
from drafting.workflow.models import DecisionStep, RoundState
from drafting.workflow.table import TABLE, Action, ActionInput

C, W, P, A = (StaffRoleKind.COORDINATOR, StaffRoleKind.WELFARE_MEMBER,
              StaffRoleKind.APPROVER, StaffRoleKind.ADMIN)
S = RoundState

# Who may do what in which state, written out by hand from the process
# description: the table in drafting/workflow/table.py must say the same.
EXPECTED = {
    (S.DECISION, Action.RECORD_DECISION): {C},
    (S.DECISION, Action.SET_SCHEDULE): {C},
    (S.DECISION, Action.EDIT_SECTIONS): {C},
    (S.DECISION, Action.OPEN_WISHES): {C},
    (S.WISHES, Action.SET_SCHEDULE): {C},
    (S.WISHES, Action.EDIT_SECTIONS): {C},
    (S.WISHES, Action.START_WELFARE_REVIEW): {C},
    (S.WISHES, Action.SEND_BACK): {C},
    (S.WELFARE_REVIEW, Action.RECORD_REVIEW): {C},
    (S.WELFARE_REVIEW, Action.SET_SCHEDULE): {C},
    (S.WELFARE_REVIEW, Action.EDIT_SECTIONS): {C},
    (S.WELFARE_REVIEW, Action.OPEN_ASSOCIATION_EVENING): {C},
    (S.WELFARE_REVIEW, Action.SEND_BACK): {C},
    (S.ASSOCIATION_EVENING, Action.SET_SCHEDULE): {C},
    (S.ASSOCIATION_EVENING, Action.EDIT_SECTIONS): {C},
    (S.ASSOCIATION_EVENING, Action.SUBMIT_FOR_APPROVAL): {C},
    (S.ASSOCIATION_EVENING, Action.SEND_BACK): {C},
    (S.APPROVAL, Action.RECORD_APPROVAL): {C, P},
    (S.APPROVAL, Action.APPROVE): {C, P},
    (S.APPROVAL, Action.SEND_BACK): {C},
    (S.APPROVED, Action.START_REVISION): {C},
}
TARGETS = {
    (S.DECISION, Action.OPEN_WISHES): S.WISHES,
    (S.WISHES, Action.START_WELFARE_REVIEW): S.WELFARE_REVIEW,
    (S.WISHES, Action.SEND_BACK): S.DECISION,
    (S.WELFARE_REVIEW, Action.OPEN_ASSOCIATION_EVENING): S.ASSOCIATION_EVENING,
    (S.WELFARE_REVIEW, Action.SEND_BACK): S.WISHES,
    (S.ASSOCIATION_EVENING, Action.SUBMIT_FOR_APPROVAL): S.APPROVAL,
    (S.ASSOCIATION_EVENING, Action.SEND_BACK): S.WELFARE_REVIEW,
    (S.APPROVAL, Action.APPROVE): S.APPROVED,
    (S.APPROVAL, Action.SEND_BACK): S.ASSOCIATION_EVENING,
}
from flask_babel import format_date

from tests.messages import fi, raises_message


def test_the_table_says_what_the_process_says():
    assert {key: set(rule.roles) for key, rule in TABLE.items()} == EXPECTED
    assert {key: rule.target for key, rule in TABLE.items() if rule.target} == TARGETS


def audit_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))


@pytest.fixture
def people(make):
    municipality = make.municipality()
    other = make.municipality()
    return {
        "municipality": municipality,
        C: make.coordinator(municipality),
        W: make.user(municipality, W),
        P: make.user(municipality, P),
        A: make.user(municipality, A),
        "representative": make.representative(municipality),
        "other_coordinator": make.coordinator(other),
    }


@pytest.mark.parametrize("state", [s for s in RoundState if s != RoundState.ARCHIVED])
def test_every_action_for_every_role_in_every_state(make, people, state):
    round_ = make.round(people["municipality"], people[C], state)
    for action in Action:
        for who in (C, W, P, A, "representative", "other_coordinator"):
            user = people[who]
            allowed = EXPECTED.get((state, action), set())
            before = audit_count()
            if who in allowed:
                assert operations.authorize(round_, action, user) is TABLE[(state, action)]
                assert operations.can(round_, action, user)
            else:
                with pytest.raises(DomainError) as refused:
                    operations.authorize(round_, action, user)
                assert not operations.can(round_, action, user)
                if who in ("representative", "other_coordinator"):
                    assert isinstance(refused.value, PermissionDenied)
                    assert refused.value.message == fi("You have no role in this municipality's drafting.")
                elif not allowed:
                    assert refused.value.message == fi("“%(action)s” is not possible in the step “%(state)s”.",
                                                        action=action.label, state=state.label)
                else:
                    assert isinstance(refused.value, PermissionDenied)
                    for kind in allowed:
                        assert kind.label in refused.value.message
            assert audit_count() == before


@pytest.mark.parametrize("who", [W, P, A, "representative", "other_coordinator"])
def test_a_refused_transition_changes_nothing_and_leaves_no_audit(make, people, who):
    round_ = make.round(people["municipality"], people[C], S.DECISION)
    make.record_decision(round_, people[C])
    round_.wishes_closes_on = local_today() + timedelta(days=5)
    db.session.commit()
    before = audit_count()
    with pytest.raises(PermissionDenied):
        operations.apply_transition(round_, Action.OPEN_WISHES, people[who], ActionInput(), S.DECISION)
    assert round_.state == S.DECISION
    assert audit_count() == before


def test_every_transition_writes_one_audit_row_with_both_states(make, people):
    round_ = make.round(people["municipality"], people[C], S.APPROVED)
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.round_id == round_.id, AuditEvent.to_state.is_not(None))
        .order_by(AuditEvent.id)
    ).all()
    moves = [(e.action, e.from_state, e.to_state) for e in events]
    assert moves == [
        ("open_round", None, "decision"),
        ("open_wishes", "decision", "wishes"),
        ("start_welfare_review", "wishes", "welfare_review"),
        ("open_association_evening", "welfare_review", "association_evening"),
        ("submit_for_approval", "association_evening", "approval"),
        ("approve", "approval", "approved"),
    ]
    assert all(e.actor_id == people[C].id for e in events)


class TestGuards:
    def test_leaving_decision_needs_the_decision_and_the_wishes_window(self, make, people):
        round_ = make.round(people["municipality"], people[C])
        with pytest.raises(operations.GuardFailed) as missing:
            operations.apply_transition(round_, Action.OPEN_WISHES, people[C], ActionInput(), S.DECISION)
        assert missing.value.details == [
            fi("The decision to prepare the guideline is not recorded."),
            fi("The closing date of the wishes window is not set."),
        ]
        make.record_decision(round_, people[C])
        with pytest.raises(operations.GuardFailed) as missing:
            operations.apply_transition(round_, Action.OPEN_WISHES, people[C], ActionInput(), S.DECISION)
        assert missing.value.details == [fi("The closing date of the wishes window is not set.")]
        assert round_.state == S.DECISION

    def test_leaving_wishes_needs_the_window_ended_or_confirmed_and_text(self, make, people):
        round_ = make.round(people["municipality"], people[C], S.WISHES)
        round_.wishes_closes_on = local_today() + timedelta(days=3)
        for section in round_.sections:
            assert section.current_number == 0
        db.session.commit()
        with pytest.raises(operations.GuardFailed) as missing:
            operations.apply_transition(round_, Action.START_WELFARE_REVIEW, people[C], ActionInput(), S.WISHES)
        assert missing.value.details == [
            fi("%(what)s Wait for it, or confirm that the consultation closes early.",
               what=fi("The wishes window is announced open until %(date)s.",
                       date=format_date(round_.wishes_closes_on))),
            fi("Give a reason for closing the consultation early."),
            fi("The draft has no text in any section."),
        ]

        section = round_.sections[2]
        save_section(section, people[C], base_number=0, heading=section.heading, text="<p>Teksti</p>")
        with pytest.raises(operations.GuardFailed) as missing:
            operations.apply_transition(round_, Action.START_WELFARE_REVIEW, people[C], ActionInput(), S.WISHES)
        assert len(missing.value.details) == 2
        operations.apply_transition(round_, Action.START_WELFARE_REVIEW, people[C],
                                    ActionInput(confirm_early_close=True, reason="Valmis."), S.WISHES)
        assert round_.state == S.WELFARE_REVIEW
        assert round_.wishes_closed_at is not None
        assert round_.wishes_closed_by_id == people[C].id

    def test_an_ended_window_needs_no_confirmation(self, make, people):
        round_ = make.round(people["municipality"], people[C], S.WISHES)
        assert round_.wishes_window_has_ended
        section = round_.sections[0]
        save_section(section, people[C], base_number=0, heading=section.heading, text="<p>Teksti</p>")
        operations.apply_transition(round_, Action.START_WELFARE_REVIEW, people[C], ActionInput(), S.WISHES)
        assert round_.state == S.WELFARE_REVIEW
        assert round_.wishes_closed_at is None

    def test_blank_text_is_not_text(self, make, people):
        round_ = make.round(people["municipality"], people[C], S.WISHES)
        section = round_.sections[0]
        with raises_message(DomainError, "Nothing changed: the text and the heading are as they were."):
            save_section(section, people[C], base_number=0, heading=section.heading,
                         text="<p> </p><ul><li><strong> </strong></li></ul>")
        with pytest.raises(operations.GuardFailed) as missing:
            operations.apply_transition(round_, Action.START_WELFARE_REVIEW, people[C], ActionInput(), S.WISHES)
        assert missing.value.details == [fi("The draft has no text in any section.")]

    def test_leaving_review_needs_the_review_and_the_evening(self, make, people):
        round_ = make.round(people["municipality"], people[C], S.WELFARE_REVIEW)
        round_.evening_on = None
        round_.evening_place = "  "
        db.session.commit()
        with pytest.raises(operations.GuardFailed) as missing:
            operations.apply_transition(round_, Action.OPEN_ASSOCIATION_EVENING, people[C], ActionInput(),
                                        S.WELFARE_REVIEW)
        assert missing.value.details == [
            fi("The welfare group's review is not recorded."),
            fi("The date of the association evening is not set."),
            fi("The place of the association evening is not set."),
        ]

    def test_leaving_the_evening_lists_every_open_item(self, app, make, people, monkeypatch):
        from drafting.workflow import open_items, table

        round_ = make.round(people["municipality"], people[C], S.ASSOCIATION_EVENING)
        monkeypatch.setitem(app.extensions, open_items.EXTENSION, [
            lambda r, limit: ([f"Kommentti {n} on vastaamatta." for n in (1, 2)][:limit], 2),
            lambda r, limit: (["Muutosesitys 7 on ratkaisematta."][:limit], 1),
        ])
        with pytest.raises(operations.GuardFailed) as missing:
            operations.apply_transition(round_, Action.SUBMIT_FOR_APPROVAL, people[C], ActionInput(confirm_early_close=True, reason="Valmis."),
                                        S.ASSOCIATION_EVENING)
        assert missing.value.details == [
            "Kommentti 1 on vastaamatta.", "Kommentti 2 on vastaamatta.", "Muutosesitys 7 on ratkaisematta.",
        ]
        assert round_.state == S.ASSOCIATION_EVENING
        monkeypatch.setitem(app.extensions, open_items.EXTENSION, [
            lambda r, limit: ([f"Kommentti {n}" for n in range(limit)], 1000)])
        with pytest.raises(operations.GuardFailed) as missing:
            operations.apply_transition(round_, Action.SUBMIT_FOR_APPROVAL, people[C], ActionInput(confirm_early_close=True, reason="Valmis."),
                                        S.ASSOCIATION_EVENING)
        assert len(missing.value.details) == table.OPEN_ITEMS_NAMED + 1
        assert missing.value.details[-1] == fi("…and %(count)s more open items.", count=980)

    def test_leaving_approval_needs_the_approval_decision(self, make, people):
        round_ = make.round(people["municipality"], people[C], S.APPROVAL)
        with pytest.raises(operations.GuardFailed) as missing:
            operations.apply_transition(round_, Action.APPROVE, people[P], ActionInput(), S.APPROVAL)
        assert missing.value.details == [fi("The approval decision is not recorded.")]

    def test_the_approver_records_the_approval_and_approves(self, make, people):
        from drafting.workflow.models import DecidingBody

        round_ = make.round(people["municipality"], people[C], S.APPROVAL)
        operations.record_decision(round_, DecisionStep.APPROVAL, people[P], operations.DecisionInput(
            decided_on=local_today(), body=DecidingBody.OTHER, body_name="Sivistyslautakunta",
            minutes_paragraph="§ 9"))
        operations.apply_transition(round_, Action.APPROVE, people[P], ActionInput(), S.APPROVAL)
        assert round_.state == S.APPROVED
        assert round_.approved_at is not None
        assert round_.current_decision(DecisionStep.APPROVAL).body_label == "Sivistyslautakunta"


class TestSendingBack:
    @pytest.mark.parametrize("state, previous", [
        (S.WISHES, S.DECISION),
        (S.WELFARE_REVIEW, S.WISHES),
        (S.ASSOCIATION_EVENING, S.WELFARE_REVIEW),
        (S.APPROVAL, S.ASSOCIATION_EVENING),
    ])
    def test_one_step_back_with_a_reason(self, make, people, state, previous):
        round_ = make.round(people["municipality"], people[C], state)
        before = audit_count()
        with pytest.raises(operations.GuardFailed) as missing:
            operations.apply_transition(round_, Action.SEND_BACK, people[C], ActionInput(reason="  "), state)
        assert missing.value.details == [fi("Give a reason for sending the round back.")]
        assert audit_count() == before
        operations.apply_transition(round_, Action.SEND_BACK, people[C],
                                    ActionInput(reason="Luonnos vaatii lisätyötä"), state)
        assert round_.state == previous
        event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (event.action, event.from_state, event.to_state, event.reason) == (
            "send_back", state.value, previous.value, "Luonnos vaatii lisätyötä")

    @pytest.mark.parametrize("state", [S.DECISION, S.APPROVED])
    def test_never_back_from_decision_or_approved(self, make, people, state):
        round_ = make.round(people["municipality"], people[C], state)
        with raises_message(DomainError, "“%(action)s” is not possible in the step “%(state)s”.",
                            action=Action.SEND_BACK.label, state=state.label):
            operations.apply_transition(round_, Action.SEND_BACK, people[C], ActionInput(reason="x"), state)
        assert round_.state == state

    def test_back_to_wishes_reopens_an_early_closed_window(self, make, people):
        round_ = make.round(people["municipality"], people[C], S.WISHES)
        round_.wishes_closes_on = local_today() + timedelta(days=3)
        db.session.commit()
        section = round_.sections[0]
        save_section(section, people[C], base_number=0, heading=section.heading, text="<p>Teksti</p>")
        operations.apply_transition(round_, Action.START_WELFARE_REVIEW, people[C],
                                    ActionInput(confirm_early_close=True, reason="Valmis."), S.WISHES)
        assert not round_.wishes_window_is_open
        operations.apply_transition(round_, Action.SEND_BACK, people[C], ActionInput(reason="Lisää toiveita"),
                                    S.WELFARE_REVIEW)
        assert round_.state == S.WISHES
        assert round_.wishes_closed_at is None
        assert round_.wishes_window_is_open


class TestRepeats:
    def test_repeating_a_transition_does_nothing_and_says_so(self, make, people):
        round_ = make.round(people["municipality"], people[C], S.ASSOCIATION_EVENING)
        operations.apply_transition(round_, Action.SUBMIT_FOR_APPROVAL, people[C], ActionInput(confirm_early_close=True, reason="Valmis."),
                                    S.ASSOCIATION_EVENING)
        db.session.commit()
        before = audit_count()
        with raises_message(operations.AlreadyDone, "This was already done: the round is in the step “%(state)s”.",
                            state=S.APPROVAL.label):
            operations.apply_transition(round_, Action.SUBMIT_FOR_APPROVAL, people[C], ActionInput(confirm_early_close=True, reason="Valmis."),
                                        S.ASSOCIATION_EVENING)
        assert round_.state == S.APPROVAL
        assert audit_count() == before

    def test_a_stale_page_is_refused_not_applied_elsewhere(self, make, people):
        round_ = make.round(people["municipality"], people[C], S.APPROVAL)
        with raises_message(DomainError, "The round moved to the step “%(state)s” meanwhile; check the page and try again.",
                            state=S.APPROVAL.label):
            operations.apply_transition(round_, Action.OPEN_WISHES, people[C], ActionInput(), S.DECISION)
        assert round_.state == S.APPROVAL


def test_approving_archives_the_earlier_approved_round(make, people):
    first = make.round(people["municipality"], people[C], S.APPROVED, year=2025)
    second = operations.start_revision(first, people[C], year=2026)
    db.session.commit()
    make.advance(second, people[C], S.APPROVED)
    assert first.state == S.ARCHIVED
    assert first.archived_at is not None
    assert second.state == S.APPROVED
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.round_id == first.id,
                                                          AuditEvent.action == "archive"))
    assert (event.from_state, event.to_state) == ("approved", "archived")
