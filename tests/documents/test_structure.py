"""Issue 15: the structure of the document. Sections are moved up or down,
removed while nobody has written on them and withdrawn once somebody has; the
chapter numbers follow the order; the history names the chapter of each
change; the import preview is arranged before the round is opened."""
from __future__ import annotations

import io
from html import unescape

import pytest
import sqlalchemy as sa
from docx import Document

from drafting.audit.models import AuditEvent
from drafting.comments import operations as comments
from drafting.comments.models import Disposition
from drafting.core import DomainError, PermissionDenied
from drafting.documents import structure
from drafting.documents.models import Section, SectionVersion
from drafting.documents.operations import save_section
from drafting.documents.queries import chapter_number, sections_with_text, withdrawn_sections
from drafting.extensions import db
from drafting.proposals import operations as proposals
from drafting.publishing import operations as publishing
from drafting.publishing.guideline import build_docx
from drafting.publishing.models import DocumentImport
from drafting.workflow import operations as workflow
from drafting.workflow.models import DraftingRound, RoundState
from tests.messages import fi
from tests.publishing.conftest import libreoffice_convert


def headings(round_) -> list[str]:
    return [section.heading for section, _v in sections_with_text(round_)]


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)
                                   .order_by(AuditEvent.id)))


@pytest.fixture
def wishes(town):
    return town.round(RoundState.WISHES)


def test_issue_15_moving_a_section_renumbers_the_chapters_and_the_history_names_them(wishes, town, browser):
    round_ = wishes
    before = headings(round_)
    third = sections_with_text(round_)[2][0]
    structure.move_section(third, town.coordinator, structure.UP)
    db.session.commit()
    assert headings(round_) == [before[0], before[2], before[1], *before[3:]]
    assert chapter_number(third) == 2
    structure.move_section(third, town.coordinator, structure.DOWN)
    structure.move_section(third, town.coordinator, structure.DOWN)
    db.session.commit()
    assert headings(round_) == [before[0], before[1], before[3], before[2], *before[4:]]
    [first_move, *_] = events("move_section")
    assert first_move.details["chapter"] == f"2. {before[2]}" and first_move.details["from_chapter"] == 3

    browser.login(town.coordinator)
    history = unescape(browser.text(f"/rounds/{round_.id}/history"))
    assert f"{fi('Moved a section')} 2. {before[2]} {fi('(earlier chapter %(number)s)', number=3)}" in history
    assert f"{fi('Moved a section')} 4. {before[2]}" in history


def test_issue_15_the_first_and_the_last_section_do_not_move_further(wishes, town):
    sections = [section for section, _v in sections_with_text(wishes)]
    with pytest.raises(DomainError, match=fi("The section is already the first.")):
        structure.move_section(sections[0], town.coordinator, structure.UP)
    with pytest.raises(DomainError, match=fi("The section is already the last.")):
        structure.move_section(sections[-1], town.coordinator, structure.DOWN)
    with pytest.raises(DomainError):
        structure.move_section(sections[1], town.coordinator, "sideways")
    db.session.rollback()
    assert [s.position for s in sections] == sorted(s.position for s in sections)
    assert events("move_section") == []


def test_issue_15_an_edit_in_the_history_names_the_chapter_number_and_heading(wishes, town, browser):
    section = sections_with_text(wishes)[2][0]
    save_section(section, town.coordinator, base_number=section.current_number, heading="Avustukset",
                 text="<p>Avustuksia haetaan keväällä.</p>")
    db.session.commit()
    browser.login(town.coordinator)
    history = unescape(browser.text(f"/rounds/{wishes.id}/history"))
    assert f"{fi('Edited a section')} 3. Avustukset" in history


def test_issue_15_a_section_nobody_wrote_on_is_removed_with_its_versions(wishes, town, browser):
    section = sections_with_text(wishes)[1][0]
    save_section(section, town.coordinator, base_number=0, heading=section.heading, text="<p>Luonnos</p>")
    db.session.commit()
    heading, section_id, count = section.heading, section.id, len(headings(wishes))
    browser.login(town.coordinator)
    page = f"/rounds/{wishes.id}/structure"
    response = browser.post(f"/rounds/{wishes.id}/sections/{section_id}/remove", token_from=page)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Section, section_id) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SectionVersion)
                             .where(SectionVersion.section_id == section_id)) == 0
    assert heading not in headings(wishes) and len(headings(wishes)) == count - 1
    [removed] = events("remove_section")
    assert removed.details["chapter"] == f"2. {heading}" and removed.actor_id == town.coordinator.id
    assert f"{fi('Removed a section')} 2. {heading}" in unescape(browser.text(f"/rounds/{wishes.id}/history"))


def test_issue_15_a_section_with_a_comment_or_a_proposal_cannot_be_removed_only_withdrawn(wishes, town, browser):
    with_wish, with_proposal = (section for section, _v in sections_with_text(wishes)[3:5])
    comments.post_comment(wishes, town.eila, text="Toive tähän lukuun.", section=with_wish,
                          association_id=town.seniors.id)
    db.session.commit()
    assert structure.sections_with_inputs(wishes) == {with_wish.id}
    with pytest.raises(DomainError) as refused:
        structure.remove_section(with_wish, town.coordinator)
    assert refused.value.message == fi(
        "The section “%(heading)s” has comments or change proposals, so it cannot be removed; withdraw it "
        "instead: it then stays in the history and the appendix.", heading=with_wish.heading)
    db.session.rollback()

    browser.login(town.coordinator)
    page = unescape(browser.text(f"/rounds/{wishes.id}/structure"))
    assert f"/sections/{with_wish.id}/withdraw" in page and f"/sections/{with_wish.id}/remove" not in page
    response = browser.post(f"/rounds/{wishes.id}/sections/{with_wish.id}/remove",
                            token_from=f"/rounds/{wishes.id}/structure")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Section, with_wish.id) is not None and events("remove_section") == []

    withdraw = f"/rounds/{wishes.id}/sections/{with_wish.id}/withdraw"
    refused = browser.post(withdraw, {"reason": "  "}, token_from=withdraw)
    assert refused.status_code == 422
    db.session.expire_all()
    assert db.session.get(Section, with_wish.id).withdrawn_at is None
    chapter = chapter_number(with_wish)
    response = browser.post(withdraw, {"reason": "Yhdistetään lukuun 3."}, token_from=withdraw)
    assert response.status_code == 302
    db.session.expire_all()
    withdrawn = db.session.get(Section, with_wish.id)
    assert withdrawn.withdrawn_at is not None and withdrawn.withdrawal_reason == "Yhdistetään lukuun 3."
    assert withdrawn.heading not in headings(wishes) and withdrawn_sections(wishes) == [withdrawn]
    assert chapter_number(with_proposal) == chapter
    [event] = events("withdraw_section")
    assert event.reason == "Yhdistetään lukuun 3." and event.details["chapter"] == f"{chapter}. {withdrawn.heading}"

    # the proposal's section, too, can only be withdrawn
    town.make.advance(wishes, town.coordinator, RoundState.ASSOCIATION_EVENING)
    db.session.refresh(with_proposal)
    proposals.propose(with_proposal, town.eila, text="<p>Uusi teksti</p>", rationale="Selkeämpi",
                      association_id=town.seniors.id)
    db.session.commit()
    with pytest.raises(DomainError):
        structure.remove_section(with_proposal, town.coordinator)
    db.session.rollback()


def test_issue_15_a_withdrawn_section_leaves_the_body_and_shows_in_the_appendix(wishes, town, app, browser,
                                                                                tmp_path):
    section = sections_with_text(wishes)[1][0]
    save_section(section, town.coordinator, base_number=0, heading=section.heading,
                 text="<p>Poistuva teksti luvussa.</p>")
    comments.post_comment(wishes, town.eila, text="Tämä luku on turha.", section=section,
                          association_id=town.seniors.id)
    db.session.commit()
    structure.withdraw_section(section, town.coordinator, reason="Luku on tarpeeton.")
    db.session.commit()
    after = headings(wishes)
    with app.test_request_context():
        data = build_docx(wishes)
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    body_end = paragraphs.index(fi("Appendix 1. The consultation in numbers"))
    assert "Poistuva teksti luvussa." not in "\n".join(paragraphs)
    assert f"1 {after[0]}" in paragraphs[:body_end] and f"2 {after[1]}" in paragraphs[:body_end]
    assert not any(section.heading in p for p in paragraphs[:body_end])
    appendix = paragraphs[paragraphs.index(fi("Appendix 2. Comments, wishes and change proposals with the "
                                              "municipality's responses")):]
    assert fi("Withdrawn section: %(heading)s", heading=section.heading) in appendix
    assert any("Luku on tarpeeton." in p for p in appendix)
    assert "Tämä luku on turha." in cells
    (tmp_path / "ohje.docx").write_bytes(data)
    libreoffice_convert([tmp_path / "ohje.docx"], "txt:Text (encoded):UTF8", tmp_path)
    text = (tmp_path / "ohje.txt").read_text(encoding="utf-8-sig")
    assert f"2 {after[1]}" in text and "Poistuva teksti luvussa." not in text
    assert fi("Withdrawn section: %(heading)s", heading=section.heading) in text
    assert "Luku on tarpeeton." in text and "Tämä luku on turha." in text

    browser.login(town.coordinator)
    page = unescape(browser.text(f"/rounds/{wishes.id}/sections/{section.id}"))
    assert "Luku on tarpeeton." in page and f"/sections/{section.id}/edit" not in page
    public_round = unescape(browser.text(f"/rounds/{wishes.id}"))
    assert f">{section.heading}<" not in public_round
    with pytest.raises(DomainError):
        save_section(section, town.coordinator, base_number=section.current_number, heading="Uusi",
                     text="<p>x</p>")
    db.session.rollback()


def test_issue_15_the_structure_follows_the_workflow_table(town, browser):
    round_ = town.round(RoundState.APPROVAL)
    section = sections_with_text(round_)[1][0]
    for change in (lambda: structure.move_section(section, town.coordinator, structure.UP),
                   lambda: structure.remove_section(section, town.coordinator),
                   lambda: structure.withdraw_section(section, town.coordinator, reason="Syy")):
        with pytest.raises(DomainError):
            change()
        db.session.rollback()
    db.session.commit()
    round_.state = RoundState.WISHES
    db.session.commit()
    other = sections_with_text(round_)[1][0]
    for person in (town.welfare, town.eila):
        with pytest.raises(PermissionDenied):
            structure.move_section(other, person, structure.UP)
        db.session.rollback()
    round_.state = RoundState.APPROVAL
    db.session.commit()
    browser.login(town.eila)
    assert browser.get(f"/rounds/{round_.id}/structure").status_code == 403
    assert browser.post(f"/rounds/{round_.id}/sections/{section.id}/move", {"direction": "up"}).status_code == 403
    assert events("move_section") == events("remove_section") == events("withdraw_section") == []


def test_issue_15_a_withdrawn_section_is_not_carried_into_the_revision(town):
    round_ = town.round(RoundState.WISHES)
    section = sections_with_text(round_)[1][0]
    wish = comments.post_comment(round_, town.eila, text="Toive", section=section, association_id=town.seniors.id)
    comments.respond(wish, town.coordinator, disposition=Disposition.NOTED, text="Kiitos")
    structure.withdraw_section(section, town.coordinator, reason="Ei tarvita")
    db.session.commit()
    expected = headings(round_)
    town.make.advance(round_, town.coordinator, RoundState.APPROVED)
    revision = workflow.start_revision(round_, town.coordinator, year=round_.year + 1)
    db.session.commit()
    assert headings(revision) == expected


def test_issue_15_the_structure_page_draws_in_a_fixed_number_of_queries(wishes, town, browser):
    from tests.conftest import served

    browser.login(town.coordinator)
    url = f"/rounds/{wishes.id}/structure"
    browser.get(url)
    response, few = served(browser, url)
    assert response.status_code == 200
    for section, _v in sections_with_text(wishes)[:4]:
        comments.post_comment(wishes, town.eila, text="Toive", section=section, association_id=town.seniors.id)
        save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading,
                     text="<p>Teksti</p>")
    db.session.commit()
    response, many = served(browser, url)
    assert response.status_code == 200 and many == few


# the import preview

@pytest.fixture
def imported(town):
    imported = DocumentImport(municipality_id=town.municipality.id, uploaded_by_id=town.coordinator.id,
                              filename="ohje.docx", warnings=[], split_on="heading",
                              sections=[{"heading": "Johdanto", "text": "<p>Alku</p>"},
                                        {"heading": "Avustukset", "text": "<p>Rahaa</p>"},
                                        {"heading": "Tilat", "text": "<p>Saleja</p>"}])
    db.session.add(imported)
    db.session.commit()
    return imported


def test_issue_15_the_import_preview_is_arranged_before_the_round_is_opened(imported, town, browser):
    browser.login(town.coordinator)
    preview = f"/m/testikunta/imports/{imported.id}"
    page = unescape(browser.text(preview))
    assert "1. Johdanto" in page and "3. Tilat" in page and fi("Move up") in page
    base = f"/m/testikunta/imports/{imported.id}/sections"
    assert browser.post(f"{base}/2/move", {"heading": "Tilat", "direction": "up"}, token_from=preview).status_code == 302
    assert browser.post(f"{base}/0/rename", {"heading": "Johdanto", "new_heading": "  Aluksi "},
                        token_from=preview).status_code == 302
    assert browser.post(f"{base}/2/remove", {"heading": "Avustukset"}, token_from=preview).status_code == 302
    db.session.expire_all()
    assert [s["heading"] for s in db.session.get(DocumentImport, imported.id).sections] == ["Aluksi", "Tilat"]
    assert len(events("arrange_import")) == 3

    # a change made on a preview that changed meanwhile changes nothing
    response = browser.post(f"{base}/1/remove", {"heading": "Avustukset"}, token_from=preview)
    assert response.status_code == 302
    assert fi("The preview was changed meanwhile: check the sections and try again.") in \
        unescape(browser.text(response.location))
    db.session.expire_all()
    assert [s["heading"] for s in db.session.get(DocumentImport, imported.id).sections] == ["Aluksi", "Tilat"]

    response = browser.post(preview, {"year": "2027"}, token_from=preview)
    assert response.status_code == 302
    round_ = db.session.scalars(sa.select(DraftingRound)).one()
    assert headings(round_) == ["Aluksi", "Tilat"]
    assert browser.post(f"{base}/0/move", {"heading": "Aluksi", "direction": "down"},
                        token_from=preview).status_code == 302
    db.session.expire_all()
    assert [s["heading"] for s in db.session.get(DocumentImport, imported.id).sections] == ["Aluksi", "Tilat"]
    assert len(events("arrange_import")) == 3


def test_issue_15_only_the_coordinator_arranges_an_import_and_bad_input_changes_nothing(imported, town, browser):
    with pytest.raises(PermissionDenied):
        publishing.move_imported_section(imported, town.welfare, index=0, heading="Johdanto", direction="down")
    db.session.rollback()
    for change in (
        lambda: publishing.rename_imported_section(imported, town.coordinator, index=0, heading="Johdanto",
                                                   new_heading="   "),
        lambda: publishing.rename_imported_section(imported, town.coordinator, index=0, heading="Johdanto",
                                                   new_heading="x" * 301),
        lambda: publishing.move_imported_section(imported, town.coordinator, index=0, heading="Johdanto",
                                                 direction="up"),
        lambda: publishing.move_imported_section(imported, town.coordinator, index=7, heading="Johdanto",
                                                 direction="down"),
    ):
        with pytest.raises(DomainError):
            change()
        db.session.rollback()
    browser.login(town.eila)
    assert browser.post(f"/m/testikunta/imports/{imported.id}/sections/0/remove",
                        {"heading": "Johdanto"}).status_code == 403
    db.session.expire_all()
    assert len(db.session.get(DocumentImport, imported.id).sections) == 3
    assert events("arrange_import") == []


def test_issue_15_a_round_opened_from_a_template_is_arranged_in_its_decision_step(town):
    round_ = town.round(RoundState.DECISION)
    template = headings(round_)
    last = sections_with_text(round_)[-1][0]
    structure.move_section(last, town.coordinator, structure.UP)
    structure.remove_section(sections_with_text(round_)[0][0], town.coordinator)
    db.session.commit()
    assert headings(round_) == [*template[1:-2], template[-1], template[-2]]
    assert [chapter_number(section) for section, _v in sections_with_text(round_)] == \
        list(range(1, len(template)))
