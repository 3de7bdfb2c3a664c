"""Saving a python-docx document as the same bytes every time for the same
content: fixed times inside the ZIP and in the document properties, and no
template thumbnail."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime

from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..web.text import single_line
from . import wordml

FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
THUMBNAIL = "docProps/thumbnail.jpeg"


def prepare(document, *, title: str, author: str, language: str, moment: datetime, subject: str = "") -> None:
    properties = document.core_properties
    title, author, subject = single_line(title), single_line(author), single_line(subject)
    properties.title = title
    properties.author = author
    properties.last_modified_by = author
    properties.language = language
    properties.subject = subject
    properties.keywords = ""
    properties.comments = ""
    properties.revision = 1
    properties.created = moment
    properties.modified = moment
    properties.last_printed = moment
    package = document.part.package
    for relationship_id, relationship in list(package.rels.items()):
        if relationship.reltype.endswith("/thumbnail"):
            del package.rels[relationship_id]


def save(document) -> bytes:
    """The document's bytes, identical for identical content."""
    raw = io.BytesIO()
    document.save(raw)
    body = "".join(getattr(document, "_pending_body", [])).encode("utf-8")
    source = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == THUMBNAIL:
                continue
            data = source.read(info.filename)
            if info.filename == "word/document.xml" and body:
                position = data.rindex(b"<w:sectPr")
                data = data[:position] + body + data[position:]
            if info.filename == "[Content_Types].xml":
                data = data.replace(b'<Default Extension="jpeg" ContentType="image/jpeg"/>', b"")
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, data)
    return out.getvalue()


def set_up(document) -> None:
    """A4 pages, Finnish as the document language, Calibri 11, a link style,
    fields updated on opening."""
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(parse_xml(f'<w:lang {wordml.W_NAMESPACES} w:val="fi-FI" w:eastAsia="fi-FI" w:bidi="ar-SA"/>'))
    if styles.element.get_by_id("Hyperlink") is None:
        styles.element.append(parse_xml(
            f'<w:style {wordml.W_NAMESPACES} w:type="character" w:styleId="Hyperlink">'
            '<w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/>'
            '<w:unhideWhenUsed/><w:rPr><w:color w:val="0B4F8A"/><w:u w:val="single"/></w:rPr></w:style>'
        ))
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin, section.bottom_margin = Mm(25), Mm(20)
    settings = document.settings.element
    settings.append(parse_xml(f'<w:updateFields {wordml.W_NAMESPACES} w:val="true"/>'))


def append_body(document, xml: str) -> None:
    """Add body content written as WordprocessingML (prefixes w: and r:),
    before the section properties; it is spliced into the package on saving,
    without parsing it into the object tree."""
    pending = getattr(document, "_pending_body", [])
    pending.append(xml)
    document._pending_body = pending
