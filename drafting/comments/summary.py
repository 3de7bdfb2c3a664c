"""The consultation summary of a round: how many associations the registry
holds, how many the service reached and how many took part (and which were
reached but silent, or never reached), how much was written on each section,
what still lacks a response, and every comment with its response;
downloadable as CSV and XLSX."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from ..associations.models import Association
from ..auth.people import Reader
from ..documents.models import Section
from ..documents.richtext import plain_text
from ..extensions import db
from ..notifications.reach import reach_of
from ..proposals.models import ChangeProposal
from ..web.text import spreadsheet_cell
from .models import Comment, CommentKind
from .queries import Thread, _visible, _with_people, build_threads, current_responses, unanswered, unanswered_count

SUMMARY_PAGE_SIZE = 100
UNANSWERED_SHOWN = 50


@dataclass
class SectionCount:
    section: Section | None
    wishes: int
    comments: int

    @property
    def heading(self) -> str:
        return self.section.heading if self.section else _("The whole document")

    @property
    def total(self) -> int:
        return self.wishes + self.comments


@dataclass
class Participation:
    """The registry against the consultation. An association is reached when
    it has an active representative or a message to its own address was
    delivered; one that took part was reached, whoever typed its input in."""

    registry: list[Association]
    reached_ids: set[int]
    participating: list[sa.Row]  # (id, name) of each association that took part

    @property
    def in_registry(self) -> int:
        return len(self.registry)

    @property
    def participating_ids(self) -> set[int]:
        return {row.id for row in self.participating}

    @property
    def reached(self) -> int:
        return sum(1 for a in self.registry if a.id in self.reached_ids | self.participating_ids)

    @property
    def took_part(self) -> int:
        return len(self.participating)

    @property
    def reached_silent(self) -> list[Association]:
        """Reached, but wrote nothing: the associations to phone before the evening."""
        took_part = self.participating_ids
        return [a for a in self.registry if a.id in self.reached_ids and a.id not in took_part]

    @property
    def not_reached(self) -> list[Association]:
        """No representative, no delivered message, no input."""
        known = self.reached_ids | self.participating_ids
        return [a for a in self.registry if a.id not in known]


def reach_sentence(who: Participation) -> str:
    """The figures in one sentence, as the summary, the agenda text and the
    guideline's appendix state them."""
    return _("Of the %(registry)s associations in the registry, %(reached)s were reached and %(took_part)s took "
             "part; %(silent)s were reached but did not take part, and %(not_reached)s could not be reached.",
             registry=who.in_registry, reached=who.reached, took_part=who.took_part,
             silent=len(who.reached_silent), not_reached=len(who.not_reached))


def participation(round_) -> Participation:
    """Who the round reached and who took part (four queries): an association
    takes part with a wish, a comment or a change proposal of its own. An
    approved round's figures are those of the day it was approved."""
    reach = reach_of(round_.municipality_id, as_of=round_.approved_at)
    proposing = sa.select(ChangeProposal.association_id).where(
        ChangeProposal.round_id == round_.id, ChangeProposal.association_id.is_not(None),
        ChangeProposal.internal.is_(False))
    participating = db.session.execute(
        sa.select(Association.id, Association.name)
        .where(sa.or_(Association.id.in_(_public_items(round_).with_only_columns(Comment.association_id)),
                      Association.id.in_(proposing)))
        .order_by(Association.name_key)
    ).all()
    return Participation(reach.registry, reach.reached_ids, list(participating))


@dataclass
class Summary:
    participation: Participation
    counts: list[SectionCount]
    unanswered: list[Comment]
    unanswered_total: int
    threads: list[Thread]
    total: int
    page: int
    pages: int

    @property
    def participating(self) -> list[sa.Row]:
        return self.participation.participating

    @property
    def largest(self) -> int:
        return max([c.total for c in self.counts] + [1])


def _public_items(round_):
    """Top-level wishes and comments: what the consultation consists of."""
    return sa.select(Comment).where(
        Comment.round_id == round_.id,
        Comment.parent_id.is_(None),
        Comment.kind.in_([CommentKind.WISH, CommentKind.COMMENT]),
    )


def build_summary(round_, user: Reader, page: int = 1, *, with_threads: bool = True) -> Summary:
    who = participation(round_)
    rows = db.session.execute(
        _public_items(round_).with_only_columns(Comment.section_id, Comment.kind, sa.func.count())
        .group_by(Comment.section_id, Comment.kind)
    ).all()
    tally: dict[int | None, dict] = {}
    for section_id, kind, count in rows:
        tally.setdefault(section_id, {})[kind] = count
    sections = db.session.scalars(
        sa.select(Section).where(Section.round_id == round_.id).order_by(Section.position)
    ).all()
    counts = [
        SectionCount(section, tally.get(key, {}).get(CommentKind.WISH, 0),
                     tally.get(key, {}).get(CommentKind.COMMENT, 0))
        for section, key in [(None, None)] + [(s, s.id) for s in sections]
    ]
    if not with_threads:
        return Summary(participation=who, counts=counts,
                       unanswered=[], unanswered_total=0, threads=[], total=0, page=1, pages=1)
    base = _visible(
        sa.select(Comment).where(Comment.round_id == round_.id, Comment.parent_id.is_(None)), user, round_
    )
    total = db.session.execute(sa.select(sa.func.count()).select_from(base.subquery())).scalar_one()
    pages = max(1, -(-total // SUMMARY_PAGE_SIZE))
    page = min(max(1, page), pages)
    roots = db.session.scalars(
        _with_people(base).options(joinedload(Comment.section))
        .outerjoin(Section, Section.id == Comment.section_id)
        .order_by(sa.func.coalesce(Section.position, 0), Comment.created_at, Comment.id)
        .offset((page - 1) * SUMMARY_PAGE_SIZE).limit(SUMMARY_PAGE_SIZE)
    ).all()
    return Summary(
        participation=who,
        counts=counts,
        unanswered=unanswered(round_, limit=UNANSWERED_SHOWN),
        unanswered_total=unanswered_count(round_),
        threads=build_threads(list(roots), user, round_, None),
        total=total,
        page=page,
        pages=pages,
    )


def export_columns() -> list[str]:
    return [
        _("Number"), _("In reply to"), _("Type"), _("Section"), _("Association"), _("Writer"),
        _("Written"), _("Edited"), _("Hidden, reason"), _("Quoted passage"), _("Text"),
        _("Disposition"), _("The municipality's response"), _("Response given by"), _("Response given"),
        _("Taken into account in"),
    ]


def export_rows(round_, user: Reader) -> list[list[str]]:
    """Every comment, reply and response the user may read, in section order."""
    staff = user.is_authenticated and user.is_staff_of(round_.municipality_id)
    comments = db.session.scalars(
        _with_people(_visible(sa.select(Comment).where(Comment.round_id == round_.id), user, round_))
        .options(joinedload(Comment.section))
        .outerjoin(Section, Section.id == Comment.section_id)
        .order_by(sa.func.coalesce(Section.position, 0), sa.func.coalesce(Comment.root_id, Comment.id),
                  Comment.created_at, Comment.id)
    ).all()
    responses = current_responses([c.id for c in comments if c.parent_id is None])
    rows = []
    for comment in comments:
        response = responses.get(comment.id)
        hidden = comment.is_hidden
        text = plain_text(comment.text) if (staff or not hidden) else _("(hidden)")
        kind = _("Reply") if comment.parent_id else comment.kind.label
        if comment.internal:
            kind += " – " + _("internal")
        linked = response.linked_version if response else None
        rows.append([value for value in (
            comment.id,
            comment.parent_id or "",
            kind,
            comment.section.heading if comment.section else _("The whole document"),
            comment.association.name if comment.association else "",
            comment.author.name,
            format_datetime(comment.created_at, "short"),
            format_datetime(comment.edited_at, "short") if comment.edited_at else "",
            comment.hidden_reason or "",
            comment.quote or "",
            text,
            response.disposition.label if response else "",
            response.text if response else "",
            response.author.name if response else "",
            format_datetime(response.created_at, "short") if response else "",
            _("%(heading)s, version %(number)s", heading=linked.section.heading, number=linked.number)
            if linked else (_("Proposal %(number)s by %(speaker)s", number=response.linked_proposal_id,
                              speaker=response.linked_proposal.speaker) if response and response.linked_proposal
                            else ""),
        )])
    return rows


def to_csv(columns: list[str], rows: list[list[str]]) -> str:
    """Semicolon-separated with a byte-order mark, as Finnish Excel opens it;
    every cell cleaned of control characters and never a formula."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([spreadsheet_cell(c) for c in columns])
    writer.writerows([spreadsheet_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def to_xlsx(columns: list[str], rows: list[list[str]], title: str) -> bytes:
    # openpyxl is loaded for the spreadsheet download alone: it would add
    # about 0.2 s to every start of the application and of each command.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = title[:31]
    sheet.append([spreadsheet_cell(c) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([spreadsheet_cell(value) for value in row])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    widths = [8, 10, 18, 28, 28, 22, 16, 16, 24, 40, 60, 20, 50, 22, 16, 28]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
