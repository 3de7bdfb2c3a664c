"""WordprocessingML written as text: paragraphs, runs, links, revisions,
tables and fields. Building the body as one string and parsing it once is
what keeps a document of thousands of rows fast; python-docx provides the
package, the styles and the relationships."""
from __future__ import annotations

from xml.sax.saxutils import escape

from ..documents.tokens import LINE_BREAK
from ..web.text import multi_line

W_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def text(value: str) -> str:
    """Text for an element or attribute, without the control characters XML cannot hold."""
    return escape(multi_line(value or ""), {'"': "&quot;"})


def run_properties(marks: tuple, extra: str = "") -> str:
    parts = []
    if any(isinstance(mark, tuple) for mark in marks):
        parts.append('<w:rStyle w:val="Hyperlink"/>')
    if "strong" in marks:
        parts.append("<w:b/>")
    if "em" in marks:
        parts.append("<w:i/>")
    parts.append(extra)
    inner = "".join(parts)
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def run(content: str, marks: tuple = (), *, deleted: bool = False, extra: str = "") -> str:
    """One run; line breaks in `content` become <w:br/>."""
    tag = "w:delText" if deleted else "w:t"
    pieces = content.split(LINE_BREAK)
    body = "<w:br/>".join(f'<{tag} xml:space="preserve">{text(piece)}</{tag}>' for piece in pieces)
    return f"<w:r>{run_properties(marks, extra)}{body}</w:r>"


def paragraph(content: str, *, style: str | None = None, numbering: tuple[int, int] | None = None,
              keep_next: bool = False, mark_revision: str = "", page_break_before: bool = False,
              alignment: str | None = None) -> str:
    properties = []
    if style:
        properties.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        properties.append("<w:keepNext/>")
    if page_break_before:
        properties.append("<w:pageBreakBefore/>")
    if numbering:
        properties.append(f'<w:numPr><w:ilvl w:val="{numbering[1]}"/><w:numId w:val="{numbering[0]}"/></w:numPr>')
    if alignment:
        properties.append(f'<w:jc w:val="{alignment}"/>')
    if mark_revision:
        properties.append(f"<w:rPr>{mark_revision}</w:rPr>")
    ppr = f"<w:pPr>{''.join(properties)}</w:pPr>" if properties else ""
    return f"<w:p>{ppr}{content}</w:p>"


def page_break() -> str:
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


class Revisions:
    """Numbers revisions in order, so the same data gives the same file."""

    def __init__(self):
        self.next_id = 1

    def mark(self, kind: str, author: str, date: str) -> str:
        """An attribute set for <w:ins>/<w:del> (also used on paragraph marks)."""
        identifier = self.next_id
        self.next_id += 1
        return f'w:id="{identifier}" w:author="{text(author)}" w:date="{date}"'


def table(header: list[str], rows: list[list[str]], widths: list[int]) -> str:
    """A table whose header row repeats on every page; cells hold plain text
    (paragraph breaks as "\\n\\n")."""
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    cell_starts = [f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>' for width in widths]

    def cells(values: list[str], bold: bool) -> str:
        out = []
        run_start = "<w:r><w:rPr><w:b/></w:rPr>" if bold else "<w:r>"
        for start, value in zip(cell_starts, values):
            paragraphs = "".join(
                f'<w:p>{run_start}<w:t xml:space="preserve">{text(piece)}</w:t></w:r></w:p>'
                for piece in (value or "").split("\n\n")
            ) or "<w:p/>"
            out.append(f"{start}{paragraphs}</w:tc>")
        return "".join(out)

    head = f"<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>{cells(header, True)}</w:tr>"
    body = "".join(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells(row, False)}</w:tr>" for row in rows)
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
            f'<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
            f'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{head}{body}</w:tbl>")


def field_begin(instruction: str) -> str:
    return (f'<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {text(instruction)} </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>')


def field_end() -> str:
    return '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


