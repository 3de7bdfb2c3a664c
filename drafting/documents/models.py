from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import LabelledEnum, enum_column_type, utcnow
from ..extensions import Model

if TYPE_CHECKING:
    from ..auth.models import User
    from ..workflow.models import DraftingRound


class VersionOrigin(LabelledEnum):
    EDIT = "edit"
    CARRIED_OVER = "carried_over"
    IMPORTED = "imported"
    PROPOSAL = "proposal"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.EDIT: _l("Edited"),
            cls.CARRIED_OVER: _l("Carried over from the approved guideline"),
            cls.IMPORTED: _l("Imported"),
            cls.PROPOSAL: _l("Accepted change proposal"),
        }


class Section(Model):
    """A section of the round's document. Its text lives in versions;
    `current_number` is the number of the latest one (0: no text yet).
    `position` orders the sections; the chapter numbers follow that order
    among the sections not withdrawn. A withdrawn section keeps its text,
    comments and proposals for the history and the appendix, but leaves the
    body of the document."""

    __tablename__ = "sections"
    __table_args__ = (
        sa.UniqueConstraint("round_id", "position"),
        sa.CheckConstraint("current_number >= 0", name="current_number_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("drafting_rounds.id"))
    position: Mapped[int]
    heading: Mapped[str] = mapped_column(sa.String(300))
    guidance: Mapped[str | None] = mapped_column(sa.Text)
    current_number: Mapped[int] = mapped_column(default=0)
    # Counts the changes confined to the section (its text, proposals and
    # discussion): the stored pieces of its page depend on it.
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    origin_section_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sections.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]
    withdrawal_reason: Mapped[str | None] = mapped_column(sa.Text)

    round: Mapped[DraftingRound] = relationship(back_populates="sections")
    versions: Mapped[list[SectionVersion]] = relationship(
        back_populates="section", order_by="SectionVersion.number"
    )

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def __repr__(self) -> str:
        return f"<Section {self.position} {self.heading!r}>"


class SectionVersion(Model):
    """An immutable snapshot of a section's text."""

    __tablename__ = "section_versions"
    __table_args__ = (
        sa.UniqueConstraint("section_id", "number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(sa.ForeignKey("sections.id"))
    number: Mapped[int]
    text: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    origin: Mapped[VersionOrigin] = mapped_column(
        enum_column_type(VersionOrigin, "version_origin")
    )
    origin_version_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("section_versions.id")
    )
    proposal_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("change_proposals.id", use_alter=True)
    )

    section: Mapped[Section] = relationship(back_populates="versions")
    author: Mapped[User | None] = relationship(lazy="joined")
