"""Opening a round from each template and from the last approved round, and
the January revision's list of past dates."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from drafting.core import Conflict, DomainError, PermissionDenied
from drafting.documents.models import VersionOrigin
from drafting.documents.operations import save_section
from drafting.documents.outlines import OUTLINES
from drafting.documents.queries import current_versions
from drafting.extensions import db
from drafting.workflow import operations
from drafting.workflow.models import RoundSource, RoundState
from drafting.workflow.revision import stale_mentions, stale_mentions_in_round
from tests.messages import fi, raises_message


@pytest.mark.parametrize("key, count, first, last", [
    ("document_model", 13, "Johdanto", "Yhteystiedot"),
    ("association_programme", 6, None, None),
    ("core_topics", 7, "Johdanto", None),
])
def test_opening_from_each_template(make, key, count, first, last):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    round_ = operations.open_round_from_outline(municipality.guideline, coordinator,
                                                outline_key=key, year=2027)
    db.session.commit()
    assert round_.state == RoundState.DECISION
    assert (round_.source, round_.outline_key) == (RoundSource.OUTLINE, key)
    headings = [s.heading for s in round_.sections]
    assert headings == [part.heading for part in OUTLINES[key].sections]
    assert len(headings) == count
    if first:
        assert headings[0] == first
    if last:
        assert headings[-1] == last
    assert all(s.guidance and len(s.guidance) > 40 for s in round_.sections)
    assert all(s.current_number == 0 for s in round_.sections)
    assert [s.position for s in round_.sections] == list(range(1, count + 1))


def test_only_one_open_round_per_guideline(make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    make.round(municipality, coordinator, year=2026)
    with raises_message(Conflict, "The %(year)s round is still open: only one round at a time.", year=2026):
        operations.open_round_from_outline(municipality.guideline, coordinator,
                                           outline_key="core_topics", year=2027)


def test_the_database_also_refuses_a_second_open_round(make):
    from drafting.workflow.models import DraftingRound

    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    make.round(municipality, coordinator, year=2026)
    db.session.add(DraftingRound(guideline_id=municipality.guideline.id, year=2027,
                                 opened_by_id=coordinator.id, source=RoundSource.OUTLINE))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_only_a_coordinator_opens_a_round(make):
    municipality = make.municipality()
    welfare = make.user(municipality, operations.StaffRoleKind.WELFARE_MEMBER)
    with pytest.raises(PermissionDenied):
        operations.open_round_from_outline(municipality.guideline, welfare,
                                           outline_key="core_topics", year=2027)


def test_an_unknown_template_is_refused(make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    with raises_message(DomainError, "Unknown template."):
        operations.open_round_from_outline(municipality.guideline, coordinator,
                                           outline_key="nope", year=2027)


def test_revision_carries_every_section_over_as_version_one(make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    approved = make.round(municipality, coordinator, year=2025)
    for section in approved.sections[:3]:
        if section.current_number == 0:
            save_section(section, coordinator, base_number=0, heading=section.heading,
                         text=f"<p>{section.heading}: teksti</p>")
    db.session.commit()
    make.advance(approved, coordinator, RoundState.APPROVED)
    old_versions = current_versions(approved)

    revision = operations.start_revision(approved, coordinator, year=2026)
    db.session.commit()
    assert revision.state == RoundState.DECISION
    assert revision.source == RoundSource.PREVIOUS_ROUND
    assert revision.previous_round_id == approved.id
    assert [s.heading for s in revision.sections] == [s.heading for s in approved.sections]
    new_versions = current_versions(revision)
    assert len(new_versions) == len(old_versions) == len(approved.sections)
    for section in revision.sections:
        origin = db.session.get(type(section), section.origin_section_id)
        assert origin.round_id == approved.id and origin.position == section.position
        version = new_versions.get(section.id)
        if origin.id in old_versions:
            assert version.number == 1
            assert version.origin == VersionOrigin.CARRIED_OVER
            assert version.origin_version_id == old_versions[origin.id].id
            assert version.text == old_versions[origin.id].text
        else:
            assert version is None and section.current_number == 0
    # the approved text is untouched
    assert current_versions(approved) == old_versions


def test_revision_needs_no_open_round_and_the_latest_approved(make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    approved = make.round(municipality, coordinator, RoundState.APPROVED, year=2025)
    operations.start_revision(approved, coordinator, year=2026)
    db.session.commit()
    with pytest.raises(operations.GuardFailed) as missing:
        operations.start_revision(approved, coordinator, year=2027)
    assert missing.value.details == [fi("The %(year)s round is still open: finish it first.", year=2026)]


def test_revision_year_is_the_next_one_not_in_the_past(make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    approved = make.round(municipality, coordinator, RoundState.APPROVED, year=2025)
    approved.year = 2001  # an old guideline, approved long ago (its dates would be refused today)
    db.session.commit()
    revision = operations.start_revision(approved, coordinator)
    from drafting.core import local_today

    assert revision.year == max(local_today().year, 2002)


class TestStaleDates:
    REFERENCE = date(2027, 1, 15)

    def phrases(self, html):
        return [m.phrase for m in stale_mentions(html, self.REFERENCE)]

    def test_past_dates_and_years_are_listed_in_order(self):
        html = ("<p>Hakuaika päättyy <strong>31.3.2026</strong>. Vuonna 2026 jaettiin 95 000 €.</p>"
                "<ul><li>Yhdistysilta 14.10.2025</li><li>Uusi hakuaika 31.3.2027</li></ul>")
        assert self.phrases(html) == ["31.3.2026", "2026", "14.10.2025"]

    def test_future_and_current_are_not_listed(self):
        assert self.phrases("<p>Vuonna 2027 hakuaika päättyy 1.2.2027, 2028 uusi.</p>") == []

    def test_law_numbers_sums_and_invalid_dates_are_not_dates(self):
        assert self.phrases("<p>Kuntalaki 410/2015, 2 000 euroa, 31.2.2020 ei ole päivä.</p>") == []

    def test_ranges_and_iso_dates(self):
        assert self.phrases("<p>vuosina 2024–2025 ja 2026-01-31</p>") == ["2024", "2025", "2026-01-31"]

    def test_context_shows_where_the_date_is(self):
        [mention] = stale_mentions("<p>Avustusten hakuaika päättyy 31.3.2026 kello 16.</p>", self.REFERENCE)
        assert "hakuaika päättyy 31.3.2026 kello 16" in mention.context

    def test_the_revision_lists_what_the_carried_text_says(self, make):
        municipality = make.municipality()
        coordinator = make.coordinator(municipality)
        approved = make.round(municipality, coordinator, RoundState.WISHES, year=2025)
        section = approved.sections[1]
        save_section(section, coordinator, base_number=0, heading=section.heading,
                     text="<p>Hakuaika päättyi 31.3.2025 ja vuonna 2024 kokeiltiin.</p>")
        db.session.commit()
        make.advance(approved, coordinator, RoundState.APPROVED)
        revision = operations.start_revision(approved, coordinator, year=2040)
        db.session.commit()
        listed = {s.heading: [m.phrase for m in mentions]
                  for s, mentions in stale_mentions_in_round(revision)}
        assert listed[section.heading] == ["31.3.2025", "2024"]
