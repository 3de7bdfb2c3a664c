"""Change proposals: who proposes and decides when, re-basing on accept,
conflicts, edits before accepting, and bad input."""
from __future__ import annotations

from html import unescape

import pytest
import sqlalchemy as sa

from drafting.audit.models import AuditEvent
from drafting.core import Conflict, DomainError, PermissionDenied
from drafting.documents.models import VersionOrigin
from drafting.documents.operations import save_section
from drafting.documents.queries import current_version
from drafting.extensions import db
from drafting.proposals import operations
from drafting.proposals.models import ChangeProposal, ProposalStatus
from drafting.workflow.models import RoundState
from tests.messages import fi, raises_message

S = RoundState
TEXT = "<p>Avustusten hakuaika päättyy maaliskuussa.</p><p>Tiloja saa käyttää maksutta.</p>"


@pytest.fixture
def evening(town):
    round_ = town.round(S.ASSOCIATION_EVENING)
    section = round_.sections[1]
    save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading, text=TEXT)
    db.session.commit()
    return round_, section


def count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(ChangeProposal))


def propose_april(town, section, **kwargs):
    return operations.propose(section, town.eila, association_id=town.sports.id,
                              text=TEXT.replace("maaliskuussa", "huhtikuussa"),
                              rationale="Maaliskuu on liian aikaisin", **kwargs)


def test_a_representative_proposes_for_their_association(town, evening):
    round_, section = evening
    proposal = propose_april(town, section)
    db.session.commit()
    assert (proposal.association_id, proposal.author_id) == (town.sports.id, town.eila.id)
    assert proposal.base_version_id == current_version(section).id
    assert proposal.speaker == "Urheiluseura ry — Eila Edustaja"
    assert db.session.scalar(sa.select(AuditEvent.action).order_by(AuditEvent.id.desc())) == "propose"


@pytest.mark.parametrize("who, state, allowed", [
    ("eila", S.ASSOCIATION_EVENING, True), ("eila", S.WELFARE_REVIEW, False), ("eila", S.WISHES, False),
    ("welfare", S.WELFARE_REVIEW, True), ("welfare", S.ASSOCIATION_EVENING, False),
    ("coordinator", S.WELFARE_REVIEW, True), ("coordinator", S.ASSOCIATION_EVENING, True),
    ("coordinator", S.APPROVAL, False), ("approver", S.ASSOCIATION_EVENING, False),
    ("stranger", S.ASSOCIATION_EVENING, False),
])
def test_who_proposes_in_which_step(town, who, state, allowed):
    round_ = town.round(state)
    section = round_.sections[0]
    association = town.seniors.id if who == "eila" else None
    call = lambda: operations.propose(section, getattr(town, who), association_id=association,
                                      text="<p>Uusi teksti kokonaan.</p>", rationale="Parempi")
    if allowed:
        assert call().is_pending
    else:
        with pytest.raises(DomainError):
            call()
        assert count() == 0


@pytest.mark.parametrize("text, message", [
    (TEXT, "The proposal is the same as the current text: change something first."),
    ("<p> </p>", "The proposal is empty: write the wording you propose."),
])
def test_an_identical_or_empty_proposal_is_refused(town, evening, text, message):
    round_, section = evening
    with raises_message(DomainError, message):
        operations.propose(section, town.eila, association_id=town.seniors.id, text=text, rationale="x")
    assert count() == 0


def test_a_forged_association_is_refused(town, evening):
    round_, section = evening
    with pytest.raises(PermissionDenied):
        operations.propose(section, town.eila, association_id=town.village.id, text="<p>x</p>", rationale="x")


def test_accepting_makes_a_version_credited_to_the_proposer_and_rebases_the_others(town, evening):
    round_, section = evening
    april = propose_april(town, section)
    rooms = operations.propose(section, town.matti, association_id=town.village.id,
                               text=TEXT.replace("maksutta.", "maksutta myös viikonloppuisin."),
                               rationale="Viikonloput tärkeitä")
    db.session.commit()
    seen = current_version(section).id
    version = operations.accept(april, town.coordinator, seen_version_id=seen)
    db.session.commit()
    assert (version.origin, version.author_id, version.proposal_id) == (VersionOrigin.PROPOSAL, town.eila.id, april.id)
    assert "Urheiluseura ry — Eila Edustaja" in version.reason
    assert april.status == ProposalStatus.ACCEPTED and april.decided_by_id == town.coordinator.id
    assert current_version(section).text == TEXT.replace("maaliskuussa", "huhtikuussa")
    db.session.refresh(rooms)
    assert rooms.rebased_on_version_id == version.id and not rooms.conflict
    assert rooms.current_text == ("<p>Avustusten hakuaika päättyy huhtikuussa.</p>"
                                  "<p>Tiloja saa käyttää maksutta myös viikonloppuisin.</p>")
    operations.accept(rooms, town.coordinator, seen_version_id=version.id)
    db.session.commit()
    assert current_version(section).text == rooms.current_text


def test_a_proposal_on_changed_words_becomes_a_conflict(town, evening):
    round_, section = evening
    april = propose_april(town, section)
    db.session.commit()
    save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading,
                 text="<p>Avustuksia voi hakea ympäri vuoden.</p><p>Tiloja saa käyttää maksutta.</p>")
    db.session.commit()
    db.session.refresh(april)
    assert april.conflict and april.is_pending
    with raises_message(DomainError, "The proposal conflicts with the current text: accept it with edits or reject it."):
        operations.accept(april, town.coordinator, seen_version_id=current_version(section).id)
    version = operations.accept_with_edits(
        april, town.coordinator, seen_version_id=current_version(section).id,
        text="<p>Avustuksia voi hakea ympäri vuoden, viimeistään huhtikuussa.</p><p>Tiloja saa käyttää maksutta.</p>",
        reason="Yhdistetty uuteen tekstiin")
    db.session.commit()
    assert april.status == ProposalStatus.ACCEPTED_WITH_EDITS and version.author_id == town.eila.id
    assert april.accepted_text == current_version(section).text


def test_a_stale_accept_is_refused(town, evening):
    round_, section = evening
    april = propose_april(town, section)
    seen = current_version(section).id
    save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading,
                 text=TEXT + "<p>Lisätty kappale.</p>")
    db.session.commit()
    with raises_message(Conflict, "The section has changed since you opened the proposal; it has been re-based. "
                                  "Review it again before deciding."):
        operations.accept(april, town.coordinator, seen_version_id=seen)
    assert april.is_pending and "Lisätty kappale." in april.current_text


def test_decisions_need_the_coordinator_a_reason_and_happen_once(town, evening):
    round_, section = evening
    april = propose_april(town, section)
    with pytest.raises(PermissionDenied):
        operations.reject(april, town.approver, reason="Ei")
    with raises_message(DomainError, "Give the reason for rejecting the proposal: the proposer and the "
                                     "consultation summary show it."):
        operations.reject(april, town.coordinator, reason=" ")
    operations.reject(april, town.coordinator, reason="Hakuaika on sidottu talousarvioon")
    db.session.commit()
    with raises_message(DomainError, "This proposal has been decided already: %(status)s.",
                        status=fi("Rejected").lower()):
        operations.accept(april, town.coordinator, seen_version_id=current_version(section).id)
    with pytest.raises(DomainError):
        operations.withdraw(april, town.eila)


def test_the_proposer_withdraws_a_pending_proposal(town, evening):
    round_, section = evening
    april = propose_april(town, section)
    with pytest.raises(PermissionDenied):
        operations.withdraw(april, town.matti)
    operations.withdraw(april, town.eila)
    assert april.status == ProposalStatus.WITHDRAWN


def test_the_guard_names_undecided_proposals(town, evening):
    from drafting.workflow import operations as workflow
    from drafting.workflow.table import Action, ActionInput

    round_, section = evening
    propose_april(town, section)
    db.session.commit()
    with pytest.raises(workflow.GuardFailed) as missing:
        workflow.apply_transition(round_, Action.SUBMIT_FOR_APPROVAL, town.coordinator, ActionInput(confirm_early_close=True, reason="Valmis."),
                                  S.ASSOCIATION_EVENING)
    assert any("Urheiluseura ry — Eila Edustaja" in line and section.heading in line
               for line in missing.value.details)


def test_a_comment_response_links_the_accepted_proposal(town, evening):
    from drafting.comments import operations as comments
    from drafting.comments.models import Disposition

    round_, section = evening
    comment = comments.post_comment(round_, town.matti, text="Hakuaika liian aikaisin", section=section,
                                    association_id=town.village.id)
    april = propose_april(town, section)
    with pytest.raises(DomainError):
        comments.respond(comment, town.coordinator, disposition=Disposition.TAKEN_INTO_ACCOUNT,
                         linked_proposal_id=april.id)
    operations.accept(april, town.coordinator, seen_version_id=current_version(section).id)
    response = comments.respond(comment, town.coordinator, disposition=Disposition.TAKEN_INTO_ACCOUNT,
                                linked_proposal_id=april.id)
    assert response.linked_proposal_id == april.id


class TestPages:
    def test_the_section_page_shows_the_paragraphs_a_proposal_changes(self, browser, town, evening):
        round_, section = evening
        proposal = propose_april(town, section)
        db.session.commit()
        browser.login(town.eila)
        page = browser.text(f"/rounds/{round_.id}/sections/{section.id}")
        listed = page[page.index('class="panel proposals"'):page.index('class="panel discussion"')]
        assert "huhtikuussa" in listed and "maaliskuussa" in listed
        assert "Tiloja saa käyttää maksutta." not in listed
        assert fi("Unchanged paragraphs left out") in listed
        whole = browser.text(f"/rounds/{round_.id}/proposals/{proposal.id}")
        assert "huhtikuussa" in whole and "Tiloja saa käyttää maksutta." in whole

    def test_proposing_through_the_page_and_reading_it_as_tracked_changes(self, browser, town, evening):
        round_, section = evening
        browser.login(town.eila)
        section_page = unescape(browser.text(f"/rounds/{round_.id}/sections/{section.id}"))
        assert fi("Propose a change to this section") in section_page
        new = f"/rounds/{round_.id}/sections/{section.id}/proposals/new"
        assert "data-richtext" in browser.text(new)
        response = browser.post(new, {"base_number": str(section.current_number), "association_id": str(town.sports.id),
                                      "text": TEXT.replace("maaliskuussa", "huhtikuussa"), "rationale": "Myöhemmin"})
        assert response.status_code == 302
        proposal = db.session.scalars(sa.select(ChangeProposal)).one()
        page = browser.text(response.location)
        assert "<del><span class=\"diff-sr visually-hidden\">" in page and "maaliskuussa" in page
        assert "<ins>" in page and "huhtikuussa" in page
        assert fi("inserted") in page and fi("deleted") in page
        side = browser.text(response.location + "?view=side")
        assert fi("Before") in side and fi("After") in side
        assert proposal.is_pending

    def test_a_proposal_written_on_an_old_version_keeps_the_text(self, browser, town, evening):
        round_, section = evening
        browser.login(town.eila)
        new = f"/rounds/{round_.id}/sections/{section.id}/proposals/new"
        stale = str(section.current_number)
        save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading,
                     text=TEXT + "<p>Uusi.</p>")
        db.session.commit()
        response = browser.post(new, {"base_number": stale, "association_id": str(town.sports.id),
                                      "text": "<p>Minun ehdotukseni</p>", "rationale": "Syy"})
        assert response.status_code == 422
        page = unescape(response.get_data(as_text=True))
        assert "Minun ehdotukseni" in page and "Uusi." in page
        assert count() == 0

    def test_a_section_of_another_round_is_not_found(self, browser, town, evening):
        round_, section = evening
        elsewhere = town.make.municipality()
        other = town.make.round(elsewhere, town.make.coordinator(elsewhere))
        browser.login(town.coordinator)
        assert browser.get(f"/rounds/{round_.id}/sections/{other.sections[0].id}/proposals/new").status_code == 404

    def test_the_coordinator_accepts_and_rejects_through_the_page(self, browser, town, evening):
        round_, section = evening
        april = propose_april(town, section)
        db.session.commit()
        browser.login(town.coordinator)
        page = browser.text(f"/rounds/{round_.id}/proposals/{april.id}")
        seen = current_version(section).id
        assert f'name="accept-seen_version_id" type="hidden" value="{seen}"' in page
        response = browser.post(f"/rounds/{round_.id}/proposals/{april.id}/reject", {"reject-reason": "", "reject-seen_version_id": seen})
        assert response.status_code == 422
        response = browser.post(f"/rounds/{round_.id}/proposals/{april.id}/accept", {"accept-seen_version_id": seen})
        assert response.status_code == 302
        db.session.expire_all()
        assert april.status == ProposalStatus.ACCEPTED
        response = browser.post(f"/rounds/{round_.id}/proposals/{april.id}/accept", {"accept-seen_version_id": seen},
                                follow_redirects=True)
        assert fi("This proposal has been decided already: %(status)s.", status=fi("Accepted").lower()) \
            in unescape(response.get_data(as_text=True))

    def test_versions_and_the_whole_document_compare_as_tracked_changes(self, browser, town, make):
        first = town.round(S.WISHES)
        section = first.sections[4]
        save_section(section, town.coordinator, base_number=0, heading=section.heading, text=TEXT)
        db.session.commit()
        make.advance(first, town.coordinator, S.APPROVED)
        from drafting.workflow.operations import start_revision

        revision = start_revision(first, town.coordinator, year=2030)
        carried = revision.sections[4]
        save_section(carried, town.coordinator, base_number=1, heading=carried.heading,
                     text=TEXT.replace("maksutta", "pientä maksua vastaan"))
        db.session.commit()
        browser.login(town.coordinator)
        page = unescape(browser.text(f"/rounds/{revision.id}/sections/{carried.id}/compare?from=1&to=2"))
        assert "maksutta" in page and "pientä maksua vastaan" in page and "<ins>" in page
        document = unescape(browser.text(f"/rounds/{revision.id}/compare"))
        assert fi("This round's text compared with the guideline approved for %(year)s: %(count)s sections changed.",
                  year=first.year, count=1) in document
        assert "pientä maksua vastaan" in document
        assert browser.get(f"/rounds/{revision.id}/sections/{carried.id}/compare?from=7&to=2").status_code == 404
