"""Importing an existing guideline from DOCX: a preview of its sections, then
a round; and a clear refusal, with nothing created, for every bad file."""
from __future__ import annotations

import io
import zipfile
from html import unescape

import pytest
import sqlalchemy as sa
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml

from drafting.documents.queries import current_version
from drafting.extensions import db
from drafting.publishing.importer import ImportRefused, read_guideline
from drafting.publishing.models import DocumentImport
from drafting.workflow.models import DraftingRound, RoundSource
from tests.messages import fi

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def add_link(document, paragraph, text: str, url: str) -> None:
    rid = document.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    paragraph._p.append(parse_xml(f'<w:hyperlink {W} r:id="{rid}"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>'))


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def guideline_with_headings() -> bytes:
    document = Document()
    document.add_paragraph("Järjestöyhteistyön ohje", style="Title")
    document.add_paragraph("1 Johdanto", style="Heading 1")
    intro = document.add_paragraph("Ohje kokoaa ")
    intro.add_run("yhteistyön periaatteet").bold = True
    intro.add_run(" ja ")
    intro.add_run("pelisäännöt").italic = True
    intro.add_run(". Katso ")
    add_link(document, intro, "kunnan sivut", "https://kunta.example.fi/ohje")
    document.add_paragraph("2 Avustukset", style="Heading 1")
    document.add_paragraph("Hakuajat", style="Heading 2")
    document.add_paragraph("Toiminta-avustus", style="List Bullet")
    document.add_paragraph("Kohdeavustus", style="List Bullet")
    document.add_paragraph("Hae ajoissa", style="List Number")
    document.add_paragraph("3 Yhteystiedot", style="Heading 1")
    document.add_paragraph("Kaisa Laine, p. 040 123 4567")
    return saved(document)


def test_sections_come_from_the_heading_styles_with_formatting_kept():
    result = read_guideline(guideline_with_headings())
    assert result.split_on == "headings" and result.warnings == []
    assert [s.heading for s in result.sections] == ["Johdanto", "Avustukset", "Yhteystiedot"]
    assert result.sections[0].text == ('<p>Ohje kokoaa <strong>yhteistyön periaatteet</strong> ja '
                                       '<em>pelisäännöt</em>. Katso <a href="https://kunta.example.fi/ohje">'
                                       'kunnan sivut</a></p>')
    assert result.sections[1].text == ("<h3>Hakuajat</h3><ul><li>Toiminta-avustus</li><li>Kohdeavustus</li></ul>"
                                       "<ol><li>Hae ajoissa</li></ol>")


def test_numbered_bold_paragraphs_are_the_fallback():
    document = Document()
    for number, heading in ((1, "Johdanto"), (2, "Tilat")):
        document.add_paragraph().add_run(f"{number}. {heading}").bold = True
        document.add_paragraph(f"Tekstiä osiosta {heading}.")
    result = read_guideline(saved(document))
    assert result.split_on == "numbered"
    assert [(s.heading, s.text) for s in result.sections] == [
        ("Johdanto", "<p>Tekstiä osiosta Johdanto.</p>"), ("Tilat", "<p>Tekstiä osiosta Tilat.</p>")]


def test_a_file_without_headings_is_offered_as_one_section():
    document = Document()
    document.add_paragraph("Kunta ja yhdistykset tekevät yhteistyötä.")
    document.add_paragraph("Toinen kappale.")
    result = read_guideline(saved(document))
    assert result.split_on == "single" and len(result.sections) == 1
    assert result.sections[0].text == "<p>Kunta ja yhdistykset tekevät yhteistyötä.</p><p>Toinen kappale.</p>"
    assert result.warnings == [fi("The file has no headings: it is imported as one section. Split it into "
                                  "sections after the round is open, or add Word headings to the file and "
                                  "upload it again.")]


def with_extra_member(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr(name, content)
    return out.getvalue()


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize("make_data, message", [
    (lambda: b"Tama on tekstitiedosto, ei Word-asiakirja.", "The file is not a Word document (.docx)."),
    (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000,
     "The file is encrypted or in the old Word format (.doc). Open it in Word, remove the password and save "
     "it as a .docx file."),
    (lambda: guideline_with_headings()[:3000], "The file is damaged and cannot be read."),
    (lambda: b"PK" + b"\0" * (21 * 1024 * 1024), "The file is too large: at most 20 MB."),
    (zip_bomb, "The file unpacks to too much data to be a guideline; it is not imported."),
    (lambda: _zip_without_document(),
     "The file is not a Word document (.docx)."),
])
def test_bad_files_are_refused_with_a_reason(make_data, message):
    with pytest.raises(ImportRefused) as refused:
        read_guideline(make_data())
    assert refused.value.message == fi(message)


def _zip_without_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("kuva.txt", "ei asiakirja")
    return out.getvalue()


def test_macros_and_linked_content_are_ignored_and_reported():
    document = Document()
    document.add_paragraph("Johdanto", style="Heading 1")
    document.add_paragraph("Teksti.")
    document.part.relate_to("file:///C:/kuvat/logo.png", RELATIONSHIP_TYPE.IMAGE, is_external=True)
    data = with_extra_member(saved(document), "word/vbaProject.bin", b"macro code")
    result = read_guideline(data)
    assert [s.heading for s in result.sections] == ["Johdanto"]
    assert fi("The file contains macros. They were ignored.") in result.warnings
    assert fi("The file refers to content outside it (linked files or images). It was ignored.") in result.warnings


class TestPages:
    def test_upload_preview_and_open_a_round(self, browser, town):
        browser.login(town.coordinator)
        url = "/m/testikunta/imports/new"
        assert fi("Import a DOCX file") in unescape(browser.text(url))
        response = browser.post(url, {"document": (io.BytesIO(guideline_with_headings()), "ohje.docx")},
                                token_from=url, content_type="multipart/form-data")
        assert response.status_code == 302
        imported = db.session.scalars(sa.select(DocumentImport)).one()
        preview = unescape(browser.text(response.location))
        assert "Johdanto" in preview and "Avustukset" in preview and "<strong>yhteistyön periaatteet</strong>" in preview
        assert db.session.scalar(sa.select(sa.func.count()).select_from(DraftingRound)) == 0
        response = browser.post(response.location, {"year": "2027"}, token_from=response.location)
        assert response.status_code == 302
        round_ = db.session.scalars(sa.select(DraftingRound)).one()
        assert round_.source == RoundSource.IMPORT and round_.year == 2027
        assert [s.heading for s in round_.sections] == ["Johdanto", "Avustukset", "Yhteystiedot"]
        assert "https://kunta.example.fi/ohje" in current_version(round_.sections[0]).text
        db.session.refresh(imported)
        assert imported.round_id == round_.id
        again = browser.post(f"/m/testikunta/imports/{imported.id}", {"year": "2028"},
                             token_from=f"/m/testikunta/imports/{imported.id}")
        assert again.status_code in (200, 422)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(DraftingRound)) == 1

    def test_a_bad_upload_shows_the_reason_and_creates_nothing(self, browser, town):
        browser.login(town.coordinator)
        url = "/m/testikunta/imports/new"
        response = browser.post(url, {"document": (io.BytesIO(b"ei word"), "ohje.docx")}, token_from=url,
                                content_type="multipart/form-data")
        assert response.status_code == 422
        assert fi("The file is not a Word document (.docx).") in unescape(response.get_data(as_text=True))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(DocumentImport)) == 0

    def test_only_the_coordinator_imports(self, browser, town):
        browser.login(town.approver)
        assert browser.get("/m/testikunta/imports/new").status_code == 403
