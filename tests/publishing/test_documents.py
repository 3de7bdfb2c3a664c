"""The council's DOCX and the tracked-changes DOCX, read back by python-docx
and by a real LibreOffice; the agenda text; the content hash at approval."""
from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from drafting.comments import operations as comments
from drafting.comments.models import Disposition
from drafting.documents.operations import save_section
from drafting.documents.queries import current_version
from drafting.extensions import db
from drafting.proposals import operations as proposals
from drafting.publishing.agenda import build_agenda
from drafting.publishing.fingerprint import content_hash, short
from drafting.publishing.guideline import build_docx
from drafting.workflow import operations as workflow
from drafting.workflow.models import RoundState
from tests.messages import fi
from tests.publishing.conftest import libreoffice_convert

S = RoundState
RICH = ('<p>Kunta tukee yhdistyksiä <strong>avustuksin</strong> ja <em>tiloin</em>. '
        'Lisätietoja <a href="https://kunta.example.fi/avustukset">kunnan sivuilta</a>.</p>'
        '<h3>Hakuajat</h3><ol><li>Toiminta-avustus maaliskuussa</li><li>Kohdeavustus jatkuvasti</li></ol>'
        '<ul><li>Tilat maksutta</li><li>Ilmoittaudu ajoissa</li></ul>')


@pytest.fixture
def consulted(town, make):
    """An approved 2025 guideline and a 2026 revision at the association evening
    with comments, wishes and proposals, some decided."""
    first = town.round(S.WISHES)
    first.year = 2025
    for section in first.sections[:3]:
        save_section(section, town.coordinator, base_number=section.current_number, heading=section.heading,
                     text=RICH if section.position == 2 else f"<p>{section.heading}: vanha teksti.</p>")
    db.session.commit()
    make.advance(first, town.coordinator, S.APPROVED)
    revision = workflow.start_revision(first, town.coordinator, year=2026)
    db.session.commit()
    make.advance(revision, town.coordinator, S.ASSOCIATION_EVENING)
    section = revision.sections[1]
    comment = comments.post_comment(revision, town.eila, text="Tilat myös viikonloppuisin!", section=section,
                                    association_id=town.sports.id)
    comments.respond(comment, town.coordinator, disposition=Disposition.NOT_TAKEN_INTO_ACCOUNT,
                     text="Viikonloput on varattu kunnan omaan käyttöön")
    proposal = proposals.propose(section, town.matti, association_id=town.village.id,
                                 text=RICH.replace("maaliskuussa", "huhtikuussa"), rationale="Myöhempi hakuaika")
    proposals.accept(proposal, town.coordinator, seen_version_id=current_version(section).id)
    save_section(revision.sections[0], town.coordinator, base_number=revision.sections[0].current_number,
                 heading=revision.sections[0].heading, text="<p>Johdanto: uusi teksti vuodelle 2026.</p>")
    db.session.commit()
    return first, revision


def docx(data: bytes) -> Document:
    return Document(io.BytesIO(data))


def test_the_draft_document_has_what_the_agenda_needs(app, town, consulted):
    _first, revision = consulted
    with app.test_request_context():
        data = build_docx(revision)
    document = docx(data)
    properties = document.core_properties
    assert properties.title == "Järjestöyhteistyön ohje 2026"
    assert properties.author == "Testikunta" and properties.language == "fi-FI"
    assert fi("DRAFT") in document.sections[0].header.paragraphs[0].text
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == [f"1 {revision.sections[0].heading}", f"2 {revision.sections[1].heading}"]
    assert headings[-2:] == [fi("Appendix 1. The consultation in numbers"),
                             fi("Appendix 2. Comments, wishes and change proposals with the municipality's responses")]
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 2", "List Number", "List Bullet"} <= styles
    xml = document.element.xml
    assert 'w:instr=" PAGE "' not in xml and "TOC \\o" in xml
    assert "<w:b/>" in xml and "<w:i/>" in xml and "<w:hyperlink" in xml
    assert "https://kunta.example.fi/avustukset" in [rel.target_ref for rel in document.part.rels.values()]
    assert xml.count("<w:tblHeader/>") >= 3
    assert 'w:val="fi-FI"' in document.styles.element.xml
    assert "docProps/thumbnail.jpeg" not in zipfile.ZipFile(io.BytesIO(data)).namelist()
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Viikonloput on varattu kunnan omaan käyttöön" in xml
    assert "Kyläyhdistys ry — Matti Mäkinen" in xml and "huhtikuussa" in text
    assert short(content_hash(revision)) in text


def test_two_downloads_of_an_approved_round_are_identical(app, town, consulted):
    first, _revision = consulted
    with app.test_request_context():
        assert build_docx(first) == build_docx(first)
    with app.test_request_context():
        assert build_docx(first, tracked=True) == build_docx(first, tracked=True)


def test_approval_records_the_content_hash_shown_everywhere(app, browser, town, consulted, make):
    first, revision = consulted
    assert first.content_hash == content_hash(first)
    make.advance(revision, town.coordinator, S.APPROVED)
    assert revision.content_hash == content_hash(revision)
    with app.test_request_context():
        approved = docx(build_docx(revision))
    text = "\n".join(p.text for p in approved.paragraphs)
    assert revision.content_hash in text and fi("DRAFT") not in approved.sections[0].header.paragraphs[0].text
    page = browser.text("/m/testikunta/guideline")
    assert revision.content_hash in page
    download = browser.get("/m/testikunta/guideline/2026.docx")
    assert download.status_code == 200 and download.mimetype.endswith("wordprocessingml.document")
    assert browser.get("/m/testikunta/guideline/2025.docx").status_code == 200
    assert browser.get("/m/testikunta/guideline/2019.docx").status_code == 404


def test_the_documents_of_a_round_in_preparation_are_for_staff(browser, other_browser, town, consulted):
    _first, revision = consulted
    browser.login(town.eila)
    for url in (f"/rounds/{revision.id}/document.docx", f"/rounds/{revision.id}/document-changes.docx",
                f"/rounds/{revision.id}/agenda"):
        assert browser.get(url).status_code == 403
    other_browser.login(town.approver)
    response = other_browser.get(f"/rounds/{revision.id}/document.docx")
    assert response.status_code == 200 and "luonnos" in response.headers["Content-Disposition"]


def test_the_agenda_text_is_in_the_form_of_minutes(app, browser, town, consulted):
    _first, revision = consulted
    with app.test_request_context():
        item = build_agenda(revision)
    text = item.as_text()
    for heading in ("Prepared by", "Presented by", "Grounds", "Main changes", "Proposal", "Decision", "Attachments"):
        assert fi(heading) in text
    assert fi("%(name)s, welfare coordinator, %(email)s", name="Kaisa Laine", email=town.coordinator.email) in text
    assert fi("Of the %(registry)s associations in the registry, %(reached)s were reached and %(took_part)s took "
              "part; %(silent)s were reached but did not take part, and %(not_reached)s could not be reached.",
              registry=3, reached=3, took_part=2, silent=1, not_reached=0) in text
    assert fi("The associations gave %(wishes)s wishes, %(comments)s comments and %(proposals)s change proposals, "
              "of which %(accepted)s were accepted. The municipality's response to every comment and proposal is "
              "in the appendix of the guideline (attachment %(number)s).", wishes=0, comments=1, proposals=1,
              accepted=1, number=1) in text
    assert revision.sections[0].heading in text and revision.sections[1].heading in text
    browser.login(town.coordinator)
    page = browser.text(f"/rounds/{revision.id}/agenda")
    assert item.title in page
    assert browser.get(f"/rounds/{revision.id}/agenda.docx").status_code == 200


def test_libreoffice_reads_the_documents_and_the_tracked_changes(app, town, consulted, tmp_path):
    first, revision = consulted
    with app.test_request_context():
        (tmp_path / "ohje.docx").write_bytes(build_docx(revision))
        (tmp_path / "muutokset.docx").write_bytes(build_docx(revision, tracked=True))
        from drafting.publishing.agenda import agenda_docx

        (tmp_path / "paatosehdotus.docx").write_bytes(agenda_docx(revision))
    sources = [tmp_path / name for name in ("ohje.docx", "muutokset.docx", "paatosehdotus.docx")]
    libreoffice_convert(sources, "txt:Text (encoded):UTF8", tmp_path)
    libreoffice_convert(sources[:1], "pdf", tmp_path)
    libreoffice_convert(sources[1:2], "odt", tmp_path)

    text = (tmp_path / "ohje.txt").read_text(encoding="utf-8-sig")
    assert f"1 {revision.sections[0].heading}" in text and f"2 {revision.sections[1].heading}" in text
    assert "Kunta tukee yhdistyksiä avustuksin ja tiloin." in text and "Toiminta-avustus huhtikuussa" in text
    assert fi("Appendix 1. The consultation in numbers") in text
    assert "Tilat myös viikonloppuisin!" in text and "Viikonloput on varattu kunnan omaan käyttöön" in text
    assert (tmp_path / "ohje.pdf").read_bytes().startswith(b"%PDF") and (tmp_path / "ohje.pdf").stat().st_size > 5000
    assert fi("Proposal") in (tmp_path / "paatosehdotus.txt").read_text(encoding="utf-8-sig")

    with zipfile.ZipFile(tmp_path / "muutokset.odt") as odt:
        content = odt.read("content.xml").decode("utf-8")
    assert content.count("<text:changed-region") >= 4
    assert "<text:insertion>" in content and "<text:deletion>" in content
    assert "Kyläyhdistys ry — Matti Mäkinen" in content
    assert f"{town.coordinator.name} (Testikunta)" in content
