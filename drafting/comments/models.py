from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import LabelledEnum, enum_column_type, utcnow
from ..extensions import Model

if TYPE_CHECKING:
    from ..associations.models import Association
    from ..auth.models import User
    from ..documents.models import Section, SectionVersion
    from ..proposals.models import ChangeProposal
    from ..workflow.models import DraftingRound


class CommentKind(LabelledEnum):
    WISH = "wish"
    COMMENT = "comment"
    REMARK = "remark"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.WISH: _l("Wish"),
            cls.COMMENT: _l("Comment"),
            cls.REMARK: _l("Review remark (internal)"),
        }


class Disposition(LabelledEnum):
    TAKEN_INTO_ACCOUNT = "taken_into_account"
    NOT_TAKEN_INTO_ACCOUNT = "not_taken_into_account"
    NOTED = "noted"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.TAKEN_INTO_ACCOUNT: _l("Taken into account"),
            cls.NOT_TAKEN_INTO_ACCOUNT: _l("Not taken into account"),
            cls.NOTED: _l("Noted"),
        }


class Comment(Model):
    """A wish, comment or review remark on a section (or on the whole
    document when `section_id` is empty), or a reply to one (`parent_id`).

    Nothing submitted is deleted: edits keep the earlier wording as revisions
    and moderation hides a comment with a reason."""

    __tablename__ = "comments"
    __table_args__ = (
        sa.Index("ix_comments_round_section_created", "round_id", "section_id", "created_at"),
        sa.Index("ix_comments_root_id", "root_id"),
        sa.CheckConstraint(
            "(hidden_at IS NULL) = (hidden_reason IS NULL)", name="hidden_with_reason"
        ),
        sa.CheckConstraint(
            "kind = 'remark' OR internal = false OR parent_id IS NOT NULL",
            name="only_remarks_are_internal",
        ),
        sa.CheckConstraint(
            "(quote IS NULL) = (quote_start IS NULL)", name="quote_has_position"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("drafting_rounds.id"))
    section_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sections.id"))
    section_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("section_versions.id"))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comments.id"))
    root_id: Mapped[int | None] = mapped_column(sa.ForeignKey("comments.id"))
    kind: Mapped[CommentKind] = mapped_column(enum_column_type(CommentKind, "comment_kind"))
    internal: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("associations.id"))
    recorded_at_evening: Mapped[bool] = mapped_column(default=False)
    quote: Mapped[str | None] = mapped_column(sa.Text)
    quote_start: Mapped[int | None]
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    hidden_at: Mapped[datetime | None]
    hidden_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    hidden_reason: Mapped[str | None] = mapped_column(sa.Text)

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    association: Mapped[Association | None] = relationship()
    section: Mapped[Section | None] = relationship()
    section_version: Mapped[SectionVersion | None] = relationship()
    round: Mapped[DraftingRound] = relationship()
    parent: Mapped[Comment | None] = relationship(remote_side=[id], foreign_keys=[parent_id])

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def needs_response(self) -> bool:
        """Wishes and comments get the municipality's response; replies and
        internal remarks do not."""
        return not self.is_reply and self.kind in (CommentKind.WISH, CommentKind.COMMENT)

    def __repr__(self) -> str:
        return f"<Comment {self.id} {self.kind.value}>"


class QuotePosition(Model):
    """Where a comment's quoted passage is in a later version of its section:
    worked out once, when the version is made (`comments.anchoring`)."""

    __tablename__ = "comment_quote_positions"
    __table_args__ = (
        sa.CheckConstraint("state IN ('found', 'changed', 'gone')", name="state_known"),
        sa.CheckConstraint("(state = 'changed') = (passage IS NOT NULL)", name="passage_when_changed"),
        sa.CheckConstraint("(state = 'gone') = (start IS NULL)", name="start_unless_gone"),
    )

    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comments.id"), primary_key=True)
    section_version_id: Mapped[int] = mapped_column(sa.ForeignKey("section_versions.id"), primary_key=True,
                                                    index=True)
    state: Mapped[str] = mapped_column(sa.String(10))
    start: Mapped[int | None]
    passage: Mapped[str | None] = mapped_column(sa.Text)


class CommentRevision(Model):
    """An earlier wording of an edited comment."""

    __tablename__ = "comment_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comments.id"), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    written_at: Mapped[datetime]
    replaced_at: Mapped[datetime] = mapped_column(default=utcnow)


class CommentResponse(Model):
    """The municipality's response (vastine) to a wish or a comment. Giving a
    new response supersedes the earlier one, which stays as history."""

    __tablename__ = "comment_responses"
    __table_args__ = (
        sa.Index(
            "uq_comment_responses_one_current",
            "comment_id",
            unique=True,
            sqlite_where=sa.text("superseded_at IS NULL"),
            postgresql_where=sa.text("superseded_at IS NULL"),
        ),
        sa.CheckConstraint(
            "disposition <> 'not_taken_into_account' OR length(trim(text)) > 0",
            name="reason_when_not_taken",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(sa.ForeignKey("comments.id"), index=True)
    disposition: Mapped[Disposition] = mapped_column(enum_column_type(Disposition, "disposition"))
    text: Mapped[str] = mapped_column(sa.Text, default="")
    linked_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("section_versions.id"))
    linked_proposal_id: Mapped[int | None] = mapped_column(sa.ForeignKey("change_proposals.id"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    superseded_at: Mapped[datetime | None]

    author: Mapped[User] = relationship()
    linked_version: Mapped[SectionVersion | None] = relationship()
    linked_proposal: Mapped[ChangeProposal | None] = relationship()
