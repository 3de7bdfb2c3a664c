"""Reading an existing guideline from a DOCX file into sections.

Sections are split on Word's heading styles (the highest level used), or on
numbered bold paragraphs ("3. Avustukset") when the file has no headings.
Lists, bold, italic and links are kept; everything is then reduced to the
stored subset of HTML. The file is checked before it is opened: a DOCX, not
encrypted or corrupt, not over 20 MB, and not a ZIP bomb. Macros and linked
content are ignored and reported."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from html import escape

from flask_babel import gettext as _

from ..core import DomainError
from ..documents.richtext import has_text, sanitise
from ..documents.tokens import canonical

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NUMBERED_HEADING = re.compile(r"^\s*(\d{1,2})[.)]?\s+(\S.{0,150})$")


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


def _paragraph_html(paragraph) -> str:
    """A paragraph's runs and links as HTML."""
    from docx.text.hyperlink import Hyperlink

    parts = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            inner = "".join(_run_html(run) for run in item.runs)
            address = item.address
            parts.append(f'<a href="{escape(address, quote=True)}">{inner}</a>' if address else inner)
        else:
            parts.append(_run_html(item))
    return "".join(parts)


def _run_html(run) -> str:
    content = escape(run.text or "").replace("\n", "<br>").replace("\t", " ")
    if not content:
        return ""
    if run.italic:
        content = f"<em>{content}</em>"
    if run.bold:
        content = f"<strong>{content}</strong>"
    return content


def _style_name(paragraph) -> str:
    try:
        return (paragraph.style.name or "").lower()
    except (KeyError, AttributeError):
        return ""


def _heading_level(paragraph) -> int | None:
    name = _style_name(paragraph)
    match = re.match(r"(heading|otsikko|rubrik)\s*(\d)", name)
    if match:
        return int(match.group(2))
    if name == "title":
        return 0
    properties = paragraph._p.pPr
    if properties is not None and properties.find(_qn("w:outlineLvl")) is not None:
        return int(properties.find(_qn("w:outlineLvl")).get(_qn("w:val"))) + 1
    return None


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _list_kind(paragraph) -> str | None:
    name = _style_name(paragraph)
    if "list number" in name or "numeroitu" in name:
        return "ol"
    if "list" in name or "luettelo" in name:
        return "ul"
    properties = paragraph._p.pPr
    if properties is not None and properties.numPr is not None:
        return "ol" if _numbered_format(paragraph) else "ul"
    return None


def _numbered_format(paragraph) -> bool:
    try:
        numbering = paragraph.part.numbering_part.element
        num_id = paragraph._p.pPr.numPr.numId.val
        for num in numbering.findall(_qn("w:num")):
            if num.get(_qn("w:numId")) == str(num_id):
                abstract_id = num.find(_qn("w:abstractNumId")).get(_qn("w:val"))
                for abstract in numbering.findall(_qn("w:abstractNum")):
                    if abstract.get(_qn("w:abstractNumId")) == abstract_id:
                        level = abstract.find(_qn("w:lvl"))
                        fmt = level.find(_qn("w:numFmt")) if level is not None else None
                        return fmt is not None and fmt.get(_qn("w:val")) not in ("bullet", "none")
    except (AttributeError, KeyError, NotImplementedError):
        return False
    return False


def _is_bold(paragraph) -> bool:
    runs = [run for run in paragraph.runs if (run.text or "").strip()]
    return bool(runs) and all(run.bold for run in runs)


def read_guideline(data: bytes) -> ImportResult:
    archive = check_package(data)
    warnings = []
    names = {member.filename for member in archive.infolist()}
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        warnings.append(_("The file contains macros. They were ignored."))
    try:
        from docx import Document

        document = Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds of errors on broken packages
        raise ImportRefused(_("The file is damaged and cannot be read.")) from None
    external = [rel for rel in document.part.rels.values()
                if rel.is_external and not rel.reltype.endswith("/hyperlink")]
    if external:
        warnings.append(_("The file refers to content outside it (linked files or images). It was ignored."))
    if document.tables:
        warnings.append(_("The file has tables; their text was imported as paragraphs."))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)

    levels = [level for level in (_heading_level(p) for p in paragraphs) if level]
    if levels:
        top = min(levels)
        is_heading = lambda p: _heading_level(p) == top  # noqa: E731
        split_on = "headings"
    elif any(_is_bold(p) and _NUMBERED_HEADING.match(p.text or "") for p in paragraphs):
        is_heading = lambda p: _is_bold(p) and bool(_NUMBERED_HEADING.match(p.text or ""))  # noqa: E731
        split_on = "numbered"
    else:
        is_heading = lambda p: False  # noqa: E731
        split_on = "single"
        warnings.append(_("The file has no headings: it is imported as one section. Split it into sections "
                          "after the round is open, or add Word headings to the file and upload it again."))

    sections: list[ImportedSection] = []
    heading, body = None, []
    for paragraph in paragraphs:
        text = (paragraph.text or "").strip()
        level = _heading_level(paragraph)
        if level == 0 and not sections and heading is None:
            continue  # the document's title
        if is_heading(paragraph):
            if heading is not None or has_text("".join(body)):
                sections.append(_section(heading, body))
            match = _NUMBERED_HEADING.match(text)
            heading = match.group(2).strip() if split_on == "numbered" and match else text
            heading = re.sub(r"^\d{1,2}(\.\d+)*[.)]?\s+", "", heading) or text
            body = []
            continue
        if not text:
            continue
        html = _paragraph_html(paragraph)
        if level:
            body.append(f"<h3>{escape(text)}</h3>")
        elif kind := _list_kind(paragraph):
            body.append(f"<{kind}><li>{html}</li></{kind}>")
        else:
            body.append(f"<p>{html}</p>")
    if heading is not None or has_text("".join(body)):
        sections.append(_section(heading, body))
    sections = [s for s in sections if s.heading or has_text(s.text)]
    if not sections:
        raise ImportRefused(_("The file has no text to import."))
    return ImportResult(sections, warnings, split_on)


def _section(heading: str | None, body: list[str]) -> ImportedSection:
    text = canonical(sanitise("".join(body)))
    return ImportedSection((heading or _("Guideline"))[:300], text)
