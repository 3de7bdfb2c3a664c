from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import LabelledEnum, enum_column_type, local_today, utcnow
from ..extensions import Model

if TYPE_CHECKING:
    from ..auth.models import User
    from ..documents.models import Section
    from ..municipalities.models import Guideline


class RoundState(LabelledEnum):
    DECISION = "decision"
    WISHES = "wishes"
    WELFARE_REVIEW = "welfare_review"
    ASSOCIATION_EVENING = "association_evening"
    APPROVAL = "approval"
    APPROVED = "approved"
    ARCHIVED = "archived"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.DECISION: _l("Decision"),
            cls.WISHES: _l("Gathering wishes"),
            cls.WELFARE_REVIEW: _l("Welfare-group review"),
            cls.ASSOCIATION_EVENING: _l("Association evening"),
            cls.APPROVAL: _l("Approval"),
            cls.APPROVED: _l("Approved"),
            cls.ARCHIVED: _l("Archived"),
        }

    @property
    def is_open(self) -> bool:
        return self not in CLOSED_STATES


CLOSED_STATES = frozenset({RoundState.APPROVED, RoundState.ARCHIVED})
STEPS = (
    RoundState.DECISION,
    RoundState.WISHES,
    RoundState.WELFARE_REVIEW,
    RoundState.ASSOCIATION_EVENING,
    RoundState.APPROVAL,
)


class RoundSource(LabelledEnum):
    OUTLINE = "outline"
    PREVIOUS_ROUND = "previous_round"
    IMPORT = "import"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.OUTLINE: _l("Template"),
            cls.PREVIOUS_ROUND: _l("Previous approved guideline"),
            cls.IMPORT: _l("Imported document"),
        }


class DecisionStep(LabelledEnum):
    """The steps whose outcome is a recorded decision."""

    DECISION = "decision"
    WELFARE_REVIEW = "welfare_review"
    APPROVAL = "approval"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.DECISION: _l("Decision to prepare the guideline"),
            cls.WELFARE_REVIEW: _l("Welfare-group review"),
            cls.APPROVAL: _l("Approval decision"),
        }


class DecidingBody(LabelledEnum):
    MANAGEMENT_GROUP = "management_group"
    WELFARE_GROUP = "welfare_group"
    COUNCIL = "council"
    BOARD = "board"
    COMMITTEE = "committee"
    OTHER = "other"

    @classmethod
    def labels(cls) -> dict:
        return {
            cls.MANAGEMENT_GROUP: _l("Management group (johtoryhmä)"),
            cls.WELFARE_GROUP: _l("Welfare group (hyvinvointiryhmä)"),
            cls.COUNCIL: _l("Municipal council (valtuusto)"),
            cls.BOARD: _l("Municipal board (kunnanhallitus)"),
            cls.COMMITTEE: _l("Committee (lautakunta)"),
            cls.OTHER: _l("Another body"),
        }


# The kind's name in Finnish, as a body of that kind is called in minutes
# when the municipality has not named it otherwise.
KIND_NAMES_FI = {
    DecidingBody.MANAGEMENT_GROUP: "Johtoryhmä",
    DecidingBody.WELFARE_GROUP: "Hyvinvointiryhmä",
    DecidingBody.COUNCIL: "Kunnanvaltuusto",
    DecidingBody.BOARD: "Kunnanhallitus",
    DecidingBody.COMMITTEE: "Lautakunta",
    DecidingBody.OTHER: "Toimielin",
}


class Body(Model):
    """A named body of the municipality (its kunnanhallitus, its
    hyvinvointilautakunta, …) that decides on or approves the guideline. The
    registry grows as decisions are recorded; a body is named once per kind."""

    __tablename__ = "bodies"
    __table_args__ = (sa.UniqueConstraint("municipality_id", "kind", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    kind: Mapped[DecidingBody] = mapped_column(enum_column_type(DecidingBody, "deciding_body"))
    name: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Body {self.name}>"


class DraftingRound(Model):
    """One year's drafting of the guideline, from decision to approval."""

    __tablename__ = "drafting_rounds"
    __table_args__ = (
        sa.UniqueConstraint("guideline_id", "year"),
        sa.Index(
            "uq_drafting_rounds_one_open_per_guideline",
            "guideline_id",
            unique=True,
            sqlite_where=sa.text("state NOT IN ('approved', 'archived')"),
            postgresql_where=sa.text("state NOT IN ('approved', 'archived')"),
        ),
        sa.CheckConstraint(
            "wishes_closes_on IS NULL OR wishes_opens_on IS NULL "
            "OR wishes_closes_on >= wishes_opens_on",
            name="wishes_window_in_order",
        ),
        sa.CheckConstraint("year BETWEEN 2000 AND 2200", name="plausible_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guideline_id: Mapped[int] = mapped_column(sa.ForeignKey("guidelines.id"))
    year: Mapped[int]
    # Counts the changes to the discussion of the whole document: the stored
    # pieces of its page depend on it.
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    state: Mapped[RoundState] = mapped_column(
        enum_column_type(RoundState, "round_state"), default=RoundState.DECISION
    )
    opened_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    source: Mapped[RoundSource] = mapped_column(enum_column_type(RoundSource, "round_source"))
    outline_key: Mapped[str | None] = mapped_column(sa.String(40))
    previous_round_id: Mapped[int | None] = mapped_column(sa.ForeignKey("drafting_rounds.id"))
    wishes_opens_on: Mapped[date | None]
    wishes_closes_on: Mapped[date | None]
    wishes_closed_at: Mapped[datetime | None]
    wishes_closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    evening_on: Mapped[date | None]
    evening_starts_at: Mapped[time | None]
    evening_place: Mapped[str | None] = mapped_column(sa.String(300))
    comments_close_on: Mapped[date | None]
    approved_at: Mapped[datetime | None]
    # SHA-256 of the approved text (headings and sections), recorded at approval.
    content_hash: Mapped[str | None] = mapped_column(sa.String(64))
    archived_at: Mapped[datetime | None]

    guideline: Mapped[Guideline] = relationship(lazy="joined")
    opened_by: Mapped[User] = relationship(foreign_keys=[opened_by_id])
    previous_round: Mapped[DraftingRound | None] = relationship(remote_side=[id])
    sections: Mapped[list[Section]] = relationship(
        back_populates="round", order_by="Section.position"
    )
    decisions: Mapped[list[StepDecision]] = relationship(
        back_populates="round", order_by="StepDecision.id"
    )

    @property
    def municipality_id(self) -> int:
        return self.guideline.municipality_id

    @property
    def municipality(self):
        return self.guideline.municipality

    def current_decision(self, step: DecisionStep) -> StepDecision | None:
        """The latest record of a step's decision; earlier records stay as history."""
        found = [d for d in self.decisions if d.step == step]
        return found[-1] if found else None

    @property
    def wishes_window_has_ended(self) -> bool:
        return self.wishes_closes_on is not None and local_today() > self.wishes_closes_on

    @property
    def wishes_window_is_open(self) -> bool:
        if self.state != RoundState.WISHES or self.wishes_closed_at is not None:
            return False
        today = local_today()
        if self.wishes_opens_on is not None and today < self.wishes_opens_on:
            return False
        return not self.wishes_window_has_ended

    @property
    def comments_window_is_open(self) -> bool:
        """Associations comment on the draft in the association evening step,
        until the closing date when one is set."""
        if self.state != RoundState.ASSOCIATION_EVENING:
            return False
        return self.comments_close_on is None or local_today() <= self.comments_close_on

    def __repr__(self) -> str:
        return f"<DraftingRound {self.year} {self.state.value}>"


class StepDecision(Model):
    """A recorded decision of a step: the decision to prepare, the welfare
    group's review, the approval. Recording again adds a row."""

    __tablename__ = "step_decisions"
    __table_args__ = (
        sa.CheckConstraint(
            "step <> 'decision' OR (body IS NOT NULL AND minutes_paragraph IS NOT NULL "
            "AND responsible_persons IS NOT NULL AND authorised_coordinator IS NOT NULL)",
            name="decision_complete",
        ),
        sa.CheckConstraint(
            "step <> 'approval' OR (body IS NOT NULL AND minutes_paragraph IS NOT NULL)",
            name="approval_complete",
        ),
        sa.CheckConstraint(
            "step <> 'welfare_review' OR outcome IS NOT NULL", name="review_complete"
        ),
        sa.CheckConstraint(
            "body IS NULL OR body <> 'other' OR body_name IS NOT NULL", name="other_body_named"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("drafting_rounds.id"), index=True)
    step: Mapped[DecisionStep] = mapped_column(enum_column_type(DecisionStep, "decision_step"))
    body: Mapped[DecidingBody | None] = mapped_column(
        enum_column_type(DecidingBody, "deciding_body")
    )
    body_name: Mapped[str | None] = mapped_column(sa.String(200))
    body_id: Mapped[int | None] = mapped_column(sa.ForeignKey("bodies.id"))
    decided_on: Mapped[date]
    minutes_paragraph: Mapped[str | None] = mapped_column(sa.String(40))
    responsible_persons: Mapped[str | None] = mapped_column(sa.Text)
    authorised_coordinator: Mapped[str | None] = mapped_column(sa.String(200))
    outcome: Mapped[str | None] = mapped_column(sa.Text)
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    round: Mapped[DraftingRound] = relationship(back_populates="decisions")
    recorded_by: Mapped[User] = relationship()
    named_body: Mapped[Body | None] = relationship(lazy="joined")

    @property
    def body_label(self) -> str:
        """The body as minutes name it: its own name where it has one."""
        if self.named_body is not None:
            return self.named_body.name
        if self.body is None:
            return ""
        if self.body == DecidingBody.OTHER:
            return self.body_name or ""
        return self.body.label
