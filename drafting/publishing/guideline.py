"""The guideline as a DOCX a municipal secretary attaches to the agenda as it
is: title page, contents, numbered sections in Word's heading styles, page
numbers, document properties, and two appendices on the consultation. The
same document with tracked changes against the last approved guideline."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from docx import Document
from docx.oxml import parse_xml
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from ..associations.models import Association
from ..auth.models import User
from ..comments.models import Comment, CommentKind, CommentResponse, Disposition
from ..comments.summary import build_summary, reach_sentence
from ..documents.comparison import last_approved_before, pair_sections
from ..documents.diffing import DELETE, diff
from ..documents.models import SectionVersion
from ..documents.queries import sections_with_text, withdrawn_sections
from ..documents.richtext import plain_text
from ..documents.tokens import parse
from ..extensions import db
from ..proposals.models import ChangeProposal
from ..workflow.models import CLOSED_STATES, DecisionStep, DraftingRound, RoundState
from . import package, wordml
from .attribution import attributed_changes
from .body import INSERT, Attribution, BodyWriter, Item
from .fingerprint import content_hash, short

DOCUMENT_LANGUAGE = "fi"
CONTENT_WIDTH = 9000  # twentieths of a point: A4 with Word's default margins


def is_approved(round_: DraftingRound) -> bool:
    return round_.state in CLOSED_STATES


def reference_moment(round_: DraftingRound) -> datetime:
    """The time the document's properties carry: the approval, or the latest
    change of the text; the same data gives the same file."""
    if round_.approved_at:
        return round_.approved_at.replace(microsecond=0)
    latest = db.session.scalar(
        sa.select(sa.func.max(SectionVersion.created_at)).join(SectionVersion.section)
        .where(SectionVersion.section.has(round_id=round_.id))
    )
    return (latest or round_.opened_at).replace(microsecond=0)


def _iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat() + "Z"


def _header_and_footer(document, header_text: str) -> None:
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header._p.append(parse_xml(f"<w:r {wordml.W_NAMESPACES}><w:rPr><w:b/></w:rPr>"
                               f'<w:t xml:space="preserve">{wordml.text(header_text)}</w:t></w:r>'))
    footer = section.footer.paragraphs[0]
    footer.alignment = 1
    page = wordml.text(_("Page"))
    footer._p.append(parse_xml(f'<w:r {wordml.W_NAMESPACES}><w:t xml:space="preserve">{page} </w:t></w:r>'))
    footer._p.append(parse_xml(f"<w:fldSimple {wordml.W_NAMESPACES} w:instr=\" PAGE \">"
                               f'<w:r><w:t>1</w:t></w:r></w:fldSimple>'))


def _decision_line(decision) -> str:
    return _("%(body)s %(date)s, %(paragraph)s", body=decision.body_label,
             date=format_date(decision.decided_on), paragraph=decision.minutes_paragraph or "")


def _title_page(round_, approved: bool, digest: str, tracked_against: DraftingRound | None) -> str:
    municipality = round_.municipality
    parts = [
        wordml.paragraph(wordml.run(municipality.name_fi), style="Subtitle"),
        wordml.paragraph(wordml.run(f"{round_.guideline.title} {round_.year}"), style="Title"),
    ]
    approval = round_.current_decision(DecisionStep.APPROVAL)
    if approved and approval:
        parts.append(wordml.paragraph(wordml.run(_("Approved: %(decision)s", decision=_decision_line(approval)))))
    else:
        parts.append(wordml.paragraph(wordml.run(_("DRAFT"), ("strong",)), style="Subtitle"))
        parts.append(wordml.paragraph(wordml.run(
            _("Not approved. Step of the preparation: %(state)s.", state=round_.state.label))))
    if tracked_against is not None:
        parts.append(wordml.paragraph(wordml.run(
            _("Changes shown against the guideline approved for %(year)s.", year=tracked_against.year),
            ("strong",))))
    parts.append(wordml.paragraph(wordml.run(_("Content hash (SHA-256): %(hash)s", hash=short(digest)))))
    parts.append(wordml.paragraph(wordml.run(_("Full hash: %(hash)s", hash=digest))))
    return "".join(parts)


def _contents(headings: list[str]) -> str:
    """A table of contents field whose shown result already lists the
    headings; Word fills in the page numbers when it updates the field."""
    entries = [wordml.paragraph(wordml.run(heading)) for heading in headings]
    first = entries[0] if entries else wordml.paragraph("")
    first = first.replace("<w:p>", "<w:p>" + wordml.field_begin('TOC \\o "1-1" \\h \\z \\u'), 1)
    last_index = len(entries) - 1
    entries[0:1] = [first]
    entries[last_index] = entries[last_index].replace("</w:p>", wordml.field_end() + "</w:p>")
    return (wordml.paragraph(wordml.run(_("Contents")), style="TOCHeading", page_break_before=True)
            + "".join(entries))


def _appendix_one(round_) -> str:
    summary = build_summary(round_, _PublicRecordReader(), with_threads=False)
    proposals = dict(db.session.execute(
        sa.select(ChangeProposal.section_id, sa.func.count())
        .where(ChangeProposal.round_id == round_.id, ChangeProposal.internal.is_(False))
        .group_by(ChangeProposal.section_id)
    ).all())
    rows = [[count.heading, str(count.wishes), str(count.comments),
             str(proposals.get(count.section.id, 0)) if count.section else "0"] for count in summary.counts]
    totals = [_("Total"), str(sum(c.wishes for c in summary.counts)), str(sum(c.comments for c in summary.counts)),
              str(sum(proposals.values()))]
    steps = []
    decision = round_.current_decision(DecisionStep.DECISION)
    if decision:
        steps.append([RoundState.DECISION.label, _decision_line(decision)])
    if round_.wishes_opens_on or round_.wishes_closes_on:
        steps.append([RoundState.WISHES.label, "%s – %s" % (
            format_date(round_.wishes_opens_on) if round_.wishes_opens_on else "",
            format_date(round_.wishes_closes_on) if round_.wishes_closes_on else "")])
    review = round_.current_decision(DecisionStep.WELFARE_REVIEW)
    if review:
        steps.append([RoundState.WELFARE_REVIEW.label, format_date(review.decided_on)])
    if round_.evening_on:
        steps.append([RoundState.ASSOCIATION_EVENING.label,
                      format_date(round_.evening_on) + (f", {round_.evening_place}" if round_.evening_place else "")])
    approval = round_.current_decision(DecisionStep.APPROVAL)
    if approval:
        steps.append([RoundState.APPROVAL.label, _decision_line(approval)])
    return "".join([
        wordml.paragraph(wordml.run(_("Appendix 1. The consultation in numbers")), style="Heading1",
                         page_break_before=True, keep_next=True),
        wordml.paragraph(wordml.run(reach_sentence(summary.participation))),
        wordml.paragraph(wordml.run(_("Participating associations: %(names)s",
                                      names=", ".join(a.name for a in summary.participating) or "–"))),
        wordml.paragraph(wordml.run(_("Wishes, comments and proposals per section")), style="Heading2",
                         keep_next=True),
        wordml.table([_("Section"), _("Wishes"), _("Comments"), _("Change proposals")], rows + [totals],
                     [4800, 1400, 1400, 1400]),
        wordml.paragraph(wordml.run(_("The steps of the preparation")), style="Heading2", keep_next=True),
        wordml.table([_("Step"), _("Date")], steps, [3000, 6000]),
    ])


class _PublicRecordReader:
    """The documents are public records: they show what every reader sees,
    without the welfare group's internal remarks."""

    is_authenticated = False

    def is_staff_of(self, municipality_id: int) -> bool:
        return False


def _comment_rows(round_) -> dict[int | None, list[list[str]]]:
    """Every public comment and reply with the current response, as table rows
    by section. Read as plain rows: a consultation may have thousands."""
    association = sa.orm.aliased(Association)
    rows = db.session.execute(
        sa.select(Comment.id, Comment.parent_id, Comment.section_id, Comment.kind, Comment.text, Comment.quote,
                  Comment.hidden_reason, User.name, association.name,
                  CommentResponse.disposition, CommentResponse.text)
        .join(User, User.id == Comment.author_id)
        .outerjoin(association, association.id == Comment.association_id)
        .outerjoin(CommentResponse, (CommentResponse.comment_id == Comment.id)
                   & CommentResponse.superseded_at.is_(None))
        .where(Comment.round_id == round_.id, Comment.internal.is_(False))
        .order_by(sa.func.coalesce(Comment.root_id, Comment.id), Comment.created_at, Comment.id)
    ).all()
    kinds = {kind: kind.label for kind in CommentKind}
    dispositions = {disposition: disposition.label for disposition in Disposition}
    reply, no_response = _("Reply"), _("No response yet")
    result: dict[int | None, list[list[str]]] = {}
    for (number, parent, section_id, kind, text, quote, hidden, person, association_name,
         disposition, response_text) in rows:
        content = _("(hidden: %(reason)s)", reason=hidden) if hidden else plain_text(text).replace("\n", "\n\n")
        if quote:
            content = f"”{quote}”\n\n{content}"
        if disposition is not None:
            answer = dispositions[disposition] + (f": {response_text}" if response_text else "")
        elif parent is None and kind != CommentKind.REMARK and not hidden:
            answer = no_response
        else:
            answer = ""
        who = f"{association_name} — {person}" if association_name else person
        result.setdefault(section_id, []).append([str(number), reply if parent else kinds[kind], who, content, answer])
    return result


def _appendix_two(round_, sections) -> str:
    rows = _comment_rows(round_)
    proposals = db.session.scalars(
        sa.select(ChangeProposal).where(ChangeProposal.round_id == round_.id, ChangeProposal.internal.is_(False))
        .options(joinedload(ChangeProposal.author), joinedload(ChangeProposal.association))
        .order_by(ChangeProposal.id)
    ).all()
    for proposal in proposals:
        decision = proposal.status.label + (f": {proposal.decision_reason}" if proposal.decision_reason else "")
        change = _summarise_change(proposal)
        rows.setdefault(proposal.section_id, []).append([
            _("P%(number)s", number=proposal.id), _("Change proposal"), proposal.speaker,
            f"{proposal.rationale}\n\n{change}", decision])
    parts = [wordml.paragraph(wordml.run(_("Appendix 2. Comments, wishes and change proposals with the "
                                           "municipality's responses")), style="Heading1",
                              page_break_before=True, keep_next=True)]
    header = [_("No."), _("Type"), _("Written by"), _("Content"), _("The municipality's response or decision")]
    widths = [700, 1300, 1900, 3000, 2100]
    order = [(None, _("The whole document"), None)] + [(section.id, section.heading, None)
                                                        for section, _v in sections]
    order += [(section.id, _("Withdrawn section: %(heading)s", heading=section.heading), section)
              for section in withdrawn_sections(round_)]
    written = False
    for section_id, heading, withdrawn in order:
        if section_id in rows or withdrawn is not None:
            written = True
            parts.append(wordml.paragraph(wordml.run(heading), style="Heading2", keep_next=True))
            if withdrawn is not None:
                parts.append(wordml.paragraph(wordml.run(
                    _("Withdrawn from the document on %(date)s: %(reason)s",
                      date=format_date(withdrawn.withdrawn_at), reason=withdrawn.withdrawal_reason))))
            if section_id in rows:
                parts.append(wordml.table(header, rows[section_id], widths))
    if not written:
        parts.append(wordml.paragraph(wordml.run(_("Nothing was written in the consultation."))))
    return "".join(parts)


def _summarise_change(proposal) -> str:
    removed: list[str] = []
    added: list[str] = []
    for change in diff(proposal.base_text, proposal.accepted_text or proposal.current_text or proposal.proposed_text):
        words = "".join(token[1] for token in change.tokens if token[0] == "W").strip()
        if not words or change.op == "=":
            continue
        (removed if change.op == DELETE else added).append(words)
    lines = []
    if added:
        lines.append(_("Added: %(words)s", words=" … ".join(f"”{w}”" for w in added)))
    if removed:
        lines.append(_("Removed: %(words)s", words=" … ".join(f"”{w}”" for w in removed)))
    return "\n\n".join(lines)


def _attribution(version: SectionVersion, proposals: dict, municipality_name: str) -> Attribution:
    proposal = proposals.get(version.proposal_id)
    if proposal is not None:
        author = proposal.speaker
    elif version.author is not None:
        author = f"{version.author.name} ({municipality_name})"
    else:
        author = municipality_name
    return Attribution(author, _iso(version.created_at))


def _tracked_sections(round_, writer: BodyWriter, approved: DraftingRound | None) -> list[str]:
    municipality_name = round_.municipality.name_fi
    pairs = pair_sections(approved, round_)
    section_ids = [new.id for _o, _ov, new, _nv in pairs if new is not None]
    versions_by_section: dict[int, list[SectionVersion]] = {}
    for version in db.session.scalars(
        sa.select(SectionVersion).where(SectionVersion.section_id.in_(section_ids))
        .options(joinedload(SectionVersion.author)).order_by(SectionVersion.section_id, SectionVersion.number)
    ):
        versions_by_section.setdefault(version.section_id, []).append(version)
    proposal_ids = {v.proposal_id for vs in versions_by_section.values() for v in vs if v.proposal_id}
    proposals = {p.id: p for p in db.session.scalars(
        sa.select(ChangeProposal).where(ChangeProposal.id.in_(proposal_ids))
        .options(joinedload(ChangeProposal.author), joinedload(ChangeProposal.association)))} if proposal_ids else {}
    coordinator = Attribution(f"{round_.opened_by.name} ({municipality_name})", _iso(round_.opened_at))
    out, number = [], 0
    for old_section, old_version, new_section, _new_version in pairs:
        number += 1 if new_section is not None else 0
        if new_section is None:
            heading_items = [Item(("W", old_section.heading, ()), "-", coordinator)]
            body = [Item(token, "-", coordinator) for token in parse(old_version.text if old_version else "")]
            out.append(_heading_paragraph(writer, [Item(("W", "", ()))] + heading_items))
            out.append(writer.items(body))
            continue
        heading = f"{number} {new_section.heading}"
        if old_section is None:
            heading_items = [Item(("W", heading, ()), INSERT, coordinator)]
        elif old_section.heading != new_section.heading:
            heading_items = [Item(("W", f"{number} ", ())), Item(("W", old_section.heading, ()), "-", coordinator),
                             Item(("W", new_section.heading, ()), INSERT, coordinator)]
        else:
            heading_items = [Item(("W", heading, ()))]
        history = [(v.text, _attribution(v, proposals, municipality_name))
                   for v in versions_by_section.get(new_section.id, [])]
        out.append(_heading_paragraph(writer, heading_items))
        out.append(writer.items(attributed_changes(old_version.text if old_version else "", history)))
    return out


def _heading_paragraph(writer: BodyWriter, items: list[Item]) -> str:
    return wordml.paragraph(writer._inline([i for i in items if i.token[1]]), style="Heading1", keep_next=True)


def build_docx(round_: DraftingRound, *, tracked: bool = False) -> bytes:
    """The round's document; with `tracked`, its text as Word revisions against
    the last approved guideline."""
    with force_locale(DOCUMENT_LANGUAGE):
        approved = is_approved(round_)
        digest = round_.content_hash if approved and round_.content_hash else content_hash(round_)
        sections = sections_with_text(round_)
        against = last_approved_before(round_) if tracked else None
        document = Document()
        package.set_up(document)
        title = f"{round_.guideline.title} {round_.year}"
        package.prepare(document, title=title + (" – " + _("changes shown") if tracked else ""),
                        author=round_.municipality.name_fi, language="fi-FI", moment=reference_moment(round_),
                        subject=_("Guideline for cooperation with associations"))
        header = f"{round_.municipality.name_fi} – {title}" if approved else \
            f"{_('DRAFT')} – {round_.municipality.name_fi} – {title}"
        _header_and_footer(document, header)
        writer = BodyWriter(document)
        headings = [f"{index} {section.heading}" for index, (section, _v) in enumerate(sections, start=1)]
        headings += [_("Appendix 1. The consultation in numbers"),
                     _("Appendix 2. Comments, wishes and change proposals with the municipality's responses")]
        parts = [_title_page(round_, approved, digest, against if tracked else None), _contents(headings)]
        if tracked:
            body = _tracked_sections(round_, writer, against)
            body[0] = body[0].replace("<w:pPr>", "<w:pPr><w:pageBreakBefore/>", 1) if body else ""
            parts.extend(body)
        else:
            for index, (section, version) in enumerate(sections, start=1):
                parts.append(wordml.paragraph(wordml.run(f"{index} {section.heading}"), style="Heading1",
                                              keep_next=True, page_break_before=index == 1))
                parts.append(writer.plain(parse(version.text) if version else []))
        parts.append(_appendix_one(round_))
        parts.append(_appendix_two(round_, sections))
        package.append_body(document, "".join(parts))
        return package.save(document)


def document_filename(round_: DraftingRound, *, tracked: bool = False) -> str:
    status = "hyvaksytty" if is_approved(round_) else "luonnos"
    suffix = "-muutokset-nakyvissa" if tracked else ""
    return f"jarjestoyhteistyon-ohje-{round_.municipality.slug}-{round_.year}-{status}{suffix}.docx"
