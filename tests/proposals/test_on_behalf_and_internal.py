"""Who a proposal may be made for (finding 9 of issue 12), and who sees the
proposals of the welfare group's internal review."""
from __future__ import annotations

from html import unescape

import pytest
import sqlalchemy as sa

from drafting.core import DomainError, PermissionDenied
from drafting.documents.operations import save_section
from drafting.extensions import db
from drafting.proposals import operations
from drafting.proposals.models import ChangeProposal
from drafting.proposals.queries import pending_counts
from drafting.workflow.models import RoundState
from tests.messages import fi, raises_message

S = RoundState
TEXT = "<p>Avustusten hakuaika päättyy maaliskuussa.</p>"
APRIL = "<p>Avustusten hakuaika päättyy huhtikuussa.</p>"


@pytest.fixture
def round_in(town):
    def make(state):
        round_ = town.round(state)
        section = round_.sections[1]
        save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading,
                     text=TEXT)
        db.session.commit()
        return round_, section
    return make


def count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(ChangeProposal))


def propose(section, user, **kwargs):
    return operations.propose(section, user, text=APRIL, rationale="Maaliskuu on liian aikaisin", **kwargs)


def test_finding_9_a_welfare_member_cannot_propose_for_an_association(town, round_in):
    round_, section = round_in(S.WELFARE_REVIEW)
    with raises_message(PermissionDenied, "In the welfare group's review, changes are proposed for the "
                                          "municipality, not for an association."):
        propose(section, town.welfare, association_id=town.seniors.id)
    with pytest.raises(PermissionDenied):
        propose(section, town.coordinator, association_id=town.seniors.id)
    with pytest.raises(PermissionDenied):
        propose(section, town.coordinator, association_id=town.seniors.id, on_behalf=True)
    assert count() == 0


def test_finding_9_staff_do_not_propose_in_an_association_name_unmarked(town, round_in):
    """At the evening the coordinator speaks for an association only when the
    proposal is marked as recorded on its behalf; a welfare member never."""
    round_, section = round_in(S.ASSOCIATION_EVENING)
    with raises_message(PermissionDenied, "You can propose only for an association you represent."):
        propose(section, town.coordinator, association_id=town.village.id)
    with pytest.raises(PermissionDenied):
        propose(section, town.welfare, association_id=town.village.id)
    with raises_message(PermissionDenied, "Only the coordinator records what was said at the association evening."):
        propose(section, town.welfare, association_id=town.village.id, on_behalf=True)
    with raises_message(PermissionDenied, "Only the coordinator records what was said at the association evening."):
        propose(section, town.eila, association_id=town.village.id, on_behalf=True)
    with raises_message(DomainError, "Choose the association whose view is recorded."):
        propose(section, town.coordinator, association_id=None, on_behalf=True)
    assert count() == 0


def test_finding_9_nobody_proposes_for_a_deactivated_association(town, round_in):
    round_, section = round_in(S.ASSOCIATION_EVENING)
    town.village.active = False
    town.sports.active = False
    db.session.commit()
    with pytest.raises(PermissionDenied):
        propose(section, town.coordinator, association_id=town.village.id)
    with pytest.raises(PermissionDenied):
        propose(section, town.coordinator, association_id=town.village.id, on_behalf=True)
    with pytest.raises(PermissionDenied):
        propose(section, town.eila, association_id=town.sports.id)
    assert count() == 0


def test_finding_9_a_proposal_recorded_on_behalf_says_so(town, round_in):
    round_, section = round_in(S.ASSOCIATION_EVENING)
    recorded = propose(section, town.coordinator, association_id=town.village.id, on_behalf=True)
    own = propose(section, town.coordinator)
    member = propose(section, town.matti, association_id=town.village.id)
    db.session.commit()
    assert (recorded.recorded_at_evening, recorded.association_id) == (True, town.village.id)
    marked = fi("%(association)s (recorded at the association evening by %(name)s)",
                association="Kyläyhdistys ry", name="Kaisa Koordinaattori")
    assert recorded.speaker == marked
    assert own.speaker == "Kaisa Koordinaattori"
    assert member.speaker == "Kyläyhdistys ry — Matti Mäkinen"
    assert not own.recorded_at_evening and not member.recorded_at_evening


def test_finding_9_a_closed_window_closes_it_for_the_recorded_proposals_too(town, round_in):
    from datetime import timedelta

    from drafting.core import local_today

    round_, section = round_in(S.ASSOCIATION_EVENING)
    round_.comments_close_on = local_today() - timedelta(days=1)
    db.session.commit()
    with raises_message(DomainError, "The time for proposals has ended."):
        propose(section, town.coordinator, association_id=town.village.id, on_behalf=True)
    assert propose(section, town.coordinator).is_pending


class TestThroughThePages:
    def test_finding_9_the_coordinator_records_a_proposal_on_behalf(self, browser, town, round_in):
        round_, section = round_in(S.ASSOCIATION_EVENING)
        browser.login(town.coordinator)
        new = f"/rounds/{round_.id}/sections/{section.id}/proposals/new"
        form = unescape(browser.text(new))
        assert fi("Recorded at the association evening on behalf of the association") in form
        assert "Kyläyhdistys ry" in form and fi("the municipality") in form
        unmarked = browser.post(new, {"base_number": str(section.current_number), "association_id": str(town.village.id),
                                      "text": APRIL, "rationale": "Kevät"}, token_from=new)
        assert unmarked.status_code == 422
        assert fi("You can propose only for an association you represent.") in unescape(unmarked.get_data(as_text=True))
        assert count() == 0
        response = browser.post(new, {"base_number": str(section.current_number), "association_id": str(town.village.id),
                                      "on_behalf": "y", "text": APRIL, "rationale": "Kevät"}, token_from=new)
        assert response.status_code == 302
        marked = fi("%(association)s (recorded at the association evening by %(name)s)",
                    association="Kyläyhdistys ry", name="Kaisa Koordinaattori")
        assert marked in unescape(browser.text(response.location))
        assert marked in unescape(browser.text(f"/rounds/{round_.id}/sections/{section.id}/proposals"))

    def test_finding_9_a_representative_has_no_on_behalf_box(self, browser, town, round_in):
        round_, section = round_in(S.ASSOCIATION_EVENING)
        browser.login(town.matti)
        new = f"/rounds/{round_.id}/sections/{section.id}/proposals/new"
        form = unescape(browser.text(new))
        assert fi("Recorded at the association evening on behalf of the association") not in form
        assert "Eläkeläiset ry" not in form
        response = browser.post(new, {"base_number": str(section.current_number), "association_id": str(town.seniors.id),
                                      "on_behalf": "y", "text": APRIL, "rationale": "Kevät"}, token_from=new)
        assert response.status_code == 422
        assert count() == 0

    def test_the_welfare_reviews_proposals_are_for_staff_alone(self, browser, other_browser, town, round_in, make):
        """The welfare group's review is the municipality's own preparation:
        what it proposes is seen by staff, in that step and afterwards, and
        not by the associations (like its review remarks). What the
        coordinator accepts of it shows as the section's text."""
        round_, section = round_in(S.WELFARE_REVIEW)
        internal = propose(section, town.welfare)
        db.session.commit()
        assert internal.internal
        make.advance(round_, town.coordinator, S.ASSOCIATION_EVENING)
        public = propose(section, town.matti, association_id=town.village.id)
        db.session.commit()
        assert not public.internal

        other_browser.login(town.eila)
        for url in (f"/rounds/{round_.id}/sections/{section.id}", f"/rounds/{round_.id}/sections/{section.id}/proposals"):
            page = unescape(other_browser.text(url))
            assert f"/proposals/{public.id}\"" in page
            assert f"/proposals/{internal.id}\"" not in page
            assert fi("Internal: staff only") not in page
        assert other_browser.get(f"/rounds/{round_.id}/proposals/{internal.id}").status_code == 404
        assert other_browser.get(f"/rounds/{round_.id}/proposals/{public.id}").status_code == 200
        assert pending_counts(round_, town.eila) == {section.id: 1}
        assert pending_counts(round_, town.welfare) == {section.id: 2}

        browser.login(town.welfare)
        for url in (f"/rounds/{round_.id}/sections/{section.id}", f"/rounds/{round_.id}/sections/{section.id}/proposals"):
            page = unescape(browser.text(url))
            assert f"/proposals/{public.id}\"" in page and f"/proposals/{internal.id}\"" in page
            assert fi("Internal: staff only") in page
        assert fi("Internal: staff only") in unescape(browser.text(f"/rounds/{round_.id}/proposals/{internal.id}"))


def test_the_documents_leave_out_the_welfare_reviews_proposals_and_mark_recorded_ones(app, town, round_in, make):
    """The guideline's appendices are a public record: the internal review's
    proposals are not in them, a proposal recorded at the evening is shown so."""
    import io
    import zipfile

    from drafting.publishing.guideline import build_docx

    round_, section = round_in(S.WELFARE_REVIEW)
    internal = propose(section, town.welfare)
    operations.reject(internal, town.coordinator, reason="Sisäinen hylkäysperuste")
    db.session.commit()
    make.advance(round_, town.coordinator, S.ASSOCIATION_EVENING)
    recorded = propose(section, town.coordinator, association_id=town.village.id, on_behalf=True)
    operations.reject(recorded, town.coordinator, reason="Julkinen hylkäysperuste")
    db.session.commit()
    with app.test_request_context():
        data = build_docx(round_)
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "Julkinen hylkäysperuste" in body
    assert "Sisäinen hylkäysperuste" not in body
    assert unescape(fi("%(association)s (recorded at the association evening by %(name)s)",
                       association="Kyläyhdistys ry", name="Kaisa Koordinaattori")) in unescape(body)
