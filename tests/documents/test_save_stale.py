"""The stale-save check covers every field the section editor sends (finding
19 of issue 12), and a save cannot land after the step that allows it ended
(finding 12)."""
from __future__ import annotations

import threading
from html import unescape

import pytest
import sqlalchemy as sa

from drafting.core import DomainError
from drafting.documents.models import Section, SectionVersion
from drafting.documents.operations import StaleSave, save_section
from drafting.extensions import db
from drafting.workflow.models import DraftingRound, RoundState
from tests.messages import fi, raises_message

STALE = ("Someone saved this section while you were editing it. Nothing was "
         "overwritten: compare the latest text with yours below and save again.")
TEXT = "<p>Avustuksia haetaan kerran vuodessa.</p>"


@pytest.fixture
def section(town):
    round_ = town.round(RoundState.WISHES)
    section = round_.sections[1]
    save_section(section, town.coordinator, base_number=section.current_number, heading="Avustukset", text=TEXT)
    db.session.commit()
    return section


def test_finding_19_a_second_heading_only_save_on_the_same_base_is_stale(browser, town, section):
    browser.login(town.coordinator)
    edit = f"/rounds/{section.round_id}/sections/{section.id}/edit"
    base = str(section.current_number)
    first = browser.post(edit, {"base_number": base, "heading": "Avustukset ja tuet", "text": TEXT, "reason": ""},
                         token_from=edit)
    assert first.status_code == 302
    second = browser.post(edit, {"base_number": base, "heading": "Järjestöjen avustukset", "text": TEXT,
                                 "reason": ""}, token_from=edit)
    page = unescape(second.get_data(as_text=True))
    assert second.status_code != 302
    assert fi(STALE) in page
    assert 'value="Järjestöjen avustukset"' in page
    db.session.expire_all()
    assert db.session.get(Section, section.id).heading == "Avustukset ja tuet"


def test_finding_19_a_heading_save_and_a_text_save_on_one_base_do_not_both_win(town, section):
    base = section.current_number
    save_section(section, town.coordinator, base_number=base, heading="Avustukset ja tuet", text=TEXT)
    db.session.commit()
    with pytest.raises(StaleSave) as stale:
        save_section(section, town.coordinator, base_number=base, heading="Avustukset",
                     text="<p>Avustuksia haetaan kahdesti vuodessa.</p>")
    assert stale.value.submitted_text == "<p>Avustuksia haetaan kahdesti vuodessa.</p>"
    db.session.rollback()
    assert section.heading == "Avustukset ja tuet"


def test_a_heading_change_alone_is_a_version_that_says_so(town, section):
    version = save_section(section, town.coordinator, base_number=section.current_number,
                           heading="  Uusi   otsikko ", text=TEXT)
    db.session.commit()
    assert section.heading == "Uusi otsikko"
    assert (version.number, version.text) == (section.current_number, TEXT)
    assert version.reason == fi("The heading changed from “%(old)s” to “%(new)s”.",
                                old="Avustukset", new="Uusi otsikko")
    with raises_message(DomainError, "Nothing changed: the text and the heading are as they were."):
        save_section(section, town.coordinator, base_number=section.current_number, heading="Uusi otsikko",
                     text=TEXT)


def test_finding_12_a_save_read_in_the_old_step_is_refused_after_the_step_ended(app, town, make):
    """The editor loaded the round while sections could be edited; meanwhile
    the round was submitted for approval in another request. The save sees
    the step as committed and is refused."""
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    section = round_.sections[0]
    base = section.current_number
    assert round_.state == RoundState.ASSOCIATION_EVENING

    def submit():
        with app.app_context():
            moving = db.session.get(DraftingRound, round_.id)
            make.advance(moving, db.session.merge(town.coordinator), RoundState.APPROVAL)
            db.session.remove()

    mover = threading.Thread(target=submit)
    mover.start()
    mover.join()
    with pytest.raises(DomainError):
        save_section(section, town.coordinator, base_number=base, heading=section.heading,
                     text="<p>Myöhästynyt muutos.</p>")
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SectionVersion)
                             .where(SectionVersion.section_id == section.id)) == base
