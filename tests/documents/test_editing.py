"""Editing sections: versions, stale saves, the safe subset of HTML."""
from __future__ import annotations

from html import unescape

import pytest
import sqlalchemy as sa

from drafting.audit.models import AuditEvent
from drafting.core import DomainError
from drafting.documents.models import SectionVersion
from drafting.documents.operations import StaleSave, add_section, save_section
from drafting.documents.queries import current_version, section_history
from drafting.documents.richtext import has_text, plain_text, sanitise
from drafting.extensions import db
from drafting.proposals import operations as proposals
from drafting.workflow.models import RoundState
from drafting.workflow.table import Action
from tests.messages import fi, raises_message


@pytest.fixture
def setting(make):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    round_ = make.round(municipality, coordinator)
    return round_, coordinator, round_.sections[0]


def test_each_save_adds_a_version_and_keeps_the_earlier(setting):
    round_, coordinator, section = setting
    save_section(section, coordinator, base_number=0, heading=section.heading, text="<p>Yksi</p>")
    save_section(section, coordinator, base_number=1, heading=section.heading, text="<p>Kaksi</p>",
                 reason="Tarkennus")
    db.session.commit()
    history = section_history(section)
    assert [(v.number, v.text, v.reason) for v in history] == [
        (2, "<p>Kaksi</p>", "Tarkennus"), (1, "<p>Yksi</p>", None)]
    assert current_version(section).text == "<p>Kaksi</p>"
    assert all(v.author_id == coordinator.id for v in history)


def test_a_stale_save_is_refused_and_keeps_both_texts(setting, make):
    round_, coordinator, section = setting
    colleague = make.coordinator(round_.municipality)
    save_section(section, coordinator, base_number=0, heading=section.heading, text="<p>Alkuperäinen</p>")
    db.session.commit()
    save_section(section, colleague, base_number=1, heading=section.heading, text="<p>Kollegan teksti</p>")
    db.session.commit()
    events = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    with pytest.raises(StaleSave) as stale:
        save_section(section, coordinator, base_number=1, heading="Uusi otsikko",
                     text="<p>Minun <b>tekstini</b></p>")
    assert stale.value.latest.text == "<p>Kollegan teksti</p>"
    assert stale.value.submitted_text == "<p>Minun <strong>tekstini</strong></p>"
    assert stale.value.submitted_heading == "Uusi otsikko"
    db.session.rollback()
    assert [v.text for v in section_history(section)] == ["<p>Kollegan teksti</p>", "<p>Alkuperäinen</p>"]
    assert section.heading != "Uusi otsikko"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == events


def test_two_simultaneous_saves_one_wins(app, setting):
    """Two sessions read version 0 and save: the compare-and-set lets one through."""
    round_, coordinator, section = setting
    db.session.commit()
    section_id, user_id = section.id, coordinator.id
    from drafting.auth.models import User
    from drafting.documents.models import Section

    Session = sa.orm.sessionmaker(bind=db.engine)
    first, second = Session(), Session()
    try:
        a = first.get(Section, section_id)
        b = second.get(Section, section_id)
        assert a.current_number == b.current_number == 0
        first.execute(sa.update(Section).where(Section.id == section_id, Section.current_number == 0)
                      .values(current_number=1))
        first.add(SectionVersion(section_id=section_id, number=1, text="<p>A</p>", author_id=user_id,
                                 origin="edit"))
        first.commit()
        claimed = second.execute(sa.update(Section).where(Section.id == section_id,
                                                          Section.current_number == 0)
                                 .values(current_number=1)).rowcount
        assert claimed == 0
        second.rollback()
    finally:
        first.close()
        second.close()
    db.session.expire_all()
    with pytest.raises(StaleSave):
        save_section(db.session.get(Section, section_id), db.session.get(User, user_id),
                     base_number=0, heading="x", text="<p>B</p>")


def test_the_database_refuses_a_duplicate_version_number(setting):
    round_, coordinator, section = setting
    save_section(section, coordinator, base_number=0, heading=section.heading, text="<p>Yksi</p>")
    db.session.commit()
    db.session.add(SectionVersion(section_id=section.id, number=1, text="<p>Toinen</p>", origin="edit"))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_nothing_changed_is_said_and_not_saved(setting):
    round_, coordinator, section = setting
    save_section(section, coordinator, base_number=0, heading=section.heading, text="<p>Yksi</p>")
    with raises_message(DomainError, "Nothing changed: the text and the heading are as they were."):
        save_section(section, coordinator, base_number=1, heading=section.heading, text="<p>Yksi</p>")


def test_a_heading_is_required(setting):
    round_, coordinator, section = setting
    with raises_message(DomainError, "The section needs a heading."):
        save_section(section, coordinator, base_number=0, heading="   ", text="<p>x</p>")


@pytest.mark.parametrize("state, allowed", [
    (RoundState.DECISION, True), (RoundState.WISHES, True), (RoundState.WELFARE_REVIEW, True),
    (RoundState.ASSOCIATION_EVENING, True), (RoundState.APPROVAL, False), (RoundState.APPROVED, False),
])
def test_editing_only_where_the_table_allows(make, state, allowed):
    municipality = make.municipality()
    coordinator = make.coordinator(municipality)
    round_ = make.round(municipality, coordinator, state)
    section = round_.sections[5]
    if allowed:
        save_section(section, coordinator, base_number=section.current_number, heading=section.heading, text="<p>x</p>")
        add_section(round_, coordinator, heading="Liite")
        assert round_.sections[-1].heading == "Liite"
    else:
        with raises_message(DomainError, "“%(action)s” is not possible in the step “%(state)s”.",
                            action=Action.EDIT_SECTIONS.label, state=state.label):
            save_section(section, coordinator, base_number=0, heading=section.heading, text="<p>x</p>")
        with raises_message(DomainError, "“%(action)s” is not possible in the step “%(state)s”.",
                            action=Action.EDIT_SECTIONS.label, state=state.label):
            add_section(round_, coordinator, heading="Liite")


class TestSafeSubset:
    def test_structure_is_kept(self):
        html = ('<h3>Otsikko</h3><p>Teksti <strong>lihava</strong> <em>kursiivi</em> '
                '<a href="https://kunta.fi/x">linkki</a></p><ul><li>yksi</li></ul><ol><li>kaksi</li></ol>')
        assert sanitise(html) == html

    def test_editor_tags_become_the_stored_ones(self):
        assert sanitise("<p><b>a</b> <i>b</i></p>") == "<p><strong>a</strong> <em>b</em></p>"

    @pytest.mark.parametrize("hostile", [
        '<script>alert(1)</script>',
        '<img src=x onerror=alert(1)>',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<p onclick="alert(1)" style="color:red">x</p>',
        '<svg><script>alert(1)</script></svg>',
        '<iframe src="https://evil.example"></iframe>',
    ])
    def test_nothing_executable_survives(self, hostile):
        cleaned = sanitise(hostile)
        for marker in ("<script", "onerror", "onclick", "javascript:", "data:", "<img", "<svg", "<iframe",
                       "style="):
            assert marker not in cleaned.lower()

    def test_plain_text_and_has_text(self):
        assert plain_text("<h3>A</h3><p>b &amp; c</p><ul><li>d</li></ul>") == "A\nb & c\nd"
        assert not has_text("<p> </p><p><br></p>")
        assert has_text("<ul><li>x</li></ul>")


def test_a_section_page_redrawn_for_a_refused_comment_has_every_panel_of_the_page(browser, town):
    """The section page is assembled in one place (`documents/panels.py`): the
    page and the page sent back with a comment's errors show the same panels –
    the text, the change proposals, the discussion and the version history."""
    round_ = town.round(RoundState.ASSOCIATION_EVENING)
    section = round_.sections[0]
    proposals.propose(section, town.eila, association_id=town.seniors.id, text="<p>Uusi sanamuoto</p>",
                      rationale="Selkeämpi")
    db.session.commit()
    browser.login(town.eila)
    url = f"/rounds/{round_.id}/sections/{section.id}"
    refused = browser.post(f"{url}/comments", {"association_id": str(town.seniors.id),
                                               "quote": "Tätä ei ole tekstissä", "text": "Tärkeä huomio"})
    assert refused.status_code == 422
    for page in (unescape(browser.get(url).get_data(as_text=True)), unescape(refused.get_data(as_text=True))):
        assert section.heading in page
        assert f"{fi('Change proposals')} (1)" in page and "Selkeämpi" in page
        assert fi("Discussion") in page and fi("Version history") in page
        assert 'name="text"' in page
    assert "Tärkeä huomio" in unescape(refused.get_data(as_text=True))
