"""Reading an existing guideline from a DOCX file into sections.

Sections are split on Word's heading styles (the highest level used), or on
numbered bold paragraphs ("3. Avustukset") when the file has no headings.
Lists, bold, italic and links are kept; everything is then reduced to the
stored subset of HTML. Text in tables (also in tables inside tables) becomes
paragraphs in its place, each cell once however many rows or columns it spans.

The file is checked before it is opened: a DOCX, not encrypted or corrupt,
not over 20 MB, and not a ZIP bomb. Macros and linked content are ignored and
reported. The WordprocessingML is read directly with lxml, without resolving
entities: styles and numbering are read once into dictionaries and the body is
walked once. Before the walk, the parts and the numbers of paragraphs, tables,
cells, merged cells, runs, styles and numbering definitions are checked
against limits sized with wide headroom for a guideline (about 13 sections
and 30 pages); a file over a limit is refused at once with what is too large.
The reading runs against a time budget, and whatever a malformed file does
ends in a refusal, never in an error page.
"""
from __future__ import annotations

import io
import posixpath
import re
import time
import zipfile
from dataclasses import dataclass, field
from html import escape
from itertools import islice

from flask import current_app
from flask_babel import gettext as _
from lxml import etree

from ..core import DomainError
from ..documents.richtext import MAX_TEXT_LENGTH, has_text
from ..documents.tokens import canonical
from ..web.text import multi_line, single_line

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NUMBERED_HEADING = re.compile(r"^\s*(\d{1,2})[.)]?\s+(\S.{0,150})$")

# A guideline is about 13 sections and 30 pages: some 600 paragraphs, a few
# tables, 100–200 styles. The limits leave ample room above that.
MAX_XML_PART_BYTES = 6 * 1024 * 1024
MAX_PARAGRAPHS = 3_000
MAX_TABLES = 200
MAX_TABLE_CELLS = 10_000
MAX_MERGED_CELLS = 2_000
MAX_RUNS = 15_000
MAX_STYLES = 2_000
MAX_NUMBERING_DEFINITIONS = 3_000
MAX_TEXT_CHARACTERS = 300_000
IMPORT_SECONDS = 5.0

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS = {"w": _W[1:-1]}
P, R, T, TBL = _W + "p", _W + "r", _W + "t", _W + "tbl"
HYPERLINK = _W + "hyperlink"
RPR, B, I, BR = _W + "rPr", _W + "b", _W + "i", _W + "br"
# Elements whose children are block content (paragraphs and tables) read in order.
_BLOCK_CONTAINERS = {_W + name for name in ("tr", "tc", "sdt", "sdtContent", "customXml")}
# Elements inside a paragraph whose runs belong to the paragraph's text.
_INLINE_CONTAINERS = {_W + name for name in ("ins", "smartTag", "sdt", "sdtContent", "customXml", "fldSimple",
                                             "moveTo")}
_RUN_TEXT = {_W + "t": None, _W + "tab": " ", _W + "ptab": " ", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
_OFF = {"0", "false", "off", "none"}
_LIST_LEVELS = {str(level) for level in range(9)}
_HEADING_STYLE = re.compile(r"(heading|otsikko|rubrik)\s*(\d)")
# The link rule of stored text: links lead to web addresses or e-mail, nothing else.
_SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)

_parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


@dataclass
class ImportedSection:
    heading: str
    text: str


@dataclass
class ImportResult:
    sections: list[ImportedSection]
    warnings: list[str] = field(default_factory=list)
    split_on: str = "headings"  # "headings", "numbered" or "single"


class ImportRefused(DomainError):
    status_code = 422


class _Damaged(Exception):
    """The package holds something that is not what a DOCX file holds."""


def check_package(data: bytes) -> zipfile.ZipFile:
    """The upload as a ZIP that is safe to open, or a clear refusal."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRefused(_("The file is too large: at most 20 MB."))
    if data.startswith(OLE_SIGNATURE):
        raise ImportRefused(_("The file is encrypted or in the old Word format (.doc). Open it in Word, "
                              "remove the password and save it as a .docx file."))
    if not data.startswith(b"PK"):
        raise ImportRefused(_("The file is not a Word document (.docx)."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportRefused(_("The file is damaged and cannot be read.")) from None
    unpacked = sum(member.file_size for member in members)
    packed = max(1, sum(member.compress_size for member in members))
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_COMPRESSION_RATIO:
        raise ImportRefused(_("The file unpacks to too much data to be a guideline; it is not imported."))
    names = {member.filename for member in members}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise ImportRefused(_("The file is not a Word document (.docx)."))
    return archive


class _Deadline:
    """The time budget of one import, checked in every loop over the file."""

    def __init__(self, seconds: float):
        self.ends = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise ImportRefused(_("Reading the file took too long, so it was stopped and nothing was imported. "
                                  "The file may be damaged or unusually built: copy its text into a new Word "
                                  "document and try again."))


def _read_xml(archive: zipfile.ZipFile, name: str):
    """The root element of one XML part, or None if the package does not have it."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_XML_PART_BYTES:
        raise ImportRefused(_("The file unpacks to too much data to be a guideline; it is not imported."))
    return etree.fromstring(archive.read(info), _parser)


def _relationships(archive: zipfile.ZipFile) -> dict[str, tuple[str, str, bool]]:
    """The main document's relationships: id -> (type, target, external)."""
    root = _read_xml(archive, "word/_rels/document.xml.rels")
    if root is None:
        return {}
    return {rel.get("Id"): (rel.get("Type") or "", rel.get("Target") or "", rel.get("TargetMode") == "External")
            for rel in root.iter(_REL + "Relationship")}


def _part_of(relationships, kind: str) -> str | None:
    for reltype, target, external in relationships.values():
        if reltype.endswith("/" + kind) and not external:
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"word/{target}")
    return None


def _on(element) -> bool:
    """A WordprocessingML on/off property: present and not switched off."""
    return element is not None and (element.get(_W + "val") or "true").lower() not in _OFF


@dataclass
class _Style:
    name: str
    num_id: str | None


class _Styles:
    """The paragraph styles of the file, read once: id -> lower-case name and numbering."""

    def __init__(self, root):
        self.by_id: dict[str, _Style] = {}
        self.default = _Style("", None)
        if root is None:
            return
        styles = root.findall(_W + "style")
        if len(styles) > MAX_STYLES:
            raise ImportRefused(_("The file defines too many styles to be imported: %(count)d, at most %(limit)d. "
                                  "Copy its text into a new Word document and try again.",
                                  count=len(styles), limit=MAX_STYLES))
        for element in styles:
            if element.get(_W + "type") not in (None, "paragraph"):
                continue
            name = element.find(_W + "name")
            num_id = element.find(f"{_W}pPr/{_W}numPr/{_W}numId")
            style = _Style((name.get(_W + "val") or "").lower() if name is not None else "",
                           num_id.get(_W + "val") if num_id is not None else None)
            self.by_id[element.get(_W + "styleId") or ""] = style
            if (element.get(_W + "default") or "").lower() in ("1", "true", "on"):
                self.default = style

    def of(self, properties) -> _Style:
        style_id = properties.find(_W + "pStyle") if properties is not None else None
        if style_id is None:
            return self.default
        return self.by_id.get(style_id.get(_W + "val") or "", self.default)


class _Numbering:
    """The numbering definitions of the file, read once: whether a list level counts (1., a), i.)
    rather than shows bullets."""

    def __init__(self, root):
        self.levels: dict[str, dict[str, bool]] = {}  # abstract numbering id -> level -> counts
        self.abstract_of: dict[str, str] = {}  # numbering id -> abstract numbering id
        if root is None:
            return
        abstracts = root.findall(_W + "abstractNum")
        nums = root.findall(_W + "num")
        if max(len(abstracts), len(nums)) > MAX_NUMBERING_DEFINITIONS:
            raise ImportRefused(_("The file defines too many list numberings to be imported: %(count)d, at most "
                                  "%(limit)d. Copy its text into a new Word document and try again.",
                                  count=max(len(abstracts), len(nums)), limit=MAX_NUMBERING_DEFINITIONS))
        for abstract in abstracts:
            formats = self.levels.setdefault(abstract.get(_W + "abstractNumId") or "", {})
            for level in islice(abstract.iterchildren(_W + "lvl"), len(_LIST_LEVELS)):
                ilvl = level.get(_W + "ilvl") or "0"
                if ilvl in _LIST_LEVELS:
                    fmt = level.find(_W + "numFmt")
                    formats[ilvl] = fmt is not None and fmt.get(_W + "val") not in (None, "bullet", "none")
        for num in nums:
            abstract_id = num.find(_W + "abstractNumId")
            if abstract_id is not None:
                self.abstract_of[num.get(_W + "numId") or ""] = abstract_id.get(_W + "val") or ""

    def kind(self, num_id: str, ilvl: str) -> str:
        formats = self.levels.get(self.abstract_of.get(num_id, ""), {})
        return "ol" if formats.get(ilvl, formats.get("0", False)) else "ul"


@dataclass
class _Paragraph:
    text: str
    html: str
    level: int | None
    list_kind: str | None
    bold: bool


class _Reader:
    """One walk over the body, each paragraph read once into text, HTML, heading level and list kind."""

    def __init__(self, relationships, styles: _Styles, numbering: _Numbering, deadline: _Deadline):
        self.relationships = relationships
        self.styles = styles
        self.numbering = numbering
        self.deadline = deadline
        self.characters = 0
        self.tables = 0

    def paragraphs(self, body) -> list[_Paragraph]:
        """The paragraphs in document order, those in table cells (at any depth) in their place."""
        read = []
        stack = [iter(body)]
        while stack:
            element = next(stack[-1], None)
            if element is None:
                stack.pop()
            elif element.tag == P:
                self.deadline.check()
                read.append(self.paragraph(element))
            elif element.tag == TBL:
                self.tables += 1
                stack.append(iter(element))
            elif element.tag in _BLOCK_CONTAINERS:
                stack.append(iter(element))
        return read

    def paragraph(self, element) -> _Paragraph:
        pieces: list[tuple[str, bool, bool, str | None]] = []  # text, bold, italic, link
        self._collect(element, pieces, None)
        text = "".join(piece[0] for piece in pieces)
        html = _pieces_html(pieces)
        self.characters += len(html)
        if self.characters > MAX_TEXT_CHARACTERS:
            raise ImportRefused(_("The file has too much text to be imported: more than %(limit)d characters "
                                  "with their formatting. Check that it is the guideline.",
                                  limit=MAX_TEXT_CHARACTERS))
        properties = element.find(_W + "pPr")
        style = self.styles.of(properties)
        written = [piece for piece in pieces if piece[0].strip()]
        return _Paragraph(text=text, html=html, level=self._level(style, properties),
                          list_kind=self._list_kind(style, properties),
                          bold=bool(written) and all(piece[1] for piece in written))

    def _collect(self, element, pieces: list, link: str | None) -> None:
        for child in element:
            if child.tag == R:
                text, bold, italic = _run(child)
                if text:
                    pieces.append((text, bold, italic, link))
            elif child.tag == HYPERLINK:
                relationship = self.relationships.get(child.get(_R + "id") or "")
                address = single_line(relationship[1]).strip() if relationship and relationship[2] else ""
                self._collect(child, pieces, address if _SAFE_LINK.match(address) else None)
            elif child.tag in _INLINE_CONTAINERS:
                self._collect(child, pieces, link)

    @staticmethod
    def _level(style: _Style, properties) -> int | None:
        match = _HEADING_STYLE.match(style.name)
        if match:
            return int(match.group(2))
        if style.name == "title":
            return 0
        outline = properties.find(_W + "outlineLvl") if properties is not None else None
        value = outline.get(_W + "val") if outline is not None else None
        if value is not None and value.isdigit() and int(value) < 9:
            return int(value) + 1
        return None

    def _list_kind(self, style: _Style, properties) -> str | None:
        numbering = properties.find(_W + "numPr") if properties is not None else None
        if numbering is not None:
            num_id = numbering.find(_W + "numId")
            num_id = num_id.get(_W + "val") if num_id is not None else None
            if num_id and num_id != "0":
                ilvl = numbering.find(_W + "ilvl")
                return self.numbering.kind(num_id, ilvl.get(_W + "val") or "0" if ilvl is not None else "0")
        if "list number" in style.name or "numeroitu" in style.name:
            return "ol"
        if "list" in style.name or "luettelo" in style.name:
            return "ul"
        if style.num_id and style.num_id != "0":
            return self.numbering.kind(style.num_id, "0")
        return None


def _run(run) -> tuple[str, bool, bool]:
    """A run's text and whether it is bold and italic, its children read once."""
    parts, bold, italic = [], False, False
    for child in run:
        tag = child.tag
        if tag == T:
            parts.append(child.text or "")
        elif tag == RPR:
            for prop in child:
                if prop.tag == B:
                    bold = _on(prop)
                elif prop.tag == I:
                    italic = _on(prop)
        elif tag == BR:
            if child.get(_W + "type") in (None, "textWrapping"):
                parts.append("\n")
        elif tag in _RUN_TEXT:
            parts.append(_RUN_TEXT[tag])
    return multi_line("".join(parts)).replace("\t", " ").replace("\r", "\n"), bold, italic


def _pieces_html(pieces) -> str:
    """Runs as HTML, neighbours with the same formatting joined into one."""
    parts = []
    merged: list[list] = []
    for text, bold, italic, link in pieces:
        if merged and merged[-1][1:] == [bold, italic, link]:
            merged[-1][0] += text
        else:
            merged.append([text, bold, italic, link])
    open_link = None
    for text, bold, italic, link in merged:
        if link != open_link:
            if open_link is not None:
                parts.append("</a>")
            if link is not None:
                parts.append(f'<a href="{escape(link, quote=True)}">')
            open_link = link
        content = escape(text).replace("\n", "<br>")
        if italic:
            content = f"<em>{content}</em>"
        if bold:
            content = f"<strong>{content}</strong>"
        parts.append(content)
    if open_link is not None:
        parts.append("</a>")
    return "".join(parts)


def _check_counts(document) -> None:
    """Refuse at once a body larger than any guideline, counted before it is walked."""
    limits = (
        ("count(//w:tbl)", MAX_TABLES,
         lambda count: _("The file has too many tables to be imported: %(count)d, at most %(limit)d.",
                         count=count, limit=MAX_TABLES)),
        ("count(//w:tc[w:tcPr/w:vMerge or w:tcPr/w:gridSpan])", MAX_MERGED_CELLS,
         lambda count: _("The tables of the file have too many merged cells to be imported: %(count)d, at most "
                         "%(limit)d. Unmerge the cells in Word and try again.",
                         count=count, limit=MAX_MERGED_CELLS)),
        ("count(//w:tc)", MAX_TABLE_CELLS,
         lambda count: _("The tables of the file have too many cells to be imported: %(count)d, at most "
                         "%(limit)d.", count=count, limit=MAX_TABLE_CELLS)),
        ("count(//w:p)", MAX_PARAGRAPHS,
         lambda count: _("The file is too long to be imported: %(count)d paragraphs, at most %(limit)d. "
                         "Check that it is the guideline.", count=count, limit=MAX_PARAGRAPHS)),
        ("count(//w:r)", MAX_RUNS,
         lambda count: _("The file has too many separately formatted pieces of text to be imported: %(count)d, "
                         "at most %(limit)d. Clear extra formatting in Word and try again.",
                         count=count, limit=MAX_RUNS)),
    )
    for expression, limit, message in limits:
        count = int(document.xpath(expression, namespaces=_NS))
        if count > limit:
            raise ImportRefused(message(count))


def read_guideline(data: bytes, *, seconds: float = IMPORT_SECONDS) -> ImportResult:
    archive = check_package(data)
    deadline = _Deadline(seconds)
    try:
        return _read(archive, deadline)
    except ImportRefused:
        raise
    except (_Damaged, etree.LxmlError, zipfile.BadZipFile, EOFError, OSError, ValueError, KeyError,
            RecursionError):
        raise ImportRefused(_("The file is damaged and cannot be read.")) from None
    except Exception:  # a malformed file must end in a refusal, never in an error page
        current_app.logger.exception("DOCX import failed on an unexpected error")
        raise ImportRefused(_("The file is damaged and cannot be read.")) from None


def _read(archive: zipfile.ZipFile, deadline: _Deadline) -> ImportResult:
    warnings = []
    names = {member.filename for member in archive.infolist()}
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        warnings.append(_("The file contains macros. They were ignored."))
    document = _read_xml(archive, "word/document.xml")
    body = document.find(_W + "body")
    if body is None:
        raise _Damaged
    _check_counts(document)
    relationships = _relationships(archive)
    styles_part, numbering_part = _part_of(relationships, "styles"), _part_of(relationships, "numbering")
    styles = _Styles(_read_xml(archive, styles_part) if styles_part else None)
    numbering = _Numbering(_read_xml(archive, numbering_part) if numbering_part else None)
    if any(external and not reltype.endswith("/hyperlink") for reltype, _target, external in relationships.values()):
        warnings.append(_("The file refers to content outside it (linked files or images). It was ignored."))

    reader = _Reader(relationships, styles, numbering, deadline)
    paragraphs = reader.paragraphs(body)
    if reader.tables:
        warnings.append(_("The file has tables; their text was imported as paragraphs."))

    levels = [p.level for p in paragraphs if p.level]
    numbered = [p.bold and bool(_NUMBERED_HEADING.match(p.text)) for p in paragraphs]
    if levels:
        top = min(levels)
        starts_section = [p.level == top for p in paragraphs]
        split_on = "headings"
    elif any(numbered):
        starts_section = numbered
        split_on = "numbered"
    else:
        starts_section = [False] * len(paragraphs)
        split_on = "single"
        warnings.append(_("The file has no headings: it is imported as one section. Split it into sections "
                          "after the round is open, or add Word headings to the file and upload it again."))

    parts: list[tuple[str | None, list[str]]] = []
    heading: str | None = None
    body_html: list[str] = []
    for paragraph, is_heading in zip(paragraphs, starts_section):
        text = paragraph.text.strip()
        if paragraph.level == 0 and not parts and heading is None:
            continue  # the document's title
        if is_heading:
            if heading is not None or has_text("".join(body_html)):
                parts.append((heading, body_html))
            line = single_line(text)
            match = _NUMBERED_HEADING.match(line)
            heading = match.group(2).strip() if split_on == "numbered" and match else line
            heading = re.sub(r"^\d{1,2}(\.\d+)*[.)]?\s+", "", heading) or line
            body_html = []
            continue
        if not text:
            continue
        if paragraph.level:
            body_html.append(f"<h3>{escape(single_line(text))}</h3>")
        elif paragraph.list_kind:
            body_html.append(f"<{paragraph.list_kind}><li>{paragraph.html}</li></{paragraph.list_kind}>")
        else:
            body_html.append(f"<p>{paragraph.html}</p>")
    if heading is not None or has_text("".join(body_html)):
        parts.append((heading, body_html))
    sections = []
    for heading, body_html in parts:
        deadline.check()
        sections.append(_section(heading, body_html))
    sections = [s for s in sections if s.heading or has_text(s.text)]
    if not sections:
        raise ImportRefused(_("The file has no text to import."))
    for section in sections:
        if len(section.text) > MAX_TEXT_LENGTH:
            raise ImportRefused(_(
                "The section “%(heading)s” is too long to be one section: at most %(limit)d characters "
                "with their formatting. Add Word headings to divide it and upload the file again.",
                heading=section.heading, limit=MAX_TEXT_LENGTH))
    return ImportResult(sections, warnings, split_on)


def _section(heading: str | None, body: list[str]) -> ImportedSection:
    """A section in the stored form. Its HTML was built here from escaped text,
    the stored tags and links that passed the link rule, so the canonical
    form's own whitelist is all the cleaning it needs (the sanitiser's time
    grows with every tag, and a long file has tens of thousands)."""
    return ImportedSection((heading or _("Guideline"))[:300], canonical("".join(body)))
