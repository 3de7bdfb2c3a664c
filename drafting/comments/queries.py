"""Loading comments for a page in a fixed number of queries, however many
there are: one page of threads, their replies, their responses."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import abort
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from ..auth.people import Person, Reader
from ..documents.models import Section, SectionVersion
from ..documents.richtext import plain_text
from ..extensions import db
from ..proposals.models import ChangeProposal
from .anchoring import QuoteStatus, quote_statuses
from .models import Comment, CommentKind, CommentResponse
from .rules import can_read

PAGE_SIZE = 25


@dataclass
class Entry:
    """A comment with its place in the thread."""

    comment: Comment
    depth: int = 0


@dataclass
class Thread:
    comment: Comment
    replies: list[Entry] = field(default_factory=list)
    response: CommentResponse | None = None
    quote: QuoteStatus | None = None


@dataclass
class Page:
    threads: list[Thread]
    total: int
    number: int
    pages: int


def _visible(query, user: Reader, round_):
    if not (user.is_authenticated and user.is_staff_of(round_.municipality_id)):
        query = query.where(Comment.internal.is_(False))
    return query


def _with_people(query):
    return query.options(joinedload(Comment.author), joinedload(Comment.association))


def current_responses(comment_ids: list[int]) -> dict[int, CommentResponse]:
    if not comment_ids:
        return {}
    rows = db.session.scalars(
        sa.select(CommentResponse)
        .where(CommentResponse.comment_id.in_(comment_ids), CommentResponse.superseded_at.is_(None))
        .options(joinedload(CommentResponse.author),
                 joinedload(CommentResponse.linked_version).joinedload(SectionVersion.section),
                 joinedload(CommentResponse.linked_proposal).joinedload(ChangeProposal.author),
                 joinedload(CommentResponse.linked_proposal).joinedload(ChangeProposal.association))
    )
    return {response.comment_id: response for response in rows}


def _replies(root_ids: list[int], user: Reader, round_) -> dict[int, list[Entry]]:
    if not root_ids:
        return {}
    rows = db.session.scalars(
        _with_people(_visible(sa.select(Comment).where(Comment.root_id.in_(root_ids)), user, round_))
        .order_by(Comment.created_at, Comment.id)
    ).all()
    children: dict[int, list[Comment]] = {}
    for reply in rows:
        children.setdefault(reply.parent_id, []).append(reply)
    result: dict[int, list[Entry]] = {}
    for root_id in root_ids:
        entries: list[Entry] = []
        stack = [(child, 1) for child in reversed(children.get(root_id, []))]
        while stack:
            comment, depth = stack.pop()
            entries.append(Entry(comment, depth))
            stack.extend((child, depth + 1) for child in reversed(children.get(comment.id, [])))
        result[root_id] = entries
    return result


def build_threads(roots: list[Comment], user: Reader, round_, current: SectionVersion | None) -> list[Thread]:
    """The threads of these top-level comments, with where each quoted
    passage is in `current`, the section's current version."""
    ids = [root.id for root in roots]
    replies = _replies(ids, user, round_)
    responses = current_responses(ids)
    statuses = quote_statuses(roots, current)
    return [
        Thread(
            comment=root,
            replies=replies.get(root.id, []),
            response=responses.get(root.id),
            quote=statuses.get(root.id),
        )
        for root in roots
    ]


def thread_page(round_, user: Reader, *, section: Section | None, current: SectionVersion | None,
                number: int = 1) -> Page:
    """One page of the threads on a section (or on the whole document)."""
    base = _visible(
        sa.select(Comment).where(
            Comment.round_id == round_.id,
            Comment.parent_id.is_(None),
            Comment.section_id == section.id if section is not None else Comment.section_id.is_(None),
        ),
        user,
        round_,
    )
    total = db.session.execute(sa.select(sa.func.count()).select_from(base.subquery())).scalar_one()
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(1, number), pages)
    roots = db.session.scalars(
        _with_people(base).order_by(Comment.created_at, Comment.id)
        .offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    return Page(build_threads(list(roots), user, round_, current), total, number, pages)


def get_comment_or_404(round_, comment_id: int, user: Person) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.round_id != round_.id:
        abort(404)
    if not can_read(comment, user, round_):
        abort(404)
    return comment


def counts_by_section(round_, user: Reader) -> dict[int | None, int]:
    """How many top-level comments each section has (None: the whole document)."""
    query = _visible(
        sa.select(Comment.section_id, sa.func.count())
        .where(Comment.round_id == round_.id, Comment.parent_id.is_(None))
        .group_by(Comment.section_id),
        user,
        round_,
    )
    return dict(db.session.execute(query).all())


def _unanswered_query(round_):
    answered = sa.select(CommentResponse.comment_id).where(CommentResponse.superseded_at.is_(None))
    return sa.select(Comment).where(
        Comment.round_id == round_.id,
        Comment.parent_id.is_(None),
        Comment.kind.in_([CommentKind.WISH, CommentKind.COMMENT]),
        Comment.hidden_at.is_(None),
        Comment.id.not_in(answered),
    )


def unanswered(round_, limit: int | None = None) -> list[Comment]:
    """Wishes and comments still without the municipality's response (hidden
    ones need none), oldest first."""
    query = _with_people(_unanswered_query(round_)).options(joinedload(Comment.section)) \
        .order_by(Comment.created_at, Comment.id)
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query).unique())


def unanswered_count(round_) -> int:
    return db.session.execute(
        sa.select(sa.func.count()).select_from(_unanswered_query(round_).subquery())).scalar_one()


def describe(comment: Comment) -> str:
    """A short line naming a comment: who, where, how it begins."""
    who = f"{comment.association.name} — {comment.author.name}" if comment.association else comment.author.name
    where = comment.section.heading if comment.section else _("the whole document")
    words = plain_text(comment.text).replace("\n", " ")
    beginning = words if len(words) <= 60 else words[:57].rstrip() + "…"
    return f"{who} ({where}): ”{beginning}”"


def unanswered_lines(round_, limit: int) -> tuple[list[str], int]:
    """The open-items provider of the workflow's guard."""
    lines = [
        _("%(kind)s without a response: %(what)s", kind=comment.kind.label, what=describe(comment))
        for comment in (unanswered(round_, limit=limit) if limit else [])
    ]
    return lines, unanswered_count(round_)
