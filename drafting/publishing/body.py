"""Section text as Word paragraphs: headings, lists (numbered lists restart
where the text starts a new list), bold, italic, links, and – for the
tracked-changes document – insertions and deletions with their authors."""
from __future__ import annotations

from dataclasses import dataclass, field

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from ..documents.tokens import Token, is_block
from . import wordml

EQUAL, INSERT, DELETE = "=", "+", "-"

HEADING_STYLES = {"h2": "Heading2", "h3": "Heading2", "h4": "Heading3"}


@dataclass(frozen=True)
class Attribution:
    author: str
    date: str  # ISO 8601, UTC


@dataclass
class Item:
    token: Token
    op: str = EQUAL
    attribution: Attribution | None = None


@dataclass
class _Paragraph:
    block: Token
    items: list[Item] = field(default_factory=list)
    mark: Item | None = None  # a revision of this paragraph's mark


class ListNumbering:
    """New numbering instances so every numbered list starts from 1."""

    def __init__(self, document):
        self.numbering = document.part.numbering_part.element
        self.styles = document.styles
        self.abstract_of: dict[str, str] = {}
        nums = self.numbering.findall(wordml_qn("w:num"))
        self.next_id = max(int(num.get(wordml_qn("w:numId"))) for num in nums) + 1
        self.abstract_by_num = {
            num.get(wordml_qn("w:numId")): num.find(wordml_qn("w:abstractNumId")).get(wordml_qn("w:val"))
            for num in nums
        }

    def restart(self, style_id: str) -> int:
        if style_id not in self.abstract_of:
            style = self.styles.element.get_by_id(style_id)
            num_id = style.pPr.numPr.numId.val
            self.abstract_of[style_id] = self.abstract_by_num[str(num_id)]
        number = self.next_id
        self.next_id += 1
        self.numbering.append(parse_xml(
            f'<w:num {wordml.W_NAMESPACES} w:numId="{number}"><w:abstractNumId w:val="{self.abstract_of[style_id]}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        ))
        return number


def wordml_qn(tag: str) -> str:
    return qn(tag)


class BodyWriter:
    def __init__(self, document, revisions: wordml.Revisions | None = None):
        self.document = document
        self.numbering = ListNumbering(document)
        self.revisions = revisions or wordml.Revisions()
        self.link_ids: dict[str, str] = {}

    def link_id(self, url: str) -> str:
        if url not in self.link_ids:
            self.link_ids[url] = self.document.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        return self.link_ids[url]

    def plain(self, tokens: list[Token]) -> str:
        return self.items([Item(token) for token in tokens])

    def items(self, items: list[Item]) -> str:
        paragraphs: list[_Paragraph] = []
        for item in items:
            if is_block(item.token):
                if paragraphs and item.op != EQUAL:
                    paragraphs[-1].mark = item
                paragraphs.append(_Paragraph(item.token))
            else:
                if not paragraphs:
                    paragraphs.append(_Paragraph(("B", "p", ())))
                paragraphs[-1].items.append(item)
        out = []
        list_numbers: dict[int, tuple[str, int | None]] = {}
        for paragraph in paragraphs:
            tag, lists = paragraph.block[1], paragraph.block[2]
            style, numbering = HEADING_STYLES.get(tag), None
            if tag == "li":
                depth = min(len(lists), 3)
                kind = lists[depth - 1] if lists else "ul"
                style = ("ListNumber" if kind == "ol" else "ListBullet") + ("" if depth == 1 else str(depth))
                for deeper in [d for d in list_numbers if d > depth]:
                    del list_numbers[deeper]
                known = list_numbers.get(depth)
                if known is None or known[0] != kind:
                    list_numbers[depth] = (kind, self.numbering.restart(style) if kind == "ol" else None)
                if kind == "ol" and (number := list_numbers[depth][1]) is not None:
                    numbering = (number, 0)
            else:
                list_numbers.clear()
            out.append(wordml.paragraph(self._inline(paragraph.items), style=style, numbering=numbering,
                                        keep_next=style is not None and style.startswith("Heading"),
                                        mark_revision=self._mark(paragraph.mark)))
        return "".join(out)

    def _mark(self, item: Item | None) -> str:
        if item is None or item.attribution is None:
            return ""
        kind = "w:ins" if item.op == INSERT else "w:del"
        return f"<{kind} {self.revisions.mark(kind, item.attribution.author, item.attribution.date)}/>"

    def _inline(self, items: list[Item]) -> str:
        out = []
        index = 0
        while index < len(items):
            href = _link(items[index].token)
            end = index
            while end < len(items) and _link(items[end].token) == href:
                end += 1
            runs = self._runs(items[index:end])
            out.append(f'<w:hyperlink r:id="{self.link_id(href)}" w:history="1">{runs}</w:hyperlink>'
                       if href else runs)
            index = end
        return "".join(out)

    def _runs(self, items: list[Item]) -> str:
        out = []
        index = 0
        while index < len(items):
            first = items[index]
            key = (first.op, first.attribution, first.token[2])
            end = index
            while end < len(items) and (items[end].op, items[end].attribution, items[end].token[2]) == key:
                end += 1
            content = "".join(item.token[1] for item in items[index:end])
            xml = wordml.run(content, first.token[2], deleted=first.op == DELETE)
            if first.op != EQUAL and first.attribution is not None:
                kind = "w:ins" if first.op == INSERT else "w:del"
                xml = f"<{kind} {self.revisions.mark(kind, first.attribution.author, first.attribution.date)}>{xml}</{kind}>"
            out.append(xml)
            index = end
        return "".join(out)


def _link(token: Token) -> str | None:
    for mark in token[2]:
        if isinstance(mark, tuple):
            return mark[1]
    return None
