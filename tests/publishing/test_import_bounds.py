"""Finding 4: hostile DOCX files (algorithmic bombs) are read in bounded time
or refused at once with what is too large; a malformed file never ends in an
error page, and no text is dropped without a word.

The builders here make the hostile shapes; bench/bounds_docx.py times them
at the limits."""
from __future__ import annotations

import io
import random
import zipfile
from html import unescape

import pytest
import sqlalchemy as sa
from docx import Document

from drafting.documents.richtext import MAX_TEXT_LENGTH
from drafting.extensions import db
from drafting.publishing import importer
from drafting.publishing.importer import ImportRefused, read_guideline
from drafting.publishing.models import DocumentImport
from tests.messages import fi

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADING = '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>'


def paragraph(text: str, properties: str = "") -> str:
    return f'<w:p>{properties}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def docx_with(body: str, *, styles: str | None = None, numbering: str | None = None,
              relationships: str = "") -> bytes:
    """A DOCX made by python-docx whose body (and styles or numbering part) is replaced by the given XML."""
    template = io.BytesIO()
    Document().save(template)
    source = zipfile.ZipFile(template)
    replaced = {
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                             f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}</w:body></w:document>',
    }
    if styles is not None:
        replaced["word/styles.xml"] = f'<w:styles xmlns:w="{W_NS}">{styles}</w:styles>'
    if numbering is not None:
        replaced["word/numbering.xml"] = f'<w:numbering xmlns:w="{W_NS}">{numbering}</w:numbering>'
    if relationships:
        rels = source.read("word/_rels/document.xml.rels").decode()
        replaced["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", relationships + "</Relationships>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replaced.get(info.filename, source.read(info.filename)))
    return out.getvalue()


SECTION_EVERY = 400


def plain_paragraphs(count: int) -> bytes:
    """`count` paragraphs, each with its own words: a heading every
    SECTION_EVERY paragraphs, as a long guideline is divided into sections."""
    return docx_with("".join(
        HEADING.format(f"Luku {n // SECTION_EVERY + 1}") if n % SECTION_EVERY == 0 else
        paragraph(f"Kappale {n}: kunta ja yhdistykset sopivat yhteistyöstä {n * 7919 % 10007}.")
        for n in range(count)))


def merged_table(rows: int) -> bytes:
    """A table whose first column is one cell merged down over every row."""
    cells = []
    for n in range(rows):
        merge = "restart" if n == 0 else "continue"
        first = paragraph("Vuosikello") if n == 0 else "<w:p/>"
        cells.append(f'<w:tr><w:tc><w:tcPr><w:vMerge w:val="{merge}"/></w:tcPr>{first}</w:tc>'
                     f'<w:tc>{paragraph(f"Rivi {n}")}</w:tc></w:tr>')
    return docx_with(HEADING.format("Vuosikello")
                     + '<w:tbl><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="6000"/></w:tblGrid>'
                     + "".join(cells) + "</w:tbl>")


def numbered_lists(paragraphs: int, definitions: int) -> bytes:
    """List paragraphs, each pointing at one of many numbering definitions (the last ones counting)."""
    abstracts = "".join(
        f'<w:abstractNum w:abstractNumId="{n}"><w:lvl w:ilvl="0"><w:numFmt w:val="{"decimal" if n % 2 else "bullet"}"/>'
        f'</w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>'
        for n in range(definitions))
    nums = "".join(f'<w:num w:numId="{n + 1}"><w:abstractNumId w:val="{n}"/></w:num>' for n in range(definitions))
    body = HEADING.format("Avustukset") + "".join(
        paragraph(f"Kohta {n}", f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{definitions - n % 50}"/>'
                                f'</w:numPr></w:pPr>')
        for n in range(paragraphs - 1))
    return docx_with(body, numbering=abstracts + nums)


def many_styles(count: int) -> bytes:
    styles = "".join(f'<w:style w:type="paragraph" w:styleId="Tyyli{n}"><w:name w:val="Tyyli {n}"/></w:style>'
                     for n in range(count))
    body = "".join(paragraph(f"Kappale {n}", f'<w:pPr><w:pStyle w:val="Tyyli{n}"/></w:pPr>')
                   for n in range(0, count, max(1, count // 50)))
    return docx_with(body, styles=styles)


def with_noise(data: bytes, size: int) -> bytes:
    """The package with an incompressible member added, so that it passes the ZIP bomb check."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        target.writestr("word/media/kohina.bin", random.Random(12).randbytes(size))
    return out.getvalue()


def large_document_part(size: int) -> bytes:
    """A document part of about `size` bytes, nearly all of it bookmarks in one paragraph."""
    bookmark = '<w:bookmarkStart w:id="1" w:name="b"/>'
    return with_noise(docx_with(HEADING.format("Kirjanmerkit") + "<w:p>" + bookmark * (size // len(bookmark))
                                + "<w:r><w:t>Teksti</w:t></w:r></w:p>"), size // 2)


def refusal(data: bytes, **kwargs) -> str:
    with pytest.raises(ImportRefused) as refused:
        read_guideline(data, **kwargs)
    return refused.value.message


def test_finding_4_paragraphs_over_the_limit_are_refused_with_the_count():
    count = importer.MAX_PARAGRAPHS + 1
    assert refusal(plain_paragraphs(count)) == fi(
        "The file is too long to be imported: %(count)d paragraphs, at most %(limit)d. "
        "Check that it is the guideline.", count=count, limit=importer.MAX_PARAGRAPHS)


def test_finding_4_paragraphs_at_the_limit_are_imported_in_order():
    result = read_guideline(plain_paragraphs(importer.MAX_PARAGRAPHS))
    sections = -(-importer.MAX_PARAGRAPHS // SECTION_EVERY)
    assert [section.heading for section in result.sections] == [f"Luku {n}" for n in range(1, sections + 1)]
    text = "".join(section.text for section in result.sections)
    assert text.count("<p>") == importer.MAX_PARAGRAPHS - sections
    assert text.index("Kappale 998:") < text.index("Kappale 999:") < text.index("Kappale 2999:")


def test_finding_4_a_vertically_merged_table_is_read_once_per_cell():
    """1,200 rows merged in one column ended in a RecursionError (HTTP 500) in
    python-docx; the cells are now read once each, in their place."""
    result = read_guideline(merged_table(1200))
    [section] = result.sections
    assert section.heading == "Vuosikello"
    assert section.text.count("Vuosikello") == 1
    assert section.text.count("<p>Rivi ") == 1200
    assert fi("The file has tables; their text was imported as paragraphs.") in result.warnings


def test_finding_4_too_many_merged_cells_are_refused():
    rows = importer.MAX_MERGED_CELLS + 1
    assert refusal(merged_table(rows)) == fi(
        "The tables of the file have too many merged cells to be imported: %(count)d, at most %(limit)d. "
        "Unmerge the cells in Word and try again.", count=rows, limit=importer.MAX_MERGED_CELLS)


def test_finding_4_too_many_tables_and_cells_are_refused():
    table = ('<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>')
    count = importer.MAX_TABLES + 1
    assert refusal(docx_with(HEADING.format("Taulukot") + table * count)) == fi(
        "The file has too many tables to be imported: %(count)d, at most %(limit)d.",
        count=count, limit=importer.MAX_TABLES)
    cells = importer.MAX_TABLE_CELLS + 2
    wide = "<w:tbl>" + ("<w:tr>" + "<w:tc/>" * (cells // 2) + "</w:tr>") * 2 + "</w:tbl>"
    assert refusal(docx_with(HEADING.format("Taulukko") + wide)) == fi(
        "The tables of the file have too many cells to be imported: %(count)d, at most %(limit)d.",
        count=cells, limit=importer.MAX_TABLE_CELLS)


def test_finding_4_many_numbering_definitions_are_read_once_and_their_kinds_kept():
    result = read_guideline(numbered_lists(200, 400))
    text = result.sections[0].text
    assert text.count("<li>") == 199
    # numId 400 points at abstract 399 (counting), numId 399 at abstract 398 (bullets)
    assert text.startswith("<ol><li>Kohta 0</li></ol><ul><li>Kohta 1</li></ul>")


def test_finding_4_too_many_numbering_definitions_are_refused():
    count = importer.MAX_NUMBERING_DEFINITIONS + 1
    assert refusal(numbered_lists(10, count)) == fi(
        "The file defines too many list numberings to be imported: %(count)d, at most %(limit)d. "
        "Copy its text into a new Word document and try again.",
        count=count, limit=importer.MAX_NUMBERING_DEFINITIONS)


def test_finding_4_too_many_styles_are_refused():
    count = importer.MAX_STYLES + 1
    assert refusal(many_styles(count)) == fi(
        "The file defines too many styles to be imported: %(count)d, at most %(limit)d. "
        "Copy its text into a new Word document and try again.", count=count, limit=importer.MAX_STYLES)


def test_finding_4_too_many_runs_are_refused():
    count = importer.MAX_RUNS + 1
    runs = "<w:r><w:t>a</w:t></w:r>" * count
    assert refusal(docx_with(HEADING.format("Muotoilu") + f"<w:p>{runs}</w:p>")) == fi(
        "The file has too many separately formatted pieces of text to be imported: %(count)d, at most "
        "%(limit)d. Clear extra formatting in Word and try again.",
        count=count + 1, limit=importer.MAX_RUNS)


def test_finding_4_too_much_text_is_refused():
    long_paragraph = paragraph("kunta ja yhdistys " * (importer.MAX_TEXT_CHARACTERS // 18 + 10))
    assert refusal(docx_with(HEADING.format("Pitkä") + long_paragraph)) == fi(
        "The file has too much text to be imported: more than %(limit)d characters with their formatting. "
        "Check that it is the guideline.", limit=importer.MAX_TEXT_CHARACTERS)


def test_finding_4_a_document_part_over_its_size_limit_is_refused_before_it_is_parsed():
    assert read_guideline(large_document_part(importer.MAX_XML_PART_BYTES - 4096)).sections[0].text == \
        "<p>Teksti</p>"
    assert refusal(large_document_part(importer.MAX_XML_PART_BYTES + 4096)) == \
        fi("The file unpacks to too much data to be a guideline; it is not imported.")


def test_finding_4_the_import_stops_at_its_time_budget():
    assert refusal(plain_paragraphs(50), seconds=0) == fi(
        "Reading the file took too long, so it was stopped and nothing was imported. The file may be damaged "
        "or unusually built: copy its text into a new Word document and try again.")


def test_finding_4_text_in_nested_tables_is_imported_with_a_warning():
    inner = f"<w:tbl><w:tr><w:tc>{paragraph('Sisempi solu')}</w:tc></w:tr></w:tbl>"
    outer = f"<w:tbl><w:tr><w:tc>{paragraph('Ulompi solu')}{inner}<w:p/></w:tc></w:tr></w:tbl>"
    result = read_guideline(docx_with(HEADING.format("Taulukot") + outer + paragraph("Lopuksi")))
    assert result.sections[0].text == "<p>Ulompi solu</p><p>Sisempi solu</p><p>Lopuksi</p>"
    assert result.warnings == [fi("The file has tables; their text was imported as paragraphs.")]


def test_finding_4_runs_in_content_controls_and_tracked_insertions_are_kept():
    body = (HEADING.format("Johdanto")
            + '<w:sdt><w:sdtContent>' + paragraph("Lomakkeen kenttä") + '</w:sdtContent></w:sdt>'
            + '<w:p><w:r><w:t xml:space="preserve">Lisätty </w:t></w:r><w:ins w:id="1" w:author="K">'
              '<w:r><w:rPr><w:b/></w:rPr><w:t>muutos</w:t></w:r></w:ins></w:p>')
    assert read_guideline(docx_with(body)).sections[0].text == \
        "<p>Lomakkeen kenttä</p><p>Lisätty <strong>muutos</strong></p>"


@pytest.mark.parametrize("body, relationships", [
    # an outline level that is not a number
    ('<w:p><w:pPr><w:outlineLvl w:val="x"/></w:pPr><w:r><w:t>Otsikko</w:t></w:r></w:p>' + paragraph("Teksti"), ""),
    # a link to a relationship the file does not have
    ('<w:p><w:hyperlink r:id="rId999"><w:r><w:t>linkki</w:t></w:r></w:hyperlink></w:p>', ""),
    # a list pointing at numbering that is not defined
    (paragraph("Kohta", '<w:pPr><w:numPr><w:ilvl w:val="7"/><w:numId w:val="4242"/></w:numPr></w:pPr>'), ""),
    # a style that does not exist
    (paragraph("Teksti", '<w:pPr><w:pStyle w:val="EiOle"/></w:pPr>'), ""),
])
def test_finding_4_malformed_details_are_read_without_an_error(body, relationships):
    result = read_guideline(docx_with(body, relationships=relationships))
    assert result.sections and all(section.text for section in result.sections)


@pytest.mark.parametrize("document", [
    "<kirje>ei Word</kirje>",
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p>',
    '<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><d>&e;</d>',
])
def test_finding_4_a_document_part_that_is_not_wordprocessingml_is_refused(document):
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
    assert refusal(broken.getvalue()) == fi("The file is damaged and cannot be read.")


def test_finding_4_links_keep_the_link_rule_of_stored_text():
    body = (HEADING.format("Linkit")
            + '<w:p><w:hyperlink r:id="rIdPaha"><w:r><w:t>paha</w:t></w:r></w:hyperlink>'
              '<w:r><w:t xml:space="preserve"> ja </w:t></w:r>'
              '<w:hyperlink r:id="rIdHyva"><w:r><w:t>hyvä</w:t></w:r></w:hyperlink></w:p>')
    link = ('<Relationship Id="{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'hyperlink" Target="{}" TargetMode="External"/>')
    data = docx_with(body, relationships=link.format("rIdPaha", "javascript:alert(1)")
                     + link.format("rIdHyva", "https://kunta.example.fi/?a=1&amp;b=2"))
    assert read_guideline(data).sections[0].text == \
        '<p>paha ja <a href="https://kunta.example.fi/?a=1&amp;b=2">hyvä</a></p>'


def test_finding_4_control_characters_in_the_file_are_not_imported():
    body = HEADING.format("Joh\u0085danto\u009b") + paragraph("Teks\u0080ti")
    [section] = read_guideline(docx_with(body)).sections
    assert (section.heading, section.text) == ("Joh danto", "<p>Teksti</p>")


class TestPages:
    def test_finding_4_the_merged_table_upload_gives_a_preview_not_an_error(self, browser, town):
        browser.login(town.coordinator)
        url = "/m/testikunta/imports/new"
        response = browser.post(url, {"document": (io.BytesIO(merged_table(1200)), "vuosikello.docx")},
                                token_from=url, content_type="multipart/form-data")
        assert response.status_code == 302
        assert db.session.scalar(sa.select(sa.func.count()).select_from(DocumentImport)) == 1

    def test_finding_4_a_file_over_a_limit_is_refused_in_the_form(self, browser, town):
        browser.login(town.coordinator)
        url = "/m/testikunta/imports/new"
        rows = importer.MAX_MERGED_CELLS + 1
        response = browser.post(url, {"document": (io.BytesIO(merged_table(rows)), "vuosikello.docx")},
                                token_from=url, content_type="multipart/form-data")
        assert response.status_code == 422
        assert fi("The tables of the file have too many merged cells to be imported: %(count)d, at most "
                  "%(limit)d. Unmerge the cells in Word and try again.", count=rows,
                  limit=importer.MAX_MERGED_CELLS) in unescape(response.get_data(as_text=True))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(DocumentImport)) == 0


def test_finding_4_a_section_longer_than_a_section_may_be_is_refused_by_its_name():
    """An imported section is held to the length of a saved one, so it can be edited after the import."""
    within = paragraph("kunta ja yhdistys " * 4000)
    long_section = paragraph("kunta ja yhdistys " * (MAX_TEXT_LENGTH // 18 + 10))
    assert read_guideline(docx_with(HEADING.format("Lyhyt") + within)).sections[0].heading == "Lyhyt"
    assert refusal(docx_with(HEADING.format("Avustukset") + long_section)) == fi(
        "The section “%(heading)s” is too long to be one section: at most %(limit)d characters with their "
        "formatting. Add Word headings to divide it and upload the file again.",
        heading="Avustukset", limit=MAX_TEXT_LENGTH)
