from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import LabelledEnum, enum_column_type, utcnow
from ..extensions import Model

if TYPE_CHECKING:
    from ..associations.models import Association
    from ..auth.models import User
    from ..documents.models import Section, SectionVersion
    from ..workflow.models import DraftingRound


class ProposalStatus(LabelledEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    ACCEPTED_WITH_EDITS = "accepted_with_edits"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.PENDING: _l("Waiting for a decision"),
            cls.ACCEPTED: _l("Accepted"),
            cls.ACCEPTED_WITH_EDITS: _l("Accepted with edits"),
            cls.REJECTED: _l("Rejected"),
            cls.WITHDRAWN: _l("Withdrawn"),
        }

    @property
    def is_accepted(self) -> bool:
        return self in (ProposalStatus.ACCEPTED, ProposalStatus.ACCEPTED_WITH_EDITS)


class ChangeProposal(Model):
    """New wording for a section, made on one version of it.

    `proposed_text` is what the proposer wrote on `base_version`; when the
    section changes, the proposal is re-based: `current_text` is the proposal
    applied to the version `rebased_on_version`, or `conflict` is set when it
    does not apply cleanly.

    A proposal made in the welfare group's review is `internal`: the review is
    the municipality's own, so its proposals are shown to staff alone, like its
    review remarks. A proposal the coordinator wrote down at the association
    evening for an association is `recorded_at_evening`, and says so wherever
    its proposer is named."""

    __tablename__ = "change_proposals"
    __table_args__ = (
        sa.Index("ix_change_proposals_section_status", "section_id", "status"),
        sa.CheckConstraint(
            "status <> 'rejected' OR length(trim(decision_reason)) > 0", name="rejection_has_reason"
        ),
        sa.CheckConstraint(
            "status <> 'accepted_with_edits' OR accepted_text IS NOT NULL", name="edited_text_kept"
        ),
        sa.CheckConstraint(
            "internal = false OR association_id IS NULL", name="internal_without_association"
        ),
        sa.CheckConstraint(
            "recorded_at_evening = false OR association_id IS NOT NULL", name="recorded_for_association"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("drafting_rounds.id"), index=True)
    section_id: Mapped[int] = mapped_column(sa.ForeignKey("sections.id"))
    base_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("section_versions.id"))
    base_text: Mapped[str] = mapped_column(sa.Text)
    proposed_text: Mapped[str] = mapped_column(sa.Text)
    rebased_on_version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("section_versions.id"))
    current_text: Mapped[str | None] = mapped_column(sa.Text)
    conflict: Mapped[bool] = mapped_column(default=False)
    rationale: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    association_id: Mapped[int | None] = mapped_column(sa.ForeignKey("associations.id"))
    internal: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    recorded_at_evening: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    status: Mapped[ProposalStatus] = mapped_column(
        enum_column_type(ProposalStatus, "proposal_status"), default=ProposalStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(sa.Text)
    accepted_text: Mapped[str | None] = mapped_column(sa.Text)

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    association: Mapped[Association | None] = relationship()
    section: Mapped[Section] = relationship()
    round: Mapped[DraftingRound] = relationship()
    base_version: Mapped[SectionVersion | None] = relationship(
        foreign_keys=[base_version_id]
    )
    rebased_on_version: Mapped[SectionVersion | None] = relationship(
        foreign_keys=[rebased_on_version_id]
    )

    @property
    def is_pending(self) -> bool:
        return self.status == ProposalStatus.PENDING

    @property
    def rebased(self) -> bool:
        return self.rebased_on_version_id != self.base_version_id

    @property
    def speaker(self) -> str:
        """Who the proposal is from, as every list, decision and document names it."""
        if self.association is None:
            return self.author.name
        if self.recorded_at_evening:
            return _("%(association)s (recorded at the association evening by %(name)s)",
                     association=self.association.name, name=self.author.name)
        return f"{self.association.name} — {self.author.name}"

    def __repr__(self) -> str:
        return f"<ChangeProposal {self.id} {self.status.value}>"
